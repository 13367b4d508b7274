"""The month-by-month trend of a period, and what is overdue today: both read from the dossier summary."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Sum

from departments.models import Department
from procedures.organisation import CURRENT
from reporting.cache import memoised, organisation
from reporting.counts import before_parts, cover, rows_q, spread, tile_parts
from reporting.dossier_counts import FLOWS_RECEIVED
from reporting.indicators import percent
from reporting.models import DossierCount
from reporting.results import Period
from reporting.structures import Weights, scope_weights, summary_weights


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


def monthly_trend(
    departments: list[Department] | None, period: Period, *, structure: str = CURRENT
) -> list[MonthCounts]:
    """Dossiers received and finished in each month of the period, in one query over the summary's
    month rows (and day rows for months the period covers in part)."""
    key = ("trend", None if departments is None else tuple(d.pk for d in departments), period, structure)
    return memoised(key, lambda: _monthly_trend(departments, period, structure))


def _weights(departments: list[Department] | None, structure: str) -> Weights:
    """The summary rows the departments' records (together, each once) add up: the province's row for
    the whole province, the same in both structures."""
    if departments is None:
        return {(DossierCount.PROVINCE, DossierCount.ALL_FIELDS): 1}
    ids = [d.pk for d in cover(departments)]
    if structure != CURRENT:
        return summary_weights(ids, [])
    return scope_weights(organisation(), ids, structure)


def _monthly_trend(departments: list[Department] | None, period: Period, structure: str) -> list[MonthCounts]:
    weights = _weights(departments, structure)
    inside = tile_parts(period.start, period.end, largest=DossierCount.Span.MONTH)
    sums = {
        "received": [*FLOWS_RECEIVED],
        "resolved_early": ["resolved_early"],
        "resolved_on_time": ["resolved_on_time"],
        "resolved_late": ["resolved_late"],
        "no_result": ["withdrawn", "refused"],
    }
    rows = (
        DossierCount.objects.filter(spread(rows_q(weights), inside))
        .order_by()
        .values("department_id", "field_id", "day")
        .annotate(
            **{
                f"n_{key}": Sum(sum((F(c) for c in columns[1:]), F(columns[0])))
                for key, columns in sums.items()
            }
        )
    )
    buckets: dict[date, dict[str, int]] = {month: defaultdict(int) for month in _months(period)}
    for row in rows:
        sign = weights.get((row["department_id"], row["field_id"]), 0)
        bucket = buckets[row["day"].replace(day=1)]
        for key in sums:
            bucket[key] += sign * row[f"n_{key}"]
    return [MonthCounts(month, *(counts[key] for key in sums)) for month, counts in buckets.items()]


def overdue_now(
    departments: list[Department], *, today: date, whole_province: bool, structure: str = CURRENT
) -> tuple[dict[int, int], int]:
    """Open dossiers past their deadline today: per department with its sub-units (and, in the current
    structure, its predecessors in the fields that passed to it), and in total (each dossier once, even
    where one department lies inside another). One query over the summary."""
    key = ("overdue", tuple(d.pk for d in departments), today, whole_province, structure)
    return memoised(
        key,
        lambda: _overdue_now(departments, today=today, whole_province=whole_province, structure=structure),
    )


def _overdue_now(
    departments: list[Department], *, today: date, whole_province: bool, structure: str
) -> tuple[dict[int, int], int]:
    scopes = {d.pk: _weights([d], structure) for d in departments}
    total_weights = _weights(None if whole_province else departments, structure)
    wanted = [total_weights, *scopes.values()]
    rows = {
        (pk, field_id): int(n or 0)
        for pk, field_id, n in DossierCount.objects.filter(
            spread(rows_q(*wanted), before_parts(today + timedelta(days=1)))
        )
        .order_by()
        .values("department_id", "field_id")
        .annotate(n=Sum("overdue_change"))
        .values_list("department_id", "field_id", "n")
    }

    def count(weights: Weights) -> int:
        return sum(sign * rows.get(key, 0) for key, sign in weights.items())

    return {pk: count(weights) for pk, weights in scopes.items()}, count(total_weights)
