"""Reads of the dossier summary (reporting.models.DossierCount): the counts of every condition of
reporting.conditions for a department, a field or the whole province, without touching a dossier.

The summary already holds each unit's subtree. A unit's figures in a reporting structure are a few of
its rows added or taken away (reporting.structures: the unit's own rows, and in the current structure
its predecessors' rows for the fields that passed to it), read for every unit at once in one query
grouped by summary row (weighted_counts), never over dossiers: the number of queries is the same for
one department or for all of them, whatever the data size."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q

from departments.models import Department
from procedures.organisation import EVERYTHING
from reporting.cache import Groups, summary_reads
from reporting.dossier_counts import COLUMNS, FLOWS_FINISHED, FLOWS_INDEX, FLOWS_RECEIVED, tiles
from reporting.lookups import any_sql
from reporting.models import DossierCount
from reporting.results import Period
from reporting.structures import Sources, Weights

Counts = dict[str, float]

_FINISHED = ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "refused")
_SUMMARY_KEYS = (
    *COLUMNS,
    "received_before",
    "finished_before",
    "overdue_before",
    "paused_late_before",
    "dvcqg_late_before",
)


@dataclass(frozen=True)
class Rows:
    """Summary rows: those of these units in these fields (None: each field on its own, field 0 aside)."""

    departments: tuple[int, ...]
    fields: tuple[int, ...] | None

    def q(self) -> Q:
        if self.fields is None:
            return Q(department_id__any=self.departments, field_id__gt=DossierCount.ALL_FIELDS)
        return Q(department_id__any=self.departments, field_id__any=self.fields)

    def among(self, groups: Groups) -> "Rows | None":
        """Those of these rows whose unit is one of the `groups`' units and whose field one of their
        fields: every (unit, field) of the groups among these rows, each whole, and maybe a few more;
        None when there are none."""
        departments = {pk for pk, _field in groups}.intersection(self.departments)
        fields = {field for _pk, field in groups}
        fields = (
            fields - {DossierCount.ALL_FIELDS} if self.fields is None else fields.intersection(self.fields)
        )
        if not departments or not fields:
            return None
        return Rows(tuple(sorted(departments)), tuple(sorted(fields)))


Sums = dict[tuple[int, int], Counts]


def weighted_counts(scopes: Mapping[Hashable, Weights], period: Period) -> dict[Hashable, Counts]:
    """The dossier counts of each scope (the summary rows it adds up or takes away, see
    reporting.structures), read in one query grouped by summary row: however many scopes, and whatever
    their predecessors and fields."""
    return weigh(scopes, scope_rows(scopes, period))


def scope_rows(scopes: Mapping[Hashable, Weights], period: Period) -> Sums:
    """The summary rows the scopes weigh, as read for the period: the very object kept before when no
    write since changed a row a period ending then reads (reporting.cache.SummaryReads)."""
    return _summary_rows(wanted_rows(*scopes.values()), period)


def weigh(
    scopes: Mapping[Hashable, Weights], rows: Sums, *, last: tuple[Sums, dict[Hashable, Counts]] | None = None
) -> dict[Hashable, Counts]:
    """Each scope's counts from the summary rows it weighs; with the `last` rows and counts weighed
    before, a scope whose rows are all the very objects they were keeps its counts (the same object): a
    read brought up to date after a write holds new objects only for the rows the write changed."""
    result: dict[Hashable, Counts] = {}
    for key, weights in scopes.items():
        if last is not None and key in last[1]:
            before = last[0]
            if all(rows.get(row_key) is before.get(row_key) for row_key in weights):
                result[key] = last[1][key]
                continue
        total = dict.fromkeys(_SUMMARY_KEYS, 0)
        for row_key, sign in weights.items():
            for name, value in rows.get(row_key, {}).items():
                total[name] += sign * value
        result[key] = _states(total)
    return result


def wanted_rows(*scopes: Weights) -> list[Rows]:
    """The summary rows any of the scopes adds up or takes away (and a few more, which none weighs)."""
    every_field = {pk for weights in scopes for pk, field_id in weights if not field_id}
    some_fields = {pk for weights in scopes for pk, field_id in weights if field_id}
    named = {field_id for weights in scopes for _pk, field_id in weights if field_id}
    wanted = [Rows(tuple(sorted(every_field)), (DossierCount.ALL_FIELDS,))]
    if some_fields:
        wanted.append(Rows(tuple(sorted(some_fields)), tuple(sorted(named))))
    return wanted


def rows_q(*scopes: Weights) -> list[Q]:
    """wanted_rows as alternatives to be spread over tiles (spread())."""
    return [rows.q() for rows in wanted_rows(*scopes)]


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
    rows = _summary_rows([Rows(tuple(sorted({pk for pk, _f, _s in terms})), None)], period)
    sums: dict[int, Counts] = defaultdict(lambda: dict.fromkeys(_SUMMARY_KEYS, 0))
    for pk, fields, sign in terms:
        for (row_pk, field_id), counts in rows.items():
            if row_pk == pk and field_id in fields:
                for name, value in counts.items():
                    sums[field_id][name] += sign * value
    return {field_id: _states(counts) for field_id, counts in sums.items()}


def _summary_rows(wanted: list[Rows], period: Period) -> Sums:
    """The summary's raw sums (flows in the period, running totals before it) of the wanted rows, by
    unit and field, in one query; kept across writes and brought up to date by reading again only the
    rows a write changed (reporting.cache.SummaryReads)."""
    return summary_reads.get(
        ("summary", tuple(wanted), period.start, period.end),
        lambda: _read_rows(wanted, period),
        lambda kept, changed: _refresh(kept, changed, wanted, period),
        until=period.end,
    )


def _refresh(kept: Sums, changed: Groups, wanted: list[Rows], period: Period) -> Sums:
    """The kept sums with the (unit, field) rows among `changed` read again."""
    among = [part for part in (rows.among(changed) for rows in wanted) if part is not None]
    if not among:
        return kept
    fresh = _read_rows(among, period)
    stale = {(pk, field) for rows in among for pk in rows.departments for field in rows.fields or ()}
    result = {key: counts for key, counts in kept.items() if key not in stale}
    result.update(fresh)
    return result


def _read_rows(wanted: list[Rows], period: Period) -> Sums:
    """Written as SQL rather than built by the ORM: building the query (a dozen alternatives, a sum for
    each column, the flag of the rows before the period) took 2.5 ms of a 3.4 ms read, and the overview
    read after every write reads twice (the period and the one before)."""
    flows = tiles(period.start, period.end)
    before = tiles(date.min, period.start - timedelta(days=1)) if period.start > date.min else []
    earlier, earlier_params = _tiles_sql(before)
    alternatives, params = [], []
    for rows in wanted:
        units, units_params = any_sql("department_id", rows.departments, connection.vendor)
        if rows.fields is None:
            fields, fields_params = "field_id > %s", [DossierCount.ALL_FIELDS]
        else:
            fields, fields_params = any_sql("field_id", rows.fields, connection.vendor)
        for tile in (*flows, *before):
            tile_sql, tile_params = _tiles_sql([tile])
            alternatives.append(f"({units} AND {fields} AND {tile_sql})")
            params += [*units_params, *fields_params, *tile_params]
    if not alternatives:
        return {}
    sums = ", ".join(f"SUM({column})" for column in COLUMNS)
    # Only the code's own names are written into the text; every value is a parameter.
    sql = (
        f"SELECT department_id, field_id, CASE WHEN {earlier} THEN 1 ELSE 0 END, {sums} "  # noqa: S608
        f"FROM {DossierCount._meta.db_table} WHERE {' OR '.join(alternatives)} GROUP BY 1, 2, 3"
    )
    result: Sums = defaultdict(lambda: dict.fromkeys(_SUMMARY_KEYS, 0))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*earlier_params, *params])
        for department_id, field_id, is_earlier, *values in cursor.fetchall():
            row = dict(zip(COLUMNS, values, strict=True))
            counts = result[(department_id, field_id)]
            if is_earlier:
                counts["received_before"] += sum(row[c] for c in FLOWS_RECEIVED)
                counts["finished_before"] += sum(row[c] for c in _FINISHED)
                counts["overdue_before"] += row["overdue_change"]
                counts["paused_late_before"] += row["paused_late"]
                counts["dvcqg_late_before"] += row["dvcqg_late_change"]
            else:
                for column in COLUMNS:
                    counts[column] += row[column]
    return dict(result)


def _tiles_sql(parts: list[tuple[int, date, date]]) -> tuple[str, list]:
    """The summary rows of these tiles (reporting.dossier_counts.tiles) as one SQL condition."""
    if not parts:
        return "1 = 0", []
    sql = " OR ".join("(span = %s AND day >= %s AND day <= %s)" for _part in parts)
    return f"({sql})", [value for part in parts for value in part]


def _states(row: Counts) -> Counts:
    """Every dossier count of dossier_conditions() from the flows and running totals of the summary."""
    counts = {code: row[code] for code in (*FLOWS_RECEIVED, *FLOWS_FINISHED, *FLOWS_INDEX)}
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
    counts["dvcqg_in_progress_late"] = row["dvcqg_late_before"] + row["dvcqg_late_change"]
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
