"""The month-by-month trend of a period, and what is overdue today: both read from the dossier summary."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Sum

from departments.models import Department
from reporting.cache import memoised
from reporting.counts import cover
from reporting.dossier_counts import FLOWS_RECEIVED, before_q, tiles_q
from reporting.indicators import percent
from reporting.models import DossierCount
from reporting.results import Period


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
    ids = [DossierCount.PROVINCE] if departments is None else [d.pk for d in cover(departments)]
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
    covering = [DossierCount.PROVINCE] if whole_province else [d.pk for d in cover(departments)]
    rows = dict(
        DossierCount.objects.filter(
            before_q(today + timedelta(days=1)),
            department_id__in=[*(d.pk for d in departments), *covering],
            field_id=DossierCount.ALL_FIELDS,
        )
        .order_by()
        .values("department_id")
        .annotate(n=Sum("overdue_change"))
        .values_list("department_id", "n")
    )
    total = sum(int(rows.get(pk) or 0) for pk in covering)
    return {d.pk: int(rows.get(d.pk) or 0) for d in departments}, total
