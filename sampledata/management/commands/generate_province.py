import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from departments.models import Department
from procedures.models import Dossier
from sampledata.province import GENERATED_PASSWORD, generate_province


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu quy mô một tỉnh (đơn vị, thủ tục, hồ sơ nhiều năm) vào cơ sở dữ liệu trống, "
        "để đo hiệu năng (make bench). Cùng --seed và --until cho cùng dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--departments",
            type=int,
            default=20,
            help="Số sở, ngành đang hoạt động (sau 01/03/2025); một phần năm trong đó là sở hợp nhất từ hai sở "
            "kết thúc ngày 28/02/2025.",
        )
        parser.add_argument(
            "--communes",
            type=int,
            default=100,
            help="Số xã, phường từ 01/07/2025; trước đó gấp ba số xã nhỏ hơn, thuộc khoảng --communes/10 huyện.",
        )
        parser.add_argument("--procedures", type=int, default=2000)
        parser.add_argument("--dossiers", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=3, help="Số năm hồ sơ, đến hết --until.")
        parser.add_argument(
            "--until", type=date.fromisoformat, default=None, help="Ngày tiếp nhận cuối (mặc định: hôm qua)."
        )

    def handle(self, *args, **options) -> None:
        listed = options["departments"] + max(1, options["departments"] // 5)
        if options["departments"] < 2 or options["communes"] < 1 or options["procedures"] < listed + 2:
            raise CommandError(
                "Cần ít nhất hai sở, một xã, và đủ thủ tục: một cho mỗi sở trước 01/03/2025 "
                f"({listed}), một cấp xã và một cấp huyện."
            )
        if Department.objects.exists() or Dossier.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có đơn vị hoặc hồ sơ: hãy sinh dữ liệu vào một cơ sở dữ liệu mới "
                "(createdb, rồi manage.py migrate)."
            )
        now = timezone.now()
        last = options["until"] or timezone.localdate(now) - timedelta(days=1)
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {message}")

        counts = generate_province(
            departments=options["departments"],
            procedures=options["procedures"],
            dossiers=options["dossiers"],
            seed=options["seed"],
            communes=options["communes"],
            last=last,
            years=options["years"],
            now=now,
            progress=progress,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh {counts.departments} đơn vị, {counts.successions} kế thừa, {counts.fields} lĩnh vực, {counts.procedures} thủ tục, "
                f"{counts.dossiers} hồ sơ ({counts.supplements} yêu cầu bổ sung), "
                f"{counts.decisions} quyết định công bố, {counts.petitions} PAKN "
                f"trong {time.perf_counter() - started:.1f} s. "
                f"Tài khoản leader, inspector, staff; mật khẩu {GENERATED_PASSWORD}."
            )
        )
