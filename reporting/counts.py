"""Reads of the dossier summary (reporting.models.DossierCount): the counts of every condition of
reporting.conditions for a department, a field or the whole province, without touching a dossier.

The summary already holds each unit's subtree. A unit's figures in a reporting structure are a few of
its rows added or taken away (reporting.structures: the unit's own rows, and in the current structure
its predecessors' rows for the fields that passed to it), read for every unit at once in one query
grouped by summary row (weighted_counts), never over dossiers: the number of queries is the same for
one department or for all of them, whatever the data size."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from datetime import date, timedelta

from django.db.models import Case, Q, Sum, Value, When

from departments.models import Department
from procedures.organisation import EVERYTHING
from reporting import lookups  # noqa: F401  (registers department_id__any)
from reporting.dossier_counts import COLUMNS, FLOWS_FINISHED, FLOWS_RECEIVED, before_q, tiles
from reporting.models import DossierCount
from reporting.results import Period
from reporting.structures import Sources, Weights

Counts = dict[str, float]

_FINISHED = ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "refused")
_SUMMARY_KEYS = (*COLUMNS, "received_before", "finished_before", "overdue_before", "paused_late_before")


def summary_counts(
    department_ids: Iterable[int], period: Period, *, by: str = "department_id", fields: bool = False
) -> dict[int, Counts]:
    """The dossier counts of each department (sub-units included; DossierCount.PROVINCE for the whole
    province) or of each field, read from the summary in one query: flows over the period's spans, and
    the running totals of states before it. Rows are grouped by which of the two they belong to, so that
    each is added up once rather than filtered once per column."""
    rows = _summary_rows(
        [
            Q(department_id__in=list(department_ids))
            & (Q(field_id__gt=DossierCount.ALL_FIELDS) if fields else Q(field_id=DossierCount.ALL_FIELDS))
        ],
        period,
        (by,),
    )
    return {key[0]: _states(counts) for key, counts in rows.items()}


def weighted_counts(scopes: Mapping[Hashable, Weights], period: Period) -> dict[Hashable, Counts]:
    """The dossier counts of each scope (the summary rows it adds up or takes away, see
    reporting.structures), read in one query grouped by summary row: however many scopes, and whatever
    their predecessors and fields."""
    rows = _summary_rows(rows_q(*scopes.values()), period, ("department_id", "field_id"))
    result: dict[Hashable, Counts] = {}
    for key, weights in scopes.items():
        total = dict.fromkeys(_SUMMARY_KEYS, 0)
        for row_key, sign in weights.items():
            for name, value in rows.get(row_key, {}).items():
                total[name] += sign * value
        result[key] = _states(total)
    return result


def rows_q(*scopes: Weights) -> list[Q]:
    """The summary rows any of the scopes adds up or takes away (and a few more, which none weighs), as
    alternatives to be spread over tiles (spread())."""
    every_field = {pk for weights in scopes for pk, field_id in weights if not field_id}
    some_fields = {pk for weights in scopes for pk, field_id in weights if field_id}
    named = {field_id for weights in scopes for _pk, field_id in weights if field_id}
    wanted = [Q(department_id__any=sorted(every_field), field_id=DossierCount.ALL_FIELDS)]
    if some_fields:
        wanted.append(Q(department_id__any=sorted(some_fields), field_id__any=sorted(named)))
    return wanted


def tile_parts(start: date, end: date, *, largest: int = DossierCount.Span.YEAR) -> list[Q]:
    """The summary's tiles making up [start, end] (reporting.dossier_counts.tiles), one Q each."""
    return [
        Q(span=span, day__gte=first, day__lte=last)
        for span, first, last in tiles(start, end, largest=largest)
    ]


def before_parts(day: date) -> list[Q]:
    """The tiles of every day before `day`: the running totals that states start from."""
    return tile_parts(date.min, day - timedelta(days=1)) if day > date.min else []


def spread(wanted: list[Q], parts: list[Q]) -> Q:
    """Each set of rows within each tile, as alternatives: PostgreSQL then reads each through the
    summary's unique index on all its columns (department, field, span, day), instead of reading every
    tile of the departments since 2019 and filtering them (at 200,000 dossiers and 485 units, the
    overview's read of every unit and predecessor went from 71,714 rows in 47 ms to 2,253 in 15 ms)."""
    alternatives = [rows & part for rows in wanted for part in parts]
    if not alternatives:
        return Q(pk__in=[])
    condition = alternatives[0]
    for alternative in alternatives[1:]:
        condition |= alternative
    return condition


def field_counts(department_id: int, sources: Sources, period: Period) -> dict[int, Counts]:
    """The dossier counts of each field for a department (DossierCount.PROVINCE: the whole province)
    and the predecessors whose records it reports in the fields that passed to it (less their sub-units'
    that went elsewhere), in one query."""
    terms = [(department_id, EVERYTHING, 1)]
    for share in sources:
        terms.append((share.unit_id, share.fields, 1))
        terms.extend((unit_id, fields, -1) for unit_id, fields in share.away)
    rows = _summary_rows(
        [Q(department_id__in=sorted({pk for pk, _f, _s in terms}), field_id__gt=DossierCount.ALL_FIELDS)],
        period,
        ("department_id", "field_id"),
    )
    sums: dict[int, Counts] = defaultdict(lambda: dict.fromkeys(_SUMMARY_KEYS, 0))
    for pk, fields, sign in terms:
        for (row_pk, field_id), counts in rows.items():
            if row_pk == pk and field_id in fields:
                for name, value in counts.items():
                    sums[field_id][name] += sign * value
    return {field_id: _states(counts) for field_id, counts in sums.items()}


def _summary_rows(wanted: list[Q], period: Period, by: tuple[str, ...]) -> dict[tuple, Counts]:
    """The summary's raw sums (flows in the period, running totals before it) of the wanted rows, by
    the `by` columns, in one query."""
    before = before_q(period.start)
    parts = [*tile_parts(period.start, period.end), *before_parts(period.start)]
    rows = (
        DossierCount.objects.filter(spread(wanted, parts))
        .annotate(earlier=Case(When(before, then=Value(True)), default=Value(False)))
        .order_by()
        .values(*by, "earlier")
        .annotate(**{f"sum_{column}": Sum(column) for column in COLUMNS})
    )
    sums: dict[tuple, Counts] = defaultdict(lambda: dict.fromkeys(_SUMMARY_KEYS, 0))
    for row in rows:
        counts = sums[tuple(row[name] for name in by)]
        if row["earlier"]:
            counts["received_before"] += sum(row[f"sum_{c}"] for c in FLOWS_RECEIVED)
            counts["finished_before"] += sum(row[f"sum_{c}"] for c in _FINISHED)
            counts["overdue_before"] += row["sum_overdue_change"]
            counts["paused_late_before"] += row["sum_paused_late"]
        else:
            for column in COLUMNS:
                counts[column] += row[f"sum_{column}"]
    return sums


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


def cover(departments: list[Department]) -> list[Department]:
    """The departments none of the others lies inside: their subtrees hold each record once."""
    paths = {d.path for d in departments}

    def inside_another(path: str) -> bool:
        codes = path.strip("/").split("/")
        return any("/" + "/".join(codes[:depth]) + "/" in paths for depth in range(1, len(codes)))

    return [d for d in departments if not inside_another(d.path)]


def roll_up(grouped: dict[int, Counts], paths: dict[int, str], targets: dict[str, int]) -> dict[int, Counts]:
    """Add each department's counts to every target department above it (or equal to it)."""
    totals: dict[int, Counts] = {pk: defaultdict(float) for pk in targets.values()}
    for department_id, counts in grouped.items():
        for code in paths[department_id].strip("/").split("/"):
            if code in targets:
                bucket = totals[targets[code]]
                for key, value in counts.items():
                    bucket[key] += value or 0
    return totals


def add_up(rows: Iterable[Counts]) -> Counts:
    total: Counts = defaultdict(float)
    for row in rows:
        for key, value in row.items():
            total[key] += value or 0
    return total
