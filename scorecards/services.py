"""The yearly PAR scorecard's workflow, the one home of its rules: the unit scores its leaves and submits
(then they are locked for it); the council (inspectors, leaders) appraises leaf by leaf, overrides an auto
score with a reason, returns a leaf for clarification (the unit may answer that leaf only), adds the
survey, closes the appraisal and finalises; the year's ranking is published on a date. Nobody edits a
final scorecard. Every step is saved with its user, so that the audit trail says who did it."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from departments.selectors import department_scope_q
from inspections.models import Finding
from inspections.services import evidence_files_check
from scorecards.models import Assessment, CriteriaSet, Criterion, FindingCitation, Score, ScoreEvidence
from scorecards.scoring import assessment_scorecard, freeze_auto

SELF_ASSESS = "scorecards.change_score"
APPRAISE = "scorecards.appraise_assessment"
Status = Assessment.Status


def _save(record: models.Model, *, user: User, **options) -> None:
    """Save and sign the record's audit row with the service's user: outside a request (a command, the
    demo, a test) no middleware knows who is acting."""
    record._history_user = user
    record.save(**options)


def may_self_assess(user: User, assessment: Assessment) -> bool:
    """The unit's own staff (and administrators): those who enter its data and see the unit."""
    return user.has_perm(SELF_ASSESS) and (
        user.is_superuser
        or Assessment.objects.filter(
            department_scope_q(user, prefix="department__"), pk=assessment.pk
        ).exists()
    )


def may_appraise(user: User) -> bool:
    return user.has_perm(APPRAISE)


def overdue_step(assessment: Assessment, *, on: date) -> str:
    """The step a unit or the council has let pass its deadline, or "" (shown as a flag on the lists)."""
    criteria_set = assessment.criteria_set
    due = criteria_set.self_assessment_due_on
    if assessment.status == Status.DRAFT and due and due < on:
        return _("Quá hạn tự đánh giá")
    due = criteria_set.appraisal_due_on
    if assessment.status == Status.SUBMITTED and due and due < on:
        return _("Quá hạn thẩm định")
    return ""


def _fresh_assessment(assessment: Assessment) -> Assessment:
    """The assessment as the database holds it now, locked for the rest of the transaction."""
    return (
        Assessment.objects.select_for_update()
        .select_related("criteria_set", "department")
        .get(pk=assessment.pk)
    )


def _fresh_score(score: Score) -> Score:
    score = Score.objects.select_for_update().select_related("criterion").get(pk=score.pk)
    score.assessment = _fresh_assessment(score.assessment)
    return score


def _ensure_not_final(assessment: Assessment) -> None:
    if assessment.status == Status.FINAL:
        raise ValidationError(_("Phiếu chấm đã chốt kết quả; không ai sửa được nữa."))


def _ensure_unit(user: User, assessment: Assessment) -> None:
    if not may_self_assess(user, assessment):
        raise ValidationError(_("Chỉ công chức của đơn vị được đánh giá mới tự chấm được phiếu này."))


def _ensure_council(user: User) -> None:
    if not may_appraise(user):
        raise ValidationError(_("Chỉ Hội đồng thẩm định (cán bộ kiểm tra, lãnh đạo) mới thẩm định được."))


def _ensure_status(assessment: Assessment, *allowed: str, message: str) -> None:
    _ensure_not_final(assessment)
    if assessment.status not in allowed:
        raise ValidationError(message)


def _check_points(points: Decimal, maximum: Decimal, *, field: str = "points") -> None:
    if points < 0 or points > maximum:
        raise ValidationError(
            {field: _("Điểm phải từ 0 đến %(max)s.") % {"max": f"{maximum.normalize():f}".replace(".", ",")}}
        )


def _attach(files, *, score: Score, user: User) -> None:
    for upload in evidence_files_check(files):
        _save(
            ScoreEvidence(score=score, file=upload, filename=upload.name, size=upload.size, uploaded_by=user),
            user=user,
        )


@transaction.atomic
def score_self(*, user: User, score: Score, points: Decimal, note: str, files=()) -> Score:
    """The unit scores one leaf, with its explanation and evidence, while its scorecard is a draft."""
    score = _fresh_score(score)
    _ensure_unit(user, score.assessment)
    _ensure_status(
        score.assessment,
        Status.DRAFT,
        message=_("Phiếu chấm đã gửi Hội đồng thẩm định; đơn vị chỉ giải trình được tiêu chí bị trả lại."),
    )
    _check_points(points, score.criterion.max_points)
    score.self_points, score.self_note = points, note
    _save(score, user=user)
    _attach(files, score=score, user=user)
    return score


@transaction.atomic
def assessment_submit(*, user: User, assessment: Assessment) -> Assessment:
    """The unit sends its self-assessment to the council; every leaf not scored from the records must
    carry its self-score first."""
    assessment = _fresh_assessment(assessment)
    _ensure_unit(user, assessment)
    _ensure_status(assessment, Status.DRAFT, message=_("Phiếu chấm đã được gửi."))
    missing = Score.objects.filter(
        assessment=assessment, self_points__isnull=True, criterion__auto_indicator=""
    ).order_by("criterion__order")
    codes = list(missing.values_list("criterion__code", flat=True))
    if codes:
        raise ValidationError(_("Chưa tự chấm các tiêu chí: %(codes)s.") % {"codes": ", ".join(codes)})
    assessment.status, assessment.submitted_at = Status.SUBMITTED, timezone.now()
    _save(assessment, user=user)
    return assessment


def _appraisable(user: User, score: Score) -> None:
    _ensure_council(user)
    _ensure_status(
        score.assessment,
        Status.SUBMITTED,
        Status.APPRAISED,
        message=_("Chỉ thẩm định được phiếu chấm đơn vị đã gửi."),
    )
    if score.returned:
        raise ValidationError(_("Tiêu chí đang chờ đơn vị giải trình."))


@transaction.atomic
def score_appraise(*, user: User, score: Score, points: Decimal, note: str) -> Score:
    """The council's points for one leaf: they count over the unit's self-score and the auto score."""
    score = _fresh_score(score)
    _appraisable(user, score)
    _check_points(points, score.criterion.max_points)
    score.appraised_points, score.appraisal_note = points, note
    _save(score, user=user)
    return score


@transaction.atomic
def score_override(*, user: User, score: Score, points: Decimal, reason: str) -> Score:
    """The council replaces the points a leaf scored from the records, saying why."""
    score = _fresh_score(score)
    _appraisable(user, score)
    if not score.criterion.is_auto:
        raise ValidationError(_("Tiêu chí này không chấm tự động; hãy nhập điểm thẩm định."))
    _check_points(points, score.criterion.max_points)
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do điều chỉnh điểm tự động.")})
    score.override_points, score.override_reason = points, reason
    _save(score, user=user)
    return score


@transaction.atomic
def score_return(*, user: User, score: Score, note: str) -> Score:
    """The council asks the unit to clarify one leaf; the unit may then answer that leaf only."""
    score = _fresh_score(score)
    _appraisable(user, score)
    if not note.strip():
        raise ValidationError({"note": _("Hãy ghi nội dung đơn vị cần giải trình.")})
    score.returned, score.return_note = True, note
    _save(score, user=user)
    return score


@transaction.atomic
def score_clarify(*, user: User, score: Score, note: str, points: Decimal | None = None, files=()) -> Score:
    """The unit answers a returned leaf: its clarification, new self points if it changes them, files."""
    score = _fresh_score(score)
    _ensure_unit(user, score.assessment)
    _ensure_not_final(score.assessment)
    if not score.returned:
        raise ValidationError(_("Tiêu chí này không bị trả lại để giải trình."))
    if not note.strip():
        raise ValidationError({"note": _("Hãy ghi nội dung giải trình.")})
    if points is not None:
        _check_points(points, score.criterion.max_points)
        score.self_points = points
    score.clarification, score.returned = note, False
    _save(score, user=user)
    _attach(files, score=score, user=user)
    return score


@transaction.atomic
def survey_set(*, user: User, assessment: Assessment, points: Decimal) -> Assessment:
    """The unit's survey score (điều tra xã hội học), out of the set's survey maximum."""
    assessment = _fresh_assessment(assessment)
    _ensure_council(user)
    _ensure_status(
        assessment,
        Status.SUBMITTED,
        Status.APPRAISED,
        message=_("Chỉ nhập điểm điều tra xã hội học cho phiếu chấm đơn vị đã gửi."),
    )
    _check_points(points, assessment.criteria_set.survey_max_points)
    assessment.survey_points = points
    _save(assessment, user=user)
    return assessment


@transaction.atomic
def assessment_close_appraisal(*, user: User, assessment: Assessment) -> Assessment:
    """The council has appraised every leaf: each has final points and none waits for the unit."""
    assessment = _fresh_assessment(assessment)
    _ensure_council(user)
    _ensure_status(
        assessment, Status.SUBMITTED, message=_("Chỉ kết thúc thẩm định phiếu chấm đang chờ thẩm định.")
    )
    returned = list(
        assessment.scores.filter(returned=True)
        .order_by("criterion__order")
        .values_list("criterion__code", flat=True)
    )
    if returned:
        raise ValidationError(
            _("Các tiêu chí đang chờ đơn vị giải trình: %(codes)s.") % {"codes": ", ".join(returned)}
        )
    unscored = [leaf.criterion.code for leaf in assessment_scorecard(assessment).leaves if leaf.final is None]
    if unscored:
        raise ValidationError(_("Chưa thẩm định các tiêu chí: %(codes)s.") % {"codes": ", ".join(unscored)})
    assessment.status, assessment.appraised_at = Status.APPRAISED, timezone.now()
    _save(assessment, user=user)
    return assessment


@transaction.atomic
def assessment_finalise(*, user: User, assessment: Assessment) -> Assessment:
    """The council fixes the result: the auto figures are frozen and nobody edits the scorecard again."""
    assessment = _fresh_assessment(assessment)
    _ensure_council(user)
    _ensure_status(assessment, Status.APPRAISED, message=_("Chỉ chốt kết quả phiếu chấm đã thẩm định xong."))
    if assessment.survey_points is None and assessment.criteria_set.survey_max_points > 0:
        raise ValidationError(_("Chưa nhập điểm điều tra xã hội học của đơn vị."))
    freeze_auto(assessment, user=user)
    assessment.status, assessment.finalised_at = Status.FINAL, timezone.now()
    _save(assessment, user=user)
    return assessment


@transaction.atomic
def criteria_set_publish(*, user: User, criteria_set: CriteriaSet, on: date) -> CriteriaSet:
    """Publish the year's final index and ranking from a day: every unit's scorecard must be final."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    _ensure_council(user)
    if criteria_set.published_on is not None:
        raise ValidationError(
            _("Kết quả đã công bố ngày %(day)s.") % {"day": f"{criteria_set.published_on:%d/%m/%Y}"}
        )
    pending = list(
        criteria_set.assessments.exclude(status=Status.FINAL)
        .order_by("department__code")
        .values_list("department__code", flat=True)
    )
    if pending:
        raise ValidationError(
            _("Chưa chốt kết quả của các đơn vị: %(codes)s.") % {"codes": ", ".join(pending)}
        )
    if not criteria_set.assessments.exists():
        raise ValidationError(_("Bộ tiêu chí chưa có phiếu chấm nào để công bố."))
    criteria_set.published_on = on
    _save(criteria_set, user=user)
    return criteria_set


@transaction.atomic
def criteria_set_deadlines(
    *,
    user: User,
    criteria_set: CriteriaSet,
    self_assessment_due_on: date | None,
    appraisal_due_on: date | None,
) -> CriteriaSet:
    """The council sets the year's deadlines, shown on every scorecard and flagged once passed."""
    _ensure_council(user)
    if self_assessment_due_on and appraisal_due_on and appraisal_due_on < self_assessment_due_on:
        raise ValidationError({"appraisal_due_on": _("Hạn thẩm định không được trước hạn tự đánh giá.")})
    criteria_set.self_assessment_due_on = self_assessment_due_on
    criteria_set.appraisal_due_on = appraisal_due_on
    _save(criteria_set, user=user)
    return criteria_set


@transaction.atomic
def finding_cite(
    *, user: User, assessment: Assessment, finding: Finding, criterion: Criterion
) -> FindingCitation:
    """The council cites an inspection finding of the unit under a criterion of its scorecard."""
    assessment = _fresh_assessment(assessment)
    _ensure_council(user)
    _ensure_not_final(assessment)
    if criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError({"criterion": _("Tiêu chí không thuộc bộ tiêu chí của phiếu chấm.")})
    if not finding.inspection.department.path.startswith(assessment.department.path):
        raise ValidationError({"finding": _("Nội dung đánh giá không thuộc đợt kiểm tra của đơn vị này.")})
    if FindingCitation.objects.filter(finding=finding, criterion=criterion).exists():
        raise ValidationError(
            _("Nội dung đánh giá này đã được viện dẫn cho tiêu chí %(code)s.") % {"code": criterion.code}
        )
    citation = FindingCitation(finding=finding, criterion=criterion, cited_by=user)
    _save(citation, user=user)
    return citation
