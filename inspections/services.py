"""The life of an inspection: plan, start, record findings and recommendations, conclude (freezing the
figures), then follow each recommendation until an inspector verifies it closed."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from departments.models import Department
from inspections.models import Evidence, Finding, Inspection, InspectionPlan, ProgressReport, Recommendation
from reporting.indicators import indicators_for_department
from reporting.results import Period
from reporting.summary import summary_paragraph

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"}


def _save(record: models.Model, *, user: User, **options) -> None:
    """Save and sign the record's audit row with the service's user: outside a request (a command, a job,
    a test) no middleware knows who is acting."""
    record._history_user = user
    record.save(**options)


def _ensure_lead(inspection: Inspection, user: User) -> None:
    if inspection.lead_id != user.pk and not user.is_superuser:
        raise ValidationError(_("Chỉ trưởng đoàn mới thực hiện được thao tác này."))


def _ensure_member(inspection: Inspection, user: User) -> None:
    if user.is_superuser or inspection.lead_id == user.pk or inspection.members.filter(pk=user.pk).exists():
        return
    raise ValidationError(_("Chỉ thành viên đoàn kiểm tra mới ghi được nội dung này."))


def _fresh(inspection: Inspection) -> Inspection:
    """The inspection as the database holds it now, locked for the rest of the transaction."""
    return Inspection.objects.select_for_update().select_related("department").get(pk=inspection.pk)


def _fresh_recommendation(recommendation: Recommendation) -> Recommendation:
    return Recommendation.objects.select_for_update().select_related("inspection").get(pk=recommendation.pk)


def _ensure_open(inspection: Inspection) -> None:
    if inspection.status == Inspection.Status.CONCLUDED:
        raise ValidationError(_("Đợt kiểm tra đã kết luận; nội dung không thể thay đổi."))


@transaction.atomic
def inspection_create(
    *,
    plan: InspectionPlan,
    department: Department,
    scope_start: date,
    scope_end: date,
    planned_start: date,
    planned_end: date,
    lead: User,
    members: list[User],
) -> Inspection:
    if scope_start > scope_end:
        raise ValidationError({"scope_end": _("Ngày cuối kỳ kiểm tra phải từ ngày đầu kỳ trở về sau.")})
    if planned_start > planned_end:
        raise ValidationError({"planned_end": _("Ngày kết thúc dự kiến phải từ ngày bắt đầu trở về sau.")})
    inspection = Inspection(
        plan=plan,
        department=department,
        scope_start=scope_start,
        scope_end=scope_end,
        planned_start=planned_start,
        planned_end=planned_end,
        lead=lead,
    )
    inspection.clean()
    inspection.save()
    inspection.members.set(members)
    return inspection


@transaction.atomic
def inspection_start(*, inspection: Inspection, user: User) -> Inspection:
    inspection = _fresh(inspection)
    _ensure_lead(inspection, user)
    if inspection.status != Inspection.Status.PLANNED:
        raise ValidationError(_("Chỉ bắt đầu được đợt kiểm tra đang ở trạng thái theo kế hoạch."))
    inspection.status = Inspection.Status.IN_PROGRESS
    _save(inspection, user=user)
    return inspection


def scope_period(inspection: Inspection) -> Period:
    return Period(inspection.scope_start, inspection.scope_end)


def inspection_freeze_figures(inspection: Inspection, recommendations: Iterable[Recommendation]) -> None:
    """Set what a conclusion freezes, without saving: the indicators and the summary paragraph of the
    scope period as they stand now, and the value of its indicator on each recommendation tied to one.
    Later dossiers then change the "now" column of the inspection's page, never what was concluded."""
    figures = indicators_for_department(inspection.department, scope_period(inspection))
    inspection.concluded_indicators = {
        code: {"value": item.value, "numerator": item.numerator, "denominator": item.denominator}
        for code, item in figures.indicators.items()
    }
    inspection.concluded_summary = summary_paragraph(figures)
    for recommendation in recommendations:
        if recommendation.indicator:
            recommendation.indicator_at_conclusion = figures[recommendation.indicator].value


@transaction.atomic
def inspection_conclude(*, inspection: Inspection, user: User, concluded_on: date, number: str) -> Inspection:
    """Conclude the inspection, freezing its figures (inspection_freeze_figures) on the day it is done."""
    inspection = _fresh(inspection)
    _ensure_lead(inspection, user)
    if inspection.status != Inspection.Status.IN_PROGRESS:
        raise ValidationError(_("Chỉ kết luận được đợt kiểm tra đang tiến hành."))
    if concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": _("Ngày kết luận không được sau hôm nay.")})
    if concluded_on < inspection.scope_end:
        raise ValidationError(
            {
                "concluded_on": _("Ngày kết luận không được trước ngày cuối kỳ kiểm tra (%(day)s).")
                % {"day": f"{inspection.scope_end:%d/%m/%Y}"}
            }
        )
    tied = list(inspection.recommendations.exclude(indicator=""))
    inspection_freeze_figures(inspection, tied)
    inspection.concluded_on, inspection.conclusion_number = concluded_on, number
    inspection.status = Inspection.Status.CONCLUDED
    _save(inspection, user=user)
    for recommendation in tied:
        _save(recommendation, user=user, update_fields=["indicator_at_conclusion"])
    return inspection


def evidence_files_check(files) -> list:
    """The evidence files as a list, once each is of a type and size the store takes. Every file is
    checked before any is stored: a refused second file would otherwise leave the first one on disk with
    no record, the transaction having rolled the record back."""
    files = list(files)
    for upload in files:
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in EVIDENCE_TYPES:
            raise ValidationError(
                {
                    "files": _("Tệp “%(name)s” không thuộc loại được nhận (PDF, Word, Excel, ảnh JPG/PNG).")
                    % {"name": upload.name}
                }
            )
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError({"files": _("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": upload.name}})
    return files


def _attach(files, *, user: User, **owner) -> None:
    for upload in evidence_files_check(files):
        _save(
            Evidence(file=upload, filename=upload.name, size=upload.size, uploaded_by=user, **owner),
            user=user,
        )


@transaction.atomic
def finding_add(
    *, inspection: Inspection, user: User, kind: str, area: str, severity: str, text: str, files=()
) -> Finding:
    inspection = _fresh(inspection)
    _ensure_open(inspection)
    _ensure_member(inspection, user)
    if kind == Finding.Kind.STRENGTH:
        severity = ""
    elif not severity:
        raise ValidationError({"severity": _("Hãy chọn mức độ của hạn chế, tồn tại.")})
    finding = Finding(
        inspection=inspection, kind=kind, area=area, severity=severity, text=text, created_by=user
    )
    _save(finding, user=user)
    _attach(files, user=user, finding=finding)
    return finding


@transaction.atomic
def recommendation_add(
    *,
    inspection: Inspection,
    user: User,
    text: str,
    area: str,
    responsible: Department,
    deadline: date,
    indicator: str = "",
) -> Recommendation:
    inspection = _fresh(inspection)
    _ensure_open(inspection)
    _ensure_member(inspection, user)
    if not responsible.path.startswith(inspection.department.path):
        raise ValidationError(
            {"responsible": _("Đơn vị thực hiện phải là đơn vị được kiểm tra hoặc đơn vị cấp dưới.")}
        )
    recommendation = Recommendation(
        inspection=inspection,
        text=text,
        area=area,
        responsible=responsible,
        deadline=deadline,
        indicator=indicator,
    )
    _save(recommendation, user=user)
    return recommendation


@transaction.atomic
def recommendation_report(
    *, recommendation: Recommendation, user: User, reported_on: date, text: str, files=()
) -> ProgressReport:
    """The department reports what it has done; the recommendation waits for an inspector's verdict."""
    recommendation = _fresh_recommendation(recommendation)
    if recommendation.inspection.status != Inspection.Status.CONCLUDED:
        raise ValidationError(_("Chỉ báo cáo thực hiện kiến nghị sau khi đợt kiểm tra đã kết luận."))
    if recommendation.status == Recommendation.Status.CLOSED:
        raise ValidationError(_("Kiến nghị đã được xác minh hoàn thành."))
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("Ngày báo cáo không được sau hôm nay.")})
    report = ProgressReport(
        recommendation=recommendation,
        kind=ProgressReport.Kind.PROGRESS,
        reported_on=reported_on,
        text=text,
        author=user,
    )
    _save(report, user=user)
    _attach(files, user=user, report=report)
    recommendation.status = Recommendation.Status.REPORTED
    _save(recommendation, user=user)
    return report


@transaction.atomic
def recommendation_verify(
    *, recommendation: Recommendation, user: User, closed: bool, on: date, text: str
) -> Recommendation:
    """An inspector closes the recommendation the department reported fixed, or reopens it with the
    reason."""
    recommendation = _fresh_recommendation(recommendation)
    if recommendation.inspection.status != Inspection.Status.CONCLUDED:
        raise ValidationError(_("Chỉ xác minh kiến nghị của đợt kiểm tra đã kết luận."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("Ngày xác minh không được sau hôm nay.")})
    # Reopening answers a report found wanting as much as it undoes a closure: only an open
    # recommendation is already where a reopening would put it.
    already = Recommendation.Status.CLOSED if closed else Recommendation.Status.OPEN
    if recommendation.status == already:
        raise ValidationError(_("Kiến nghị đã ở trạng thái này."))
    # A recommendation is followed until an inspector verifies what the department reports it has done
    # (spec/domain.md): with no report since it was made or last reopened there is nothing to verify,
    # whoever asks, administrators included.
    if closed and recommendation.status != Recommendation.Status.REPORTED:
        raise ValidationError(
            _(
                "Đơn vị chưa báo cáo kết quả thực hiện kiến nghị này (kể từ khi kiến nghị được đưa ra hoặc "
                "mở lại); chỉ xác minh hoàn thành được sau khi đơn vị báo cáo."
            )
        )
    kind = ProgressReport.Kind.CLOSED if closed else ProgressReport.Kind.REOPENED
    _save(
        ProgressReport(recommendation=recommendation, kind=kind, reported_on=on, text=text, author=user),
        user=user,
    )
    recommendation.status = Recommendation.Status.CLOSED if closed else Recommendation.Status.OPEN
    recommendation.closed_on = on if closed else None
    _save(recommendation, user=user)
    return recommendation


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user: User) -> None:
    """Remove an evidence file from its finding or report. The stored file stays: the audit row of the
    deletion names it, and a trail whose files vanish would not show what was removed."""
    evidence._history_user = user
    evidence.delete()
