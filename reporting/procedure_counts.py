"""Procedure figures (procedures_total, reduced, online levels…) of units on a day: the procedures that a
unit, its subtree and (structure `current`) its predecessors in the fields that passed to it carry out
on that day, each procedure once per unit (spec/organisation.md).

The catalogue is read in one grouped query: procedures listing one unit grouped by that unit and their
field, procedures listing none by their level and field, and each procedure listing several units on
its own (rare). Who carries out each group on the day (procedures.organisation.Organisation.carriers_on)
and which units that counts for are then worked out over those few groups, never over units one by one
in the database: the queries are the same for one unit or all of them, whatever the catalogue."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast

from procedures.models import Procedure
from procedures.organisation import CURRENT, CarriedProcedure, FieldSet, Organisation
from reporting.conditions import procedure_conditions
from reporting.counts import Counts
from reporting.structures import Subtrees, unit_sources

_THROUGH = Procedure.units.through


@dataclass(frozen=True)
class Group:
    """Procedures that are carried out by the same units on any day: their counts, taken together."""

    unit_ids: frozenset[int]
    level: str
    field_id: int
    shared_pk: int  # a procedure listing several units is a group of its own; 0 otherwise
    counts: tuple[tuple[str, float], ...]

    @property
    def key(self) -> tuple:
        return group_key(self.unit_ids, self.level, self.field_id, procedure_pk=self.shared_pk)


def group_key(unit_ids: frozenset[int], level: str, field_id: int, *, procedure_pk: int = 0) -> tuple:
    """The group of a procedure listing `unit_ids`: one listing several units is a group of its own
    (known by its pk, the Group's shared_pk); one listing one unit goes with that unit's others of its
    level and field; one listing none with every procedure of its level and field listing none (as
    catalogue_groups groups the catalogue in its query)."""
    if len(unit_ids) > 1:
        return ("shared", procedure_pk)
    if unit_ids:
        return ("unit", next(iter(unit_ids)), level, field_id)
    return ("level", level, field_id)


def catalogue_groups(conditions: dict[str, Q] | None = None) -> list[Group]:
    """The catalogue's counts by group, in one query: of procedure_conditions() (with the sum of the
    reductions), or of the `conditions` given."""
    reductions = conditions is None
    conditions = procedure_conditions() if conditions is None else conditions
    reduction = (F("statutory_days") - F("reduced_days")) * 100.0 / Cast("statutory_days", FloatField())
    several = _THROUGH.objects.values("procedure_id").annotate(n=Count("pk")).filter(n__gt=1)
    shared = Case(
        When(pk__in=several.values("procedure_id"), then=F("pk")),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        Procedure.objects.order_by()
        .values("units", "level", "field_id", shared=shared)
        .annotate(
            **{code: Count("pk", filter=condition) for code, condition in conditions.items()},
            **(
                {
                    "reduction_pct_sum": Sum(
                        reduction, filter=conditions["procedures_reduced"], output_field=FloatField()
                    )
                }
                if reductions
                else {}
            ),
        )
    )
    groups: dict[tuple, tuple[set[int], tuple]] = {}
    for row in rows:
        unit_id, shared_pk = row.pop("units"), row.pop("shared")
        key = (shared_pk or unit_id, row.pop("level"), row.pop("field_id"), shared_pk)
        # A procedure listing several units comes once per unit, with the same counts each time.
        units, _counts = groups.setdefault(key, (set(), tuple(sorted(row.items()))))
        if unit_id is not None:
            units.add(unit_id)
    return [
        Group(frozenset(units), level, field_id, shared_pk, counts)
        for (_first, level, field_id, shared_pk), (units, counts) in groups.items()
    ]


@dataclass
class Carried:
    """The groups each target counts on the day, and those anyone carries out then (the province's)."""

    by_target: dict[int, list[Group]]
    anywhere: list[Group]


def carried_by(
    organisation: Organisation, groups: list[Group], target_ids: list[int], day: date, structure: str
) -> Carried:
    """Which groups each target counts on `day`: those carried out that day by a unit of its subtree
    or, in the current structure, of a predecessor's subtree in a field that passed to it."""
    reach = target_reach(organisation, target_ids, structure)
    by_level: dict[str, dict[int, FieldSet | None]] = {}
    by_target: dict[int, list[Group]] = {pk: [] for pk in target_ids}
    anywhere = []
    for group in groups:
        carriers = organisation.carriers_on(
            CarriedProcedure(group.level, group.field_id, group.unit_ids), day
        )
        if not carriers:
            continue
        anywhere.append(group)
        if not group.unit_ids and group.level not in by_level:
            # Every unit of a kind carries the level's procedures: what they reach is the same for each.
            by_level[group.level] = _reached(reach, carriers)
        reached = by_level[group.level] if not group.unit_ids else _reached(reach, carriers)
        for target_id, fields in reached.items():
            if fields is None or group.field_id in fields:
                by_target[target_id].append(group)
    return Carried(by_target, anywhere)


def target_reach(organisation: Organisation, target_ids: list[int], structure: str) -> dict[int, list]:
    """For each unit, the targets a procedure it carries out counts for, with the fields it counts in
    (None: every field): the targets above it, and in the current structure those it is a predecessor of
    (or lies under one)."""
    # Kept with the organisation (reporting.cache keeps it while it does not change).
    kept = organisation.__dict__.setdefault("_reporting_reach", {})
    key = (tuple(target_ids), structure)
    if key not in kept:
        if len(kept) >= 50:
            kept.clear()
        kept[key] = _reach_now(organisation, target_ids, structure)
    return kept[key]


def _reach_now(organisation: Organisation, target_ids: list[int], structure: str) -> dict[int, list]:
    reach: dict[int, list] = defaultdict(list)
    subtrees = Subtrees(organisation)
    for target_id in target_ids:
        for unit_id in subtrees.of(target_id):
            reach[unit_id].append((target_id, None))
        if structure == CURRENT:
            for share in unit_sources(organisation, target_id):
                for unit_id in subtrees.of(share.unit_id):
                    fields = share.fields
                    for away_id, away in share.away:
                        if organisation.units[away_id].contains(organisation.units[unit_id]):
                            fields = fields.minus(away)
                    if not fields.is_empty:
                        reach[unit_id].append((target_id, fields))
    return reach


def _reached(reach: dict[int, list], carriers: set[int]) -> dict[int, FieldSet | None]:
    reached: dict[int, FieldSet | None] = {}
    for carrier in carriers:
        for target_id, fields in reach.get(carrier, ()):
            before = reached.get(target_id, fields)
            reached[target_id] = None if before is None or fields is None else before.union(fields)
    return reached


def add_groups(groups: list[Group]) -> Counts:
    total: Counts = defaultdict(float)
    for group in groups:
        for code, value in group.counts:
            total[code] += value or 0
    return total


def procedure_scope_q(groups: list[Group]) -> Q:
    """The procedures behind a unit's procedure figures (carried_by(...).by_target[unit]), as a
    condition over procedures for the drill-down list: exactly those the figures counted."""
    listed: dict[int, set[int]] = defaultdict(set)
    unlisted: dict[str, set[int]] = defaultdict(set)
    shared: list[int] = []
    for group in groups:
        if group.shared_pk:
            shared.append(group.shared_pk)
        elif group.unit_ids:
            listed[next(iter(group.unit_ids))].add(group.field_id)
        else:
            unlisted[group.level].add(group.field_id)
    scope = Q(pk__in=shared)
    if listed:
        pairs = Q(pk__in=[])
        for unit_id, fields in listed.items():
            pairs |= Q(department_id=unit_id, procedure__field_id__in=sorted(fields))
        # Only procedures listing that one unit: one listing several is counted (and listed) by its pk.
        single = _THROUGH.objects.values("procedure_id").annotate(n=Count("pk")).filter(n=1)
        scope |= Q(
            pk__in=_THROUGH.objects.filter(pairs, procedure_id__in=single.values("procedure_id")).values(
                "procedure_id"
            )
        )
    for level, fields in unlisted.items():
        scope |= Q(level=level, field_id__in=sorted(fields)) & ~Q(
            pk__in=_THROUGH.objects.values("procedure_id")
        )
    return scope
