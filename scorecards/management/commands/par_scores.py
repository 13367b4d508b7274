import json

from django.core.management.base import BaseCommand, CommandParser

from reporting.cache import snapshot
from scorecards.models import Assessment
from scorecards.params import BadRequest
from scorecards.selectors import par_scores


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "In phiếu chấm chỉ số CCHC của một đơn vị trong một năm: điểm từng tiêu chí, tổng điểm và thứ hạng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="Năm đánh giá, ví dụ 2025")
        parser.add_argument("--department", required=True, help="Mã đơn vị, ví dụ SKHCN")
        parser.add_argument("--json", dest="as_json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, year: str, department: str, as_json: bool = False, **options) -> None:
        try:
            with snapshot():
                payload = par_scores(user=None, year=year, department=department)
        except BadRequest as error:
            self.stderr.write(f"Lỗi: {error}")
            raise SystemExit(2) from None
        if as_json:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        unit = payload["department"]
        status = Assessment.Status(payload["status"]).label
        self.stdout.write(f"{unit['name']} ({unit['code']}) · năm {payload['year']} · {status}")
        self.stdout.write(
            f"  {'Mã':<10} {'Tối đa':>7} {'Tự động':>8} {'Tự chấm':>8} {'Thẩm định':>10} {'Cuối cùng':>10}"
        )
        for row in payload["criteria"]:
            self.stdout.write(
                f"  {row['code']:<10} {_points(row['max']):>7} {_points(row['auto']):>8} {_points(row['self']):>8}"
                f" {_points(row['appraised']):>10} {_points(row['final']):>10}"
            )
        rank = payload["rank"] if payload["rank"] is not None else "chưa xếp hạng (chưa chốt kết quả)"
        self.stdout.write(
            f"Điều tra xã hội học: {_points(payload['survey'])} · Tổng điểm: {_points(payload['total'])} · Thứ hạng: {rank}"
        )
