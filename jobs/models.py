import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# A job that has given no sign of life for this long is shown as stopped. The longest silent stretch of a
# working job is one phase of an import (checking or writing the dossiers, with no progress report
# inside): IMPORT_MAX_ROWS (200,000) rows at the 10,000 rows/s the import is built for take about 20
# seconds, and exports report every 10,000 rows. Ten minutes leaves a machine thirty times slower room
# to finish, and spares the user from watching a dead worker's job for longer than that.
STALE_AFTER = timedelta(minutes=10)


class Job(models.Model):
    """A long import or export run by the task worker; the page that started it follows it here."""

    class Kind(models.TextChoices):
        IMPORT_CHECK = "import_check", _("Kiểm tra tệp nhập")
        IMPORT = "import", _("Nhập dữ liệu từ Excel")
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
    # On an import, the check it confirms: one-to-one, so that the database itself refuses to import
    # one checked file twice.
    checked = models.OneToOneField(
        "self",
        verbose_name=_("lần kiểm tra được xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_import",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Set by the worker when it starts the job and at each progress report.
    heartbeat_at = models.DateTimeField(_("báo tiến độ lần cuối lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    def is_stale(self, *, now: datetime) -> bool:
        """Unfinished and silent for STALE_AFTER: most likely its worker stopped (or none is running).
        Only shown, never written: a worker that is merely slow still records the job's real outcome."""
        if self.is_finished:
            return False
        return now - (self.heartbeat_at or self.created_at) > STALE_AFTER
