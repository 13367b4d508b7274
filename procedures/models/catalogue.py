"""The catalogue: working-day exceptions, fields and procedures, with the code rules of procedures and
dossiers."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, IntegerField, Q
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.codes import DOT_SEGMENTS, CodeRule, normalise_code
from cchc_portal.dates import validate_in_range
from cchc_portal.folding import FoldedTextField
from procedures.office_hours import TimeLimit, TimeUnit, format_amount, parse_time_limit
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
REDUCED_OVER_STATUTORY = _("Thời hạn cắt giảm không được dài hơn thời hạn quy định.")
FEES_INTEGRATED_WITHOUT_FEES = _("Chỉ thủ tục có phí, lệ phí mới tích hợp thanh toán trực tuyến phí, lệ phí.")


def _in_halves(name: str) -> Exact:
    """The column holds whole or half units: twice it is a whole number, which casting to an integer
    leaves as it is (PostgreSQL rounds, SQLite truncates, so any other value changes)."""
    return Exact(F(name) * 2, Cast(F(name) * 2, IntegerField()))


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
    # Whole or half working days, or working hours (procedures.office_hours): both limits in one unit.
    time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    statutory_days = models.DecimalField(
        _("thời hạn quy định"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Số ngày làm việc (tròn hoặc nửa ngày: 0,5) hoặc số giờ làm việc, theo đơn vị thời hạn."),
    )
    reduced_days = models.DecimalField(
        _("thời hạn cắt giảm"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Để trống nếu thủ tục chưa được cắt giảm thời gian giải quyết; cùng đơn vị với thời hạn quy định."
        ),
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

    # What a search compares (cchc_portal.folding): the code and the name as people type them.
    search_text = FoldedTextField(_("mã và tên, không dấu"), of=("code", "name"))

    objects = ProcedureQuerySet.as_manager()
    # The folded text is kept in the trail too: excluded, simple-history read it back from the live row for
    # the units' historical rows, one query more on every save of a procedure.
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
            # Whole or half units, in a known unit. The procedure form does not check it in a query (it
            # reads the unit from the text typed): the model's clean() says the same in words.
            models.CheckConstraint(
                condition=Q(_in_halves("statutory_days"), time_unit__in=["days", "hours"])
                & (Q(reduced_days__isnull=True) | Q(_in_halves("reduced_days"))),
                name="procedure_time_limits_in_halves",
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
        problems = self._time_limit_problems()
        if (
            not problems
            and self.reduced_days is not None
            and self.statutory_days
            and self.reduced_days > self.statutory_days
        ):
            problems["reduced_days"] = REDUCED_OVER_STATUTORY
        if self.fees_integrated and not self.has_fees:
            problems["fees_integrated"] = FEES_INTEGRATED_WITHOUT_FEES
        if problems:
            raise ValidationError(problems)

    def _time_limit_problems(self) -> dict[str, str]:
        """An amount as staff would have typed it, judged by the reading of typed limits, so that every
        path refuses 0,3 or -1 with one message."""
        problems: dict[str, str] = {}
        if self.time_unit not in TimeUnit.values:
            return problems
        for name in ("statutory_days", "reduced_days"):
            amount = getattr(self, name)
            if isinstance(amount, int | Decimal) and not isinstance(amount, bool):
                try:
                    parse_time_limit(format_amount(Decimal(amount)), unit=self.time_unit)
                except ValidationError as error:
                    problems[name] = error.messages[0]
        return problems

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
    def processing_days(self) -> Decimal:
        """The amount a dossier's due time is computed from, in the procedure's time unit: the committed
        reduced time where there is one."""
        return Decimal(self.reduced_days or self.statutory_days)

    @property
    def time_limit(self) -> TimeLimit:
        """The limit in force (reduced or statutory), as the rulebook derives a due time from it."""
        return TimeLimit(self.processing_days, TimeUnit(self.time_unit))

    @property
    def statutory_limit(self) -> TimeLimit:
        return TimeLimit(Decimal(self.statutory_days), TimeUnit(self.time_unit))

    @property
    def reduced_limit(self) -> TimeLimit | None:
        if self.reduced_days is None:
            return None
        return TimeLimit(Decimal(self.reduced_days), TimeUnit(self.time_unit))

    @property
    def is_reduced(self) -> bool:
        return self.reduced_days is not None and self.reduced_days < self.statutory_days

    @property
    def reduction_pct(self) -> float | None:
        if not self.is_reduced:
            return None
        cut = Decimal(self.statutory_days - self.reduced_days) * 100 / self.statutory_days
        return float(cut.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
