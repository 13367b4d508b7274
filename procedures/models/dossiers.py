"""Dossiers: what staff enter, what the rulebook derives from it, and the national facts."""

import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.codes import DOT_SEGMENTS, normalise_code
from cchc_portal.dates import validate_in_range
from cchc_portal.folding import FoldedTextField
from procedures import rules
from procedures.calendar import WorkingCalendar, configured_cutoff_hour
from procedures.dvcqg import DvcqgVerdict, NationalStatus, Standing, dvcqg_verdict
from procedures.dvcqg_stored import ON_TIME_BY_06A, StoredPause, dvcqg_standing, from_dossier
from procedures.models.catalogue import DOSSIER_CODE_PATTERN, CalendarDay, Procedure, dossier_code_rule
from procedures.models.organisation import Succession
from procedures.office_hours import configured_office_hours
from procedures.querysets import DossierQuerySet


class Dossier(models.Model):
    class Channel(models.TextChoices):
        DIRECT = "direct", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        POSTAL = "postal", _("Bưu chính công ích")

    class Satisfaction(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
        SATISFIED = "satisfied", _("Hài lòng")
        DISSATISFIED = "dissatisfied", _("Không hài lòng")

    # The statuses and the timeliness classes belong to the rulebook, which judges and derives by them.
    Status = rules.Status
    Timeliness = rules.Timeliness
    OPEN_STATUSES = rules.OPEN_STATUSES
    FINISHED_STATUSES = rules.FINISHED_STATUSES

    # The two foreign keys are served by the (unit, day) and (procedure, day) indexes below: an index of
    # their own would only make every import dearer (50,000 rows inserted in 770 ms of PostgreSQL CPU
    # rather than 860, summary triggers off).
    code = models.CharField(_("mã hồ sơ"), max_length=50, unique=True, validators=[dossier_code_rule])
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị giải quyết"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="dossiers",
    )
    # The unit that took the dossier in, where it is not the one that resolves it (the provincial service
    # centre, or any unit since 2025). Every figure is by resolving unit.
    receiving_unit = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_dossiers",
    )
    applicant = models.CharField(_("tổ chức, cá nhân nộp"), max_length=255, blank=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), validators=[validate_in_range])
    due_on = models.DateField(
        _("ngày hẹn trả"),
        blank=True,
        help_text=_("Để trống để tính theo lịch ngày làm việc."),
        validators=[validate_in_range],
    )
    finished_at = models.DateTimeField(
        _("thời điểm trả kết quả"), null=True, blank=True, validators=[validate_in_range]
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    satisfaction = models.CharField(
        _("mức độ hài lòng"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    # Raised by every save, and by the import's bulk update: a page or an API client sends back the version
    # it read, and a save over a change made since is refused (procedures.services), never silently lost.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    apology_issued_on = models.DateField(
        _("ngày phát hành phiếu xin lỗi"), null=True, blank=True, validators=[validate_in_range]
    )
    apology_due_on = models.DateField(
        _("ngày hẹn trả mới"), null=True, blank=True, validators=[validate_in_range]
    )
    paused_on = models.DateField(
        _("ngày bắt đầu chờ bổ sung"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Chỉ có giá trị khi hồ sơ đang chờ bổ sung."),
    )
    paused_days = models.PositiveIntegerField(_("số ngày làm việc tạm dừng"), default=0, editable=False)

    # Stored so that every count is a plain indexed comparison in SQL (spec: classify by calendar date in
    # the province's time zone). Filled by fill_derived() from the fields above, never typed in.
    received_on = models.DateField(_("ngày tiếp nhận"), editable=False)
    finished_on = models.DateField(_("ngày trả kết quả"), null=True, editable=False)
    computed_due_on = models.DateField(_("ngày hẹn trả theo lịch"), editable=False)
    effective_due_on = models.DateField(_("hạn giải quyết (đã cộng thời gian tạm dừng)"), editable=False)

    # The national facts the service-quality index reads (spec/index766.md), as the one-stop system
    # reports them; every dossier before them holds rules.NEW_DOSSIER_DEFAULTS. The national status is
    # kept as received, beside the portal's own.
    national_status = models.PositiveSmallIntegerField(
        _("trạng thái DVCQG"), choices=NationalStatus.choices, null=True, blank=True
    )
    processing_completed_at = models.DateTimeField(
        _("thời điểm xử lý xong"),
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text=_("Khi xử lý xong trước khi trả kết quả; không sau thời điểm trả kết quả."),
    )
    electronic_result = models.BooleanField(_("có kết quả điện tử"), default=False)
    digitised = models.BooleanField(_("có thành phần hồ sơ số hóa"), default=False)
    reused_data = models.BooleanField(_("tái sử dụng dữ liệu số hóa"), default=False)
    dvcqg_store = models.BooleanField(
        _("kết nối kho dữ liệu DVCQG"),
        default=False,
        help_text=_("Thành phần lấy từ, hoặc kết quả gửi vào, kho dữ liệu của công dân trên Cổng DVCQG."),
    )
    population_data = models.BooleanField(_("dùng VNeID / CSDL quốc gia về dân cư"), default=False)
    fee_amount = models.BigIntegerField(
        _("lệ phí (đồng)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không có phí, lệ phí; 0 nếu được miễn."),
    )
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    synced_to_dvcqg = models.BooleanField(_("đã đồng bộ lên Cổng DVCQG"), default=False)
    # The due date-time where it is not the close of office on the due date: given by the one-stop system
    # (NgayHenTra), or a limit in working hours. The DVCQG rule compares date-times.
    due_at = models.DateTimeField(
        _("thời điểm hẹn trả"),
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text=_("Để trống: hết giờ làm việc của ngày hẹn trả."),
    )
    # The DVCQG rule's standing (procedures.dvcqg.standing), derived as the dates above are, so that
    # progress_score is summed in the database: on time once finished, and the day from whose end an
    # unfinished dossier is late.
    dvcqg_on_time = models.BooleanField(_("đúng hạn theo quy tắc DVCQG"), null=True, editable=False)
    dvcqg_late_on = models.DateField(_("quá hạn theo quy tắc DVCQG từ ngày"), null=True, editable=False)
    # The applicant as people type it, what a search compares (cchc_portal.folding). The code is searched
    # by its own column: folded here, every imported dossier would enter a trigram index on its code.
    search_text = FoldedTextField(_("người nộp, không dấu"), of=("applicant",))

    objects = DossierQuerySet.as_manager()
    # The trail is read by record (id) and the bench's clean-up by code; nothing looks historical rows up by
    # unit or procedure, and an import wrote these three indexes for every dossier (the historical rows of
    # 50,000 new dossiers: 0.46 s of PostgreSQL CPU without them, 0.63-0.74 s with them).
    history = HistoricalRecords(
        excluded_fields=[
            "received_on",
            "finished_on",
            "computed_due_on",
            "dvcqg_on_time",
            "dvcqg_late_on",
            "search_text",
        ],
        no_db_index=["department", "procedure", "receiving_unit"],
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["direct", "online", "postal"]), name="dossier_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["in_progress", "awaiting_supplement", "resolved", "withdrawn", "refused"]
                ),
                name="dossier_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__in=["", "very_satisfied", "satisfied", "dissatisfied"]),
                name="dossier_satisfaction_valid",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True, status__in=["in_progress", "awaiting_supplement"])
                | Q(finished_at__isnull=False, status__in=["resolved", "withdrawn", "refused"]),
                name="dossier_finished_iff_closed_status",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("received_at")),
                name="dossier_return_not_before_receipt",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("received_on")), name="dossier_due_not_before_receipt"
            ),
            models.CheckConstraint(
                condition=Q(effective_due_on__gte=F("due_on")),
                name="dossier_pause_only_extends_deadline",
            ),
            models.CheckConstraint(
                condition=Q(apology_issued_on__isnull=True, apology_due_on__isnull=True)
                | Q(
                    apology_issued_on__isnull=False,
                    apology_due_on__isnull=False,
                    apology_due_on__gt=F("due_on"),
                ),
                name="dossier_apology_has_later_date",
            ),
            models.CheckConstraint(
                condition=Q(paused_on__isnull=True) & ~Q(status="awaiting_supplement")
                | Q(paused_on__isnull=False, status="awaiting_supplement"),
                name="dossier_paused_iff_awaiting_supplement",
            ),
            models.CheckConstraint(
                condition=Q(national_status__isnull=True)
                | Q(national_status__gte=1, national_status__lte=10),
                name="dossier_national_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(processing_completed_at__isnull=True)
                | Q(processing_completed_at__gte=F("received_at")),
                name="dossier_processed_not_before_receipt",
            ),
            models.CheckConstraint(
                condition=Q(processing_completed_at__isnull=True)
                | Q(finished_at__isnull=True)
                | Q(processing_completed_at__lte=F("finished_at")),
                name="dossier_processed_not_after_return",
            ),
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(due_at__gte=F("received_at")),
                name="dossier_due_time_not_before_receipt",
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount__gte=0), name="dossier_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(paid_online=False) | Q(fee_amount__isnull=False, fee_amount__gt=0),
                name="dossier_paid_online_has_fee",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "received_on"], name="dossier_dept_received"),
            models.Index(fields=["department", "finished_on"], name="dossier_dept_finished"),
            models.Index(fields=["procedure", "received_on"], name="dossier_proc_received"),
            # Lists show the latest receipts first: a page of them is read off this index.
            models.Index(fields=["received_at"], name="dossier_received_at"),
            # The open dossiers by deadline (what is overdue today), a few percent of the table.
            models.Index(
                fields=["effective_due_on"], condition=Q(finished_on__isnull=True), name="dossier_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        # The supplement requests are written before the dossier whose standing they change (services).
        self.fill_derived(CalendarDay.objects.working_calendar())
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.code in DOT_SEGMENTS or not re.fullmatch(DOSSIER_CODE_PATTERN, self.code):
            # A code stored before the rule may have no page a URL can reach ("/", "..", a leading
            # space): its admin page, where it is renamed, has one.
            return reverse("admin:procedures_dossier_change", args=[self.pk])
        return reverse("procedures:dossier_detail", kwargs={"code": self.code})

    @classmethod
    def from_db(cls, db, field_names, values) -> "Dossier":
        dossier = super().from_db(db, field_names, values)
        # The rating as stored: one given before the rule that a rating follows the return may stay.
        dossier._stored_satisfaction = dossier.__dict__.get("satisfaction")
        return dossier

    def clean_fields(self, exclude=None) -> None:
        # The admin and model forms judge and store the code as every other path does.
        self.code = normalise_code(self.code)
        super().clean_fields(exclude)

    def clean(self) -> None:
        """The rulebook's judgement, as messages next to the field for forms and the admin."""
        placed = bool(self.procedure_id and self.department_id)
        problems = rules.dossier_problems(
            received_at=self.received_at,
            finished_at=self.finished_at,
            status=self.status,
            due_on=self.due_on,
            now=timezone.now(),
            paused_on=self.paused_on,
            apology_issued_on=self.apology_issued_on,
            apology_due_on=self.apology_due_on,
            satisfaction=self.satisfaction,
            stored_satisfaction=getattr(self, "_stored_satisfaction", None),
            organisation=Succession.objects.organisation() if placed else None,
            unit_id=self.department_id,
            procedure=self.procedure.carried() if placed else None,
            receiving_unit_id=self.receiving_unit_id,
            national={name: getattr(self, name) for name in rules.NATIONAL_FACTS},
        )
        if problems:
            raise ValidationError(problems)

    def fill_derived(
        self,
        calendar: WorkingCalendar,
        *,
        cutoff_hour: int | None = None,
        pauses: Iterable[StoredPause] | None = None,
    ) -> None:
        """Fill the stored dates and the DVCQG standing from what staff entered; bulk paths call it with a
        preloaded calendar and the supplement requests the dossier will have (None: those stored)."""
        derived = rules.derive(
            received_at=self.received_at,
            finished_at=self.finished_at,
            due_on=self.due_on,
            due_at=self.due_at,
            limit=self.procedure.time_limit,
            paused_days=self.paused_days,
            calendar=calendar,
            hours=configured_office_hours(),
            cutoff_hour=configured_cutoff_hour() if cutoff_hour is None else cutoff_hour,
        )
        self.store_derived(derived)
        if pauses is None:
            pauses = self.supplements.all() if self.pk else ()
        self.store_standing(dvcqg_standing(self, pauses, calendar))

    def store_standing(self, found: Standing) -> None:
        self.dvcqg_on_time, self.dvcqg_late_on = found.on_time, found.late_on

    def store_derived(self, derived: rules.Derived) -> None:
        """The rulebook's derived dates, worked out already (the import judges a row by them first)."""
        self.received_on, self.finished_on = derived.received_on, derived.finished_on
        self.computed_due_on, self.due_on = derived.computed_due_on, derived.due_on
        self.effective_due_on, self.due_at = derived.effective_due_on, derived.due_at

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def due_on_differs_from_calendar(self) -> bool:
        return self.due_on != self.computed_due_on

    def timeliness(self, *, on: date | None = None) -> "Dossier.Timeliness":
        """How this one dossier stands against its deadline (the rules of spec/domain.md)."""
        return rules.timeliness(
            status=self.status,
            finished_on=self.finished_on,
            effective_due_on=self.effective_due_on,
            paused_on=self.paused_on,
            on=on or timezone.localdate(),
        )

    def dvcqg_disagreement(self) -> DvcqgVerdict | None:
        """The DVCQG rule's verdict (spec/index766.md, indicator 2.1) where it says otherwise than Biểu
        06a's timeliness, as of now: a dossier's page then shows both. Reads the calendar, and the
        supplement requests unless prefetched."""
        hours, pauses = configured_office_hours(), self.supplements.all()
        # The rule reads the calendar only to count the office time a dossier waited for supplements: a
        # dossier never paused (most of them) costs its page no query for it.
        calendar = CalendarDay.objects.working_calendar() if pauses else WorkingCalendar()
        verdict = dvcqg_verdict(
            from_dossier(self, pauses, hours=hours), period_end=timezone.now(), calendar=calendar, hours=hours
        )
        return None if verdict.on_time == ON_TIME_BY_06A.get(self.timeliness()) else verdict
