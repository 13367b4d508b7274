import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from procedures.models import Dossier
from sampledata import bench, bench_transfers


class Command(BaseCommand):
    help = (
        "Đo hiệu năng trên cơ sở dữ liệu PostgreSQL quy mô tỉnh (sinh bằng generate_province): trang tổng "
        "quan, trang đơn vị, API chỉ số, xuất và nhập Excel, so với một truy vấn GROUP BY thuần."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=30, help="Số lần gọi được đo cho mỗi trang.")
        # Used by the command itself to run the export and the import each in a process of its own.
        parser.add_argument("--measure", choices=sorted(bench_transfers.MEASURES), help="(nội bộ)")
        parser.add_argument("--rows", type=int, default=0, help="(nội bộ)")

    def handle(self, *args, requests: int, measure: str | None, rows: int, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "make bench đo trên PostgreSQL: đặt DATABASE_URL=postgres://… tới cơ sở dữ liệu đã sinh bằng "
                "manage.py generate_province."
            )
        if not Dossier.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu chưa có hồ sơ: chạy trước manage.py migrate và manage.py generate_province "
                "--departments 60 --procedures 2000 --dossiers 1000000 --seed 1."
            )
        if measure:
            self.stdout.write(json.dumps(bench_transfers.MEASURES[measure](rows)))
            return
        if requests < 1:
            raise CommandError("--requests phải lớn hơn 0.")
        bench.run(requests=requests, write=self.stdout.write)
