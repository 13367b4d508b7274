from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

import cchc_portal.folding
from cchc_portal.migration_ops import fill_folded_column
from cchc_portal.migration_ops import KeepTriggers

# Trigram indexes serve `LIKE '%…%'` on the folded text, on PostgreSQL (SQLite reads the column itself).
# Only dossiers with an applicant enter theirs: an imported dossier has none, and a trigram index over
# every row would cost COPY about 4 s per 50,000 dossiers of named applicants (2 s on codes alone),
# against the import's 5 s. The procedures' is written with the catalogue, a few thousand rows.
SEARCH_INDEXES = {
    "dossier_search_trgm": "procedures_dossier USING gin (search_text gin_trgm_ops) WHERE search_text <> ''",
    "procedure_search_trgm": "procedures_procedure USING gin (search_text gin_trgm_ops)",
}


def fill(apps, schema_editor) -> None:
    for model in ("Procedure", "Dossier"):
        fill_folded_column(apps.get_model("procedures", model), "search_text", schema_editor)


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON {definition}")


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0007_department_search_text"),
        ("procedures", "0016_procedure_time_limits"),
    ]

    operations = [
        TrigramExtension(),
        # SQLite adds a NOT NULL column by copying the table, which drops its triggers: KeepTriggers puts
        # them back, after the stored records' text is filled.
        KeepTriggers(
            [
                migrations.AddField(
                    model_name="dossier",
                    name="search_text",
                    field=cchc_portal.folding.FoldedTextField(
                        of=("applicant",), verbose_name="người nộp, không dấu"
                    ),
                ),
                migrations.AddField(
                    model_name="procedure",
                    name="search_text",
                    field=cchc_portal.folding.FoldedTextField(
                        of=("code", "name"), verbose_name="mã và tên, không dấu"
                    ),
                ),
                migrations.RunPython(fill, migrations.RunPython.noop),
            ]
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
