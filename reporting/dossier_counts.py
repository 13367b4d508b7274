"""The dossier summary (reporting.models.DossierCount): what each column counts, the SQL that adds a
set of dossiers' events to it, and the spans of days a period is read from.

Every dossier indicator of a period [from, to] is either a flow or a state:
- flows count the dossiers whose event day lies in the period: received (by channel) on `received_on`,
  and every finished outcome (early, on time, late, with apology, withdrawn, refused, rated, satisfied)
  on `finished_on`. The outcome is the dossier's own: `finished_on` against `effective_due_on`.
- states count the dossiers in some condition at the end of a day D, each written as events whose
  running total up to D is the state:
  in progress at D = received up to D − finished up to D (a dossier finished on the day it came in
  never counts);
  overdue at D = `overdue_change` up to D: +1 on the day after the deadline for a dossier that is not
  finished by then and was not paused before the deadline passed, −1 on the day such a dossier is
  finished (nothing for a dossier finished in time, or paused in time: it is never overdue);
  paused late at D = `paused_late` up to D: +1 on `paused_on` for a dossier whose pause began after its
  deadline (Biểu 06a counts it within the deadline from then on, the indicators keep it overdue);
  late by the DVCQG rule at D = `dvcqg_late_change` up to D: +1 on `dvcqg_late_on` for a dossier not
  finished by then, −1 on the day it is finished; finished on time by that rule is a flow on
  `finished_on` (`dvcqg_on_time`). Both are the dossier's stored standing (procedures.dvcqg.standing).
  Carried over into a period starting on S is the in-progress state at S − 1.
These are the conditions of reporting.conditions.dossier_conditions, rewritten as events; the
consistency test (tests/reporting/test_dossier_counts.py) checks that they agree row for row.

Each event is added to the row of every department above the dossier's (its roll-up) and of the whole
province, of its field and of every field, and of its day, month and year. A period then reads a handful of rows per
department whatever the number of dossiers: whole years, whole months, then days.

The triggers (reporting.summary_triggers) are the only writers: statement-level with transition tables
on PostgreSQL (one set-based statement per INSERT, UPDATE, DELETE or COPY, however many rows), row-level
on SQLite. They follow every dossier written, a procedure moved to another field and a department whose
path changes (moved to another parent or renamed, its subtree with it). This module states the events and
writes them as SQL; recount_statements() and rebuild() count the whole summary again from scratch.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from reporting.models import DossierCount

TABLE = DossierCount._meta.db_table
DOSSIERS, PROCEDURES, DEPARTMENTS = "procedures_dossier", "procedures_procedure", "departments_department"

FLOWS_RECEIVED = ("received_online", "received_direct", "received_postal")
FLOWS_FINISHED = (
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "late_with_apology",
    "withdrawn",
    "refused",
    "rated",
    "satisfied",
    "dvcqg_on_time",
)
# The national index's flows on `received_on` (reporting.conditions.index_dossier_conditions): some hang
# on the procedure's facts as well as the dossier's, so a procedure whose facts change moves them too.
FLOWS_INDEX = (
    "synced",
    "online_counted",
    "fee_due",
    "fee_paid_online",
    "paper_required",
    "paper_e_result",
    "digitised_complete",
    "reused",
    "from_store",
    "population",
    "dissatisfied_received",
)
CHANGES = ("overdue_change", "paused_late", "dvcqg_late_change")
# The columns whose events add on one day and take away on another: each event says its sign.
SIGNED = ("overdue_change", "dvcqg_late_change")
COLUMNS = (*FLOWS_RECEIVED, *FLOWS_FINISHED, *CHANGES, *FLOWS_INDEX)

# Columns of the dossier the events are computed from, as the source rows of the SQL below name them.
SOURCE_COLUMNS = (
    "department_id",
    "received_on",
    "finished_on",
    "effective_due_on",
    "paused_on",
    "status",
    "channel",
    "satisfaction",
    "apology_issued_on",
    "dvcqg_on_time",
    "dvcqg_late_on",
    "synced_to_dvcqg",
    "electronic_result",
    "digitised",
    "reused_data",
    "dvcqg_store",
    "population_data",
    "fee_amount",
    "paid_online",
)
# The procedure's facts the events read beside the dossier's columns, as the source rows name them.
PROCEDURE_FACTS = {"paper": "requires_paper_result", "has_fees": "has_fees"}

RESOLVED = "status = 'resolved'"
NOT_PAUSED_IN_TIME = "(paused_on IS NULL OR paused_on > effective_due_on)"
FEE_DUE = "has_fees AND (fee_amount IS NULL OR fee_amount <> 0)"
WITH_RESULT_IF_PAPER = "(NOT paper OR electronic_result)"
# Each event: the day it falls on, the rows that have it, and the condition of each column it adds to.
EVENTS = (
    (
        "received_on",
        "1 = 1",
        {
            "received_online": "channel = 'online'",
            "received_direct": "channel = 'direct'",
            "received_postal": "channel = 'postal'",
            "synced": "synced_to_dvcqg",
            "online_counted": f"channel = 'online' AND {WITH_RESULT_IF_PAPER}",
            "fee_due": FEE_DUE,
            "fee_paid_online": f"{FEE_DUE} AND paid_online",
            "paper_required": "paper",
            "paper_e_result": "paper AND electronic_result",
            "digitised_complete": f"digitised AND {WITH_RESULT_IF_PAPER}",
            "reused": "reused_data",
            "from_store": "dvcqg_store",
            "population": "population_data",
            "dissatisfied_received": "satisfaction = 'dissatisfied'",
        },
        1,
    ),
    (
        "finished_on",
        "finished_on IS NOT NULL",
        {
            "resolved_early": f"{RESOLVED} AND finished_on < effective_due_on",
            "resolved_on_time": f"{RESOLVED} AND finished_on = effective_due_on",
            "resolved_late": f"{RESOLVED} AND finished_on > effective_due_on",
            "late_with_apology": f"{RESOLVED} AND finished_on > effective_due_on AND apology_issued_on IS NOT NULL",
            "withdrawn": "status = 'withdrawn'",
            "refused": "status = 'refused'",
            "rated": f"{RESOLVED} AND satisfaction <> ''",
            "satisfied": f"{RESOLVED} AND satisfaction IN ('very_satisfied', 'satisfied')",
            # The end of an overdue stretch.
            "overdue_change": f"finished_on > effective_due_on AND {NOT_PAUSED_IN_TIME}",
            "dvcqg_on_time": "dvcqg_on_time IS TRUE",
            # The end of a stretch late by the DVCQG rule.
            "dvcqg_late_change": "finished_on > dvcqg_late_on",
        },
        -1,
    ),
    (
        "{next_day}",
        f"(finished_on IS NULL OR finished_on > effective_due_on) AND {NOT_PAUSED_IN_TIME}",
        {"overdue_change": "1 = 1"},
        1,
    ),
    ("paused_on", "paused_on > effective_due_on", {"paused_late": "1 = 1"}, 1),
    (
        "dvcqg_late_on",
        "dvcqg_late_on IS NOT NULL AND (finished_on IS NULL OR finished_on > dvcqg_late_on)",
        {"dvcqg_late_change": "1 = 1"},
        1,
    ),
)


@dataclass(frozen=True)
class Dialect:
    next_day: str
    month: str
    year: str
    starts_with: str
    # That department a is d or above it, by their paths of codes.
    ancestor: str


DIALECTS = {
    "postgresql": Dialect(
        next_day="(effective_due_on + 1)",
        month="date_trunc('month', {day}::timestamp)::date",
        year="date_trunc('year', {day}::timestamp)::date",
        starts_with="starts_with({path}, {prefix})",
        # The path's codes (a path is its units' codes, and no code holds a "/") found by the index on
        # code first: comparing every department's path with every other's (665 units: 442,000 pairs)
        # took 72 ms of each statement's trigger, 4 ms so.
        ancestor="a.code = ANY(string_to_array(d.path, '/')) AND starts_with(d.path, a.path)",
    ),
    "sqlite": Dialect(
        next_day="date(effective_due_on, '+1 day')",
        month="date({day}, 'start of month')",
        year="date({day}, 'start of year')",
        starts_with="substr({path}, 1, length({prefix})) = {prefix}",
        ancestor="substr(d.path, 1, length(a.path)) = a.path",
    ),
}


def _events(source: str, dialect: Dialect) -> str:
    """One row per event of the source rows: department, field, day and the signed columns."""
    selects = []
    for day, where, conditions, event_sign in EVENTS:
        columns = []
        for column in COLUMNS:
            condition = conditions.get(column)
            if condition is None:
                columns.append(f"0 AS {column}")
            else:
                sign = f"{event_sign} * sign" if column in SIGNED else "sign"
                columns.append(f"CASE WHEN {condition} THEN {sign} ELSE 0 END AS {column}")
        day_sql = day.format(next_day=dialect.next_day)
        selects.append(
            f"SELECT department_id, field_id, {day_sql} AS day, {', '.join(columns)} "
            f"FROM ({source}) source WHERE {where}"
        )
    return " UNION ALL ".join(selects)


def _ancestors(dialect: Dialect, where: str, *, province: bool = True) -> str:
    """(department, ancestor) pairs, the department itself included, from the materialised paths; and
    with `province`, each department under the whole province (DossierCount.PROVINCE)."""
    pairs = (
        f"SELECT d.id AS department_id, a.id AS ancestor_id FROM {DEPARTMENTS} d "
        f"JOIN {DEPARTMENTS} a ON {dialect.ancestor} WHERE {where}"
    )
    if province:
        # `where` names the department (d) only when the province is included.
        pairs += f" UNION ALL SELECT d.id, {DossierCount.PROVINCE} FROM {DEPARTMENTS} d WHERE {where}"
    return pairs


def _sums(table: str = "") -> str:
    """Each column summed, named as itself. PostgreSQL sums integers into bigint and bigints into
    numeric, several times slower to add up: each level goes back to the integer the summary stores
    (no group of one statement comes near 2**31)."""
    prefix = f"{table}." if table else ""
    return ", ".join(f"CAST(SUM({prefix}{column}) AS integer) AS {column}" for column in COLUMNS)


def add_events_sql(
    source: str, dialect: Dialect, *, departments: str = "1 = 1", province: bool = True
) -> str:
    """Add the events of the source rows (SOURCE_COLUMNS, field_id and a sign of +1 or −1) to the
    summary. They are grouped by department, field and day first; those groups are rolled up to every
    ancestor, for their field and for all fields: the rows of days; the rows of months are summed from
    those of days, the rows of years from those of months. Each level thus adds up the few rows of the
    level below rather than every event six times over (50,000 new dossiers: 73,000 rows grouped
    instead of 221,000, the insert trigger a third faster), and each summary row is written once."""
    columns = ", ".join(COLUMNS)
    nonzero = " OR ".join(f"{column} <> 0" for column in COLUMNS)
    update = ", ".join(f"{column} = {TABLE}.{column} + excluded.{column}" for column in COLUMNS)
    month = dialect.month.format(day="day")
    year = dialect.year.format(day="day")
    days = (
        f"SELECT tree.ancestor_id AS department_id, CASE WHEN level.n = 0 THEN 0 ELSE events.field_id END "
        f"AS field_id, events.day AS day, {_sums('events')} "
        f"FROM (SELECT department_id, field_id, day, {_sums()} FROM ({_events(source, dialect)}) events "
        f"GROUP BY department_id, field_id, day) events "
        f"JOIN ({_ancestors(dialect, departments, province=province)}) tree "
        "ON tree.department_id = events.department_id "
        "CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1) level GROUP BY 1, 2, 3"
    )
    # Rows whose events cancel out (a dossier changed and changed back) are not written.
    return (
        f"INSERT INTO {TABLE} (department_id, field_id, span, day, {columns}) "
        f"WITH days AS ({days}), "
        f"months AS (SELECT department_id, field_id, {month} AS day, {_sums()} FROM days GROUP BY 1, 2, 3) "
        f"SELECT department_id, field_id, 1, day, {columns} FROM days WHERE {nonzero} "
        f"UNION ALL SELECT department_id, field_id, 2, day, {columns} FROM months WHERE {nonzero} "
        f"UNION ALL SELECT department_id, field_id, 3, {year}, {_sums()} FROM months GROUP BY 1, 2, 4 "
        f"HAVING {' OR '.join(f'SUM({column}) <> 0' for column in COLUMNS)} "
        # In the order of the unique index, so that concurrent writers take the rows' locks in one order.
        "ORDER BY 1, 2, 3, 4 "
        f"ON CONFLICT (department_id, field_id, span, day) DO UPDATE SET {update}"
    )


def procedure_columns(prefix: str = "p.") -> str:
    """The field and the facts of the procedure the events read, from the columns named `prefix` +
    the procedure's column (`p.field_id`, or `OLD.field_id` for a procedure's row before a change)."""
    columns = {"field_id": "field_id", **PROCEDURE_FACTS}
    return ", ".join(f"{prefix}{column} AS {name}" for name, column in columns.items())


def table_source(table: str, sign: int, *, procedure: str = "p.", where: str = "1 = 1") -> str:
    """The rows of a table of dossiers as a source of events, with the field and facts of their
    procedure read from the columns named `procedure` + the procedure's column (procedure_columns)."""
    columns = ", ".join(f"r.{column}" for column in SOURCE_COLUMNS)
    return (
        f"SELECT {sign} AS sign, {procedure_columns(procedure)}, {columns} FROM {table} r "
        f"JOIN {PROCEDURES} p ON p.id = r.procedure_id WHERE {where}"
    )


def row_source(row: str, sign: int) -> str:
    columns = ", ".join(f"{row}.{column} AS {column}" for column in SOURCE_COLUMNS)
    procedure = ", ".join(
        f"(SELECT {column} FROM {PROCEDURES} WHERE id = {row}.procedure_id) AS {name}"
        for name, column in {"field_id": "field_id", **PROCEDURE_FACTS}.items()
    )
    return f"SELECT {sign} AS sign, {procedure}, {columns}"


def recount_statements(vendor: str) -> list[str]:
    """The whole summary counted again from the dossiers."""
    return [
        f"DELETE FROM {TABLE}",
        add_events_sql(table_source(DOSSIERS, 1), DIALECTS[vendor]),
        # Fresh statistics, so that the planner reads a handful of rows by the index.
        f"ANALYZE {TABLE}",
    ]


def rebuild() -> None:
    """Count the whole summary again from the dossiers."""
    with connection.cursor() as cursor:
        for statement in recount_statements(connection.vendor):
            cursor.execute(statement)


# -- Reading: the spans that tile a period ------------------------------------------------------------------------


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def tiles(start: date, end: date, *, largest: int = DossierCount.Span.YEAR) -> list[tuple[int, date, date]]:
    """(span, first, last): the rows of that span whose `day` lies in [first, last] cover the days of
    [start, end] exactly once, with as few rows as the calendar allows (days, then months, then years,
    no span larger than `largest`)."""
    result = []
    while start <= end:
        if start.day != 1 or _month_end(start) > end:
            stop = min(end, _month_end(start))
            result.append((DossierCount.Span.DAY, start, stop))
        elif start.month != 1 or start.replace(month=12, day=31) > end or largest == DossierCount.Span.MONTH:
            last = start
            while last.month < 12 and _month_end(last + timedelta(days=32)) <= end:
                last = (last + timedelta(days=32)).replace(day=1)
            stop = _month_end(last)
            result.append((DossierCount.Span.MONTH, start, last))
        else:
            last = date(end.year if end.month == 12 and end.day == 31 else end.year - 1, 1, 1)
            stop = date(last.year, 12, 31)
            result.append((DossierCount.Span.YEAR, start, last))
        if stop >= date.max:
            break
        start = stop + timedelta(days=1)
    return result
