"""django-tasks-db's task worker, supervised: it first fails the jobs its previous run was running when it
stopped, then, while it runs, those of any worker that died. It replaces the package's command of the
same name (jobs comes before django_tasks_db in INSTALLED_APPS), so that however it is started it never
leaves such a job running for ever."""

import logging

from django.db import DatabaseError
from django_tasks_db.management.commands import db_worker

from jobs.supervision import Watchdog, jobs_fail_abandoned

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = (
        "Chạy tiến trình nền cho việc nhập và xuất dữ liệu; khi khởi động, đánh dấu không thành công các "
        "công việc mà lần chạy trước (cùng --worker-id) bỏ dở."
    )

    def handle(self, *args, **options) -> None:
        try:
            jobs_fail_abandoned(worker_id=options["worker_id"])
        except DatabaseError:
            # The watchdog tries again in a few seconds; a worker that cannot start would help nobody.
            logger.warning("Could not look for abandoned jobs at start", exc_info=True)
        Watchdog().start()
        super().handle(*args, **options)
