import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# A running job's worker records a heartbeat this often, from a thread of its own (jobs/supervision.py),
# whatever the job itself is doing: a long silent phase of a healthy import still beats.
HEARTBEAT_EVERY = timedelta(seconds=10)
# A running job whose last heartbeat is older than this has lost its worker (killed, out of memory,
# crashed), and is failed by whoever notices first: its page, or a worker starting or polling. Six missed
# beats leave room for a database too busy to take a few of them, while a user following the job still
# sees it fail within a minute of its worker's end (the last beat came before the end).
DEAD_AFTER = timedelta(seconds=60)
# A queued job starts within a second when a worker is free (it polls every second); the largest import
# or export takes a minute or two. A job still waiting after this long most likely has no worker running,
# which its page then says.
WAIT_NOTICE_AFTER = timedelta(minutes=5)


class JobQuerySet(models.QuerySet):
    def abandoned(self, *, now: datetime) -> "JobQuerySet":
        """Running jobs whose worker is gone (the same rule as Job.is_abandoned, for an UPDATE)."""
        return self.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - DEAD_AFTER)

    def visible_to(self, user) -> "JobQuerySet":
        """A job is its requester's own (an administrator may look at any)."""
        return self if user.is_superuser else self.filter(user=user)


class Job(models.Model):
    """A long import or export run by the task worker; the page that started it follows it here."""

    class Kind(models.TextChoices):
        IMPORT_CHECK = "import_check", _("Kiểm tra tệp nhập")
        IMPORT = "import", _("Nhập dữ liệu từ tệp")
        EXPORT = "export", _("Xuất dữ liệu ra Excel")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    # Where the uploaded or produced file lies, relative to JOB_FILES_ROOT.
    stored_name = models.CharField(_("tệp lưu"), max_length=255)
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    stage = models.CharField(_("bước"), max_length=255, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    failure = models.TextField(_("lý do không thành công"), blank=True)
    # On an import, the check it confirms. A check has at most one import that has not failed (a
    # constraint below), so that the database itself refuses to import one checked file twice, while an
    # import that failed, having written nothing, leaves the check free to be confirmed again.
    checked = models.ForeignKey(
        "self",
        verbose_name=_("lần kiểm tra được xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Set when the job starts, then every HEARTBEAT_EVERY and at each progress report while it runs.
    heartbeat_at = models.DateTimeField(_("báo tiến độ lần cuối lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
            models.CheckConstraint(
                condition=~models.Q(status="running") | models.Q(heartbeat_at__isnull=False),
                name="job_running_has_heartbeat",
            ),
            models.UniqueConstraint(
                fields=["checked"],
                condition=~models.Q(status="failed"),
                name="job_one_live_import_per_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    def is_abandoned(self, *, now: datetime) -> bool:
        """Running, yet silent for DEAD_AFTER: the process that ran it is gone."""
        return self.status == self.Status.RUNNING and now - self.heartbeat_at > DEAD_AFTER

    def waits_too_long(self, *, now: datetime) -> bool:
        return self.status == self.Status.QUEUED and now - self.created_at > WAIT_NOTICE_AFTER
