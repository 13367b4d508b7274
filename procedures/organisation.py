"""The province over time: which units are in being on a day, who carries out a procedure on a day, and
whose records a unit reports as its own in the current structure. Pure functions over the units and
successions (load_organisation reads them in two queries): 50,000 imported rows judged without a query.

- A unit is in being from `valid_from` to `valid_to` (blank: without bound).
- A succession passes a predecessor's fields (none named: every field its other successions do not
  name) to a successor from `effective_on`; successions chain.
- A provincial procedure is carried out by the units listed for it; a commune- or district-level one by
  those listed or, with none listed, by every unit of that kind in being. A listed unit that ended passes
  the procedure to its successor for the procedure's field.
- Structure `current`: a unit's figures are its own and its subtree's records, and those of every
  predecessor (transitively) in the fields that passed to it. Structure `historical`: its own and its
  subtree's only."""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

CURRENT, HISTORICAL = "current", "historical"
STRUCTURES = (CURRENT, HISTORICAL)
LEVEL_KINDS = {"commune": "commune", "district": "district"}


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    path: str
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None

    def exists_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def contains(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)


@dataclass(frozen=True)
class Link:
    """One succession: `fields` empty means every field the predecessor's other links do not name."""

    predecessor_id: int
    successor_id: int
    effective_on: date
    fields: frozenset[int] = frozenset()


@dataclass(frozen=True)
class FieldSet:
    """A set of procedure fields: `only` those (None: every field), less `excluded`."""

    only: frozenset[int] | None = None
    excluded: frozenset[int] = frozenset()

    def __contains__(self, field_id: int) -> bool:
        return (self.only is None or field_id in self.only) and field_id not in self.excluded

    @property
    def is_everything(self) -> bool:
        return self.only is None and not self.excluded

    @property
    def is_empty(self) -> bool:
        return self.only is not None and not (self.only - self.excluded)

    def intersect(self, other: "FieldSet") -> "FieldSet":
        if self.only is None and other.only is None:
            return FieldSet(None, self.excluded | other.excluded)
        only = (
            self.only if other.only is None else other.only if self.only is None else self.only & other.only
        )
        return FieldSet(only - self.excluded - other.excluded)

    def union(self, other: "FieldSet") -> "FieldSet":
        a, b = self._normal(), other._normal()
        if a.only is not None and b.only is not None:
            return FieldSet(a.only | b.only)
        if a.only is None and b.only is None:
            return FieldSet(None, a.excluded & b.excluded)
        universal, finite = (a, b) if a.only is None else (b, a)
        return FieldSet(None, universal.excluded - finite.only)

    def minus(self, other: "FieldSet") -> "FieldSet":
        o = other._normal()
        if o.only is None:
            # What is left of self is within the fields `other` leaves out.
            return self.intersect(FieldSet(o.excluded))
        return FieldSet(self.only, self.excluded | o.only)._normal()

    def _normal(self) -> "FieldSet":
        if self.only is None:
            return self
        return FieldSet(self.only - self.excluded)


EVERYTHING = FieldSet()


@dataclass(frozen=True)
class CarriedProcedure:
    """What the rules need of a procedure: its level, field and the units listed for it."""

    level: str
    field_id: int
    unit_ids: frozenset[int] = frozenset()


@dataclass
class Organisation:
    """The units and successions as given, never changed afterwards (with_end gives another): what is
    worked out of them is kept."""

    units: dict[int, Unit]
    links: list[Link] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_predecessor: dict[int, list[Link]] = {}
        self._by_successor: dict[int, list[Link]] = {}
        self._by_code = {unit.code: unit for unit in self.units.values()}
        for link in self.links:
            self._by_predecessor.setdefault(link.predecessor_id, []).append(link)
            self._by_successor.setdefault(link.successor_id, []).append(link)
        # The days on which a unit begins, or the day after one ends: who carries out what is the same
        # on every day from one of them to the next, so carries() answers once for each such stretch
        # (judging 50,000 national records: 1.39–1.42 s, against 1.51–1.56 s working it out for each).
        self._turns = sorted(
            {unit.valid_from for unit in self.units.values() if unit.valid_from}
            | {unit.valid_to + timedelta(days=1) for unit in self.units.values() if unit.valid_to}
        )
        self._carries: dict[tuple[CarriedProcedure, int, int], bool] = {}

    @classmethod
    def of(cls, units: Iterable[Unit], links: Iterable[Link] = ()) -> "Organisation":
        return cls({unit.id: unit for unit in units}, list(links))

    def with_end(self, unit_id: int, valid_to: date) -> "Organisation":
        """The same province with the unit ending on `valid_to`."""
        units = {**self.units, unit_id: replace(self.units[unit_id], valid_to=valid_to)}
        return Organisation(units, self.links)

    # -- Successions --------------------------------------------------------------------------------------

    def successions_of(self, unit_id: int) -> list[Link]:
        return self._by_predecessor.get(unit_id, [])

    def predecessors_of(self, unit_id: int) -> list[Link]:
        return self._by_successor.get(unit_id, [])

    def link_fields(self, link: Link) -> FieldSet:
        """The fields a link passes: those it names, or every field its siblings do not name."""
        if link.fields:
            return FieldSet(link.fields)
        named = frozenset().union(*(other.fields for other in self.successions_of(link.predecessor_id)))
        return FieldSet(None, named)

    def successor_for(self, unit_id: int, field_id: int | None) -> Link | None:
        """The succession that takes `field_id` of this unit (None: the one that takes every other field)."""
        fallback = None
        for link in self.successions_of(unit_id):
            if field_id is not None and field_id in link.fields:
                return link
            if not link.fields:
                fallback = link
        return fallback

    def effective_unit(self, unit_id: int, field_id: int | None, day: date) -> int | None:
        """The unit that does on `day` the work `unit_id` did in `field_id`: itself while in being, then
        its successors along the chain; None before it began or when nobody took that field over."""
        seen: set[int] = set()
        while unit_id not in seen:
            seen.add(unit_id)
            unit = self.units[unit_id]
            if unit.valid_from and day < unit.valid_from:
                return None
            if unit.valid_to is None or day <= unit.valid_to:
                return unit_id
            link = self.successor_for(unit_id, field_id)
            if link is None:
                return None
            unit_id = link.successor_id
        return None

    def final_successor(self, unit_id: int) -> Unit | None:
        """Where a unit's open work now shows: the end of its chain of (field-less first) successions."""
        link = self.successor_for(unit_id, None) or next(iter(self.successions_of(unit_id)), None)
        seen = {unit_id}
        while link is not None and link.successor_id not in seen:
            unit_id = link.successor_id
            seen.add(unit_id)
            link = self.successor_for(unit_id, None) or next(iter(self.successions_of(unit_id)), None)
        return self.units[unit_id] if len(seen) > 1 else None

    # -- Who carries out a procedure -----------------------------------------------------------------------

    def carriers_on(self, procedure: CarriedProcedure, day: date) -> set[int]:
        if procedure.unit_ids:
            carriers = {
                self.effective_unit(unit_id, procedure.field_id, day) for unit_id in procedure.unit_ids
            }
            return {unit_id for unit_id in carriers if unit_id is not None}
        kind = LEVEL_KINDS.get(procedure.level)
        if kind is None:
            return set()
        return {unit.id for unit in self.units.values() if unit.kind == kind and unit.exists_on(day)}

    def carries(self, procedure: CarriedProcedure, unit_id: int, day: date) -> bool:
        """The unit carries the procedure out on `day`, itself or as part of a unit that does."""
        key = (procedure, unit_id, bisect_right(self._turns, day))
        found = self._carries.get(key)
        if found is None:
            found = self._carries[key] = self._carries_on(procedure, unit_id, day)
        return found

    def _carries_on(self, procedure: CarriedProcedure, unit_id: int, day: date) -> bool:
        unit = self.units[unit_id]
        if procedure.unit_ids:
            return any(self.units[carrier].contains(unit) for carrier in self.carriers_on(procedure, day))
        kind = LEVEL_KINDS.get(procedure.level)
        return kind is not None and any(
            above.kind == kind and above.exists_on(day) for above in self.ancestors_and_self(unit)
        )

    def ancestors_and_self(self, unit: Unit) -> list[Unit]:
        codes = unit.path.strip("/").split("/")
        return [self._by_code[code] for code in codes if code in self._by_code]

    # -- Reporting structures ----------------------------------------------------------------------------

    def sources(self, target_id: int) -> list["Share"]:
        """The predecessors (transitively) whose records `target_id` reports as its own in the current
        structure, each with the fields that passed to it and the units below it whose records went
        elsewhere: each record once, none that its own subtree already holds."""
        reached: dict[int, FieldSet] = {}
        queue = [(target_id, EVERYTHING)]
        while queue:
            unit_id, fields = queue.pop()
            for link in self.predecessors_of(unit_id):
                passed = fields.intersect(self.link_fields(link))
                source = link.predecessor_id
                before = reached.get(source)
                now = passed if before is None else before.union(passed)
                if passed.is_empty or now == before:
                    continue
                reached[source] = now
                queue.append((source, passed))
        target = self.units[target_id]
        shares = [
            Share(source_id, fields, self.passed_below(source_id, fields))
            for source_id, fields in reached.items()
            if not target.contains(self.units[source_id])
        ]
        return sorted(shares, key=lambda share: self.units[share.unit_id].path)

    def passed_on(self, unit_id: int) -> FieldSet:
        """The fields a unit's own successions pass on (nothing when it has none)."""
        passed = FieldSet(frozenset())
        for link in self.successions_of(unit_id):
            passed = passed.union(self.link_fields(link))
        return passed

    def passed_below(self, source_id: int, fields: FieldSet) -> tuple[tuple[int, FieldSet], ...]:
        """The units below `source_id` with successions of their own, each with the fields (among
        `fields`) whose records they pass on themselves rather than with the source: a district's records
        go to its seat's commune, but those of its communes to each commune's own successor. Outermost
        first, each without what an outer one already takes away."""
        source = self.units[source_id]
        below = sorted(
            (
                self.units[pk]
                for pk in self._by_predecessor
                if pk != source_id and source.contains(self.units[pk])
            ),
            key=lambda unit: unit.path,
        )
        taken: list[tuple[int, FieldSet]] = []
        for unit in below:
            away = fields.intersect(self.passed_on(unit.id))
            for outer_id, outer in taken:
                if self.units[outer_id].contains(unit):
                    away = away.minus(outer)
            if not away.is_empty:
                taken.append((unit.id, away))
        return tuple(taken)


class Share(NamedTuple):
    """A predecessor's records a unit reports as its own: those of its subtree in `fields`, less those of
    each unit of `away` in that unit's fields."""

    unit_id: int
    fields: FieldSet
    away: tuple[tuple[int, FieldSet], ...] = ()
