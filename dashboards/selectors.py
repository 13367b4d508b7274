"""Reads the dashboards add to the apps' own: a unit's dossiers in a structure, a receiving unit's
dossiers for others, and the list filter by receiving unit (?receiving_unit=<code>)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from cchc_portal.codes import normalise_code
from departments.models import Department
from procedures.models import Dossier
from procedures.organisation import CURRENT
from procedures.selectors import dossier_list
from reporting.cache import organisation
from reporting.conditions import records_scope_q
from reporting.selectors import Listing, record_listing


def unit_dossiers(*, user: User, department: Department, structure: str) -> QuerySet:
    """The dossiers a unit's figures count in the structure (in the current one, those of the units it
    took over in the fields that passed to it), of those the user may see."""
    scope = records_scope_q(department, structure=structure, organisation=organisation())
    return dossier_list(user=user).filter(scope)


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
    # The subtree by its keys, from the organisation each page keeps: joined to the units by path, the
    # planner judged by the province's busiest receiving centre and read all 1,000,000 dossiers (220 ms
    # after each write, where the page's target is 50 ms); by key, it looks up each unit's own share.
    subtree = [unit.id for unit in organisation().units.values() if unit.path.startswith(department.path)]
    return Dossier.objects.filter(receiving_unit_id__in=subtree).exclude(department_id__in=subtree).count()


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
