"""Every indicator of spec/indicators.md, and nothing else in the portal computes one.

Counts come from conditional aggregation in the database, grouped by the department that holds the
records; the department tree is then rolled up over those few grouped rows (never over dossiers), so the
number of queries is the same for one department or for all of them, whatever the data size. Each count
is defined once, as a Q object: the same condition serves the aggregate and the drill-down list.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from procedures.models import Dossier, Field, Procedure
from reporting.cache import memoised
from reporting.definitions import CODES, DEFINITIONS, DEFINITIONS_BY_CODE, Definition, Source
from reporting.dossier_counts import COLUMNS, FLOWS_FINISHED, FLOWS_RECEIVED, before_q, tiles_q
from reporting.models import Declaration, DossierCount, PeriodicReport

RESOLVED, WITHDRAWN, REFUSED = Dossier.Status.RESOLVED, Dossier.Status.WITHDRAWN, Dossier.Status.REFUSED
SATISFIED_VALUES = [Dossier.Satisfaction.VERY_SATISFIED, Dossier.Satisfaction.SATISFIED]


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("period starts after it ends")


@dataclass(frozen=True)
class Indicator:
    definition: Definition
    value: int | float | None
    numerator: int | float | None = None
    denominator: int | float | None = None
    # What a figure is shown beside: a target, the date it was measured.
    context: dict[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return str(self.definition.label)

    @property
    def drillable(self) -> bool:
        return self.code in DOSSIER_CODES or self.code in PROCEDURE_CODES


@dataclass
class IndicatorSet:
    department: Department | None
    period: Period
    indicators: dict[str, Indicator]

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def values(self) -> dict[str, int | float | None]:
        return {code: indicator.value for code, indicator in self.indicators.items()}

    def by_source(self, source: Source) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.definition.source == source]


def dossier_conditions(period: Period) -> dict[str, Q]:
    """The condition behind every dossier count: the timeliness rules of spec/domain.md."""
    start, end = period.start, period.end
    received = Q(received_on__gte=start, received_on__lte=end)
    finished = Q(finished_on__gte=start, finished_on__lte=end)
    resolved = finished & Q(status=RESOLVED)
    late = resolved & Q(finished_on__gt=F("effective_due_on"))
    open_at_end = Q(received_on__lte=end) & (Q(finished_on__isnull=True) | Q(finished_on__gt=end))
    # A dossier waiting for the applicant at the end of the period has its clock stopped: it is within
    # its deadline if the pause began before the deadline had passed.
    paused_in_time = Q(paused_on__lte=end) & Q(paused_on__lte=F("effective_due_on"))
    not_paused_in_time = (
        Q(paused_on__isnull=True) | Q(paused_on__gt=end) | Q(paused_on__gt=F("effective_due_on"))
    )
    return {
        "received": received,
        "received_online": received & Q(channel=Dossier.Channel.ONLINE),
        "received_direct": received & Q(channel=Dossier.Channel.DIRECT),
        "received_postal": received & Q(channel=Dossier.Channel.POSTAL),
        "carried_over": Q(received_on__lt=start) & (Q(finished_on__isnull=True) | Q(finished_on__gte=start)),
        "resolved": resolved,
        "resolved_early": resolved & Q(finished_on__lt=F("effective_due_on")),
        "resolved_on_time": resolved & Q(finished_on=F("effective_due_on")),
        "resolved_late": late,
        "late_with_apology": late & Q(apology_issued_on__isnull=False),
        "withdrawn": finished & Q(status=WITHDRAWN),
        "refused": finished & Q(status=REFUSED),
        "in_progress": open_at_end,
        "in_progress_within_deadline": open_at_end & (Q(effective_due_on__gte=end) | paused_in_time),
        "in_progress_overdue": open_at_end & Q(effective_due_on__lt=end) & not_paused_in_time,
        "rated": resolved & ~Q(satisfaction=""),
        "satisfied": resolved & Q(satisfaction__in=SATISFIED_VALUES),
    }


def _relevant_dossiers(period: Period) -> Q:
    """Every dossier any count of the period can include: received by its end, not finished before it."""
    return Q(received_on__lte=period.end) & (Q(finished_on__isnull=True) | Q(finished_on__gte=period.start))


def procedure_conditions() -> dict[str, Q]:
    reduced = Q(reduced_days__isnull=False, reduced_days__lt=F("statutory_days"))
    return {
        "procedures_total": Q(),
        "procedures_reduced": reduced,
        "procedures_level3": Q(online_level=3),
        "procedures_level4": Q(online_level=4),
        "procedures_postal": Q(accepts_postal=True),
    }


DOSSIER_CODES = list(dossier_conditions(Period(date.min, date.min)))
PROCEDURE_CODES = list(procedure_conditions())


def dossier_records(queryset: QuerySet, code: str, period: Period) -> QuerySet:
    """The records behind a dossier count: the drill-down from any figure."""
    return queryset.filter(_relevant_dossiers(period) & dossier_conditions(period)[code])


def procedure_records(queryset: QuerySet, code: str) -> QuerySet:
    return queryset.filter(procedure_conditions()[code])


# -- Counting -------------------------------------------------------------------------------------------------

Counts = dict[str, float]


def _summary_rows(
    department_ids: Iterable[int], period: Period, *, by: str = "department_id", fields: bool = False
) -> dict[int, Counts]:
    """The dossier counts of each department (sub-units included; DossierCount.PROVINCE for the whole
    province) or of each field, read from the summary in one query: flows over the period's spans, and
    the running totals of states before it. Rows are grouped by which of the two they belong to, so that
    each is added up once rather than filtered once per column."""
    inside, before = tiles_q(period.start, period.end), before_q(period.start)
    rows = (
        DossierCount.objects.filter(department_id__in=list(department_ids))
        .filter(Q(field_id__gt=DossierCount.ALL_FIELDS) if fields else Q(field_id=DossierCount.ALL_FIELDS))
        .filter(inside | before)
        .annotate(earlier=Case(When(before, then=Value(True)), default=Value(False)))
        .order_by()
        .values(by, "earlier")
        .annotate(**{f"sum_{column}": Sum(column) for column in COLUMNS})
    )
    sums: dict[int, Counts] = defaultdict(lambda: dict.fromkeys(_SUMMARY_KEYS, 0))
    for row in rows:
        counts = sums[row[by]]
        if row["earlier"]:
            counts["received_before"] += sum(row[f"sum_{c}"] for c in FLOWS_RECEIVED)
            counts["finished_before"] += sum(row[f"sum_{c}"] for c in _FINISHED)
            counts["overdue_before"] += row["sum_overdue_change"]
            counts["paused_late_before"] += row["sum_paused_late"]
        else:
            for column in COLUMNS:
                counts[column] += row[f"sum_{column}"]
    return {key: _states(counts) for key, counts in sums.items()}


_FINISHED = ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "refused")
_SUMMARY_KEYS = (*COLUMNS, "received_before", "finished_before", "overdue_before", "paused_late_before")


def _states(row: Counts) -> Counts:
    """Every dossier count of dossier_conditions() from the flows and running totals of the summary."""
    counts = {code: row[code] for code in (*FLOWS_RECEIVED, *FLOWS_FINISHED)}
    counts["received"] = sum(row[code] for code in FLOWS_RECEIVED)
    counts["resolved"] = row["resolved_early"] + row["resolved_on_time"] + row["resolved_late"]
    finished = counts["resolved"] + row["withdrawn"] + row["refused"]
    counts["carried_over"] = row["received_before"] - row["finished_before"]
    counts["in_progress"] = counts["carried_over"] + counts["received"] - finished
    counts["in_progress_overdue"] = row["overdue_before"] + row["overdue_change"]
    counts["in_progress_within_deadline"] = counts["in_progress"] - counts["in_progress_overdue"]
    # Waiting for the applicant since after the deadline: overdue for the indicators, within the deadline
    # for Biểu 06a.
    counts["paused_late"] = row["paused_late_before"] + row["paused_late"]
    counts["finished"] = finished
    return counts


def _cover(departments: list[Department]) -> list[Department]:
    """The departments none of the others lies inside: their subtrees hold each record once."""
    return [
        d for d in departments if not any(o.pk != d.pk and d.path.startswith(o.path) for o in departments)
    ]


def _grouped_procedure_counts(scope: Q) -> dict[int, Counts]:
    conditions = procedure_conditions()
    reduction = (F("statutory_days") - F("reduced_days")) * 100.0 / Cast("statutory_days", FloatField())
    rows = (
        Procedure.objects.filter(scope)
        .order_by()
        .values("department_id")
        .annotate(
            **{code: Count("pk", filter=condition) for code, condition in conditions.items()},
            reduction_pct_sum=Sum(
                reduction, filter=conditions["procedures_reduced"], output_field=FloatField()
            ),
        )
    )
    return {row.pop("department_id"): row for row in rows}


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


def _roll_up(grouped: dict[int, Counts], paths: dict[int, str], targets: dict[str, int]) -> dict[int, Counts]:
    """Add each department's counts to every target department above it (or equal to it)."""
    totals: dict[int, Counts] = {pk: defaultdict(float) for pk in targets.values()}
    for department_id, counts in grouped.items():
        for code in paths[department_id].strip("/").split("/"):
            if code in targets:
                bucket = totals[targets[code]]
                for key, value in counts.items():
                    bucket[key] += value or 0
    return totals


# -- Turning counts into indicators ------------------------------------------------------------------------------


def _round(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(numerator: float | None, denominator: float | None) -> float | None:
    """A percentage rounded to 2 decimals, half away from zero; None where the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return _round(Decimal(str(numerator)) * 100 / Decimal(str(denominator)))


def _int(value: float | None) -> int:
    return int(value or 0)


def _build(
    department: Department | None,
    period: Period,
    dossiers: Counts,
    procedures: Counts,
    reports: Counts | None,
    declaration: Declaration | None,
) -> IndicatorSet:
    c = {code: _int(dossiers.get(code)) for code in DOSSIER_CODES}
    p = {code: _int(procedures.get(code)) for code in PROCEDURE_CODES}
    values: dict[str, Indicator] = {}

    def put(code: str, value, numerator=None, denominator=None, **context) -> None:
        values[code] = Indicator(DEFINITIONS_BY_CODE[code], value, numerator, denominator, context)

    for code in DOSSIER_CODES:
        put(code, c[code])
    good = c["resolved_early"] + c["resolved_on_time"]
    put("on_time_rate", percent(good, c["resolved"]), good, c["resolved"])
    put("online_rate", percent(c["received_online"], c["received"]), c["received_online"], c["received"])
    put("postal_rate", percent(c["received_postal"], c["received"]), c["received_postal"], c["received"])
    put("satisfaction_rate", percent(c["satisfied"], c["rated"]), c["satisfied"], c["rated"])
    progress_numerator = good + c["in_progress_within_deadline"]
    progress_denominator = c["resolved"] + c["in_progress"]
    score = percent(progress_numerator * 20, progress_denominator * 100) if progress_denominator else None
    put("progress_score", score, progress_numerator, progress_denominator)

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
    ordered = {code: values[code] for code in CODES}
    return IndicatorSet(department=department, period=period, indicators=ordered)


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


def subtree_scope(departments: list[Department] | None, *, prefix: str = "department__") -> Q:
    """Records held by any of the departments or their sub-units; None means the whole province."""
    if departments is None:
        return Q()
    scope = Q(pk__in=[])
    for department in departments:
        scope |= Q(**{f"{prefix}path__startswith": department.path})
    return scope


def _compute(
    departments: list[Department], period: Period, *, everything: bool
) -> tuple[IndicatorSet, dict[int, IndicatorSet]]:
    key = ("indicators", tuple(d.pk for d in departments), period, everything)
    return memoised(key, lambda: _compute_now(departments, period, everything=everything))


def _compute_now(
    departments: list[Department], period: Period, *, everything: bool
) -> tuple[IndicatorSet, dict[int, IndicatorSet]]:
    scope = subtree_scope(None if everything else departments)
    paths = dict(
        Department.objects.filter(subtree_scope(None if everything else departments, prefix="")).values_list(
            "pk", "path"
        )
    )
    targets = {department.code: department.pk for department in departments}
    cover = [DossierCount.PROVINCE] if everything else [d.pk for d in _cover(departments)]
    dossiers = _summary_rows({*targets.values(), *cover}, period)
    grouped = {
        "procedures": _grouped_procedure_counts(scope),
        "reports": _grouped_late_reports(period, scope),
    }
    rolled = {key: _roll_up(rows, paths, targets) for key, rows in grouped.items()}
    declarations = _latest_declarations(period, targets.values())
    results = {
        department.pk: _build(
            department,
            period,
            dossiers.get(department.pk, {}),
            rolled["procedures"][department.pk],
            rolled["reports"][department.pk] or None,
            declarations.get(department.pk),
        )
        for department in departments
    }
    # The total adds up records, not the departments' figures, so that a record is counted once even
    # where one of the departments lies inside another.
    totals = {key: _sum(rows.values()) for key, rows in grouped.items()}
    total = _build(
        None,
        period,
        _sum(dossiers.get(pk, {}) for pk in cover),
        totals["procedures"],
        totals["reports"] or None,
        None,
    )
    return total, results


def _sum(rows: Iterable[Counts]) -> Counts:
    total: Counts = defaultdict(float)
    for row in rows:
        for key, value in row.items():
            total[key] += value or 0
    return total


def indicators_for_departments(departments: list[Department], period: Period) -> dict[int, IndicatorSet]:
    """All indicators of each department (its sub-units rolled up) in a fixed number of queries."""
    if not departments:
        return {}
    return _compute(departments, period, everything=False)[1]


def indicators_for_department(department: Department, period: Period) -> IndicatorSet:
    return indicators_for_departments([department], period)[department.pk]


def indicators_with_total(
    departments: list[Department], period: Period, *, whole_province: bool
) -> tuple[IndicatorSet, dict[int, IndicatorSet]]:
    """Each of `departments` (typically the top-level ones, for a ranking) and their total; with
    whole_province the total covers every record, whatever department holds it. One set of queries."""
    return _compute(departments, period, everything=whole_province)


# -- Biểu 06a -----------------------------------------------------------------------------------------------------

FORM_06A_COLUMNS = [
    "received_total",
    "received_online",
    "received_direct_postal",
    "carried_over",
    "finished_total",
    "early",
    "on_time",
    "late",
    "in_progress_total",
    "within_deadline",
    "overdue",
]


FORM_06A_LABELS = {
    "received_total": _("(3) Tổng số hồ sơ nhận giải quyết"),
    "received_online": _("(4) Nhận trong kỳ trực tuyến"),
    "received_direct_postal": _("(5) Nhận trong kỳ trực tiếp, dịch vụ bưu chính"),
    "carried_over": _("(6) Từ kỳ trước chuyển sang"),
    "finished_total": _("(7) Tổng số hồ sơ đã giải quyết"),
    "early": _("(8) Giải quyết trước hạn"),
    "on_time": _("(9) Giải quyết đúng hạn (gồm rút, từ chối)"),
    "late": _("(10) Giải quyết quá hạn"),
    "in_progress_total": _("(11) Tổng số hồ sơ đang giải quyết"),
    "within_deadline": _("(12) Đang giải quyết trong hạn (gồm chờ bổ sung)"),
    "overdue": _("(13) Đang giải quyết quá hạn"),
}


@dataclass(frozen=True)
class Form06aRow:
    field: str
    values: dict[str, int]
    field_id: int | None = None

    def mismatches(self) -> list[str]:
        """The identities the official template requires, each one that fails as a sentence."""
        v = self.values
        checks = [
            (
                "(3) = (4) + (5) + (6)",
                v["received_total"],
                v["received_online"] + v["received_direct_postal"] + v["carried_over"],
            ),
            ("(3) = (7) + (11)", v["received_total"], v["finished_total"] + v["in_progress_total"]),
            ("(7) = (8) + (9) + (10)", v["finished_total"], v["early"] + v["on_time"] + v["late"]),
            ("(11) = (12) + (13)", v["in_progress_total"], v["within_deadline"] + v["overdue"]),
        ]
        return [f"{self.field}: {rule} ({left} ≠ {right})" for rule, left, right in checks if left != right]


def _form_06a_conditions(period: Period) -> dict[str, Q]:
    c = dossier_conditions(period)
    finished = Q(finished_on__gte=period.start, finished_on__lte=period.end)
    # The official template counts every dossier waiting for a supplement as within its deadline.
    waiting = c["in_progress"] & Q(paused_on__isnull=False, paused_on__lte=period.end)
    return {
        # Each total is counted on its own rather than added up, so that the template's identities
        # are a real check of the data.
        "received_total": Q(),
        "received_online": c["received_online"],
        "received_direct_postal": c["received_direct"] | c["received_postal"],
        "carried_over": c["carried_over"],
        "finished_total": finished,
        "early": c["resolved_early"],
        "on_time": c["resolved_on_time"] | c["withdrawn"] | c["refused"],
        "late": c["resolved_late"],
        "in_progress_total": c["in_progress"],
        "within_deadline": c["in_progress_within_deadline"] | waiting,
        "overdue": c["in_progress_overdue"] & (Q(paused_on__isnull=True) | Q(paused_on__gt=period.end)),
    }


def _form_06a_values(c: Counts) -> dict[str, int]:
    """The template's columns from the counts of _states(): the conditions of _form_06a_conditions()."""
    values = {
        "received_total": c["received"] + c["carried_over"],
        "received_online": c["received_online"],
        "received_direct_postal": c["received_direct"] + c["received_postal"],
        "carried_over": c["carried_over"],
        "finished_total": c["finished"],
        "early": c["resolved_early"],
        "on_time": c["resolved_on_time"] + c["withdrawn"] + c["refused"],
        "late": c["resolved_late"],
        "in_progress_total": c["in_progress"],
        "within_deadline": c["in_progress_within_deadline"] + c["paused_late"],
        "overdue": c["in_progress_overdue"] - c["paused_late"],
    }
    return {key: int(values[key]) for key in FORM_06A_COLUMNS}


def form_06a(department: Department | None, period: Period) -> tuple[list[Form06aRow], Form06aRow]:
    """Biểu 06a: one row per field (lĩnh vực) with a dossier in the period, and the total row; two
    queries (the summary by field, the fields' names)."""
    return memoised(
        ("06a", department.pk if department else None, period), lambda: _form_06a(department, period)
    )


def _form_06a(department: Department | None, period: Period) -> tuple[list[Form06aRow], Form06aRow]:
    by_field = _summary_rows(
        [department.pk if department else DossierCount.PROVINCE], period, by="field_id", fields=True
    )
    values = {pk: _form_06a_values(counts) for pk, counts in by_field.items()}
    values = {pk: row for pk, row in values.items() if row["received_total"]}
    names = dict(Field.objects.filter(pk__in=list(values)).values_list("pk", "name")) if values else {}
    fields = sorted(
        (Form06aRow(names[pk], row, pk) for pk, row in values.items() if pk in names), key=lambda r: r.field
    )
    total = Form06aRow(
        str(_("Tổng cộng")), {key: sum(row.values[key] for row in fields) for key in FORM_06A_COLUMNS}
    )
    return fields, total


def form_06a_records(queryset: QuerySet, column: str, period: Period) -> QuerySet:
    """The dossiers behind one Biểu 06a cell (a field's, once the list is filtered by field)."""
    return queryset.filter(_relevant_dossiers(period) & _form_06a_conditions(period)[column])


# -- Trends and what is overdue now --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCounts:
    month: date
    received: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    no_result: int

    @property
    def on_time_rate(self) -> float | None:
        good = self.resolved_early + self.resolved_on_time
        return percent(good, good + self.resolved_late)


def _months(period: Period) -> list[date]:
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def monthly_trend(departments: list[Department] | None, period: Period) -> list[MonthCounts]:
    """Dossiers received and finished in each month of the period, in one query over the summary's
    month rows (and day rows for months the period covers in part)."""
    key = ("trend", None if departments is None else tuple(d.pk for d in departments), period)
    return memoised(key, lambda: _monthly_trend(departments, period))


def _monthly_trend(departments: list[Department] | None, period: Period) -> list[MonthCounts]:
    ids = [DossierCount.PROVINCE] if departments is None else [d.pk for d in _cover(departments)]
    inside = tiles_q(period.start, period.end, largest=DossierCount.Span.MONTH)
    sums = {
        "received": [*FLOWS_RECEIVED],
        "resolved_early": ["resolved_early"],
        "resolved_on_time": ["resolved_on_time"],
        "resolved_late": ["resolved_late"],
        "no_result": ["withdrawn", "refused"],
    }
    rows = (
        DossierCount.objects.filter(inside, department_id__in=ids, field_id=DossierCount.ALL_FIELDS)
        .order_by()
        .values("day")
        .annotate(
            **{
                f"n_{key}": Sum(sum((F(c) for c in columns[1:]), F(columns[0])))
                for key, columns in sums.items()
            }
        )
    )
    buckets: dict[date, dict[str, int]] = {month: defaultdict(int) for month in _months(period)}
    for row in rows:
        bucket = buckets[row["day"].replace(day=1)]
        for key in sums:
            bucket[key] += row[f"n_{key}"]
    return [MonthCounts(month, *(counts[key] for key in sums)) for month, counts in buckets.items()]


def overdue_now(
    departments: list[Department], *, today: date, whole_province: bool
) -> tuple[dict[int, int], int]:
    """Open dossiers past their deadline today: per department with its sub-units, and in total (each
    dossier once, even where one department lies inside another). One query over the summary."""
    key = ("overdue", tuple(d.pk for d in departments), today, whole_province)
    return memoised(key, lambda: _overdue_now(departments, today=today, whole_province=whole_province))


def _overdue_now(
    departments: list[Department], *, today: date, whole_province: bool
) -> tuple[dict[int, int], int]:
    cover = [DossierCount.PROVINCE] if whole_province else [d.pk for d in _cover(departments)]
    rows = dict(
        DossierCount.objects.filter(
            before_q(today + timedelta(days=1)),
            department_id__in=[*(d.pk for d in departments), *cover],
            field_id=DossierCount.ALL_FIELDS,
        )
        .order_by()
        .values("department_id")
        .annotate(n=Sum("overdue_change"))
        .values_list("department_id", "n")
    )
    return {d.pk: int(rows.get(d.pk) or 0) for d in departments}, sum(int(rows.get(pk) or 0) for pk in cover)


def overdue_dossiers_now(queryset: QuerySet, *, today: date) -> QuerySet:
    """The records behind today's overdue count. Open today means not finished (a return date after
    today is refused on entry), which lets the open dossiers' index find them by deadline."""
    return queryset.filter(
        dossier_conditions(Period(today, today))["in_progress_overdue"], finished_on__isnull=True
    )
