"""Bulk writes that bypass the ORM's per-object work where the database offers a faster way."""

import csv
import io
import queue
import threading
from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection, models
from django.db.models.expressions import RawSQL

# Rows per COPY statement: each one runs the table's statement-level triggers once for all its rows.
COPY_ROWS = 50_000


class _CsvStream:
    """Rows as CSV text, formatted a batch at a time as COPY reads them: PostgreSQL stores one batch while
    Python formats the next. Formatted whole before sending, 50,000 dossiers (0.3 s of Python) were
    copied in a median of 1.9 s at 1,000,000 dossiers; so, 1.65 s. Values are written as the csv module
    writes them (None as an empty field), with no pass of our own over each value."""

    # Rows per read: about 150 kB of a dossier's columns, enough for the socket to stay busy.
    ROWS_PER_READ = 1000

    def __init__(self, rows: Iterable[Sequence]) -> None:
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def read(self, size: int = -1) -> str:
        """The next batch (psycopg2 sends whatever it is given, whatever the size it asked for); empty
        at the end."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(islice(self._rows, self.ROWS_PER_READ))
        return self._buffer.getvalue()


def copy_rows(
    table: str, columns: tuple[str, ...], rows: Iterable[Sequence], *, not_null: tuple[str, ...] = ()
) -> None:
    """PostgreSQL's COPY FROM STDIN: tens of times faster than INSERT for large batches, and the
    statement-level triggers still run once for all the rows.

    An empty field is NULL (None is written as one), but in the `not_null` columns, where it is the empty
    string: a column that may hold both NULL and '' cannot be copied this way."""
    # The driver's cursor is called directly, so its errors are wrapped by hand into Django's, as every
    # other statement's are: a trigger's refusal (a data lock) is then an IntegrityError like any other.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(_copy_sql(table, columns, not_null), _CsvStream(rows))


def among(values: Sequence[str | int]) -> RawSQL:
    """The right side of a `field__in` lookup over many stored values (codes, primary keys), each given to
    the driver as it is: Django prepares each value of a list one by one, 0.13 s of Python for the 50,000
    codes an import looks up, 0.04 s so. The same statement; `values` must not be empty."""
    return RawSQL(", ".join(["%s"] * len(values)), tuple(values))  # noqa: S611 - placeholders only


def stored_columns(model: type[models.Model]) -> list[models.Field]:
    """The columns an insert gives a value for, in the model's order: all but the primary key, which the
    database numbers."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _copy_statement(model: type[models.Model]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The table, its stored columns and those of them COPY must read an empty field of as ''."""
    fields = stored_columns(model)
    text = (models.CharField, models.TextField)
    assert not any(f.null and isinstance(f, text) for f in fields), f"{model}: NULL and '' in one column"
    columns = tuple(connection.ops.quote_name(f.column) for f in fields)
    not_null = tuple(connection.ops.quote_name(f.column) for f in fields if not f.null)
    return model._meta.db_table, columns, not_null


def _copy_sql(table: str, columns: tuple[str, ...], not_null: tuple[str, ...]) -> str:
    options = "FORMAT csv"
    if not_null:
        options += f", FORCE_NOT_NULL ({', '.join(not_null)})"
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH ({options})"


def _copy(model: type[models.Model], rows: Sequence[Sequence]) -> None:
    table, columns, not_null = _copy_statement(model)
    for start in range(0, len(rows), COPY_ROWS):
        copy_rows(table, columns, rows[start : start + COPY_ROWS], not_null=not_null)


class _QueuedRows(_CsvStream):
    """The rows of a BackgroundCopy, a batch at a time as the producer hands them over, up to `limit` rows
    a statement: each statement then ends (its triggers run) and the next begins with the next batch."""

    def __init__(self, batches: "queue.Queue[list[Sequence] | None]", limit: int) -> None:
        super().__init__(())
        self._batches, self._limit = batches, limit
        self._first: list[Sequence] | None = None
        self._sent = 0
        self.ended = False

    def next_statement(self) -> bool:
        """Wait for the first batch of the next statement; False at the end of the rows."""
        if not self.ended:
            self._first = self._batches.get()
            self.ended = self._first is None
        self._sent = 0
        return not self.ended

    def read(self, size: int = -1) -> str:
        if self._first is not None:
            batch, self._first = self._first, None
        elif self.ended or self._sent >= self._limit:
            return ""
        else:
            batch = self._batches.get()
        if batch is None:
            self.ended = True
            return ""
        self._sent += len(batch)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(batch)
        return self._buffer.getvalue()


class BackgroundCopy:
    """A COPY of new rows fed while the caller is still producing them, on PostgreSQL: the server stores
    each batch on its own core while Python judges the next rows. An import of 50,000 new dossiers spent
    about as long in COPY (1.3-1.6 s, the dossiers' indexes) as in judging the rows (1.7 s); so, one after
    the other, both; this way, mostly the longer of the two.

    The COPY runs in the caller's transaction, on its connection, from a thread of its own: nothing else
    may use the connection between the start and finish() (a query would find it busy copying and fail).
    finish() must be called, error or not: it ends the statement (its triggers run then) and raises what
    the COPY raised, as Django's error. Rows it wrote are the transaction's, kept or rolled back with it."""

    ROWS_PER_BATCH = 1000
    # Batches waiting for the server: a producer more than this far ahead waits for it.
    WAITING = 16
    # Rows per statement: the table's statement-level triggers (the dossier summary's) run at the end of
    # each, so that most of their work is done while the producer is still judging rows, not after it.
    # One statement of 50,000 new dossiers ran its triggers in about 0.85 s once the last row was in.
    ROWS_PER_STATEMENT = 10_000

    def __init__(self, model: type[models.Model]) -> None:
        assert connection.vendor == "postgresql", connection.vendor
        connection.ensure_connection()
        self._batches: queue.Queue[list[Sequence] | None] = queue.Queue(maxsize=self.WAITING)
        self._stream = _QueuedRows(self._batches, self.ROWS_PER_STATEMENT)
        self._pending: list[Sequence] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(connection.connection, _copy_sql(*_copy_statement(model))), daemon=True
        )
        self._thread.start()

    def add(self, row: Sequence) -> None:
        self._pending.append(row)
        if len(self._pending) >= self.ROWS_PER_BATCH:
            self._batches.put(self._pending)
            self._pending = []

    def finish(self) -> None:
        if self._pending:
            self._batches.put(self._pending)
            self._pending = []
        self._batches.put(None)
        self._thread.join()
        if self._error is not None:
            with connection.wrap_database_errors:
                raise self._error

    def _run(self, raw_connection, sql: str) -> None:
        try:
            with raw_connection.cursor() as cursor:
                while self._stream.next_statement():
                    cursor.copy_expert(sql, self._stream)
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread by finish()
            self._error = error
            # A COPY that failed reads no more: take what the producer still hands over, so that it
            # never waits on a full queue, up to the end it marks.
            while not self._stream.ended and self._batches.get() is not None:
                pass


def insert_objects(model: type[models.Model], objects: list[models.Model], *, batch_size: int) -> None:
    """Unsaved objects inserted without their primary keys being read back: COPY on PostgreSQL,
    bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    names = [f.attname for f in stored_columns(model)]
    _copy(model, [[getattr(obj, name) for name in names] for obj in objects])


def insert_rows(model: type[models.Model], rows: list[Sequence], *, batch_size: int) -> None:
    """New records given as a value for each of stored_columns(model), in that order, inserted without
    a model instance for each on PostgreSQL (COPY); elsewhere they are built for bulk_create."""
    if connection.vendor != "postgresql":
        assert model._meta.concrete_fields[0].primary_key, model
        model.objects.bulk_create([model(None, *row) for row in rows], batch_size=batch_size)
        return
    _copy(model, rows)
