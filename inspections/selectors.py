"""Reads of inspections and recommendations, scoped like everything else: inspectors, leaders and
administrators see all; department staff see those of their departments."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from departments.selectors import department_scope_q
from inspections.models import Evidence, Finding, Inspection, ProgressReport, Recommendation


def inspection_list(*, user: User) -> QuerySet:
    return Inspection.objects.filter(department_scope_q(user, prefix="department__")).select_related(
        "department", "lead", "plan"
    )


def inspection_get(*, user: User, pk: int) -> Inspection:
    return get_object_or_404(inspection_list(user=user), pk=pk)


def recommendation_list(*, user: User) -> QuerySet:
    return Recommendation.objects.filter(department_scope_q(user, prefix="responsible__")).select_related(
        "responsible", "inspection__department"
    )


def recommendation_get(*, user: User, pk: int) -> Recommendation:
    return get_object_or_404(
        recommendation_list(user=user).prefetch_related("reports__author", "reports__evidence"), pk=pk
    )


def recommendations_overdue(queryset: QuerySet, *, today: date) -> QuerySet:
    """Past their deadline and not verified closed (Recommendation.is_overdue, for many at once)."""
    return queryset.exclude(status=Recommendation.Status.CLOSED).filter(deadline__lt=today)


# The audit trail of a page shows its related records' changes beside its own, read from their historical
# rows rather than through the live records, so that a deleted finding, report or file still shows.
def inspection_related_history(inspection: Inspection) -> tuple[QuerySet, QuerySet]:
    """The findings of the inspection and their evidence files."""
    findings = Finding.history.filter(inspection_id=inspection.pk)
    return findings, Evidence.history.filter(finding_id__in=findings.values("id"))


def recommendation_related_history(recommendation: Recommendation) -> tuple[QuerySet, QuerySet]:
    """The progress reports and verdicts on the recommendation, and their evidence files."""
    reports = ProgressReport.history.filter(recommendation_id=recommendation.pk)
    return reports, Evidence.history.filter(report_id__in=reports.values("id"))
