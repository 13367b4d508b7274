from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.dates import EARLIEST, LATEST, validate_in_range

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def _percent_field(label: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )


class Declaration(models.Model):
    """Figures a department reports that no dossier holds (spec/indicators.md, "From declarations").

    A period's indicators read the latest declaration measured within it; every figure is optional
    because a blank one must show as "not reported", never as zero."""

    class CertifiedCopies(models.TextChoices):
        OFFERED = "offered", _("Có cung cấp")
        NOT_OFFERED = "not_offered", _("Không cung cấp")
        NOT_CERTIFYING = "not_certifying", _("Đơn vị không thực hiện chứng thực bản sao")

    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    measured_on = models.DateField(_("số liệu tính đến ngày"), validators=[validate_in_range])
    staff_baseline = models.PositiveIntegerField(_("biên chế tại thời điểm gốc"), null=True, blank=True)
    staff_reduced = models.PositiveIntegerField(_("số biên chế đã tinh giản"), null=True, blank=True)
    staff_reduction_target_pct = _percent_field(_("chỉ tiêu tinh giản (%)"))
    staff_reduction_target_year = models.PositiveSmallIntegerField(
        _("năm đạt chỉ tiêu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST.year), MaxValueValidator(LATEST.year)],
    )
    divisions_before = models.PositiveSmallIntegerField(_("số phòng trước sắp xếp"), null=True, blank=True)
    divisions_after = models.PositiveSmallIntegerField(_("số phòng sau sắp xếp"), null=True, blank=True)
    training_completion_pct = _percent_field(_("kế hoạch đào tạo, bồi dưỡng hoàn thành (%)"))
    e_office_document_pct = _percent_field(_("văn bản xử lý trên môi trường mạng (%)"))
    e_office_staff_pct = _percent_field(_("công chức sử dụng thường xuyên hệ thống (%)"))
    digital_signatures_issued = models.PositiveIntegerField(_("chữ ký số được cấp"), null=True, blank=True)
    digital_signatures_in_use = models.PositiveIntegerField(
        _("chữ ký số đang sử dụng"), null=True, blank=True
    )
    investment_planned = models.DecimalField(
        _("kế hoạch vốn đầu tư công (triệu đồng)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    investment_disbursed = models.DecimalField(
        _("vốn đã giải ngân (triệu đồng)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Blank (not NULL, as Django keeps text) until the unit declares it, so that the index shows "chưa có
    # dữ liệu" rather than a "no".
    e_certified_copies = models.CharField(
        _("cung cấp dịch vụ chứng thực bản sao điện tử"),
        max_length=20,
        choices=CertifiedCopies.choices,
        blank=True,
        help_text=_("Để trống nếu chưa kê khai."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu tự báo cáo")
        verbose_name_plural = _("số liệu tự báo cáo")
        ordering = ["department", "-measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["department", "measured_on"], name="declaration_one_per_day"),
            models.CheckConstraint(
                condition=Q(staff_reduced__isnull=True)
                | Q(staff_baseline__isnull=True)
                | Q(staff_reduced__lte=F("staff_baseline")),
                name="declaration_reduced_within_baseline",
            ),
            models.CheckConstraint(
                condition=Q(digital_signatures_in_use__isnull=True)
                | Q(digital_signatures_issued__isnull=True)
                | Q(digital_signatures_in_use__lte=F("digital_signatures_issued")),
                name="declaration_signatures_in_use_within_issued",
            ),
            models.CheckConstraint(
                condition=Q(investment_planned__isnull=True) | Q(investment_planned__gte=0),
                name="declaration_planned_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(investment_disbursed__isnull=True) | Q(investment_disbursed__gte=0),
                name="declaration_disbursed_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(e_certified_copies__in=["", "offered", "not_offered", "not_certifying"]),
                name="declaration_e_certified_copies_valid",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
                    name=f"declaration_{name}_0_100",
                )
                for name in (
                    "staff_reduction_target_pct",
                    "training_completion_pct",
                    "e_office_document_pct",
                    "e_office_staff_pct",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.department.code} – {self.measured_on:%d/%m/%Y}"


class PeriodicReport(models.Model):
    """A periodic CCHC report a department owes the province, with its deadline and when it came in."""

    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="periodic_reports",
    )
    name = models.CharField(_("tên báo cáo"), max_length=255)
    deadline_on = models.DateField(_("hạn nộp"), validators=[validate_in_range])
    submitted_on = models.DateField(_("ngày nộp"), null=True, blank=True, validators=[validate_in_range])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-deadline_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name", "deadline_on"], name="periodic_report_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department.code})"


class DossierCount(models.Model):
    """Dossier events per department subtree, procedure field and span of days: the summary every
    dossier indicator is read from (reporting.dossier_counts says what each column counts).

    A row holds the events of the dossiers handled by `department_id` or any of its sub-units (0: the
    whole province), of one
    field (`field_id` 0: every field), whose event day falls in the day, month or year starting on
    `day`. Database triggers keep it in the transaction of every write to a dossier, so that it always
    agrees with the dossiers themselves; nothing in Python writes to it."""

    class Span(models.IntegerChoices):
        DAY = 1, _("ngày")
        MONTH = 2, _("tháng")
        YEAR = 3, _("năm")

    ALL_FIELDS = 0
    PROVINCE = 0  # the department_id of the whole province's rows

    # Plain integers rather than foreign keys: the rows are derived data, written by triggers only.
    department_id = models.BigIntegerField()
    field_id = models.BigIntegerField()
    span = models.PositiveSmallIntegerField(choices=Span.choices)
    day = models.DateField()
    received_online = models.IntegerField(default=0)
    received_direct = models.IntegerField(default=0)
    received_postal = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    late_with_apology = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    overdue_change = models.IntegerField(default=0)
    paused_late = models.IntegerField(default=0)
    dvcqg_on_time = models.IntegerField(default=0)
    dvcqg_late_change = models.IntegerField(default=0)
    # The national index's flows, each on `received_on` (reporting.dossier_counts says what each counts).
    # A default kept by the database: a trigger installed before a column existed leaves it at zero.
    synced = models.IntegerField(db_default=0)
    online_counted = models.IntegerField(db_default=0)
    fee_due = models.IntegerField(db_default=0)
    fee_paid_online = models.IntegerField(db_default=0)
    paper_required = models.IntegerField(db_default=0)
    paper_e_result = models.IntegerField(db_default=0)
    digitised_complete = models.IntegerField(db_default=0)
    reused = models.IntegerField(db_default=0)
    from_store = models.IntegerField(db_default=0)
    population = models.IntegerField(db_default=0)
    dissatisfied_received = models.IntegerField(db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department_id", "field_id", "span", "day"], name="dossiercount_one_row_per_bucket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.field_id}/{self.get_span_display()} {self.day}"


class DataVersion(models.Model):
    """One row whose number changes, in the writing transaction, with every write to what indicators are
    computed from (dossiers, procedures, fields, departments, declarations, periodic reports): figures
    computed for one number stay right for as long as it is current (reporting.cache). Database
    triggers set it from a sequence, so that a number is never used twice, even after a rollback."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.version)


class IndexSetting(models.Model):
    """The maximum points and the threshold of one indicator of the national index (Quyết định 766), in
    force from a day until the next setting of the same indicator: the national office adjusts them, and a
    period is always scored with the values in force on its first day (reporting.index766_rules)."""

    code = models.CharField(_("mã chỉ số"), max_length=8)
    valid_from = models.DateField(_("áp dụng từ ngày"), validators=[validate_in_range])
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    threshold = models.DecimalField(
        _("ngưỡng đạt điểm tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        help_text=_("Tỷ lệ (%) từ đó chỉ số được điểm tối đa; 100 nếu văn bản không quy định khác."),
    )
    note = models.TextField(_("căn cứ điều chỉnh"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thang điểm Bộ chỉ số 766")
        verbose_name_plural = _("thang điểm Bộ chỉ số 766")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="index_setting_one_per_day"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="index_setting_max_not_negative"),
            models.CheckConstraint(
                condition=Q(threshold__gt=0, threshold__lte=100), name="index_setting_threshold_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} từ {self.valid_from:%d/%m/%Y}"
