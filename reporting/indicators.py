"""Every indicator of spec/indicators.md, and nothing else in the portal computes one.

Each figure is read in one of two structures (spec/organisation.md): `current` (the default) adds a
unit's predecessors' records in the fields that passed to it; `historical` only the unit's own and its
subtree's (reporting.structures). Dossier figures are read from the summary (reporting.counts);
procedure figures are the procedures carried out on the period's last day (reporting.procedure_counts);
late reports are counted grouped by department and rolled up the department tree, and declared figures
are each department's latest declaration of the period, both staying with the unit they were made for.
The number of queries is the same for one department or for all of them, whatever the data size."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from departments.models import Department
from procedures.organisation import CURRENT
from reporting.cache import memoised, memoised_catalogue
from reporting.cache import organisation as current_organisation
from reporting.conditions import DOSSIER_CODES, PROCEDURE_CODES, subtree_scope
from reporting.counts import Counts, add_up, cover, roll_up, weighted_counts
from reporting.definitions import CODES, DEFINITIONS, DEFINITIONS_BY_CODE
from reporting.models import Declaration, DossierCount, PeriodicReport
from reporting.procedure_counts import Group, add_groups, carried_by, catalogue_groups
from reporting.results import Indicator, IndicatorSet, Period
from reporting.structures import Weights, scope_weights

_TOTAL = "total"

# -- Counting what the summary does not hold ------------------------------------------------------------------


def _grouped_late_reports(period: Period, scope: Q) -> dict[int, Counts]:
    late = Q(submitted_on__gt=F("deadline_on")) | Q(submitted_on__isnull=True, deadline_on__lt=period.end)
    rows = (
        PeriodicReport.objects.filter(scope, deadline_on__gte=period.start, deadline_on__lte=period.end)
        .order_by()
        .values("department_id")
        .annotate(reports_due=Count("pk"), reports_late=Count("pk", filter=late))
    )
    return {row.pop("department_id"): row for row in rows}


def _latest_declarations(period: Period, department_ids: Iterable[int]) -> dict[int, Declaration]:
    declarations = Declaration.objects.filter(
        department_id__in=list(department_ids), measured_on__gte=period.start, measured_on__lte=period.end
    ).order_by("department_id", "-measured_on")
    latest: dict[int, Declaration] = {}
    for declaration in declarations:
        latest.setdefault(declaration.department_id, declaration)
    return latest


# -- Turning counts into indicators ------------------------------------------------------------------------------


def _round(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(numerator: float | None, denominator: float | None) -> float | None:
    """A percentage rounded to 2 decimals, half away from zero; None where the denominator is 0."""
    if numerator is None or not denominator:
        return None
    if type(numerator) is int and type(denominator) is int and numerator >= 0 and denominator > 0:
        # Counts: the same rounding in whole numbers, several times faster than Decimal, which matters
        # when every unit's fifty indicators are computed again after a write.
        return (numerator * 20000 + denominator) // (2 * denominator) / 100
    return _round(Decimal(str(numerator)) * 100 / Decimal(str(denominator)))


def _int(value: float | None) -> int:
    return int(value or 0)


def _put_into(values: dict[str, Indicator]) -> Callable:
    def put(code: str, value, numerator=None, denominator=None, **context) -> None:
        values[code] = Indicator(DEFINITIONS_BY_CODE[code], value, numerator, denominator, context)

    return put


def _dossier_indicators(dossiers: Counts) -> dict[str, Indicator]:
    """The indicators read from the dossier summary: all that a dossier written changes."""
    c = {code: _int(dossiers.get(code)) for code in DOSSIER_CODES}
    values: dict[str, Indicator] = {}
    put = _put_into(values)
    for code in DOSSIER_CODES:
        put(code, c[code])
    good = c["resolved_early"] + c["resolved_on_time"]
    put("on_time_rate", percent(good, c["resolved"]), good, c["resolved"])
    put("online_rate", percent(c["received_online"], c["received"]), c["received_online"], c["received"])
    put("postal_rate", percent(c["received_postal"], c["received"]), c["received_postal"], c["received"])
    put("satisfaction_rate", percent(c["satisfied"], c["rated"]), c["satisfied"], c["rated"])
    # Indicator 2.1 of the national index, by the DVCQG rule: every finished dossier counts, with a result
    # or without one.
    progress_numerator = c["dvcqg_on_time"] + c["in_progress"] - c["dvcqg_in_progress_late"]
    progress_denominator = c["resolved"] + c["withdrawn"] + c["refused"] + c["in_progress"]
    score = percent(progress_numerator * 20, progress_denominator * 100) if progress_denominator else None
    put("progress_score", score, progress_numerator, progress_denominator)
    return values


def _other_indicators(
    procedures: Counts, reports: Counts | None, declaration: Declaration | None
) -> dict[str, Indicator]:
    """The procedure, declaration and late-report indicators: no dossier written changes them, so they
    are kept for the catalogue version (reporting.cache) and shared by the sets built after each write;
    nothing changes an indicator once built."""
    p = {code: _int(procedures.get(code)) for code in PROCEDURE_CODES}
    values: dict[str, Indicator] = {}
    put = _put_into(values)
    for code in PROCEDURE_CODES:
        put(code, p[code])
    put(
        "reduced_share",
        percent(p["procedures_reduced"], p["procedures_total"]),
        p["procedures_reduced"],
        p["procedures_total"],
    )
    reduction_sum = procedures.get("reduction_pct_sum") or 0
    average = (
        _round(Decimal(str(reduction_sum)) / p["procedures_reduced"]) if p["procedures_reduced"] else None
    )
    put("avg_reduction_pct", average)
    online = p["procedures_level3"] + p["procedures_level4"]
    put("online_procedure_share", percent(online, p["procedures_total"]), online, p["procedures_total"])

    _put_declarations(put, declaration)
    put(
        "reports_late",
        _int(reports["reports_late"]) if reports else None,
        denominator=_int(reports["reports_due"]) if reports else None,
    )
    return values


def _build(
    department: Department | None,
    period: Period,
    dossiers: dict[str, Indicator],
    others: dict[str, Indicator],
    structure: str,
) -> IndicatorSet:
    ordered = {code: dossiers[code] if code in dossiers else others[code] for code in CODES}
    return IndicatorSet(department=department, period=period, indicators=ordered, structure=structure)


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _put_declarations(put: Callable, d: Declaration | None) -> None:
    if d is None:
        for definition in DEFINITIONS:
            if definition.source == "declarations" and definition.code != "reports_late":
                put(definition.code, None)
        return
    measured = {"measured_on": d.measured_on}
    put(
        "staff_reduction_rate",
        percent(d.staff_reduced, d.staff_baseline),
        d.staff_reduced,
        d.staff_baseline,
        target_pct=_as_float(d.staff_reduction_target_pct),
        target_year=d.staff_reduction_target_year,
        **measured,
    )
    put("divisions_before", d.divisions_before, **measured)
    put("divisions_after", d.divisions_after, **measured)
    put("training_completion_rate", _as_float(d.training_completion_pct), **measured)
    put("e_office_document_rate", _as_float(d.e_office_document_pct), **measured)
    put("e_office_staff_rate", _as_float(d.e_office_staff_pct), **measured)
    put("digital_signatures_issued", d.digital_signatures_issued, **measured)
    put("digital_signatures_in_use", d.digital_signatures_in_use, **measured)
    put(
        "disbursement_rate",
        percent(_as_float(d.investment_disbursed), _as_float(d.investment_planned)),
        _as_float(d.investment_disbursed),
        _as_float(d.investment_planned),
        **measured,
    )


# -- Public entry points ------------------------------------------------------------------------------------------


def _compute(
    departments: list[Department], period: Period, *, everything: bool, structure: str, total: bool = True
) -> tuple[IndicatorSet | None, dict[int, IndicatorSet]]:
    key = ("indicators", tuple(d.pk for d in departments), period, everything, structure, total)
    return memoised(
        key,
        lambda: _compute_now(departments, period, everything=everything, structure=structure, total=total),
    )


@dataclass(slots=True)
class _Kept:
    """What a set of figures needs besides the dossier summary: none of it changes when a dossier is
    written, so it is kept for the catalogue version (reporting.cache) and only the summary is read again
    after a dossier is saved."""

    scopes: dict[Hashable, Weights]
    others: dict[Hashable, dict[str, Indicator]]
    # Each unit's last set and the dossier counts it was built from, kept with the rest across writes: a
    # dossier saved changes the counts of one unit (and of the total), and only its set is built again.
    built: dict[Hashable, tuple[Counts, IndicatorSet]] = field(default_factory=dict)

    def indicator_set(
        self, key: Hashable, department: Department | None, period: Period, counts: Counts, structure: str
    ) -> IndicatorSet:
        last = self.built.get(key)
        if last is not None and last[0] == counts:
            return last[1]
        result = _build(department, period, _dossier_indicators(counts), self.others[key], structure)
        self.built[key] = (counts, result)
        return result


def _compute_now(
    departments: list[Department], period: Period, *, everything: bool, structure: str, total: bool
) -> tuple[IndicatorSet | None, dict[int, IndicatorSet]]:
    key = ("indicators_kept", tuple(d.pk for d in departments), period, everything, structure, total)
    kept = memoised_catalogue(
        key,
        lambda: _catalogue_part(departments, period, everything=everything, structure=structure, total=total),
    )
    dossiers = weighted_counts(kept.scopes, period)
    results = {
        department.pk: kept.indicator_set(
            department.pk, department, period, dossiers[department.pk], structure
        )
        for department in departments
    }
    if not total:
        return None, results
    return kept.indicator_set(_TOTAL, None, period, dossiers[_TOTAL], structure), results


def _catalogue_part(
    departments: list[Department], period: Period, *, everything: bool, structure: str, total: bool
) -> _Kept:
    organisation = current_organisation()
    scopes: dict[Hashable, Weights] = {
        d.pk: scope_weights(organisation, [d.pk], structure) for d in departments
    }
    carried = carried_by(organisation, catalogue_groups(), [d.pk for d in departments], period.end, structure)
    # Periodic reports and declarations stay with the unit they were made for, in either structure.
    paths = {pk: unit.path for pk, unit in organisation.units.items()}
    targets = {department.code: department.pk for department in departments}
    reports = _grouped_late_reports(period, subtree_scope(None if everything else departments))
    rolled = roll_up(reports, paths, targets)
    declarations = _latest_declarations(period, targets.values())
    others: dict[Hashable, dict[str, Indicator]] = {
        d.pk: _other_indicators(
            add_groups(carried.by_target[d.pk]), rolled[d.pk] or None, declarations.get(d.pk)
        )
        for d in departments
    }
    if total:
        # The total adds up records, not the departments' figures, so that a record is counted once even
        # where one of the departments lies inside another (or is another's predecessor).
        covering = [DossierCount.PROVINCE] if everything else [d.pk for d in cover(departments)]
        scopes[_TOTAL] = scope_weights(organisation, covering, structure)
        in_total = carried.anywhere if everything else _union(carried.by_target.values())
        others[_TOTAL] = _other_indicators(add_groups(in_total), add_up(reports.values()) or None, None)
    return _Kept(scopes, others)


def _union(lists: Iterable[list[Group]]) -> list[Group]:
    return list({id(group): group for groups in lists for group in groups}.values())


def dossier_total(
    departments: list[Department], period: Period, *, whole_province: bool, structure: str = CURRENT
) -> IndicatorSet:
    """Only the dossier indicators of the total of indicators_with_total (its other figures are left
    out): what the overview shows of the previous period, beside each key figure, without reading the
    catalogue, reports and declarations again, nor any unit's figures."""
    key = ("dossier_total", tuple(d.pk for d in departments), period, whole_province, structure)

    def compute() -> IndicatorSet:
        organisation = current_organisation()
        covering = [DossierCount.PROVINCE] if whole_province else [d.pk for d in cover(departments)]
        counts = weighted_counts({_TOTAL: scope_weights(organisation, covering, structure)}, period)[_TOTAL]
        values = _dossier_indicators(counts)
        shown = {c: values[c] for c in CODES if c in values and values[c].definition.source == "dossiers"}
        return IndicatorSet(None, period, shown, structure=structure)

    return memoised(key, compute)


def indicators_for_departments(
    departments: list[Department], period: Period, *, structure: str = CURRENT
) -> dict[int, IndicatorSet]:
    """All indicators of each department (its sub-units rolled up; in the current structure, its
    predecessors' records in the fields that passed to it too) in a fixed number of queries."""
    if not departments:
        return {}
    return _compute(departments, period, everything=False, structure=structure, total=False)[1]


def indicators_for_department(
    department: Department, period: Period, *, structure: str = CURRENT
) -> IndicatorSet:
    return indicators_for_departments([department], period, structure=structure)[department.pk]


def indicators_with_total(
    departments: list[Department], period: Period, *, whole_province: bool, structure: str = CURRENT
) -> tuple[IndicatorSet, dict[int, IndicatorSet]]:
    """Each of `departments` (typically the top-level ones, for a ranking) and their total; with
    whole_province the total covers every record, whatever department holds it. One set of queries."""
    total, results = _compute(departments, period, everything=whole_province, structure=structure)
    assert total is not None  # asked for with its total
    return total, results
