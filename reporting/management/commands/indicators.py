import json

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy as _

from procedures.organisation import CURRENT, HISTORICAL
from reporting.formatting import indicator_display
from reporting.indicators import indicators_for_department
from reporting.params import BadRequest, find_department, parse_period, parse_structure
from reporting.serializers import indicator_payload

_STRUCTURE_NAMES = {CURRENT: _("cơ cấu hiện tại"), HISTORICAL: _("cơ cấu tại thời điểm phát sinh")}


class Command(BaseCommand):
    help = "Tính mọi chỉ số CCHC của một đơn vị (gồm các đơn vị cấp dưới) trong một kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--department", required=True, help="Mã đơn vị, ví dụ STTTT")
        parser.add_argument("--from", dest="start", required=True, help="Ngày đầu kỳ, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="Ngày cuối kỳ, YYYY-MM-DD")
        parser.add_argument(
            "--structure",
            default=CURRENT,
            help="Cơ cấu: current (hiện tại, mặc định) hoặc historical (tại thời điểm phát sinh)",
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="In kết quả dạng JSON")

    def handle(
        self,
        *args,
        department: str,
        start: str,
        end: str,
        structure: str = CURRENT,
        as_json: bool = False,
        **options,
    ) -> None:
        try:
            period = parse_period(start, end)
            structure = parse_structure(structure)
            unit = find_department(department, user=None)
        except BadRequest as error:
            # One Vietnamese line on stderr, without Django's "CommandError:" prefix.
            self.stderr.write(f"Lỗi: {error}")
            raise SystemExit(2) from None
        result = indicators_for_department(unit, period, structure=structure)
        if as_json:
            self.stdout.write(_dumps(indicator_payload(result)))
            return
        self.stdout.write(
            f"{unit.name} ({unit.code}) · {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y} · {_STRUCTURE_NAMES[structure]}"
        )
        width = max(len(indicator.label) for indicator in result.indicators.values())
        for indicator in result.indicators.values():
            self.stdout.write(
                f"  {indicator.label:<{width}}  {indicator_display(indicator):>16}  [{indicator.code}]"
            )


def _dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)
