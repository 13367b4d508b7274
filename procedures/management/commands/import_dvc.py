from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from cchc_portal.untrusted_files import FileRefused
from procedures.import_dvc import import_dvc
from procedures.import_dvc_records import DvcImportReport


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ từ tệp theo định dạng đồng bộ quốc gia (mảng JSON hoặc JSON Lines); mọi lỗi thì không "
        "ghi gì. Thoát 0: đã nhập (hoặc kiểm tra xong), 1: tệp có lỗi, 2: không đọc được tệp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .json (mảng các hồ sơ) hoặc .jsonl (mỗi dòng một hồ sơ)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và đếm, không ghi")
        parser.add_argument(
            "--synced",
            action="store_true",
            help="Tệp do hệ thống một cửa gửi lên Cổng DVCQG: đánh dấu các hồ sơ là đã đồng bộ",
        )

    def handle(self, *args, file: str, dry_run: bool = False, synced: bool = False, **options) -> None:
        try:
            report = import_dvc(file, user=None, dry_run=dry_run, synced=synced, filename=Path(file).name)
        except (FileRefused, OSError) as error:
            self.stderr.write(f"Lỗi: {_reason(error)}")
            raise SystemExit(2) from None
        for error in report.errors:
            self.stderr.write(str(error))
        if report.skipped:
            self.stdout.write(report.skipped_line())
        self.stdout.write(summary(report))
        if not report.ok:
            raise SystemExit(1)


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return f"không có tệp “{error.filename}”."
    if isinstance(error, OSError):
        return f"không đọc được tệp “{error.filename}” ({error.strerror})."
    return str(error)


def summary(report: DvcImportReport) -> str:
    if not report.ok:
        return f"Tệp có {len(report.errors)} lỗi; không có dữ liệu nào được ghi."
    verb = "Sẽ" if report.dry_run else "Đã"
    return (
        f"{verb} nhập {report.rows} hồ sơ — tạo {report.created['dossiers']}, "
        f"cập nhật {report.updated['dossiers']}, không đổi {report.unchanged['dossiers']}, "
        f"bỏ qua {report.skipped}."
    )
