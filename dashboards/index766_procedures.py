"""The province's national index per procedure (/chi-so-766/toan-tinh/thu-tuc/): the dossier indicators
of each procedure with dossiers in the period, those with the most received first, a page at a time, and
all of them as a workbook.

Every procedure is counted (reporting.index766_procedures, kept until the next write) but only the page
shown is scored and read from the catalogue: scoring the province's two thousand procedures took most of
a second after each write. The page's queries are as many whatever the number of procedures or dossiers:
the counts and the procedures' codes, the procedures searched for, those of the page, the settings."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from accounts.models import User
from cchc_portal.listing import PAGE_SIZE
from dashboards.index766_pages import ProcedureTable, procedure_codes, procedure_lines
from departments.models import Department
from departments.selectors import top_departments, user_sees_all_departments
from procedures.models import Procedure
from reporting.index766_procedures import ProcedureCounts, ProcedureRow, counted_procedures, scored
from reporting.params import RecordLists
from reporting.results import Period


@dataclass(frozen=True)
class ProcedurePage:
    table: ProcedureTable  # the page's procedures
    page: Page  # of the procedures' pks, for the pagination
    # The units counted for a user who does not see the province (staff): theirs; empty for the province.
    units: list[Department]
    counted: int  # the procedures with dossiers in the period, before any search


@dataclass(frozen=True)
class Chosen:
    counts: dict[int, ProcedureCounts]
    order: list[int]  # the procedures found, most received first
    # The units counted for a user who does not see the province (staff): theirs; empty for the province.
    units: list[Department]


def _chosen(user: User, period: Period, structure: str, typed: str) -> Chosen:
    """The procedures whose code or name holds `typed` (with or without diacritics), counted. Staff are
    counted their own units' dossiers (the units the overview's figures are made of), as the record
    lists each count opens show them only their own."""
    units = None if user_sees_all_departments(user) else list(top_departments(user=user).order_by("code"))
    counted = counted_procedures(units, period, structure=structure)
    order = counted.order
    if typed:
        found = set(Procedure.objects.search(typed).values_list("pk", flat=True))
        order = [pk for pk in order if pk in found]
    return Chosen(counted.counts, order, units or [])


def procedure_page(
    *,
    user: User,
    period: Period,
    structure: str,
    typed: str,
    page_number: str | None,
    lists: RecordLists,
) -> ProcedurePage:
    """The procedures of the page asked for (a page past the last: the last; not a number: the first),
    among those found, scored."""
    chosen = _chosen(user, period, structure, typed)
    page = Paginator(chosen.order, PAGE_SIZE).get_page(page_number)
    procedures = Procedure.objects.in_bulk(list(page.object_list))
    rows = scored(chosen.counts, [procedures[pk] for pk in page.object_list], period)
    # Department None: each count opens the province's list, which shows staff their own records.
    table = ProcedureTable(procedure_codes(), procedure_lines(rows, period, None, structure, lists))
    return ProcedurePage(table, page, chosen.units, len(chosen.counts))


def workbook_rows(
    *, user: User, period: Period, structure: str, typed: str
) -> tuple[list[ProcedureRow], str]:
    """Every procedure found, scored, in the page's order, and whose dossiers they count. A download, once:
    scoring them all (most of a second for the province's two thousand) is its cost."""
    chosen = _chosen(user, period, structure, typed)
    procedures = Procedure.objects.in_bulk(chosen.order)
    rows = scored(chosen.counts, [procedures[pk] for pk in chosen.order], period)
    scope = ", ".join(unit.name for unit in chosen.units) if chosen.units else _("Toàn tỉnh")
    return rows, scope
