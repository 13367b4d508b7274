from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    DOSSIER_DUE = "dossier_due", _("Hồ sơ đến hạn trả vào ngày làm việc tiếp theo")
    DOSSIER_OVERDUE = "dossier_overdue", _("Hồ sơ vừa quá hạn trả kết quả")
    RECOMMENDATION_DUE = "recommendation_due", _("Kiến nghị sắp đến hạn (trong 7 ngày)")
    RECOMMENDATION_OVERDUE = "recommendation_overdue", _("Kiến nghị quá hạn")
    JOB_FINISHED = "job_finished", _("Công việc nhập, xuất dữ liệu đã xong")


# Which record each event is about.
DOSSIER_EVENTS = [Event.DOSSIER_DUE, Event.DOSSIER_OVERDUE]
RECOMMENDATION_EVENTS = [Event.RECOMMENDATION_DUE, Event.RECOMMENDATION_OVERDUE]
JOB_EVENTS = [Event.JOB_FINISHED]


class Channel(models.TextChoices):
    PORTAL = "portal", _("Trên cổng (biểu tượng chuông)")
    EMAIL = "email", _("Thư điện tử tổng hợp hằng ngày")


# Without a choice of their own a user gets every event on the portal, and in the morning's e-mail all
# but the end of their own jobs, which they usually wait for on the job's page.
DEFAULTS: dict[str, frozenset[str]] = {
    Channel.PORTAL: frozenset(Event.values),
    Channel.EMAIL: frozenset(Event.values) - {Event.JOB_FINISHED},
}


class Notification(models.Model):
    """One event for one user. Recorded whatever the user chose, so that a changed choice applies to
    what is already waiting: the bell and the digest read the choices (Preference) when they count."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("sự kiện"), max_length=30, choices=Event.choices)
    dossier = models.ForeignKey(
        "procedures.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    recommendation = models.ForeignKey(
        "inspections.Recommendation",
        verbose_name=_("kiến nghị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("công việc"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # When a daily digest went over it: sent by e-mail if the user wanted it then and had not read it,
    # otherwise passed over for good, so that no later choice sends old events.
    digested_at = models.DateTimeField(_("đã xét gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Each event is about exactly one record of its kind, which is what its link opens.
            models.CheckConstraint(
                condition=Q(
                    event__in=DOSSIER_EVENTS,
                    dossier__isnull=False,
                    recommendation__isnull=True,
                    job__isnull=True,
                )
                | Q(
                    event__in=RECOMMENDATION_EVENTS,
                    dossier__isnull=True,
                    recommendation__isnull=False,
                    job__isnull=True,
                )
                | Q(
                    event__in=JOB_EVENTS, dossier__isnull=True, recommendation__isnull=True, job__isnull=False
                ),
                name="notification_one_record_of_its_event",
            ),
            # The daily run may be repeated (by hand, or a timer that fired twice): the database keeps
            # one notification per user, event and record.
            models.UniqueConstraint(
                fields=["user", "event", "dossier"],
                condition=Q(dossier__isnull=False),
                name="notification_once_per_dossier",
            ),
            models.UniqueConstraint(
                fields=["user", "event", "recommendation"],
                condition=Q(recommendation__isnull=False),
                name="notification_once_per_recommendation",
            ),
            models.UniqueConstraint(
                fields=["user", "event", "job"],
                condition=Q(job__isnull=False),
                name="notification_once_per_job",
            ),
        ]
        indexes = [
            # The bell, read with the user on every page, and the digest's pending rows.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(
                fields=["user"], condition=Q(digested_at__isnull=True), name="notification_not_digested"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        """The record the notification is about."""
        return (self.dossier or self.recommendation or self.job).get_absolute_url()


class Preference(models.Model):
    """A user's own choice for one event and one channel; without one, DEFAULTS hold."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("sự kiện"), max_length=30, choices=Event.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    wanted = models.BooleanField(_("nhận"))

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "channel"], name="preference_once_per_event_channel"
            ),
            models.CheckConstraint(condition=Q(event__in=Event.values), name="preference_event_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="preference_channel_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_event_display()} · {self.get_channel_display()}"
