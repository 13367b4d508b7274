from django.db import migrations

# The national index reads, beside the tables 0004, 0011 and 0012 cover, the petitions, the publication
# decisions and their procedures, the index's own maxima and thresholds, and the working-day calendar its
# deadlines and days are counted on: each write to them moves both versions (none is a dossier), so that
# no index kept by reporting.cache outlives what it was computed from. Written out here, as 0004 does.
# PostgreSQL only.
TABLES = (
    "procedures_calendarday",
    "procedures_petition",
    "procedures_publicationdecision",
    "procedures_publicationitem",
    "reporting_indexsetting",
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in TABLES:
        for version in ("dataversion", "catalogueversion"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_{version}_bump ON {source}")
            schema_editor.execute(
                f"CREATE TRIGGER reporting_{version}_bump BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {source} FOR EACH STATEMENT EXECUTE FUNCTION reporting_{version}_bump()"
            )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in TABLES:
        for version in ("dataversion", "catalogueversion"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS reporting_{version}_bump ON {source}")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0019_summary_counts_index766"),
        ("procedures", "0016_procedure_time_limits"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
