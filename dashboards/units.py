"""Units over time on the pages: the unit list as a tree in either structure, and what a unit's page says
of its past (ended, taken over by, took over from). The rules are procedures.organisation's; this module
only places units for display."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from departments.models import Department
from procedures.models import Field
from procedures.organisation import CURRENT, Organisation, Unit


def unit_dates(valid_from: date | None, valid_to: date | None) -> str:
    """A unit's dates as the pages print them: "01/01/2019 – 28/02/2025", "đến 28/02/2025" (no start
    known), "từ 01/07/2025", or "" (without bounds)."""
    if valid_to is not None:
        return f"{valid_from:%d/%m/%Y} – {valid_to:%d/%m/%Y}" if valid_from else f"đến {valid_to:%d/%m/%Y}"
    if valid_from is not None:
        return f"từ {valid_from:%d/%m/%Y}"
    return ""


@dataclass(frozen=True)
class TreeRow:
    department: Department
    depth: int
    ended: bool
    dates: str
    # In the current structure, the successor an ended unit is listed under.
    successor: Department | None = None


def unit_tree(departments: list[Department], organisation: Organisation, structure: str) -> list[TreeRow]:
    """The units in tree order. In the historical structure the tree as it was; in the current one a unit
    that ended is listed (with its own sub-units) under the unit that took it over, if the user sees it.
    Ended units are marked either way, with their dates."""
    by_pk = {department.pk: department for department in departments}
    placed_under: dict[int | None, list[Department]] = {}
    successor_of: dict[int, Department] = {}
    for department in departments:
        parent_id = department.parent_id if department.parent_id in by_pk else None
        if structure == CURRENT and department.has_ended:
            successor = organisation.final_successor(department.pk)
            # A unit taken over by one of its own sub-units keeps its place (its tree would loop).
            if (
                successor is not None
                and successor.id in by_pk
                and not successor.path.startswith(department.path)
            ):
                parent_id = successor.id
                successor_of[department.pk] = by_pk[successor.id]
        placed_under.setdefault(parent_id, []).append(department)

    rows: list[TreeRow] = []
    seen: set[int] = set()

    def visit(parent_id: int | None, depth: int) -> None:
        # A unit's own sub-units first, then the units it took over, each group in code order.
        children = sorted(placed_under.get(parent_id, []), key=lambda d: (d.pk in successor_of, d.path))
        for child in children:
            if child.pk in seen:
                continue
            seen.add(child.pk)
            dates = unit_dates(child.valid_from, child.valid_to)
            rows.append(TreeRow(child, depth, child.has_ended, dates, successor_of.get(child.pk)))
            visit(child.pk, depth + 1)

    visit(None, 0)
    return rows


def tree_totals(rows: list[TreeRow], own: dict[int, int]) -> dict[int, int]:
    """Each listed unit's count with those of the units listed below it (its sub-units and, in the current
    structure, the units it took over), from each unit's own count: a Sở's total is its whole tree's, as
    its page counts it."""
    totals: dict[int, int] = {}
    # Read bottom up: the totals of a unit's children wait at their depth until the unit is reached.
    waiting: dict[int, int] = defaultdict(int)
    for row in reversed(rows):
        pk = row.department.pk
        totals[pk] = own.get(pk, 0) + waiting.pop(row.depth + 1, 0)
        waiting[row.depth] += totals[pk]
    return totals


@dataclass(frozen=True)
class UnitLink:
    code: str
    name: str
    url: str
    effective_on: date
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UnitHistory:
    """What a unit's page says of its past: its dates, who took it over, whom it took over."""

    ended: bool
    dates: str
    successors: list[UnitLink]
    predecessors: list[UnitLink]

    @property
    def has_anything(self) -> bool:
        return bool(self.ended or self.dates or self.successors or self.predecessors)


def _link(unit: Unit, effective_on: date, fields: frozenset[int], field_names: dict[int, str]) -> UnitLink:
    url = reverse("dashboards:department", kwargs={"code": unit.code})
    names = sorted(field_names.get(pk, str(pk)) for pk in fields)
    return UnitLink(unit.code, unit.name, url, effective_on, names)


def unit_history(department: Department, organisation: Organisation) -> UnitHistory:
    units = organisation.units
    links = [*organisation.successions_of(department.pk), *organisation.predecessors_of(department.pk)]
    named = set().union(*(link.fields for link in links))
    # The fields' names are read only for a unit split by field (one query).
    field_names = dict(Field.objects.filter(pk__in=named).values_list("pk", "name")) if named else {}
    successors = [
        _link(units[link.successor_id], link.effective_on, link.fields, field_names)
        for link in organisation.successions_of(department.pk)
    ]
    predecessors = [
        _link(units[link.predecessor_id], link.effective_on, link.fields, field_names)
        for link in organisation.predecessors_of(department.pk)
    ]
    return UnitHistory(
        ended=department.has_ended,
        dates=unit_dates(department.valid_from, department.valid_to),
        successors=sorted(successors, key=lambda link: link.code),
        predecessors=sorted(predecessors, key=lambda link: link.code),
    )
