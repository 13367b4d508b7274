"""Reads of inspections and recommendations, scoped like everything else: inspectors, leaders and
administrators see all; department staff see those of their departments."""

from datetime import date
from typing import TypedDict

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from departments.models import Department
from departments.selectors import department_scope_q
from inspections.models import Evidence, Finding, Inspection, ProgressReport, Recommendation
from procedures.organisation import Organisation, Unit


def inspection_list(*, user: User) -> QuerySet:
    return Inspection.objects.filter(department_scope_q(user, prefix="department__")).select_related(
        "department", "lead", "plan"
    )


def inspection_get(*, user: User, pk: int) -> Inspection:
    return get_object_or_404(inspection_list(user=user), pk=pk)


class ConclusionCounts(TypedDict):
    findings: int
    recommendations: int
    tied: int


def inspection_conclusion_counts(inspection: Inspection) -> ConclusionCounts:
    """What a conclusion will freeze: the findings, the recommendations, and those of them tied to an
    indicator (whose value is recorded), counted in one query."""
    # Named apart from the relations they count, which an aggregate's own name would otherwise hide.
    counts = Inspection.objects.filter(pk=inspection.pk).aggregate(
        n_findings=Count("findings", distinct=True),
        n_recommendations=Count("recommendations", distinct=True),
        n_tied=Count("recommendations", filter=~Q(recommendations__indicator=""), distinct=True),
    )
    return ConclusionCounts(
        findings=counts["n_findings"], recommendations=counts["n_recommendations"], tied=counts["n_tied"]
    )


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


# Open work follows a unit that ended to the unit that took it over (spec/organisation.md): its open
# recommendations and unfinished inspections show under the successor, naming the unit they were made
# for. Data locks and declarations stay with their unit and are not read here.
def taken_over_paths(department: Department, organisation: Organisation) -> list[str]:
    """The paths of the ended units whose open work now shows under `department` or a unit below it:
    those whose chain of successions ends there (procedures.organisation.final_successor). Worked out
    once per organisation read and unit, and kept with the organisation: a unit page asks twice, and
    each asking follows every ended unit's chain (662 of them in a generated province)."""
    kept = organisation.__dict__.setdefault("_inspections_taken_over", {})
    if department.path not in kept:
        kept[department.path] = [
            unit.path
            for unit in organisation.units.values()
            if unit.valid_to is not None
            and not unit.path.startswith(department.path)
            and (successor := organisation.final_successor(unit.id)) is not None
            and successor.path.startswith(department.path)
        ]
    return kept[department.path]


def followed_by(recommendation: Recommendation, organisation: Organisation) -> Unit | None:
    """Where an open recommendation of a unit that ended is followed now (None otherwise)."""
    if recommendation.status == Recommendation.Status.CLOSED or not recommendation.responsible.has_ended:
        return None
    return organisation.final_successor(recommendation.responsible_id)


def _path_q(prefix: str, paths: list[str]) -> Q:
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{f"{prefix}path__startswith": path})
    return scope


def recommendations_of_unit(
    queryset: QuerySet, department: Department, organisation: Organisation
) -> QuerySet:
    """The unit's recommendations (its sub-units' too), and the open ones of the units it took over."""
    taken_over = _path_q("responsible__", taken_over_paths(department, organisation))
    return queryset.filter(
        Q(responsible__path__startswith=department.path)
        | (taken_over & ~Q(status=Recommendation.Status.CLOSED))
    )


def unfinished_inspections_of_unit(
    queryset: QuerySet, department: Department, organisation: Organisation
) -> QuerySet:
    """Inspections not concluded of the unit, its sub-units and the units it took over."""
    scope = _path_q("department__", [department.path, *taken_over_paths(department, organisation)])
    return queryset.filter(scope).exclude(status=Inspection.Status.CONCLUDED)


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
