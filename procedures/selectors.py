"""Reads of procedures and dossiers for the pages, scoped to the user's departments."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from accounts.models import User
from departments.models import Department
from departments.selectors import department_scope_q
from procedures.calendar import WorkingCalendar
from procedures.models import CalendarDay, Dossier, Procedure
from procedures.querysets import DossierQuerySet, ProcedureQuerySet


def load_calendar() -> WorkingCalendar:
    """The working-day calendar as the administrator keeps it (one query), for paths that compute many
    due dates at once."""
    return CalendarDay.objects.working_calendar()


def procedure_list(*, user: User) -> ProcedureQuerySet:
    return Procedure.objects.filter(department_scope_q(user, prefix="department__")).select_related(
        "field", "department"
    )


def procedure_get(*, user: User, code: str) -> Procedure:
    return get_object_or_404(procedure_list(user=user), code=code)


def dossier_list(*, user: User) -> DossierQuerySet:
    return Dossier.objects.filter(department_scope_q(user, prefix="department__")).select_related(
        "procedure", "department"
    )


def dossier_get(*, user: User, code: str) -> Dossier:
    return get_object_or_404(
        dossier_list(user=user).select_related("procedure__field").prefetch_related("supplements"), code=code
    )


def department_direct_counts(*, departments: list[Department]) -> dict[int, dict[str, int]]:
    """Procedures and dossiers held directly by each department, two grouped queries for any number."""
    ids = [department.pk for department in departments]
    counts: dict[int, dict[str, int]] = {pk: {"procedures": 0, "dossiers": 0} for pk in ids}
    for key, model in (("procedures", Procedure), ("dossiers", Dossier)):
        rows = model.objects.filter(department_id__in=ids).values("department_id").annotate(n=Count("pk"))
        for row in rows:
            counts[row["department_id"]][key] = row["n"]
    return counts
