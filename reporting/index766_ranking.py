"""The ranking of the national index (766): which units are ranked, in which section (provincial
agencies, districts and communes are ranked apart, as DVCQG ranks them), and their ranks by the total or
by a group; and the sentence a unit's generated paragraph says of its index."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from departments.models import Department
from procedures.organisation import CURRENT
from reporting.cache import memoised_catalogue
from reporting.index766 import UnitIndex, index766
from reporting.index766_rules import IndexResult
from reporting.index766_table import GROUPS
from reporting.results import Period
from reporting.summary import index766_sentence

TOTAL = "total"
SORTS = [TOTAL, *(group.code for group in GROUPS)]
# The sections, in the order DVCQG publishes them: a unit's kind decides its section.
SECTIONS = {
    "agencies": gettext_lazy("Sở, ban, ngành"),
    "districts": gettext_lazy("UBND cấp huyện"),
    "communes": gettext_lazy("UBND cấp xã"),
}
SECTION_KINDS = {Department.Kind.DISTRICT: "districts", Department.Kind.COMMUNE: "communes"}
# The section as a sentence names it ("xếp thứ 3/12 sở, ban, ngành"): UBND keeps its capitals.
AMONG = {
    "agencies": gettext_lazy("sở, ban, ngành"),
    "districts": gettext_lazy("UBND cấp huyện"),
    "communes": gettext_lazy("UBND cấp xã"),
}


def section_of(department: Department) -> str:
    return SECTION_KINDS.get(department.kind, "agencies")


def ranked_units(period: Period, structure: str) -> list[Department]:
    """The units the index ranks (one query, kept for the catalogue version): the top-level ones, in the
    current structure only those in being on the period's last day (the others' records are their
    successors')."""

    def compute() -> list[Department]:
        units = Department.objects.roots().order_by("code")
        if structure == CURRENT:
            units = units.existing_on(period.end)
        return list(units)

    day = period.end if structure == CURRENT else None
    return memoised_catalogue(("index766_ranked_units", day, structure), compute)


def sort_value(result: IndexResult, sort: str) -> float | None:
    """The figure a ranking is sorted by: the total, or a group's points."""
    if sort == TOTAL:
        return result.total
    return next(group.points for group in result.groups if group.code == sort)


def ranks(indexes: dict[int, UnitIndex], sort: str) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4) by the figure sorted by, largest first; a unit without it has none."""
    values = {pk: sort_value(index.result, sort) for pk, index in indexes.items()}
    scored = sorted((value for value in values.values() if value is not None), reverse=True)
    first: dict[float, int] = {}
    for position, value in enumerate(scored, start=1):
        first.setdefault(value, position)
    return {pk: first[value] for pk, value in values.items() if value is not None}


def place_of(
    department: Department, units: list[Department], indexes: dict[int, UnitIndex]
) -> tuple[int | None, int, str]:
    """(rank by total, units ranked, the section as a sentence names it, AMONG) of a ranked unit among
    those of its section; (None, 0, "") for a unit the index does not rank."""
    if department not in units:
        return None, 0, ""
    section = section_of(department)
    peers = {unit.pk: indexes[unit.pk] for unit in units if section_of(unit) == section}
    found = ranks(peers, TOTAL)
    return found.get(department.pk), len(found), str(AMONG[section])


def index766_summary(
    department: Department, period: Period, *, structure: str = CURRENT, today: date | None = None
) -> str:
    """The generated paragraph's sentence on the unit's index: its total, its rank among the units of
    its section (read with theirs in one index766 call) and its strongest and weakest group, for the
    last whole month of the page's period, the period DVCQG scores and publishes (none before today's
    month). A dossier written today leaves that month's index as it was, so the unit's page after a write
    costs no new scoring of every unit; "" where the period holds no whole month."""
    month = scored_month(period, today or timezone.localdate())
    if month is None:
        return ""
    units = ranked_units(month, structure)
    # A unit the index does not rank (a sub-unit, or one not in being) is read with those it does.
    targets = units if department in units else [*units, department]
    _province, indexes = index766(targets, month, structure=structure)
    rank, ranked, section = place_of(department, units, indexes)
    return index766_sentence(
        indexes[department.pk].result, rank=rank, ranked=ranked, among=section, month=month.start
    )


def scored_month(period: Period, today: date) -> Period | None:
    """The last whole month of the period that ended before today's month; None if there is none."""
    last = min(period.end, today.replace(day=1) - timedelta(days=1))
    month_end = (last + timedelta(days=1)).replace(day=1) - timedelta(days=1)
    if month_end != last:
        last = last.replace(day=1) - timedelta(days=1)
    start = last.replace(day=1)
    return Period(start, last) if start >= period.start else None
