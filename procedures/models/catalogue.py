"""The catalogue: working-day exceptions, fields and procedures, with the code rules of procedures and
dossiers."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.codes import DOT_SEGMENTS, CodeRule, normalise_code
from cchc_portal.dates import validate_in_range
from procedures.organisation import CarriedProcedure
from procedures.querysets import CalendarDayQuerySet, ProcedureQuerySet

PROCEDURE_CODE_PATTERN = r"^[0-9]\.[0-9]{6}$"
procedure_code_rule = CodeRule(
    label=_("Mã TTHC"),
    pattern=PROCEDURE_CODE_PATTERN,
    message=_("Mã TTHC phải có dạng d.dddddd, ví dụ 1.004227."),
)
# Printable ASCII but the space, the slash and the backslash: the national system's codes
# ("000.00.18.H12-250303-0001") are ASCII, as unit and procedure codes are. A Vietnamese letter would let
# a code have twins no normalisation unites ("Đ" U+0110 and the Icelandic "Ð" U+00D0 look the same) and
# typing variants (composed or combining tones), for no code anyone uses.
DOSSIER_CODE_PATTERN = r"^[!-.0-\[\]-~]+$"
dossier_code_rule = CodeRule(
    label=_("Mã hồ sơ"),
    pattern=DOSSIER_CODE_PATTERN,
    message=_(
        "Mã hồ sơ chỉ gồm chữ cái không dấu, chữ số và dấu câu (ký tự ASCII), ví dụ 000.00.18.H12-250303-0001."
    ),
)
# The same rule as a condition, for the data-quality check that lists dossiers stored before it (SQLite's
# "$" also matches before a final newline).
DOSSIER_CODE_BREAKS_RULE = (
    ~Q(code__regex=DOSSIER_CODE_PATTERN) | Q(code__contains="\n") | Q(code__in=sorted(DOT_SEGMENTS))
)

# The facts the national index reads of a procedure, in the order forms and the API give them.
PROCEDURE_FACTS = (
    "has_fees",
    "fees_integrated",
    "requires_paper_result",
    "fully_online_eligible",
    "serves_citizens",
    "published_complete",
)
FEES_INTEGRATED_WITHOUT_FEES = _("Chỉ thủ tục có phí, lệ phí mới tích hợp thanh toán trực tuyến phí, lệ phí.")


class CalendarDay(models.Model):
    """An exception to the Monday-Friday rule: a public holiday, or a make-up working Saturday."""

    day = models.DateField(_("ngày"), unique=True, validators=[validate_in_range])
    is_working_day = models.BooleanField(
        _("ngày làm việc"),
        default=False,
        help_text=_("Đánh dấu cho ngày thứ Bảy/Chủ nhật làm bù; bỏ trống cho ngày nghỉ lễ, Tết."),
    )
    name = models.CharField(_("tên ngày"), max_length=200)

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngày nghỉ / ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.name}"


class Field(models.Model):
    """Lĩnh vực: the grouping Biểu 06a reports by."""

    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")
        DISTRICT = "district", _("Cấp huyện")

    class OnlineLevel(models.IntegerChoices):
        LEVEL_1 = 1, _("Mức độ 1")
        LEVEL_2 = 2, _("Mức độ 2")
        PARTLY_ONLINE = 3, _("Mức độ 3 (một phần)")
        FULLY_ONLINE = 4, _("Mức độ 4 (toàn trình)")

    code = models.CharField(
        _("mã TTHC"),
        max_length=8,
        unique=True,
        validators=[procedure_code_rule],
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    # The units listed for the procedure. A commune- or district-level procedure listing none is carried
    # out by every unit of that kind in being on the day (procedures.organisation says who, on a day).
    units = models.ManyToManyField(
        "departments.Department", verbose_name=_("đơn vị thực hiện"), blank=True, related_name="procedures"
    )
    statutory_days = models.PositiveSmallIntegerField(
        _("thời hạn quy định (ngày làm việc)"),
        validators=[MinValueValidator(1)],
    )
    reduced_days = models.PositiveSmallIntegerField(
        _("thời hạn cắt giảm (ngày làm việc)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Để trống nếu thủ tục chưa được cắt giảm thời gian giải quyết."),
    )
    online_level = models.PositiveSmallIntegerField(
        _("mức độ DVCTT"),
        choices=OnlineLevel.choices,
        default=OnlineLevel.LEVEL_2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    accepts_postal = models.BooleanField(_("tiếp nhận qua BCCI"), default=False)
    # The national index's facts (spec/index766.md, "Data the index needs"), with the defaults the spec
    # gives a procedure whose facts were not supplied; only the completeness of its publication is
    # unknown until someone says.
    has_fees = models.BooleanField(_("có phí, lệ phí"), default=False)
    fees_integrated = models.BooleanField(
        _("phí, lệ phí tích hợp thanh toán trực tuyến"),
        default=False,
        help_text=_("Chỉ thủ tục có phí, lệ phí."),
    )
    requires_paper_result = models.BooleanField(_("yêu cầu kết quả bản giấy"), default=True)
    fully_online_eligible = models.BooleanField(
        _("đủ điều kiện cung cấp DVC trực tuyến toàn trình"), default=False
    )
    serves_citizens = models.BooleanField(_("đối tượng thực hiện có công dân"), default=True)
    published_complete = models.BooleanField(
        _("công khai đủ 7 bộ phận trên CSDL quốc gia"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Để trống nếu chưa rõ."),
    )

    objects = ProcedureQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=PROCEDURE_CODE_PATTERN) & ~Q(code__contains="\n"),
                name="procedure_code_format",
            ),
            models.CheckConstraint(
                condition=Q(statutory_days__gt=0), name="procedure_statutory_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(reduced_days__isnull=True)
                | Q(reduced_days__gt=0, reduced_days__lte=F("statutory_days")),
                name="procedure_reduced_days_within_statutory",
            ),
            models.CheckConstraint(
                condition=Q(online_level__gte=1, online_level__lte=4), name="procedure_online_level_1_4"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["province", "commune", "district"]), name="procedure_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(fees_integrated=False) | Q(has_fees=True),
                name="procedure_fees_integrated_only_with_fees",
                violation_error_message=FEES_INTEGRATED_WITHOUT_FEES,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:procedure_detail", kwargs={"code": self.code})

    def clean_fields(self, exclude=None) -> None:
        # The admin and model forms judge and store the code as every other path does.
        self.code = normalise_code(self.code)
        super().clean_fields(exclude)

    def clean(self) -> None:
        problems = {}
        if self.reduced_days is not None and self.statutory_days and self.reduced_days > self.statutory_days:
            problems["reduced_days"] = _("Thời hạn cắt giảm không được dài hơn thời hạn quy định.")
        if self.fees_integrated and not self.has_fees:
            problems["fees_integrated"] = FEES_INTEGRATED_WITHOUT_FEES
        if problems:
            raise ValidationError(problems)

    @property
    def carriers_label(self) -> str:
        """Who carries the procedure out, in words: the units listed, or every unit of its level."""
        names = sorted(unit.name for unit in self.units.all())
        if names:
            return ", ".join(names)
        if self.level == self.Level.COMMUNE:
            return str(_("Mọi UBND xã, phường, đặc khu"))
        if self.level == self.Level.DISTRICT:
            return str(_("Mọi UBND huyện"))
        return ""

    def carried(self, unit_ids: Iterable[int] | None = None) -> CarriedProcedure:
        """The procedure as the rules of who carries it out see it; `unit_ids` where the caller already
        knows its listed units (a query otherwise)."""
        if unit_ids is None:
            unit_ids = self.units.values_list("pk", flat=True) if self.pk else ()
        return CarriedProcedure(self.level, self.field_id, frozenset(unit_ids))

    @property
    def processing_days(self) -> int:
        """The time a dossier's due date is computed from: the committed reduced time where there is one."""
        return self.reduced_days or self.statutory_days

    @property
    def is_reduced(self) -> bool:
        return self.reduced_days is not None and self.reduced_days < self.statutory_days

    @property
    def reduction_pct(self) -> float | None:
        if not self.is_reduced:
            return None
        cut = Decimal(self.statutory_days - self.reduced_days) * 100 / self.statutory_days
        return float(cut.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
