"""The triggers a database runs are the ones the code expects.

Migrations carry the text of the triggers they install, so a change to the summary's triggers in
reporting/summary_triggers.py (or to the events of reporting/dossier_counts.py they are written from)
without a migration that installs the new text would leave every database on the old triggers: the
first test fails then. The data-lock triggers are compared with the text of
their own migration (0007), and an old SQLite database migrated forward must keep all of them, since
Django's SQLite schema editor rebuilds a table (copy, drop, rename) for many operations and the drop
takes the table's triggers with it."""

import importlib
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from reporting import summary_triggers

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
data_locks = importlib.import_module("reporting.migrations.0007_data_lock_triggers")
data_version = importlib.import_module("reporting.migrations.0004_dataversion")
data_version_organisation = importlib.import_module("reporting.migrations.0011_data_version_organisation")
catalogue_version = importlib.import_module("reporting.migrations.0012_catalogue_version")
index_records = importlib.import_module("reporting.migrations.0020_versions_follow_index766_records")

# A trigger is known by its name and its table (PostgreSQL lets one name serve several tables); a
# PostgreSQL trigger function by its name followed by "()", with no table.
Triggers = dict[tuple[str, str], str]


def _expected(statements: list[str], vendor: str) -> Triggers:
    """What the database shows for each of these CREATE statements: SQLite keeps a trigger's statement
    as written; PostgreSQL keeps a function's body (prosrc, the text between the dollar quotes) and
    writes a trigger's definition anew, qualifying the table with its schema."""
    expected = {}
    for statement in statements:
        function = re.match(r"CREATE (?:OR REPLACE )?FUNCTION (\w+)\(\).*? AS \$\$(.*)\$\$$", statement, re.S)
        if function:
            expected[(f"{function[1]}()", "")] = function[2]
            continue
        trigger = re.match(r"CREATE TRIGGER (\w+) .*? ON (\w+) ", statement, re.S)
        if vendor == "postgresql":
            statement = statement.replace(f" ON {trigger[2]} ", f" ON public.{trigger[2]} ", 1)
        expected[(trigger[1], trigger[2])] = statement
    return expected


def _data_lock_statements(vendor: str) -> list[str]:
    build = data_locks._postgresql if vendor == "postgresql" else data_locks._sqlite
    return [statement.strip() for table, day in data_locks.COVERED for statement in build(table, day)]


def _installed_sqlite(cursor) -> Triggers:
    cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    return {(name, table): sql for name, table, sql in cursor.fetchall()}


def _installed_postgresql(cursor) -> Triggers:
    cursor.execute(
        "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
    )
    installed = {(name, table): definition for name, table, definition in cursor.fetchall()}
    cursor.execute(
        "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND p.prorettype = 'trigger'::regtype"
    )
    installed.update({(f"{name}()", ""): body for name, body in cursor.fetchall()})
    return installed


def _installed() -> Triggers:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _installed_postgresql(cursor)
        return _installed_sqlite(cursor)


def _named(triggers: Triggers, marker: str) -> Triggers:
    return {key: text for key, text in triggers.items() if marker in key[0]}


def test_the_summary_triggers_installed_are_those_the_module_generates_now():
    # Fails when the triggers change without a migration that installs them: write one with
    # summary_triggers.migration_text(), as the module's comment says.
    expected = _expected(summary_triggers.create_statements(connection.vendor), connection.vendor)
    assert _named(_installed(), summary_triggers.TABLE) == expected
    assert {name for name, _table in expected if not name.endswith("()")} == {
        name for _table, name in summary_triggers.TRIGGERS
    }


def test_the_summary_follows_dossiers_procedures_and_departments_moved():
    # Written out rather than taken from the module, so that a trigger dropped from the module and from
    # a migration together still fails here: a department move would then leave the summary wrong.
    installed = _named(_installed(), summary_triggers.TABLE)
    triggers = sorted((table, name) for name, table in installed if table)
    assert triggers == [
        ("departments_department", "reporting_dossiercount_on_department_update"),
        ("procedures_dossier", "reporting_dossiercount_on_dossier_delete"),
        ("procedures_dossier", "reporting_dossiercount_on_dossier_insert"),
        ("procedures_dossier", "reporting_dossiercount_on_dossier_update"),
        ("procedures_procedure", "reporting_dossiercount_on_procedure_update"),
    ]
    # PostgreSQL runs each trigger through a function of the same name; SQLite has the five triggers only.
    functions = sorted(name for name, table in installed if not table)
    assert functions == (
        sorted(f"{name}()" for _table, name in triggers) if connection.vendor == "postgresql" else []
    )


def test_every_table_a_data_lock_covers_has_the_lock_triggers_of_its_migration():
    expected = _expected(_data_lock_statements(connection.vendor), connection.vendor)
    assert _named(_installed(), "_refuse_locked_") == expected
    assert {table for _name, table in expected if table} == {table for table, _day in data_locks.COVERED}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the data version is kept on PostgreSQL only")
def test_every_table_the_figures_come_from_has_the_data_version_trigger():
    installed = _named(_installed(), "reporting_dataversion_bump")
    assert {table for name, table in installed if table} == {
        *data_version.TABLES,
        *data_version_organisation.TABLES,
        *index_records.TABLES,
    }
    assert ("reporting_dataversion_bump()", "") in installed


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the data version is kept on PostgreSQL only")
def test_every_table_the_figures_come_from_but_dossiers_moves_the_catalogue_version():
    # What reporting.cache keeps for the catalogue version (the organisation, procedure counts,
    # declarations, late reports, unit trees) must move with every one of these tables; a dossier written
    # moves only the data version, so that its figures alone are computed again.
    installed = _named(_installed(), "reporting_catalogueversion_bump")
    tables = {table for name, table in installed if table}
    everything = {*data_version.TABLES, *data_version_organisation.TABLES, *index_records.TABLES}
    assert tables == everything - {"procedures_dossier"}
    assert tables == {*catalogue_version.TABLES, *index_records.TABLES}
    assert ("reporting_catalogueversion_bump()", "") in installed


def _versions() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.version, c.version FROM reporting_dataversion d, reporting_catalogueversion c"
        )
        return cursor.fetchone()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the data version is kept on PostgreSQL only")
@pytest.mark.parametrize(
    ("table", "catalogue_moves"),
    [
        ("procedures_dossier", False),
        ("procedures_procedure", True),
        ("procedures_field", True),
        ("departments_department", True),
        ("reporting_declaration", True),
        ("reporting_periodicreport", True),
        ("procedures_procedure_units", True),
        ("procedures_succession", True),
        ("procedures_succession_fields", True),
        ("procedures_calendarday", True),
        ("procedures_petition", True),
        ("procedures_publicationdecision", True),
        ("procedures_publicationitem", True),
        ("reporting_indexsetting", True),
    ],
)
def test_a_write_to_a_table_moves_the_data_version_and_only_a_write_to_a_non_dossier_one_the_catalogue_version(
    table, catalogue_moves
):
    # A statement that changes no row still fires the statement triggers: the cheapest write to each.
    data_before, catalogue_before = _versions()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE false")  # noqa: S608 - a table name of our own
    data_after, catalogue_after = _versions()
    assert data_after != data_before
    assert (catalogue_after != catalogue_before) == catalogue_moves


@pytest.mark.parametrize("start", ["0003_dossiercount", "0007_data_lock_triggers"])
def test_an_old_sqlite_database_migrated_forward_keeps_every_trigger(tmp_path, start):
    # From the first migration that installs each kind of trigger, with only the migrations it needs:
    # everything after it, the dossier table's among them, then runs on a table that has triggers.
    database = tmp_path / "old.sqlite3"
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        f"call_command('migrate', 'reporting', '{start}', verbosity=0); call_command('migrate', verbosity=0)"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cchc_portal.settings",
    }
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, check=True)  # noqa: S603

    db = sqlite3.connect(database)
    installed = _installed_sqlite(db.cursor())
    db.close()
    statements = summary_triggers.create_statements("sqlite") + _data_lock_statements("sqlite")
    assert installed == _expected(statements, "sqlite")
