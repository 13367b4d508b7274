"""The yearly PAR scorecard (Chỉ số CCHC cấp sở, cấp xã): the year's criteria as a tree, each unit's
assessment of its leaves by itself and by the council, and the links from inspection findings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.dates import EARLIEST, LATEST, validate_in_range

POINTS = {"max_digits": 6, "decimal_places": 2}


class CriteriaSet(models.Model):
    """The criteria of one year for one kind of unit, with the year's deadlines and publication."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Sở, ban, ngành")
        COMMUNE = "commune", _("UBND cấp xã")

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(EARLIEST.year), MaxValueValidator(LATEST.year)]
    )
    kind = models.CharField(_("đối tượng đánh giá"), max_length=20, choices=Kind.choices)
    # The survey component (điều tra xã hội học) is scored per unit beside the tree, out of this maximum.
    survey_max_points = models.DecimalField(_("điểm tối đa điều tra xã hội học"), default=0, **POINTS)
    self_assessment_due_on = models.DateField(
        _("hạn tự đánh giá"), null=True, blank=True, validators=[validate_in_range]
    )
    appraisal_due_on = models.DateField(
        _("hạn thẩm định"), null=True, blank=True, validators=[validate_in_range]
    )
    # The final index and its ranking are published together, for every unit of the set, on one day.
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True, validators=[validate_in_range])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí chỉ số CCHC")
        verbose_name_plural = _("bộ tiêu chí chỉ số CCHC")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="criteria_set_one_per_year_and_kind"),
            models.CheckConstraint(
                condition=Q(survey_max_points__gte=0), name="criteria_set_survey_max_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class Criterion(models.Model):
    """A node of the tree: an area (no parent), a criterion or a sub-criterion. Only leaves are scored;
    a parent's maximum is the sum of its children's (the import refuses a tree where it is not)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("mã"), max_length=30)
    title = models.TextField(_("nội dung"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tiêu chí cha"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence = models.TextField(_("tài liệu kiểm chứng"), blank=True)
    # An auto-scored leaf names an indicator (a code of `manage.py indicators`, or `index766.total` /
    # `index766.<group>`) and a rule as typed (`tuyến tính 80-100`, `≥100:1; ≥95:0,75; ≥0:0`); `rule`
    # holds the rule as scorecards.rules parsed it, so that scoring never parses text again.
    auto_indicator = models.CharField(_("chỉ số tự động"), max_length=50, blank=True)
    auto_rule = models.CharField(_("cách tính điểm"), max_length=255, blank=True)
    rule = models.JSONField(_("cách tính điểm (đã phân tích)"), null=True, blank=True, editable=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique_in_set"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_points_not_negative"),
            models.CheckConstraint(
                condition=(Q(auto_indicator="") & Q(auto_rule="") & Q(rule__isnull=True))
                | (~Q(auto_indicator="") & ~Q(auto_rule="") & Q(rule__isnull=False)),
                name="criterion_auto_indicator_with_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}"

    @property
    def is_auto(self) -> bool:
        return bool(self.auto_indicator)


class Assessment(models.Model):
    """One unit's scorecard of a year: self-assessed, submitted, appraised by the council, final."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")
        FINAL = "final", _("Đã chốt kết quả")

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="assessments"
    )
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị được đánh giá"),
        on_delete=models.PROTECT,
        related_name="par_assessments",
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    survey_points = models.DecimalField(_("điểm điều tra xã hội học"), null=True, blank=True, **POINTS)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("chốt kết quả lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu chấm chỉ số CCHC")
        verbose_name_plural = _("phiếu chấm chỉ số CCHC")
        ordering = ["criteria_set", "department__path"]
        permissions = [("appraise_assessment", _("Thẩm định chỉ số CCHC"))]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "department"], name="assessment_one_per_unit_and_set"
            ),
            models.CheckConstraint(
                condition=Q(survey_points__isnull=True) | Q(survey_points__gte=0),
                name="assessment_survey_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_moment",
            ),
            models.CheckConstraint(
                condition=Q(status="final", finalised_at__isnull=False)
                | (~Q(status="final") & Q(finalised_at__isnull=True)),
                name="assessment_final_iff_finalised_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} — {self.criteria_set}"


class Score(models.Model):
    """One leaf of one assessment. Its final points: the council's appraisal if given, else the council's
    override of the auto score, else the auto score (scorecards.scoring.final_points says so once)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("phiếu chấm"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(_("điểm tự chấm"), null=True, blank=True, **POINTS)
    self_note = models.TextField(_("giải trình của đơn vị"), blank=True)
    appraised_points = models.DecimalField(_("điểm thẩm định"), null=True, blank=True, **POINTS)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    override_points = models.DecimalField(_("điểm điều chỉnh điểm tự động"), null=True, blank=True, **POINTS)
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    returned = models.BooleanField(_("trả lại để giải trình"), default=False)
    return_note = models.TextField(_("nội dung yêu cầu giải trình"), blank=True)
    clarification = models.TextField(_("giải trình bổ sung"), blank=True)
    # Frozen when the assessment is finalised, so that records imported later never move a final score;
    # before that the auto figures are computed afresh on every read.
    auto_value = models.DecimalField(
        _("giá trị chỉ số khi chốt"), max_digits=12, decimal_places=4, null=True, blank=True, editable=False
    )
    auto_points = models.DecimalField(
        _("điểm tự động khi chốt"), null=True, blank=True, editable=False, **POINTS
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_one_per_leaf"),
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(appraised_points__isnull=True) | Q(appraised_points__gte=0))
                & (Q(override_points__isnull=True) | Q(override_points__gte=0))
                & (Q(auto_points__isnull=True) | Q(auto_points__gte=0)),
                name="score_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(override_points__isnull=True) | ~Q(override_reason=""),
                name="score_override_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(returned=False) | ~Q(return_note=""), name="score_return_has_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"


class ScoreEvidence(models.Model):
    """A file backing a unit's self-score (tài liệu kiểm chứng), kept in the inspection module's store
    (the same folder, types and size limit) and read under the same rules."""

    score = models.ForeignKey(
        Score, verbose_name=_("điểm tiêu chí"), on_delete=models.CASCADE, related_name="evidence"
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
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")

    def __str__(self) -> str:
        return self.filename


class FindingCitation(models.Model):
    """An inspection finding that concerns a criterion: kept here, since inspections knows nothing of
    scorecards."""

    finding = models.ForeignKey(
        "inspections.Finding",
        verbose_name=_("nội dung đánh giá"),
        on_delete=models.CASCADE,
        related_name="citations",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="citations"
    )
    cited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viện dẫn"), on_delete=models.PROTECT, related_name="+"
    )
    cited_at = models.DateTimeField(_("viện dẫn lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("viện dẫn tiêu chí")
        verbose_name_plural = _("viện dẫn tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["finding", "criterion"], name="finding_citation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} ← {self.finding}"
