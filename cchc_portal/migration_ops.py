"""Schema changes that keep the database's triggers on SQLite, and the fill of a new folded column.

SQLite alters a table's constraints by copying it into a new table and renaming that, which drops the
table's own triggers and is refused half way when another table's trigger names it (the dossier summary,
the data-lock and data-version triggers name the unit, procedure and dossier tables). KeepTriggers runs
its operations with every trigger set aside and puts back the very text that was installed, so that what
is installed still matches what the migrations that installed it say. PostgreSQL alters in place and keeps
its triggers: there the operations run as they are."""

from django.db import models
from django.db.migrations.operations.base import Operation
from psycopg2.extras import execute_values


class KeepTriggers(Operation):
    reduces_to_sql = False
    reversible = True

    def __init__(self, operations: list[Operation]) -> None:
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"operations": self.operations}

    def state_forwards(self, app_label, state) -> None:
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self._run(app_label, schema_editor, from_state, self.operations, backwards=False)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        # Undone from the state before the operations, the way SeparateDatabaseAndState does it.
        self._run(app_label, schema_editor, to_state, self.operations, backwards=True)

    def describe(self) -> str:
        return "Schema changes that keep the installed triggers"

    def _run(self, app_label, schema_editor, before, operations, *, backwards: bool) -> None:
        if schema_editor.connection.vendor != "sqlite":
            self._apply(app_label, schema_editor, before, operations, backwards=backwards)
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            self._apply(app_label, schema_editor, before, operations, backwards=backwards)
            # Deferred statements (indexes, foreign keys) would run at the end of the migration: they run
            # now, so that the triggers come back on the finished tables.
            for statement in schema_editor.deferred_sql:
                schema_editor.execute(statement)
            schema_editor.deferred_sql = []
            for _name, sql in triggers:
                # Without parameters: the stored text is run exactly as it was installed.
                cursor.execute(sql)

    def _apply(self, app_label, schema_editor, before, operations, *, backwards: bool) -> None:
        states = [before]
        for operation in operations:
            state = states[-1].clone()
            operation.state_forwards(app_label, state)
            states.append(state)
        if backwards:
            for index in reversed(range(len(operations))):
                operations[index].database_backwards(
                    app_label, schema_editor, states[index + 1], states[index]
                )
        else:
            for index, operation in enumerate(operations):
                operation.database_forwards(app_label, schema_editor, states[index], states[index + 1])


def fill_folded_column(model: type[models.Model], field_name: str, schema_editor) -> None:
    """A new folded column filled for the rows already stored (a migration's step), a batch at a time.

    The table's own triggers (data locks, the dossier summary) are set aside meanwhile: the column is
    derived, counted nowhere, and a lock must not stop it being filled. On SQLite the migration runs this
    inside KeepTriggers, which has set them aside already."""
    field = model._meta.get_field(field_name)
    connection = schema_editor.connection
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    names = ["pk", *field.of]
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        last = 0
        # Read by ranges of keys rather than through one open cursor over the table being written.
        while batch := list(
            model._base_manager.filter(pk__gt=last).order_by("pk").values_list(*names)[:5000]
        ):
            last = batch[-1][0]
            values = [(pk, field.fold_parts(parts)) for pk, *parts in batch]
            if postgresql:
                statement = f"UPDATE {table} SET {column} = v.folded "  # noqa: S608 - quoted names only
                statement += f"FROM (VALUES %s) AS v(id, folded) WHERE {table}.id = v.id"
                execute_values(cursor.cursor, statement, values, page_size=5000)
            else:
                cursor.executemany(
                    f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608 - quoted names only
                    [(folded, pk) for pk, folded in values],
                )
        if postgresql:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
