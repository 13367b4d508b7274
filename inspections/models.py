from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.dates import EARLIEST, LATEST, validate_in_range


class ReformArea(models.TextChoices):
    """The reform areas as the PAR Index groups them (spec/domain.md)."""

    DIRECTION = "direction", _("Chỉ đạo, điều hành")
    INSTITUTIONS = "institutions", _("Thể chế")
    PROCEDURES = "procedures", _("Thủ tục hành chính")
    ORGANISATION = "organisation", _("Tổ chức bộ máy")
    CIVIL_SERVICE = "civil_service", _("Chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Tài chính công")
    E_GOVERNMENT = "e_government", _("Chính quyền điện tử, chính quyền số")


class InspectionPlan(models.Model):
    """Kế hoạch kiểm tra CCHC of a year: the inspections it lists."""

    year = models.PositiveSmallIntegerField(
        _("năm"),
        unique=True,
        validators=[MinValueValidator(EARLIEST.year), MaxValueValidator(LATEST.year)],
    )
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    decision = models.CharField(_("số, ngày văn bản ban hành"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan", kwargs={"year": self.year})

    def clean(self) -> None:
        """A plan whose year changes keeps only inspections of its new year (Inspection.clean)."""
        super().clean()
        if self.pk is None or self.year is None:
            return
        outside = self.inspections.exclude(planned_start__year=self.year, planned_end__year=self.year)
        first = outside.select_related("department").order_by("planned_start").first()
        if first is not None:
            raise ValidationError(
                {
                    "year": _(
                        "Kế hoạch có đợt kiểm tra dự kiến từ %(start)s đến %(end)s (%(unit)s), ngoài năm "
                        "%(year)s; hãy chuyển đợt kiểm tra đó sang kế hoạch của năm nó diễn ra trước."
                    )
                    % {
                        "start": f"{first.planned_start:%d/%m/%Y}",
                        "end": f"{first.planned_end:%d/%m/%Y}",
                        "unit": first.department.name,
                        "year": self.year,
                    }
                }
            )


class Inspection(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Theo kế hoạch")
        IN_PROGRESS = "in_progress", _("Đang kiểm tra")
        CONCLUDED = "concluded", _("Đã kết luận")

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="inspections"
    )
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    scope_start = models.DateField(_("kỳ kiểm tra từ ngày"), validators=[validate_in_range])
    scope_end = models.DateField(_("đến ngày"), validators=[validate_in_range])
    planned_start = models.DateField(_("dự kiến kiểm tra từ ngày"), validators=[validate_in_range])
    planned_end = models.DateField(_("đến ngày"), validators=[validate_in_range])
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn"),
        on_delete=models.PROTECT,
        related_name="inspections_led",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên đoàn"),
        blank=True,
        related_name="inspections_joined",
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # Frozen at the conclusion, so that later data changes never alter what was concluded.
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True, validators=[validate_in_range])
    conclusion_number = models.CharField(_("số văn bản kết luận"), max_length=100, blank=True)
    concluded_indicators = models.JSONField(
        _("chỉ số tại thời điểm kết luận"), null=True, blank=True, editable=False
    )
    concluded_summary = models.TextField(
        _("nhận xét chung tại thời điểm kết luận"), blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        ordering = ["-planned_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_start__lte=F("scope_end")), name="inspection_scope_ordered"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__lte=F("planned_end")), name="inspection_planned_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(
                    status="concluded", concluded_on__isnull=False, concluded_indicators__isnull=False
                )
                | (~Q(status="concluded") & Q(concluded_on__isnull=True)),
                name="inspection_concluded_iff_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department.name} ({self.scope_start:%d/%m/%Y} – {self.scope_end:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        """An inspection belongs to the plan of the year it is carried out in: its planned days lie within
        the plan's year, or it would be listed, counted and followed under another year. No database
        constraint can compare a row with its plan's year, so every path runs this check: the service
        (pages), the admin's forms, and InspectionPlan.clean when a plan's year changes."""
        super().clean()
        if self.plan_id is None or self.planned_start is None or self.planned_end is None:
            return
        year = self.plan.year
        if self.planned_start.year == year == self.planned_end.year:
            return
        raise ValidationError(
            {
                "plan": _(
                    "Đợt kiểm tra dự kiến từ %(start)s đến %(end)s không thuộc kế hoạch năm %(year)s: thời "
                    "gian kiểm tra phải nằm trong năm của kế hoạch. Hãy chọn kế hoạch năm %(own)s."
                )
                % {
                    "start": f"{self.planned_start:%d/%m/%Y}",
                    "end": f"{self.planned_end:%d/%m/%Y}",
                    "year": year,
                    "own": self.planned_start.year,
                }
            }
        )


class Finding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Ưu điểm")
        LIMITATION = "limitation", _("Hạn chế, tồn tại")

    class Severity(models.TextChoices):
        MINOR = "minor", _("Nhẹ")
        MODERATE = "moderate", _("Trung bình")
        SERIOUS = "serious", _("Nghiêm trọng")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("đợt kiểm tra"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    area = models.CharField(_("lĩnh vực CCHC"), max_length=20, choices=ReformArea.choices)
    severity = models.CharField(_("mức độ"), max_length=20, choices=Severity.choices, blank=True)
    text = models.TextField(_("nội dung"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung đánh giá")
        verbose_name_plural = _("nội dung đánh giá")
        ordering = ["kind", "area", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="limitation") | Q(severity=""), name="finding_severity_only_for_limitations"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện xong")
        REPORTED = "reported", _("Đơn vị đã báo cáo, chờ xác minh")
        CLOSED = "closed", _("Đã khắc phục (đã xác minh)")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("đợt kiểm tra"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("nội dung kiến nghị, yêu cầu chấn chỉnh"))
    area = models.CharField(_("lĩnh vực CCHC"), max_length=20, choices=ReformArea.choices)
    responsible = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    deadline = models.DateField(_("thời hạn"), validators=[validate_in_range])
    indicator = models.CharField(
        _("chỉ số theo dõi"),
        max_length=50,
        blank=True,
        help_text=_("Nếu kiến nghị gắn với một chỉ số (ví dụ tỷ lệ hồ sơ trực tuyến)."),
    )
    indicator_at_conclusion = models.FloatField(
        _("giá trị chỉ số khi kết luận"), null=True, blank=True, editable=False
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(
        _("ngày xác minh hoàn thành"), null=True, blank=True, validators=[validate_in_range]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="recommendation_closed_iff_closed_on",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("inspections:recommendation", kwargs={"pk": self.pk})

    def is_overdue(self, *, on: date) -> bool:
        """Past its deadline and not verified closed: shown as overdue to leaders and the department."""
        return self.status != self.Status.CLOSED and self.deadline < on


class ProgressReport(models.Model):
    """One step in following a recommendation: the department's report, or the inspector's verdict."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Báo cáo tiến độ")
        CLOSED = "closed", _("Xác minh: đã khắc phục")
        REOPENED = "reopened", _("Xác minh: chưa đạt, mở lại")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reported_on = models.DateField(_("ngày"), validators=[validate_in_range])
    text = models.TextField(_("nội dung"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo thực hiện kiến nghị")
        verbose_name_plural = _("báo cáo thực hiện kiến nghị")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reported_on:%d/%m/%Y}"


class Evidence(models.Model):
    """A file backing a finding or a progress report (tài liệu minh chứng)."""

    finding = models.ForeignKey(
        Finding,
        verbose_name=_("nội dung đánh giá"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("báo cáo thực hiện kiến nghị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        constraints = [
            models.CheckConstraint(
                condition=Q(finding__isnull=False, report__isnull=True)
                | Q(finding__isnull=True, report__isnull=False),
                name="evidence_belongs_to_one_record",
            ),
        ]

    def __str__(self) -> str:
        return self.filename
