from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from procedures.imports import import_workbook
from procedures.workbook import ImportReport, WorkbookRefused

LABELS = {
    "departments": "đơn vị",
    "successions": "kế thừa",
    "fields": "lĩnh vực",
    "procedures": "thủ tục",
    "dossiers": "hồ sơ",
    "decisions": "quyết định công bố",
    "publications": "thủ tục được công bố",
    "petitions": "PAKN",
}


class Command(BaseCommand):
    help = "Nhập đơn vị, thủ tục, hồ sơ, quyết định công bố và PAKN từ tệp Excel theo mẫu; mọi lỗi thì không ghi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="Tệp .xlsx theo mẫu (trang DonVi, KeThua, TTHC, HoSo, QuyetDinhCongBo, PAKN)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và đếm, không ghi")

    def handle(self, *args, file: str, dry_run: bool = False, **options) -> None:
        try:
            report = import_workbook(file, user=None, dry_run=dry_run, filename=Path(file).name)
        except (WorkbookRefused, OSError) as error:
            self.stderr.write(f"Lỗi: {error}")
            raise SystemExit(2) from None
        for warning in report.warnings:
            self.stdout.write(f"Cảnh báo: {warning}")
        for error in report.errors:
            self.stderr.write(f"Lỗi: {error}")
        self.stdout.write(summary(report))
        if not report.ok:
            raise SystemExit(1)


def summary(report: ImportReport) -> str:
    if not report.ok:
        return f"Tệp có {len(report.errors)} lỗi; không có dữ liệu nào được ghi."
    verb = "Sẽ" if report.dry_run else "Đã"
    parts = [
        f"{LABELS[key]}: tạo {report.created[key]}, cập nhật {report.updated[key]}"
        for key in LABELS
        if report.created[key] or report.updated[key]
    ]
    changes = "; ".join(parts) if parts else "không có thay đổi"
    return f"{verb} nhập {report.rows} dòng — {changes}."
