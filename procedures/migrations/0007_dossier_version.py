from django.db import migrations, models


def add_column(apps, schema_editor):
    # Added in place rather than the way Django adds a NOT NULL column on SQLite, which copies the table
    # into a new one: the dossier table carries the summary and data-lock triggers, which that copy
    # drops (and which refuse the rename half way). ADD COLUMN with a constant default keeps them.
    kind = "integer unsigned" if schema_editor.connection.vendor == "sqlite" else "integer"
    schema_editor.execute(
        f'ALTER TABLE procedures_dossier ADD COLUMN "version" {kind} NOT NULL DEFAULT 1 '
        'CHECK ("version" >= 0)'
    )


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE procedures_dossier DROP COLUMN "version"')


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0006_code_rule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="dossier",
                    name="version",
                    field=models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="historicaldossier",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản"),
        ),
    ]
