"""A data lock enforced by the database: every writer (services, the admin, imports, bulk writes, raw SQL)
goes through these triggers, so a record in a locked period cannot be added, changed, moved or deleted,
whoever asks. The services and forms check the same lock first only to say which lock in Vietnamese;
the triggers are the rule.

The text of the triggers is written here, not imported from a module, so that what a database runs
is what its migrations installed; a change of the rule comes with a new migration.

A lock on a unit covers the records of the unit and of every unit below it (their paths start with its
path) whose day is on or before the lock's last day: a dossier's day of receipt, a declaration's
measurement day, a periodic report's deadline."""

from django.db import migrations

# (table, the column holding the record's day)
COVERED = (
    ("procedures_dossier", "received_on"),
    ("reporting_declaration", "measured_on"),
    ("reporting_periodicreport", "deadline_on"),
)
# The marker the application recognises in the database's error (cchc_portal.locked_data).
MARKER = "cchc_data_locked"


def _locks_of(rows: str, day: str) -> str:
    """The active locks covering any of `rows` (a table or transition table aliased r)."""
    return f"""
        SELECT l.id FROM {rows} r
        JOIN departments_department d ON d.id = r.department_id
        JOIN departments_datalock l ON l.unlocked_at IS NULL AND l.locked_until >= r.{day}
        JOIN departments_department ld ON ld.id = l.department_id
            AND substr(d.path, 1, length(ld.path)) = ld.path"""


def _postgresql(table: str, day: str) -> list[str]:
    # Statement-level with transition tables: one set-based check per INSERT, UPDATE, DELETE or COPY,
    # however many rows, so a 50,000-row import pays one join rather than 50,000 lookups.
    function = f"{table}_refuse_locked"
    checks = {
        "insert": ["new_rows"],
        "update": ["old_rows", "new_rows"],
        "delete": ["old_rows"],
    }
    statements = []
    for operation, tables in checks.items():
        found = "\n            UNION ALL ".join(_locks_of(rows, day) for rows in tables)
        statements.append(f"""
CREATE FUNCTION {function}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lock_id bigint;
BEGIN
    -- Most of the time no lock is active at all: one look at a small table and done.
    IF NOT EXISTS (SELECT 1 FROM departments_datalock WHERE unlocked_at IS NULL) THEN
        RETURN NULL;
    END IF;
    SELECT id INTO lock_id FROM ({found}
    ) covering LIMIT 1;
    IF lock_id IS NOT NULL THEN
        RAISE EXCEPTION USING MESSAGE = '{MARKER}:' || lock_id, ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$""")
        referencing = " ".join(
            f"{'OLD' if rows == 'old_rows' else 'NEW'} TABLE AS {rows}" for rows in tables
        )
        statements.append(
            f"CREATE TRIGGER {function}_{operation} AFTER {operation.upper()} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}_{operation}()"
        )
    return statements


def _sqlite(table: str, day: str) -> list[str]:
    # SQLite has row-level triggers only; RAISE takes a literal message, so the application finds which
    # lock refused the write itself (cchc_portal.locked_data).
    def covered(row: str) -> str:
        return f"""EXISTS (
            SELECT 1 FROM departments_department d
            JOIN departments_datalock l ON l.unlocked_at IS NULL AND l.locked_until >= {row}.{day}
            JOIN departments_department ld ON ld.id = l.department_id
                AND substr(d.path, 1, length(ld.path)) = ld.path
            WHERE d.id = {row}.department_id)"""

    conditions = {
        "insert": covered("NEW"),
        "update": f"{covered('OLD')} OR {covered('NEW')}",
        "delete": covered("OLD"),
    }
    return [
        f"CREATE TRIGGER {table}_refuse_locked_{operation} BEFORE {operation.upper()} ON {table} "
        f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MARKER}'); END"
        for operation, condition in conditions.items()
    ]


def _drop(vendor: str, table: str) -> list[str]:
    statements = []
    for operation in ("insert", "update", "delete"):
        name = f"{table}_refuse_locked_{operation}"
        if vendor == "postgresql":
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    build = _postgresql if vendor == "postgresql" else _sqlite
    for table, day in COVERED:
        for statement in build(table, day):
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    for table, _day in COVERED:
        for statement in _drop(schema_editor.connection.vendor, table):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_date_ranges"),
        ("procedures", "0005_dossier_list_indexes"),
        ("departments", "0003_code_constraints"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
