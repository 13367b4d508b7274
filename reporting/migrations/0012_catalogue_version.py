from django.db import migrations

# A second version beside the data version (0004): the catalogue version, which moves with every write to
# the tables the organisation, the procedure counts, the declarations and the periodic reports come from,
# and NOT with a write to a dossier. reporting.cache keeps what depends on those tables alone (the
# organisation, who carries out which procedures, declarations, late reports, the unit tree, the pickers)
# for the catalogue version, and the dossier figures for the data version, which every one of these
# tables and the dossiers move: after a dossier is saved only the summary is read again.
# Written out here, as 0004 does, so that what a database runs is what its migrations installed. Its own
# table (one row) and sequence, in one transaction with the write as the data version is. PostgreSQL only.
TABLES = (
    "procedures_procedure",
    "procedures_field",
    "departments_department",
    "reporting_declaration",
    "reporting_periodicreport",
    "procedures_procedure_units",
    "procedures_succession",
    "procedures_succession_fields",
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE TABLE IF NOT EXISTS reporting_catalogueversion (version bigint NOT NULL)")
    schema_editor.execute(
        "INSERT INTO reporting_catalogueversion (version) SELECT 0 "
        "WHERE NOT EXISTS (SELECT 1 FROM reporting_catalogueversion)"
    )
    schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS reporting_catalogueversion_seq")
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION reporting_catalogueversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN UPDATE reporting_catalogueversion SET version = nextval('reporting_catalogueversion_seq'); "
        "RETURN NULL; END $$"
    )
    for source in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_catalogueversion_bump ON {source}")
        schema_editor.execute(
            f"CREATE TRIGGER reporting_catalogueversion_bump BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {source} FOR EACH STATEMENT EXECUTE FUNCTION reporting_catalogueversion_bump()"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_catalogueversion_bump ON {source}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reporting_catalogueversion_bump()")
    schema_editor.execute("DROP SEQUENCE IF EXISTS reporting_catalogueversion_seq")
    schema_editor.execute("DROP TABLE IF EXISTS reporting_catalogueversion")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0011_data_version_organisation"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
