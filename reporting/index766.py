"""The national service-quality index (Quyết định 766) of any units and of the whole province, for a period
and a structure: every indicator of reporting.index766_rules measured from the records and scored with the
values in force on the period's first day.

Where each measure comes from:
- the dossier summary (reporting.counts), as fresh as every other dossier figure: 1.4, 2.1, 3.3, 3.6,
  4.1-4.5b and the dossier shares of 5.4;
- the catalogue carried out on the period's last day (reporting.procedure_counts): the denominators of
  3.1, 3.2, 3.5, 3.5b and 4.5a, and the numerators of 3.1 and 3.5;
- the procedures with at least one dossier of a kind in the period (3.2, 3.5b, 4.5a): the dossiers of the
  period with one of those facts, grouped by unit, field and procedure in one query;
- the records no dossier holds (reporting.index766_records): 1.1-1.3, 4.2b, 5.2, 5.3;
- the petitions naming a dossier received in the period, for 5.4.
The queries are the same for one unit or all of them, whatever the number of records."""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count

from departments.models import Department
from procedures.models import Procedure
from procedures.organisation import CURRENT, Organisation
from reporting.cache import memoised, memoised_catalogue
from reporting.cache import organisation as current_organisation
from reporting.conditions import (
    index_procedure_conditions,
)
from reporting.counts import Counts, scope_rows, weigh
from reporting.index766_reads import KINDS, Activity, kinds_received, petition_groups, processing_days
from reporting.index766_records import record_measures
from reporting.index766_rules import IndexResult, Measure, assemble, settings_in_force
from reporting.models import DossierCount
from reporting.procedure_counts import (
    Group,
    add_groups,
    carried_by,
    catalogue_groups,
    group_key,
    target_reach,
)
from reporting.results import Period
from reporting.structures import scope_weights

PROVINCE = DossierCount.PROVINCE

# The dossier measures read from the summary: code → (numerator, denominator) of reporting.counts.
_DOSSIER_RATIOS = {
    "1.4": ("synced", "received"),
    "3.3": ("online_counted", "received"),
    "3.6": ("fee_paid_online", "fee_due"),
    "4.1": ("paper_e_result", "paper_required"),
    "4.2": ("digitised_complete", "received"),
    "4.3": ("reused", "received"),
    "4.4": ("from_store", "received"),
    "4.5b": ("population", "received"),
}
# The procedures with at least one dossier of a kind in the period: code → (the kind, the catalogue
# count that is the denominator, the fact a procedure must have to be in it).
_ACTIVE = {
    "3.2": ("online", "offered_online"),
    "3.5b": ("paid_online", "with_fees"),
    "4.5a": ("population", "for_citizens"),
}


@dataclass(frozen=True)
class UnitIndex:
    """The index of one unit (None: the whole province) for a period in a structure."""

    department: Department | None
    period: Period
    structure: str
    result: IndexResult
    measures: dict[str, Measure] = field(default_factory=dict, compare=False, repr=False)

    def as_json(self) -> dict:
        department = self.department.code if self.department else "TINH"
        period = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()}
        return {
            "department": department,
            "period": period,
            "structure": self.structure,
        } | self.result.as_json()


def index766(
    targets: list[Department], period: Period, *, structure: str = CURRENT
) -> tuple[UnitIndex, dict[int, UnitIndex]]:
    """The province's index and each target's (its subtree, and in the current structure its
    predecessors' records in the fields that passed to it), in a fixed number of queries."""
    key = ("index766", tuple(t.pk for t in targets), period, structure)
    return memoised(key, lambda: _index_now(targets, period, structure))


def unit_index766(department: Department | None, period: Period, *, structure: str = CURRENT) -> UnitIndex:
    """One unit's index (None: the province's), with 2.2, the mean processing time, which a ranking
    leaves out (it is shown, never scored): it is read from the unit's dossiers of the period."""
    key = ("index766_unit", department.pk if department else None, period, structure)

    def compute() -> UnitIndex:
        province, units = index766([department] if department else [], period, structure=structure)
        found = units[department.pk] if department else province
        kept = _kept([department] if department else [], period, structure)
        days = processing_days(department, period, structure)
        return replace(found, result=assemble(found.measures | {"2.2": days[None]}, kept.settings))

    return memoised(key, compute)


@dataclass(slots=True)
class _Kept:
    """What an index needs besides the dossiers: no dossier written changes it (the petitions, decisions,
    declarations and settings move the catalogue version, reporting migration 0020), so it is kept for the
    catalogue version (reporting.cache); with each unit's last index and the measures it was built from,
    so that after a dossier is saved only the units whose measures changed are scored again."""

    scopes: dict[Hashable, object]
    catalogue: "_Catalogue"
    records: dict[int, dict[str, Measure]]
    settings: dict
    built: dict[int, tuple[dict[str, Measure], UnitIndex]] = field(default_factory=dict)
    last: "_Last | None" = None


@dataclass(frozen=True, slots=True)
class _Last:
    """An index's last answer and what it was computed from. The reads kept across writes (the summary's
    rows, the procedures with a dossier of a kind, the petitioned dossiers by unit) come back as the very
    objects they were when no write since changed what the period reads (reporting.cache.SummaryReads:
    a dossier received today, for any month before this one): the answer stands with nothing weighed.
    Read again, only the rows a write changed are new objects: a unit whose summary rows are all the
    ones it was weighed from (counts weighed again only for those, reporting.counts.weigh), with the same
    procedures of a kind and petitioned dossiers, keeps its index with nothing scored again."""

    rows: object
    activity: object
    groups: object
    counts: dict
    petitioned: dict
    active: dict
    answer: tuple


def _kept(targets: list[Department], period: Period, structure: str) -> _Kept:
    def compute() -> _Kept:
        organisation = current_organisation()
        ids = [t.pk for t in targets]
        scopes: dict[Hashable, object] = {pk: scope_weights(organisation, [pk], structure) for pk in ids}
        scopes[PROVINCE] = scope_weights(organisation, [PROVINCE], structure)
        return _Kept(
            scopes,
            _catalogue(organisation, ids, period.end, structure),
            record_measures(targets, period, structure, organisation=organisation),
            settings_in_force(period.start),
        )

    key = ("index766_kept", tuple(t.pk for t in targets), period, structure)
    return memoised_catalogue(key, compute)


def _index_now(
    targets: list[Department], period: Period, structure: str
) -> tuple[UnitIndex, dict[int, UnitIndex]]:
    organisation = current_organisation()
    ids = [t.pk for t in targets]
    kept = _kept(targets, period, structure)
    rows, activity, groups = scope_rows(kept.scopes, period), kinds_received(period), petition_groups(period)
    last = kept.last
    if last is None:
        counts = weigh(kept.scopes, rows)
        active = _active_procedures(organisation, ids, structure, kept.catalogue, activity)
    elif last.rows is rows and last.activity is activity and last.groups is groups:
        return last.answer
    else:
        counts = weigh(kept.scopes, rows, last=(last.rows, last.counts))
        same = last.activity is activity
        active = (
            last.active
            if same
            else _active_procedures(organisation, ids, structure, kept.catalogue, activity)
        )
    petitioned = _petitioned_dossiers(organisation, ids, groups, structure)

    def unit(pk: int, department: Department | None) -> UnitIndex:
        if (
            last is not None
            and counts[pk] is last.counts[pk]
            and active[pk] == last.active[pk]
            and petitioned.get(pk, 0) == last.petitioned.get(pk, 0)
        ):
            return last.answer[1][pk] if department else last.answer[0]
        measures = dossier_measures(counts[pk], petitioned.get(pk, 0))
        measures |= _catalogue_measures(kept.catalogue.counts[pk], active[pk])
        measures |= kept.records.get(pk, {})
        built = kept.built.get(pk)
        if built is not None and built[0] == measures:
            return built[1]
        result = UnitIndex(department, period, structure, assemble(measures, kept.settings), measures)
        kept.built[pk] = (measures, result)
        return result

    answer = unit(PROVINCE, None), {t.pk: unit(t.pk, t) for t in targets}
    kept.last = _Last(rows, activity, groups, counts, petitioned, active, answer)
    return answer


# -- From the dossier summary ----------------------------------------------------------------------------------


def dossier_measures(c: Counts, petitioned: int) -> dict[str, Measure]:
    measures = {
        code: Measure(int(c[numerator]), int(c[denominator]))
        for code, (numerator, denominator) in _DOSSIER_RATIOS.items()
    }
    # 2.1 by the DVCQG rule: finished on time whatever the outcome, and in progress not yet late.
    finished, in_progress = int(c["finished"]), int(c["in_progress"])
    measures["2.1"] = Measure(
        int(c["dvcqg_on_time"]) + in_progress - int(c["dvcqg_in_progress_late"]), finished + in_progress
    )
    # 5.4: 100% less the late share of the dossiers finished and the share of those received with a
    # petition or a dissatisfied rating.
    late = finished - int(c["dvcqg_on_time"])
    flagged = int(c["dissatisfied_received"]) + petitioned
    measures["5.4"] = Measure(parts=((late, finished), (flagged, int(c["received"]))))
    return measures


# -- From the catalogue ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    counts: dict[int, Counts]  # each target's and the province's catalogue counts
    # For each target and the province, the procedures it carries out in the catalogue count of each
    # code of _ACTIVE: those a dossier of the kind can bring into its numerator.
    among: dict[int, dict[str, frozenset[int]]]


def _catalogue(organisation: Organisation, ids: list[int], day: date, structure: str) -> _Catalogue:
    def compute() -> _Catalogue:
        groups = memoised_catalogue(
            ("index766_groups",), lambda: catalogue_groups(index_procedure_conditions())
        )
        carried = carried_by(organisation, groups, ids, day, structure)
        lists: dict[int, list[Group]] = {**carried.by_target, PROVINCE: carried.anywhere}
        by_group: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for pk, procedure in _procedure_facts().items():
            for code in procedure.facts:
                by_group[procedure.key][code].append(pk)
        among = {}
        for pk, found in lists.items():
            keys = {group.key for group in found}
            among[pk] = {
                code: frozenset(p for key in keys for p in by_group.get(key, {}).get(code, ()))
                for code in _ACTIVE
            }
        return _Catalogue(counts={pk: add_groups(found) for pk, found in lists.items()}, among=among)

    return memoised_catalogue(("index766_catalogue", tuple(ids), day, structure), compute)


def _catalogue_measures(c: Counts, active: dict[str, int]) -> dict[str, Measure]:
    def count(code: str) -> int:
        return int(c.get(code) or 0)

    measures = {
        "3.1": Measure(count("offered_online"), count("carried")),
        "3.5": Measure(count("fees_integrated"), count("with_fees")),
    }
    for code, (_kind, among) in _ACTIVE.items():
        measures[code] = Measure(active[code], count(among))
    return measures


@dataclass(frozen=True)
class _ProcedureFacts:
    key: tuple
    facts: frozenset[str]  # the codes of _ACTIVE in whose catalogue count the procedure is


def _procedure_facts() -> dict[int, _ProcedureFacts]:
    """Each procedure's group (as procedure_counts groups the catalogue) and the catalogue counts of
    _ACTIVE it is in, kept for the catalogue version."""

    def compute() -> dict[int, _ProcedureFacts]:
        units: dict[int, set[int]] = defaultdict(set)
        for procedure_id, unit_id in Procedure.units.through.objects.values_list(
            "procedure_id", "department_id"
        ):
            units[procedure_id].add(unit_id)
        conditions = index_procedure_conditions()
        among = {code: conditions[count] for code, (_kind, count) in _ACTIVE.items()}
        rows = Procedure.objects.values_list("pk", "level", "field_id").annotate(
            **{f"in_{i}": Count("pk", filter=q) for i, q in enumerate(among.values())}
        )
        found = {}
        for pk, level, field_id, *flags in rows:
            key = group_key(frozenset(units.get(pk, ())), level, field_id, procedure_pk=pk)
            facts = frozenset(code for code, flag in zip(among, flags, strict=True) if flag)
            found[pk] = _ProcedureFacts(key, facts)
        return found

    return memoised_catalogue(("index766_procedure_facts",), compute)


def _active_procedures(
    organisation: Organisation, ids: list[int], structure: str, catalogue: _Catalogue, activity: Activity
) -> dict[int, dict[str, int]]:
    """For 3.2, 3.5b and 4.5a: the procedures of each target's catalogue count with at least one dossier
    of the kind received in the period within its scope, each procedure once: each (unit, field)'s
    procedures join its targets' as whole sets, cut at the end to those the target's count holds."""
    reach = target_reach(organisation, ids, structure)
    seen: dict[int, dict[str, set[int]]] = {pk: {kind: set() for kind in KINDS} for pk in [*ids, PROVINCE]}
    for (department_id, field_id), kinds in activity.items():
        targets = [PROVINCE] + [
            target for target, fields in reach.get(department_id, ()) if fields is None or field_id in fields
        ]
        for target in targets:
            for kind, procedure_ids in kinds.items():
                seen[target][kind] |= procedure_ids
    return {
        target: {
            code: len(by_kind[kind] & catalogue.among[target][code])
            for code, (kind, _count) in _ACTIVE.items()
        }
        for target, by_kind in seen.items()
    }


# -- From the petitions ------------------------------------------------------------------------------------------


def _petitioned_dossiers(
    organisation: Organisation, ids: list[int], groups: dict[tuple[int, int], int], structure: str
) -> dict[int, int]:
    """For 5.4: the dossiers received in the period that a petition names and that were not rated
    dissatisfied (those are counted by the summary already), for each target and the province."""
    reach = target_reach(organisation, ids, structure)
    totals: dict[int, int] = defaultdict(int)
    for (department_id, field_id), dossiers in groups.items():
        totals[PROVINCE] += dossiers
        for target, fields in reach.get(department_id, ()):
            if fields is None or field_id in fields:
                totals[target] += dossiers
    return totals
