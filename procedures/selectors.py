"""Reads of procedures and dossiers for the pages, scoped to the user's departments."""

from collections.abc import Iterable

from django.db.models import Count
from django.shortcuts import get_object_or_404

from accounts.models import User
from departments.models import Department
from departments.selectors import department_scope_q
from procedures.calendar import WorkingCalendar
from procedures.models import CalendarDay, Dossier, Procedure, Succession
from procedures.organisation import CarriedProcedure, Link, Organisation, Unit
from procedures.querysets import DossierQuerySet, ProcedureQuerySet


def load_calendar() -> WorkingCalendar:
    """The working-day calendar as the administrator keeps it (one query), for paths that compute many
    due dates at once."""
    return CalendarDay.objects.working_calendar()


def load_organisation() -> Organisation:
    """Every unit with its dates and every succession with its fields (three queries), for the rules of
    procedures.organisation."""
    units = [
        Unit(*row)
        for row in Department.objects.order_by().values_list(
            "pk", "code", "name", "path", "kind", "valid_from", "valid_to"
        )
    ]
    fields: dict[int, set[int]] = {}
    for succession_id, field_id in Succession.fields.through.objects.values_list("succession_id", "field_id"):
        fields.setdefault(succession_id, set()).add(field_id)
    links = [
        Link(predecessor_id, successor_id, effective_on, frozenset(fields.get(pk, ())))
        for pk, predecessor_id, successor_id, effective_on in Succession.objects.order_by().values_list(
            "pk", "predecessor_id", "successor_id", "effective_on"
        )
    ]
    return Organisation.of(units, links)


def carried(procedure: Procedure, unit_ids: Iterable[int] | None = None) -> CarriedProcedure:
    """The procedure as the rules of who carries it out see it; `unit_ids` when the caller already
    knows its listed units (a query otherwise)."""
    if unit_ids is None:
        unit_ids = procedure.units.values_list("pk", flat=True) if procedure.pk else ()
    return CarriedProcedure(procedure.level, procedure.field_id, frozenset(unit_ids))


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
