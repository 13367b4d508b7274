from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.digests import digests_send
from notifications.events import notifications_record_due


class Command(BaseCommand):
    help = (
        "Ghi các thông báo trong ngày (hồ sơ, kiến nghị đến hạn và quá hạn) rồi gửi mỗi người dùng một thư "
        "tổng hợp những thông báo họ chọn nhận qua thư. Chạy lại trong ngày không ghi và không gửi trùng."
    )

    def handle(self, *args, **options) -> None:
        recorded = notifications_record_due(today=timezone.localdate())
        sent = digests_send(now=timezone.now())
        self.stdout.write(
            f"Đã ghi {recorded.total} thông báo mới (hồ sơ đến hạn {recorded.dossier_due}, hồ sơ quá hạn "
            f"{recorded.dossier_overdue}, kiến nghị sắp đến hạn {recorded.recommendation_due}, kiến nghị quá "
            f"hạn {recorded.recommendation_overdue}); đã gửi {sent} thư tổng hợp."
        )
