from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department
from sampledata.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = _(
        "Nạp dữ liệu mẫu: các sở, ngành, huyện, xã (cả sắp xếp tổ chức năm 2025), thủ tục hành chính, hồ sơ "
        "từ năm 2019 và tài khoản demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Chỉ nạp khi cơ sở dữ liệu chưa có đơn vị nào (dùng cho make run)."),
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and Department.objects.exists():
            self.stdout.write(_("Cơ sở dữ liệu đã có đơn vị, không nạp dữ liệu mẫu."))
            return
        with transaction.atomic():
            counts = demo_load(now=timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã tạo %(departments)d đơn vị, %(fields)d lĩnh vực, %(procedures)d thủ tục hành chính, "
                    "%(dossiers)d hồ sơ (%(supplements)d yêu cầu bổ sung), %(declarations)d bộ số liệu tự báo cáo, "
                    "%(reports)d báo cáo định kỳ, %(inspections)d đợt kiểm tra, %(successions)d quan hệ kế thừa, "
                    "%(decisions)d quyết định công bố TTHC, %(petitions)d PAKN và %(users)d tài khoản."
                )
                % vars(counts)
            )
        )
        if counts.users:
            self.stdout.write(_("Mật khẩu các tài khoản demo: %(password)s") % {"password": DEMO_PASSWORD})
