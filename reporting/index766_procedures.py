"""The national index per procedure: the dossier indicators of each procedure with a dossier in a unit's
scope (or the province's), as the unit's own index scores them.

Counting and scoring are apart: the counts of every procedure are one grouped query over the period's
dossiers and one for 2.2, kept until the next write; scoring is Python, and scoring each of the province's
two thousand procedures took most of a second after each write, so its page scores only those it shows."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from departments.models import Department
from procedures.models import Dossier, Procedure
from procedures.organisation import CURRENT
from reporting.cache import memoised
from reporting.cache import organisation as current_organisation
from reporting.conditions import (
    dossier_conditions,
    index_dossier_conditions,
    records_scope_q,
    relevant_dossiers,
)
from reporting.index766 import dossier_measures
from reporting.index766_reads import mean, processing_days
from reporting.index766_rules import IndexIndicator, Measure, assemble, settings_in_force
from reporting.results import Period

# The dossier indicators the per-procedure table shows (procedure_rows).
PROCEDURE_CODES = ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b")


@dataclass(frozen=True)
class ProcedureCounts:
    """What the dossiers of one procedure count, before any scoring."""

    counts: dict[str, int]  # each dossier condition's count
    days: Measure  # 2.2's working days over its dossiers

    @property
    def received(self) -> int:
        """The dossiers received in the period (the denominator of 1.4, 3.3, 4.2…)."""
        return self.counts["received"]

    def plus(self, other: "ProcedureCounts") -> "ProcedureCounts":
        counts = {name: n + other.counts[name] for name, n in self.counts.items()}
        days, dossiers = (
            self.days.numerator + other.days.numerator,
            self.days.denominator + other.days.denominator,
        )
        return ProcedureCounts(counts, Measure(days, dossiers, value=mean(days, dossiers)))


@dataclass(frozen=True)
class ProcedureRow:
    procedure: Procedure
    indicators: dict[str, IndexIndicator]


def procedure_counts(
    department: Department | None, period: Period, *, structure: str = CURRENT
) -> dict[int, ProcedureCounts]:
    """The counts of each procedure (by pk) with a dossier in the unit's scope (None: the province) in
    the period: the dossiers grouped by procedure (a unit's dossiers of a period, not the province's
    summary) and their days for 2.2, in two queries kept until the next write."""
    key = ("index766_procedure_counts", department.pk if department else None, period, structure)
    return memoised(key, lambda: _counts_now(department, period, structure))


def _counts_now(department: Department | None, period: Period, structure: str) -> dict[int, ProcedureCounts]:
    portal, index = dossier_conditions(period), index_dossier_conditions(period)
    conditions = {
        "finished": portal["resolved"] | portal["withdrawn"] | portal["refused"],
        "in_progress": portal["in_progress"],
        "dvcqg_on_time": portal["dvcqg_on_time"],
        "dvcqg_in_progress_late": portal["dvcqg_in_progress_late"],
        "received": portal["received"],
        **index,
    }
    scope = (
        Q()
        if department is None
        else records_scope_q(department, structure=structure, organisation=current_organisation())
    )
    rows = (
        Dossier.objects.filter(scope & relevant_dossiers(period))
        .order_by()
        .values("procedure_id")
        .annotate(**{name: Count("pk", filter=q) for name, q in conditions.items()})
    )
    counts = {row.pop("procedure_id"): row for row in rows}
    days = processing_days(department, period, structure, by_procedure=True)
    return {pk: ProcedureCounts(c, days.get(pk, Measure(0, 0))) for pk, c in counts.items()}


@dataclass(frozen=True)
class CountedProcedures:
    counts: dict[int, ProcedureCounts]  # by procedure pk
    order: list[int]  # the procedures with the most dossiers received first, then by code


def counted_procedures(
    units: list[Department] | None, period: Period, *, structure: str = CURRENT
) -> CountedProcedures:
    """The counts of each procedure with a dossier in the units' scopes together (None: the province's)
    in the period, in their order, kept until the next write: each unit's counts are read (and kept) on
    their own, then the procedures' codes."""
    key = (
        "index766_counted",
        tuple(unit.pk for unit in units) if units is not None else None,
        period,
        structure,
    )

    def compute() -> CountedProcedures:
        counts = (
            procedure_counts(None, period, structure=structure)
            if units is None
            else _summed(units, period, structure)
        )
        codes = dict(Procedure.objects.filter(pk__in=list(counts)).values_list("pk", "code"))
        return CountedProcedures(counts, sorted(counts, key=lambda pk: (-counts[pk].received, codes[pk])))

    return memoised(key, compute)


def _summed(units: list[Department], period: Period, structure: str) -> dict[int, ProcedureCounts]:
    # A unit inside another of them is left out: its dossiers are in that one's already.
    tops = [unit for unit in units if not any(o is not unit and unit.path.startswith(o.path) for o in units)]
    summed: dict[int, ProcedureCounts] = {}
    for unit in tops:
        for pk, counts in procedure_counts(unit, period, structure=structure).items():
            summed[pk] = summed[pk].plus(counts) if pk in summed else counts
    return summed


def scored(
    counts: dict[int, ProcedureCounts], procedures: Iterable[Procedure], period: Period
) -> list[ProcedureRow]:
    """The procedures' rows in the order given, scored with the values in force on the period's first
    day."""
    settings = settings_in_force(period.start)
    rows = []
    for procedure in procedures:
        counted = counts[procedure.pk]
        measures = {
            code: measure
            for code, measure in dossier_measures(counted.counts, 0).items()
            if code in PROCEDURE_CODES
        }
        measures["2.2"] = counted.days
        indicators = {i.code: i for i in assemble(measures, settings).indicators if i.code in PROCEDURE_CODES}
        rows.append(ProcedureRow(procedure, indicators))
    return rows


def procedure_rows(
    department: Department | None, period: Period, *, structure: str = CURRENT
) -> list[ProcedureRow]:
    """Every procedure with a dossier in the unit's scope (None: the province) in the period, scored, by
    code: for a unit's table, whose procedures are tens, not the province's thousands."""

    def compute() -> list[ProcedureRow]:
        counts = procedure_counts(department, period, structure=structure)
        procedures = Procedure.objects.in_bulk(list(counts))
        return scored(counts, sorted(procedures.values(), key=lambda p: p.code), period)

    key = ("index766_procedures", department.pk if department else None, period, structure)
    return memoised(key, compute)
