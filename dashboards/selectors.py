"""Reads the dashboards add to the apps' own: a unit's dossiers in a structure, a receiving unit's
dossiers for others, and the list filter by receiving unit (?receiving_unit=<code>)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from cchc_portal.codes import normalise_code
from departments.models import Department
from procedures.models import Dossier
from procedures.organisation import CURRENT, Organisation
from procedures.selectors import dossier_list
from reporting.cache import organisation
from reporting.conditions import records_scope_q
from reporting.selectors import Listing, record_listing
from reporting.structures import unit_sources


def unit_dossiers(*, user: User, department: Department, structure: str) -> QuerySet:
    """The dossiers a unit's figures count in the structure (in the current one, those of the units it
    took over in the fields that passed to it), of those the user may see."""
    kept = organisation()
    scope = records_scope_q(department, structure=structure, organisation=kept)
    units = _units_within(kept, department, structure)
    return dossier_list(user=user).filter(scope, department_id__in=units)


def _units_within(kept: Organisation, department: Department, structure: str) -> list[int]:
    """Every unit whose dossiers the scope can hold (the unit's subtree and its predecessors', less the
    predecessors' sub-units all of whose records in the fields passed went elsewhere), a superset of it:
    as a list of ids it lets PostgreSQL read the unit page's latest dossiers through the department
    index rather than walking every dossier by date and matching its unit's path (a merged commune of a
    200,000-dossier province: 62 ms -> 4 ms). Leaving out the sub-units whose records went elsewhere
    matters as much: the district a merged commune took some fields of had thirty communes, each of which
    went to a commune of its own (a million dossiers: 32 units and 8,610 dossiers read for the page's ten
    latest, against 5 and 1,660)."""
    shares = [(department.path, ())]
    if structure == CURRENT:
        for share in unit_sources(kept, department.pk):
            gone = tuple(
                kept.units[unit_id].path
                for unit_id, fields in share.away
                if share.fields.minus(fields).is_empty
            )
            shares.append((kept.units[share.unit_id].path, gone))
    return sorted(
        pk
        for pk, unit in kept.units.items()
        if any(unit.path.startswith(path) and not unit.path.startswith(gone) for path, gone in shares)
    )


def listed_in_structure(
    *, user: User, params, listing: Listing, structure: str
) -> tuple[QuerySet, Department | None]:
    """A dossier list filtered by unit (not opened from a figure, which reporting already reads in its
    structure) lists, in the current structure, the unit's records as its figures count them: those of
    the units it took over too. Returns the rows and the unit when they were widened so."""
    filterset = listing.filterset
    department = filterset.form.cleaned_data.get("department") if filterset.is_valid() else None
    if listing.drilldown is not None or department is None or structure != CURRENT:
        return listing.rows, None
    kept = organisation()
    if not kept.sources(department.pk):
        return listing.rows, None
    unfiltered = params.copy()
    unfiltered.pop("department")
    rows = record_listing(user=user, params=unfiltered, records="dossiers").rows
    return rows.filter(records_scope_q(department, structure=structure, organisation=kept)), department


def received_for_others(department: Department) -> int:
    """Dossiers received by the unit (or a unit below it) that another unit resolves: a service
    centre's work, which its own figures (by resolving unit) do not show."""
    return (
        Dossier.objects.filter(receiving_unit__path__startswith=department.path)
        .exclude(department__path__startswith=department.path)
        .count()
    )


@dataclass(frozen=True)
class ReceivingFilter:
    rows: QuerySet
    unit: Department | None
    error: str


def filter_by_receiving_unit(rows: QuerySet, code: str | None) -> ReceivingFilter:
    """The dossiers a unit received (itself or a unit below it) for whichever unit resolves them. The
    rows stay those the user may see; the receiving unit itself need not be one of the user's."""
    if not code:
        return ReceivingFilter(rows, None, "")
    unit = Department.objects.filter(code=normalise_code(code)).first()
    if unit is None:
        message = _("Không tìm thấy đơn vị tiếp nhận có mã “%(code)s”.") % {"code": code}
        return ReceivingFilter(rows.none(), None, message)
    return ReceivingFilter(rows.filter(receiving_unit__path__startswith=unit.path), unit, "")
