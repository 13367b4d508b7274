from django.db import migrations

# The data version's trigger (installed by 0004) on the tables the figures now also come from: which
# units carry out a procedure, and the successions with their fields (the current structure). Written out
# here, as 0004 does, so that what a database runs is what its migrations installed. PostgreSQL only.
TABLES = (
    "procedures_procedure_units",
    "procedures_succession",
    "procedures_succession_fields",
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_dataversion_bump ON {source}")
        schema_editor.execute(
            f"CREATE TRIGGER reporting_dataversion_bump BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {source} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reporting_dataversion_bump()"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_dataversion_bump ON {source}")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0010_summary_rolled_up_level_by_level"),
        ("procedures", "0009_procedures_by_level_and_successions"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
