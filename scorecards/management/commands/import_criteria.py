from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from procedures.workbook import WorkbookRefused
from scorecards.criteria import CriteriaImport, criteria_import
from scorecards.models import CriteriaSet
from scorecards.params import BadRequest, parse_kind, parse_year


class Command(BaseCommand):
    help = "Nhập bộ tiêu chí chỉ số CCHC của một năm từ tệp Excel (trang TieuChi); mọi lỗi thì không ghi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx có trang TieuChi")
        parser.add_argument("--year", required=True, help="Năm đánh giá, ví dụ 2025")
        parser.add_argument(
            "--kind", required=True, help="Đối tượng: agency (sở, ban, ngành) hoặc commune (UBND cấp xã)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")

    def handle(self, *args, file: str, year: str, kind: str, dry_run: bool = False, **options) -> None:
        try:
            report = criteria_import(
                Path(file), year=parse_year(year), kind=parse_kind(kind), user=None, dry_run=dry_run
            )
        except (BadRequest, WorkbookRefused, OSError) as error:
            self.stderr.write(f"Lỗi: {error}")
            raise SystemExit(2) from None
        for error in report.errors:
            self.stderr.write(f"Lỗi: {error}")
        self.stdout.write(summary(report))
        if not report.ok:
            raise SystemExit(1)


def summary(report: CriteriaImport) -> str:
    if not report.ok:
        return f"Tệp có {len(report.errors)} lỗi; không có dữ liệu nào được ghi."
    kind = CriteriaSet.Kind(report.kind).label
    verb = "Sẽ nhập" if report.dry_run else "Đã nhập"
    replaced = f", thay cho {report.replaced} tiêu chí đã có" if report.replaced else ""
    return f"{verb} {report.created} tiêu chí của bộ tiêu chí {kind} năm {report.year}{replaced}."
