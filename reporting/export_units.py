"""The units and successions an export of the import layout names (sheets DonVi and KeThua), so that the
file carries what the import judges its procedures and dossiers on: the units with their kinds and
dates, and who succeeded whom (spec/organisation.md)."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from departments.models import Department
from procedures import workbook as wb
from procedures.models import Succession

KIND_LABELS = {value: label for label, value in wb.KINDS.items()}
LIST_JOIN = f"{wb.LIST_SEPARATOR} "


def successions_named(unit_ids: list[QuerySet]) -> list[Succession]:
    """The successions from or to the units the export names (`unit_ids`, subqueries), with their
    fields: what the import needs to judge the file's dossiers on the province as it is. A province
    has a few hundred at most."""
    named = Q()
    for ids in unit_ids:
        named |= Q(predecessor__in=ids) | Q(successor__in=ids)
    return list(
        Succession.objects.filter(named)
        .select_related("predecessor", "successor")
        .prefetch_related("fields")
        .order_by("effective_on", "predecessor__code", "successor__code")
    )


def succession_rows(successions: list[Succession]) -> Iterable[list]:
    for succession in successions:
        yield [
            succession.predecessor.code,
            succession.successor.code,
            succession.effective_on,
            LIST_JOIN.join(sorted(found.name for found in succession.fields.all())),
        ]


def unit_rows(unit_ids: list[QuerySet], successions: list[Succession]) -> Iterable[list]:
    """The units the export names and those its successions name, with their kinds and dates."""
    ends = {pk for s in successions for pk in (s.predecessor_id, s.successor_id)}
    named = Q(pk__in=ends)
    for ids in unit_ids:
        named |= Q(pk__in=ids)
    units = Department.objects.filter(named).select_related("parent").order_by("path")
    for unit in units:
        yield [
            unit.code,
            unit.name,
            unit.parent.code if unit.parent_id else None,
            KIND_LABELS[unit.kind],
            unit.valid_from,
            unit.valid_to,
        ]
