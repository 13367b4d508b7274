"""The database triggers that keep the dossier summary (reporting.dossier_counts) in the transaction of
every write, as SQL text for a migration to carry.

Three kinds of write change the summary: a dossier inserted, updated or deleted (its events leave the
rows they were added to and join the rows they now belong to), a procedure moved to another field (its
dossiers' events move from the old field's rows to the new field's), and a department whose path changes
(its dossiers' events, and those of every department below it, leave the departments above its old place
and join those above its new one)."""

import json

from reporting.dossier_counts import (
    DEPARTMENTS,
    DIALECTS,
    DOSSIERS,
    PROCEDURE_FACTS,
    PROCEDURES,
    SOURCE_COLUMNS,
    TABLE,
    Dialect,
    add_events_sql,
    procedure_columns,
    recount_statements,
    row_source,
    table_source,
)
from reporting.models import DossierCount

# The (unit, field) whose summary rows a dossier statement changed, with the month of the earliest day
# it changed in them and the data version of the write (the statement's own, set before it ran):
# reporting.cache reads again only those rows of what it keeps, and only for periods that end on or after
# that month (a period's figures read the days up to its end, running totals included). One note per
# (unit, field, month), the latest write's version on it: a read kept at any version finds, for each write
# after it, a note of that write's month with a later version. A procedure moved to another field or a
# unit moved changes the catalogue too, after which nothing kept is used again, so their triggers note
# nothing. Without the version's row (a test's flush empties it) the note says 0 and the write goes on:
# nothing is kept where there is no version to read.
CHANGES = "reporting_summarychange"
_VERSION_NOW = "COALESCE((SELECT version FROM reporting_dataversion ORDER BY id LIMIT 1), 0)"
_NOTE = (
    f"INSERT INTO {CHANGES} (department_id, field_id, month, version) "
    "SELECT department_id, field_id, date_trunc('month', MIN(day)::timestamp)::date, "
    f"{_VERSION_NOW} FROM {{rows}} GROUP BY 1, 2 ORDER BY 1, 2 "
    "ON CONFLICT (department_id, field_id, month) DO UPDATE SET version = excluded.version"
)


def _noting_changes(insert: str) -> str:
    # Every month or year row written comes with a day row of its unit and field written beside it.
    written = f"written WHERE span = {DossierCount.Span.DAY}"
    return f"WITH written AS ({insert} RETURNING department_id, field_id, span, day) " + _NOTE.format(
        rows=written
    )


# What the dossiers' own reads keep (reporting.index766_reads: 2.2's processing time, the procedures with
# a dossier of a kind) hangs on columns the summary does not count: a dossier whose processing completion
# or days waiting for a supplement alone change writes no summary row. Every dossier updated notes its
# own unit and field, from the month it was received (old or new), the earliest of its days.
_UPDATED = (
    f"(SELECT r.department_id, p.field_id, r.received_on AS day FROM (SELECT department_id, procedure_id, "
    "received_on FROM old_rows UNION ALL SELECT department_id, procedure_id, received_on FROM new_rows) r "
    f"JOIN {PROCEDURES} p ON p.id = r.procedure_id) updated"
)


# The procedure's columns the events read (reporting.dossier_counts.procedure_columns), and the condition
# that one of them changed between two rows of it.
_PROCEDURE_READ = ("field_id", *PROCEDURE_FACTS.values())
_PROCEDURE_CHANGED = " OR ".join(f"{{old}}.{column} <> {{new}}.{column}" for column in _PROCEDURE_READ)


# The planner's estimate of a statement over a transition table is far above what the table holds, which
# turns on JIT compilation: 150 ms spent compiling, on each statement that writes dossiers, an insert
# trigger that runs in 0.85 s for 50,000 new dossiers.
_NO_JIT = "SET jit = off"


def _postgresql_triggers() -> list[str]:
    dialect = DIALECTS["postgresql"]
    old, new = table_source("old_rows", -1), table_source("new_rows", 1)
    bodies = {
        "insert": _noting_changes(add_events_sql(new, dialect)),
        "update": _noting_changes(add_events_sql(f"{old} UNION ALL {new}", dialect))
        + "; "
        + _NOTE.format(rows=_UPDATED),
        "delete": _noting_changes(add_events_sql(old, dialect)),
    }
    statements = []
    for operation, body in bodies.items():
        function = f"{TABLE}_on_dossier_{operation}"
        transitions = {
            "insert": "NEW TABLE AS new_rows",
            "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "OLD TABLE AS old_rows",
        }[operation]
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql {_NO_JIT} AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$",
            f"CREATE TRIGGER {function} AFTER {operation.upper()} ON {DOSSIERS} "
            f"REFERENCING {transitions} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    # A procedure moved to another field, or whose facts the events read change, takes its dossiers' events
    # with it: they leave the rows of its field and facts before and join those after.
    changed = f"o.id = n.id AND ({_PROCEDURE_CHANGED.format(old='o', new='n')})"
    before = ", ".join(f"o.{column} AS o_{column}" for column in _PROCEDURE_READ)
    body = add_events_sql(
        table_source(
            f"(SELECT d.*, {before} FROM {DOSSIERS} d JOIN old_rows o ON o.id = d.procedure_id "
            f"JOIN new_rows n ON {changed})",
            -1,
            procedure="r.o_",
        )
        + " UNION ALL "
        + table_source(
            f"(SELECT d.* FROM {DOSSIERS} d JOIN new_rows n ON n.id = d.procedure_id JOIN old_rows o ON {changed})",
            1,
        ),
        dialect,
    )
    function = f"{TABLE}_on_procedure_update"
    statements += [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql {_NO_JIT} AS $$ "
        f"BEGIN {body}; RETURN NULL; END $$",
        f"CREATE TRIGGER {function} AFTER UPDATE ON {PROCEDURES} REFERENCING OLD TABLE AS old_rows "
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]
    return statements


def _sqlite_triggers() -> list[str]:
    dialect = DIALECTS["sqlite"]

    def only(row: str) -> str:
        return f"d.id = {row}.department_id"

    bodies = {
        "insert": [add_events_sql(row_source("NEW", 1), dialect, departments=only("NEW"))],
        "update": [
            add_events_sql(row_source("OLD", -1), dialect, departments=only("OLD")),
            add_events_sql(row_source("NEW", 1), dialect, departments=only("NEW")),
        ],
        "delete": [add_events_sql(row_source("OLD", -1), dialect, departments=only("OLD"))],
    }
    statements = []
    for operation, body in bodies.items():
        # Flushing a test database deletes every table in no set order: once the summary itself is
        # empty there is nothing left to keep in step.
        when = f" WHEN EXISTS (SELECT 1 FROM {TABLE})" if operation == "delete" else ""
        statements.append(
            f"CREATE TRIGGER {TABLE}_on_dossier_{operation} AFTER {operation.upper()} ON {DOSSIERS} "
            f"FOR EACH ROW{when} BEGIN {'; '.join(body)}; END"
        )
    moved = []
    for row, sign in (("OLD", -1), ("NEW", 1)):
        moved.append(
            add_events_sql(
                table_source(DOSSIERS, sign, procedure=f"{row}.", where=f"r.procedure_id = {row}.id"),
                dialect,
            )
        )
    statements.append(
        f"CREATE TRIGGER {TABLE}_on_procedure_update AFTER UPDATE OF {', '.join(_PROCEDURE_READ)} "
        f"ON {PROCEDURES} FOR EACH ROW WHEN {_PROCEDURE_CHANGED.format(old='OLD', new='NEW')} "
        f"BEGIN {'; '.join(moved)}; END"
    )
    return statements


# -- A department whose path changes ------------------------------------------------------------------------
#
# Each statement that changes paths (each row on SQLite) is followed exactly, from the paths before it to
# the paths after it, so the summary stays exact whatever the statements: Department.save() moves a whole
# subtree in one, a script may move a department and then its descendants in two. Only the dossiers of the
# departments that moved, or that sat below one that moved, are read: counting the ancestors' whole
# subtrees again would read most of the province on a move between two large agencies.


def _moved_pairs(paths: str, dialect: Dialect) -> str:
    """(department, ancestor, sign): the dossiers of the department leave the roll-up of the ancestor
    (−1) or join it (+1). `paths` gives every department's id, `old_path` and `new_path` (the same for a
    department that did not change) and whether it `moved`; only a pair with a moved department on one
    side or the other can change."""
    after = dialect.starts_with.format(path="x.new_path", prefix="a.new_path")
    before = dialect.starts_with.format(path="x.old_path", prefix="a.old_path")
    sign = f"(CASE WHEN {after} THEN 1 ELSE 0 END) - (CASE WHEN {before} THEN 1 ELSE 0 END)"
    pairs = (
        f"SELECT x.id AS department_id, a.id AS ancestor_id, {sign} AS sign "
        f"FROM ({paths}) x JOIN ({paths}) a ON x.moved "
        f"UNION ALL SELECT x.id, a.id, {sign} FROM ({paths}) x JOIN ({paths}) a ON a.moved AND NOT x.moved"
    )
    # Grouped, so that the database works the few pairs out before it reads any dossier: SQLite would
    # otherwise weigh every department against each dossier of the subtree (1.3 s for 10,000 dossiers).
    return (
        f"SELECT department_id, ancestor_id, SUM(sign) AS sign FROM ({pairs}) pairs "
        "GROUP BY department_id, ancestor_id HAVING SUM(sign) <> 0"
    )


def _moved_dossiers(pairs: str, among: str) -> str:
    """The dossiers of the departments in `pairs`, once for each ancestor they leave or join, as a
    source of events: the sign is the pair's and the department the ancestor's. `among` picks those
    departments' dossiers first, so that the database reads them by the department index rather than
    going through the whole table."""
    columns = ", ".join(f"r.{column}" for column in SOURCE_COLUMNS if column != "department_id")
    return (
        f"SELECT pairs.sign AS sign, {procedure_columns()}, pairs.ancestor_id AS department_id, {columns} "
        f"FROM {DOSSIERS} r JOIN {PROCEDURES} p ON p.id = r.procedure_id "
        f"JOIN {pairs} pairs ON pairs.department_id = r.department_id WHERE r.department_id {among}"
    )


def _add_to_ancestors(moved: str, dialect: Dialect) -> str:
    # Each event already names the ancestor it is added to, so it rolls up into that department alone.
    # The province's row counts every department wherever it stands: a move leaves it as it is.
    return add_events_sql(moved, dialect, departments="d.id = a.id", province=False)


def _postgresql_department_trigger() -> list[str]:
    dialect = DIALECTS["postgresql"]
    paths = (
        "SELECT d.id, COALESCE(o.path, d.path) AS old_path, d.path AS new_path, o.id IS NOT NULL AS moved "
        f"FROM {DEPARTMENTS} d LEFT JOIN old_rows o ON o.id = d.id AND o.path <> d.path"
    )
    # The pairs and the dossiers are each read once, not once for every kind of event; an array, unlike
    # a join, lets the planner see how few departments there are and use the index.
    moved = _moved_dossiers("pairs", "= ANY (ARRAY(SELECT department_id FROM pairs))")
    body = (
        f"WITH pairs AS MATERIALIZED ({_moved_pairs(paths, dialect)}), moved AS MATERIALIZED ({moved}) "
        + _add_to_ancestors("SELECT * FROM moved", dialect)
    )
    # PostgreSQL refuses transition tables on a trigger limited to some columns, and every save of a
    # department updates all of them: a statement that changes no path returns at once.
    changed = "SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.path <> n.path"
    function = f"{TABLE}_on_department_update"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql {_NO_JIT} AS $$ "
        f"BEGIN IF EXISTS ({changed}) THEN {body}; END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER {function} AFTER UPDATE ON {DEPARTMENTS} REFERENCING OLD TABLE AS old_rows "
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _sqlite_department_trigger() -> str:
    dialect = DIALECTS["sqlite"]
    # SQLite runs a row's AFTER trigger right after that row is written, before the next one: the table
    # then holds the paths after this row's change, and OLD the one path before it.
    paths = (
        "SELECT d.id, CASE WHEN d.id = OLD.id THEN OLD.path ELSE d.path END AS old_path, "
        f"d.path AS new_path, d.id = OLD.id AS moved FROM {DEPARTMENTS} d"
    )
    pairs = _moved_pairs(paths, dialect)
    moved = _moved_dossiers(f"({pairs})", f"IN (SELECT department_id FROM ({pairs}) q)")
    return (
        f"CREATE TRIGGER {TABLE}_on_department_update AFTER UPDATE OF path ON {DEPARTMENTS} "
        f"FOR EACH ROW WHEN OLD.path <> NEW.path BEGIN {_add_to_ancestors(moved, dialect)}; END"
    )


# -- The triggers as text: what a migration carries ------------------------------------------------------------
#
# A database runs the trigger text its migrations installed, never this module: a migration imports no
# live code, so that a database migrated today ends where one migrated a year ago did. This module is the
# generator of that text. tests/reporting/test_summary_triggers.py compares what the database runs with
# what the generator gives now, so a change to the triggers or to the events of reporting.dossier_counts
# fails until a new migration installs the new text (and, when the events changed, counts the summary
# again under them). Write that migration's constants with
#   python manage.py shell -v 0 -c "from reporting.summary_triggers import migration_text; print(migration_text(recount=True))"
# (recount=False when the events stay as they were) and copy reporting/migrations/0009_department_move_trigger.py
# for the rest.

TRIGGERS = (
    (DOSSIERS, f"{TABLE}_on_dossier_insert"),
    (DOSSIERS, f"{TABLE}_on_dossier_update"),
    (DOSSIERS, f"{TABLE}_on_dossier_delete"),
    (PROCEDURES, f"{TABLE}_on_procedure_update"),
    (DEPARTMENTS, f"{TABLE}_on_department_update"),
)


def create_statements(vendor: str) -> list[str]:
    """The statements that create the triggers (and on PostgreSQL their functions)."""
    if vendor == "postgresql":
        return [*_postgresql_triggers(), *_postgresql_department_trigger()]
    return [*_sqlite_triggers(), _sqlite_department_trigger()]


def drop_statements(vendor: str) -> list[str]:
    statements = []
    for table, name in TRIGGERS:
        if vendor == "postgresql":
            statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def _literal(statement: str, indent: str) -> str:
    """A statement as adjacent Python string literals cut after a space, which join back to the very
    same text: a migration stays readable and the database receives exactly what was generated. Written
    as ruff formats it, so that formatting the migration changes nothing."""
    if len(indent) + len(statement) + 3 <= 110:  # quotes and comma within ruff's line length
        return f"{indent}{json.dumps(statement)},"
    lines, line = [], ""
    for word in statement.split(" "):
        if line and len(line) + len(word) > 88:
            lines.append(line)
            line = ""
        line += f"{word} "
    lines.append(line[:-1])
    pieces = [f"{indent}    {json.dumps(piece)}" for piece in lines]
    return "\n".join([f"{indent}(", *pieces, f"{indent}),"])


def migration_text(*, recount: bool) -> str:
    """The constants of a migration that installs the triggers as they are defined now, and with
    `recount` the statements that count the summary again from scratch."""
    parts = ["STATEMENTS = {"]
    for vendor in ("postgresql", "sqlite"):
        parts.append(f'    "{vendor}": {{')
        for kind, statements in (
            ("drop", drop_statements(vendor)),
            ("create", create_statements(vendor)),
            *((("recount", recount_statements(vendor)),) if recount else ()),
        ):
            parts.append(f'        "{kind}": (')
            parts += [_literal(statement, " " * 12) for statement in statements]
            parts.append("        ),")
        parts.append("    },")
    parts.append("}")
    return "\n".join(parts)
