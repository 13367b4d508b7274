from django.db import migrations

import cchc_portal.folding
from cchc_portal.migration_ops import fill_folded_column
from cchc_portal.migration_ops import KeepTriggers


def fill(apps, schema_editor) -> None:
    fill_folded_column(apps.get_model("departments", "Department"), "search_text", schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0006_unit_kinds_and_dates"),
    ]

    operations = [
        # SQLite adds a NOT NULL column by copying the table, which drops its triggers: KeepTriggers puts
        # them back, after the stored units' text is filled.
        KeepTriggers(
            [
                migrations.AddField(
                    model_name="department",
                    name="search_text",
                    field=cchc_portal.folding.FoldedTextField(
                        of=("code", "name"), verbose_name="mã và tên, không dấu"
                    ),
                ),
                migrations.RunPython(fill, migrations.RunPython.noop),
            ]
        ),
    ]
