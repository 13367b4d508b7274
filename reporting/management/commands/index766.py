import json

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy as _

from procedures.organisation import CURRENT, HISTORICAL
from reporting.index766 import unit_index766
from reporting.index766_formatting import indicator_points_text, points_text, ratio_text
from reporting.params import BadRequest, find_index_unit, parse_index_period, parse_structure

_STRUCTURE_NAMES = {CURRENT: _("cơ cấu hiện tại"), HISTORICAL: _("cơ cấu tại thời điểm phát sinh")}


class Command(BaseCommand):
    help = "Tính Bộ chỉ số 766 (chất lượng phục vụ người dân, doanh nghiệp) của một đơn vị hoặc cả tỉnh trong một kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--department", default="", help="Mã đơn vị, ví dụ STTTT; bỏ trống hoặc TINH: cả tỉnh"
        )
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
        department: str = "",
        start: str,
        end: str,
        structure: str = CURRENT,
        as_json: bool = False,
        **options,
    ) -> None:
        try:
            period = parse_index_period(start, end)
            structure = parse_structure(structure)
            unit = find_index_unit(department, user=None)
        except BadRequest as error:
            # One Vietnamese line on stderr, without Django's "CommandError:" prefix.
            self.stderr.write(f"Lỗi: {error}")
            raise SystemExit(2) from None
        index = unit_index766(unit, period, structure=structure)
        if as_json:
            self.stdout.write(json.dumps(index.as_json(), ensure_ascii=False))
            return
        name = f"{unit.name} ({unit.code})" if unit else str(_("Toàn tỉnh"))
        self.stdout.write(
            f"{name} · {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y} · {_STRUCTURE_NAMES[structure]}"
        )
        result = index.result
        self.stdout.write(
            str(_("Tổng điểm: %(total)s / %(available)s điểm có dữ liệu (quy đổi %(score)s / 100)"))
            % {
                "total": points_text(result.total),
                "available": points_text(result.max_available),
                "score": points_text(result.score_100),
            }
        )
        for group in result.groups:
            self.stdout.write(f"{group.label}: {points_text(group.points)} / {points_text(group.max)}")
            for indicator in group.indicators:
                scored = (
                    f"{points_text(indicator.points):>8} / {points_text(indicator.max)}"
                    if indicator.definition.kind != "shown"
                    else indicator_points_text(indicator)
                )
                self.stdout.write(
                    f"  {indicator.code:<5} {indicator.label:<50} {ratio_text(indicator):>18}  {scored}"
                )
