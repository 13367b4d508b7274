"""Whose records a unit's figures add up, in each reporting structure (spec/organisation.md).

Structure `historical`: the unit's own records and its subtree's. Structure `current`: those, and the
records of every predecessor (procedures.organisation.Organisation.sources) in the fields that passed
to it. The dossier summary is kept per unit subtree and field (field 0: every field), so a scope is a
handful of summary rows, each added or taken away: a predecessor's every field is its field-0 row;
only some fields, those fields' rows; every field but some, its field-0 row less those fields' rows."""

from bisect import bisect_left
from collections.abc import Iterable

from django.utils.translation import gettext as _

from procedures.organisation import CURRENT, HISTORICAL, STRUCTURES, FieldSet, Organisation, Share
from reporting.models import DossierCount

# The summary rows a scope adds up: (department_id, field_id) → +1 or -1.
Weights = dict[tuple[int, int], int]
Sources = list[Share]

__all__ = ["CURRENT", "HISTORICAL", "STRUCTURES", "Sources", "Weights"]


def structure_error(value: str) -> str | None:
    """What is wrong with a `structure` someone typed, in Vietnamese; None when it is one of the two."""
    if value in STRUCTURES:
        return None
    return _(
        "Tham số structure phải là “current” (cơ cấu hiện tại) hoặc “historical” (tại thời điểm phát sinh), không phải “%(value)s”."
    ) % {"value": value}


def unit_sources(organisation: Organisation, target_id: int) -> Sources:
    """Organisation.sources, worked out once per unit for each organisation read (kept per data version,
    reporting.cache): a page asks for the same units' sources for each of its figures, and working them
    out again took 64 ms of the overview's 174 after a write (139 units, 318 successions)."""
    kept = organisation.__dict__.setdefault("_reporting_sources", {})
    if target_id not in kept:
        kept[target_id] = organisation.sources(target_id)
    return kept[target_id]


def sources_of(organisation: Organisation, target_ids: Iterable[int], structure: str) -> Sources:
    """The predecessors whose records the targets, taken together, report as their own, each with its
    fields and the units below it whose records went elsewhere: none in the historical structure, and
    none a target's subtree already holds, so that each record is added once."""
    ids = [pk for pk in target_ids if pk != DossierCount.PROVINCE]
    if structure == HISTORICAL or not ids:
        return []
    if len(ids) == 1:
        return unit_sources(organisation, ids[0])
    reached: dict[int, FieldSet] = {}
    for target_id in ids:
        for share in unit_sources(organisation, target_id):
            before = reached.get(share.unit_id)
            reached[share.unit_id] = share.fields if before is None else before.union(share.fields)
    targets = [organisation.units[pk] for pk in ids]
    return [
        Share(source_id, fields, organisation.passed_below(source_id, fields))
        for source_id, fields in reached.items()
        if not any(target.contains(organisation.units[source_id]) for target in targets)
    ]


def _add_fields(weights: Weights, unit_id: int, fields: FieldSet, sign: int) -> None:
    """A unit's summary rows of `fields`: its field-0 row for every field (less the rows of those left
    out), or the rows of the fields named."""

    def add(key: tuple[int, int], value: int) -> None:
        weights[key] = weights.get(key, 0) + value

    if fields.only is None:
        add((unit_id, DossierCount.ALL_FIELDS), sign)
        for field_id in fields.excluded:
            add((unit_id, field_id), -sign)
    else:
        for field_id in fields.only - fields.excluded:
            add((unit_id, field_id), sign)


def summary_weights(own_ids: Iterable[int], sources: Sources) -> Weights:
    """The summary rows (field 0 unless a predecessor passed only some fields) a scope adds up, and those
    it takes away (a predecessor's sub-units whose records went elsewhere)."""
    weights: Weights = {}
    for pk in own_ids:
        _add_fields(weights, pk, FieldSet(), 1)
    for share in sources:
        _add_fields(weights, share.unit_id, share.fields, 1)
        for unit_id, fields in share.away:
            _add_fields(weights, unit_id, fields, -1)
    return {key: sign for key, sign in weights.items() if sign}


def scope_weights(organisation: Organisation, own_ids: list[int], structure: str) -> Weights:
    """The summary rows of the records held by `own_ids` (subtrees that do not overlap) in a structure."""
    return summary_weights(own_ids, sources_of(organisation, own_ids, structure))


class Subtrees:
    """Units by path, so that a subtree is a slice of a sorted list rather than a scan of every unit."""

    def __init__(self, organisation: Organisation) -> None:
        ordered = sorted(organisation.units.values(), key=lambda unit: unit.path)
        self._paths = [unit.path for unit in ordered]
        self._ids = [unit.id for unit in ordered]
        self._organisation = organisation

    def of(self, unit_id: int) -> list[int]:
        path = self._organisation.units[unit_id].path
        first = bisect_left(self._paths, path)
        last = bisect_left(self._paths, path + "\uffff", lo=first)
        return self._ids[first:last]


def scope_units(organisation: Organisation, unit_id: int, structure: str) -> dict[int, FieldSet]:
    """Each unit whose dossiers a unit's figures count in a structure, with the fields they are counted
    in: its subtree in every field; in the current structure also each predecessor's subtree
    (unit_sources) in the fields that passed, less those of a sub-unit whose records went elsewhere.
    Units none of whose fields are left are not listed."""
    subtrees = _subtrees(organisation)
    scope = {pk: FieldSet() for pk in subtrees.of(unit_id)}
    if structure != CURRENT:
        return scope
    for share in unit_sources(organisation, unit_id):
        for pk in subtrees.of(share.unit_id):
            unit = organisation.units[pk]
            fields = share.fields
            for away_id, away_fields in share.away:
                if organisation.units[away_id].contains(unit):
                    fields = fields.minus(away_fields)
            if not fields.is_empty:
                scope[pk] = fields if pk not in scope else scope[pk].union(fields)
    return scope


def _subtrees(organisation: Organisation) -> Subtrees:
    """Subtrees, sorted once per organisation read (kept with it, as unit_sources' results are)."""
    kept = organisation.__dict__.get("_reporting_subtrees")
    if kept is None:
        kept = organisation.__dict__["_reporting_subtrees"] = Subtrees(organisation)
    return kept
