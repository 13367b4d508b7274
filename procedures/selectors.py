"""Reads of procedures, dossiers and petitions for the pages and the API, scoped to the user's departments."""

from datetime import date

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from departments.models import Department
from departments.selectors import department_scope_q
from procedures.calendar import WorkingCalendar
from procedures.models import CalendarDay, Dossier, Petition, Procedure, Succession
from procedures.organisation import LEVEL_KINDS, Organisation
from procedures.querysets import DossierQuerySet, ProcedureQuerySet


def load_calendar() -> WorkingCalendar:
    """The working-day calendar as the administrator keeps it (one query), for paths that compute many
    due dates at once."""
    return CalendarDay.objects.working_calendar()


def load_organisation() -> Organisation:
    """Every unit with its dates and every succession with its fields (two queries)."""
    return Succession.objects.organisation()


def dossier_placements(procedure: Procedure) -> list[tuple[int, date, date]]:
    """Each unit that resolves the procedure's dossiers, with its first and last day of receipt."""
    rows = (
        Dossier.objects.filter(procedure=procedure)
        .order_by()
        .values("department_id")
        .annotate(first=Min("received_on"), last=Max("received_on"))
    )
    return [(row["department_id"], row["first"], row["last"]) for row in rows]


def procedure_list(*, user: User) -> ProcedureQuerySet:
    """The procedures carried out in the user's units: listed for one of them (or a unit below), or of
    the commune or district level with no unit listed where the user has such a unit."""
    procedures = Procedure.objects.select_related("field")
    scope = department_scope_q(user)
    if scope == Q():
        return procedures
    units = Department.objects.filter(scope)
    listed = Procedure.units.through.objects.filter(procedure=OuterRef("pk"))
    shared = Q(pk__in=[])
    for level, kind in LEVEL_KINDS.items():
        shared |= Q(level=level) & Q(Exists(units.filter(kind=kind)))
    return procedures.filter(Q(Exists(listed.filter(department__in=units))) | (Q(~Exists(listed)) & shared))


def procedure_get(*, user: User, code: str) -> Procedure:
    return get_object_or_404(procedure_list(user=user), code=code)


def dossier_list(*, user: User) -> DossierQuerySet:
    return _dossiers_in(department_scope_q(user, prefix="department__"))


def dossier_get(*, user: User, code: str) -> Dossier:
    return _dossier_page_get(department_scope_q(user, prefix="department__"), code)


def dossier_get_with_petitions(*, user: User, code: str) -> tuple[Dossier, QuerySet[Petition]]:
    """A dossier's page: the dossier and the petitions about it that the user may open (petition_list's),
    the user's scope, the same for both, read once."""
    scope = department_scope_q(user, prefix="department__")
    dossier = _dossier_page_get(scope, code)
    return dossier, _petitions_in(scope).filter(dossier=dossier)


def petition_list(*, user: User) -> QuerySet[Petition]:
    """The petitions of the user's units, as their dossiers: another unit's petition is not there (a 404)."""
    return _petitions_in(department_scope_q(user, prefix="department__"))


def petition_get(*, user: User, code: str) -> Petition:
    return get_object_or_404(petition_list(user=user), code=code)


def _dossiers_in(scope: Q) -> DossierQuerySet:
    return Dossier.objects.filter(scope).select_related("procedure", "department")


def _dossier_page_get(scope: Q, code: str) -> Dossier:
    return get_object_or_404(
        _dossiers_in(scope)
        .select_related("procedure__field", "receiving_unit")
        .prefetch_related("supplements"),
        code=code,
    )


def _petitions_in(scope: Q) -> QuerySet[Petition]:
    return Petition.objects.filter(scope).select_related("department", "procedure", "dossier")


def department_direct_counts(*, departments: list[Department]) -> dict[int, dict[str, int]]:
    """Procedures listed for and dossiers resolved by each department, two grouped queries for any number."""
    ids = [department.pk for department in departments]
    counts: dict[int, dict[str, int]] = {pk: {"procedures": 0, "dossiers": 0} for pk in ids}
    listed = Procedure.units.through.objects.filter(department_id__in=ids)
    for key, rows in (("procedures", listed), ("dossiers", Dossier.objects.filter(department_id__in=ids))):
        for row in rows.order_by().values("department_id").annotate(n=Count("pk")):
            counts[row["department_id"]][key] = row["n"]
    return counts
