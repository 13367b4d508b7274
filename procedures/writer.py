"""The one bulk writer of dossiers: the import and the province generator write thousands of them at once,
past the model's save(). What they write has been judged by procedures.rules and filled in by
rules.fill_derived first; this module only stores it, with the audit trail an import leaves.

Measured on the import of 50,000 new dossiers (PostgreSQL): COPY and the summary triggers 5.0 s, the
historical rows copied by INSERT … SELECT 2.5 s, against several times that through bulk_create and
simple-history's bulk helpers."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from operator import itemgetter

from django.db import connection

from accounts.models import User
from cchc_portal.audit import record_history
from cchc_portal.bulk import BackgroundCopy, insert_objects, insert_rows, stored_columns
from procedures.models import Dossier, SupplementRequest

BATCH = 2000

# Every column an update may change: what staff enter, what the rules derive, and the version that
# tells a page or an API client holding an older copy that it is stale.
UPDATED_FIELDS = [
    "procedure",
    "department",
    "receiving_unit",
    "channel",
    "received_at",
    "due_on",
    "due_at",
    "finished_at",
    "status",
    "satisfaction",
    "paused_on",
    "paused_days",
    "received_on",
    "finished_on",
    "computed_due_on",
    "effective_due_on",
    "due_at",
    "dvcqg_on_time",
    "dvcqg_late_on",
    "version",
]


# The columns of a new dossier in the order the bulk writer takes them (the primary key is the database's).
IN_COLUMN_ORDER = itemgetter(*(field.attname for field in stored_columns(Dossier)))
# The folded text searches compare, derived here for new dossiers given as columns (an instance derives
# its own): 1.5 µs a row (measured), of the 100 µs a row the import may take.
SEARCHED = Dossier._meta.get_field("search_text")


def _stored(columns: dict[str, object]) -> tuple:
    """A new dossier's columns in the bulk writer's order, with what it derives from them."""
    columns["search_text"] = SEARCHED.fold_parts(columns[name] for name in SEARCHED.of)
    return IN_COLUMN_ORDER(columns)


def _chunks(items: list, size: int = 5000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def dossiers_insert(dossiers: list[Dossier], *, user: User | None, reason: str | None) -> None:
    """New dossiers, by COPY on PostgreSQL; their "+" historical rows when a reason is given (generated
    sample data has no history to keep, an import has)."""
    insert_objects(Dossier, dossiers, batch_size=BATCH)
    if reason is not None:
        _record_created([d.code for d in dossiers], user=user, reason=reason)


def dossier_columns_insert(dossiers: list[dict[str, object]], *, user: User | None, reason: str) -> None:
    """New dossiers given as a value for each stored column by its attribute name (`procedure_id`), with
    their "+" historical rows. An import keeps its new dossiers this way: building a model instance for
    each took a third of the checks of 50,000 rows."""
    insert_rows(Dossier, [_stored(columns) for columns in dossiers], batch_size=BATCH)
    _record_created([columns["code"] for columns in dossiers], user=user, reason=reason)


class NewDossiers:
    """The new dossiers of an import, as their columns (dossier_columns_insert's), stored by the one bulk
    writer. `streamed`: on PostgreSQL, each is copied as soon as it is judged, while the rest of the file
    is (cchc_portal.bulk.BackgroundCopy), and finish() must end the copy before anything else is asked
    of the database; otherwise (SQLite, a dry run, a file that also changes the catalogue the dossiers
    are placed in) they are kept until write(). Either way write() leaves their historical rows, and the
    transaction decides whether any of it stays."""

    def __init__(self, *, streamed: bool) -> None:
        self.kept: list[dict[str, object]] = []
        self._copy = BackgroundCopy(Dossier) if streamed and connection.vendor == "postgresql" else None
        self._copied = False

    def add(self, columns: dict[str, object]) -> None:
        self.kept.append(columns)
        if self._copy is not None:
            self._copy.add(_stored(columns))

    def finish(self) -> None:
        if self._copy is not None:
            copy, self._copy = self._copy, None
            self._copied = True
            copy.finish()

    def write(self, *, user: User | None, reason: str) -> None:
        self.finish()
        if self._copied:
            _record_created([columns["code"] for columns in self.kept], user=user, reason=reason)
        else:
            dossier_columns_insert(self.kept, user=user, reason=reason)

    def __len__(self) -> int:
        return len(self.kept)

    def __iter__(self) -> Iterator[dict[str, object]]:
        return iter(self.kept)


def _record_created(codes: list[str], *, user: User | None, reason: str) -> None:
    record_history(Dossier, by="code", keys=codes, history_type="+", user=user, reason=reason)


def dossiers_update(
    dossiers: list[Dossier], *, user: User | None, reason: str, facts: tuple[str, ...] = ()
) -> None:
    """Stored dossiers changed in bulk, with their "~" historical rows. The caller has raised each one's
    version, as Dossier.save() does. `facts` names the national facts (rules.NATIONAL_FACTS) the change
    carries: a workbook without their columns leaves them as stored, and each column more is one CASE more
    in every UPDATE."""
    Dossier.objects.bulk_update(dossiers, [*UPDATED_FIELDS, *facts], batch_size=BATCH)
    record_history(
        Dossier, by="pk", keys=[d.pk for d in dossiers], history_type="~", user=user, reason=reason
    )


def pauses_open(pauses: list[SupplementRequest]) -> None:
    """Supplement requests of dossiers just written, which may have no primary key in memory yet (COPY
    does not return them): each is found again by its code."""
    if not pauses:
        return
    saved = Dossier.objects.in_bulk([p.dossier.code for p in pauses], field_name="code")
    for pause in pauses:
        pause.dossier = saved[pause.dossier.code]
    SupplementRequest.objects.bulk_create(pauses, batch_size=BATCH)


def pauses_drop(dossier_ids: list[int]) -> None:
    """Every supplement request of these dossiers, before the lists that replace them are written (a
    dossier holds one open request at most). Through the models' delete, so that each leaves its "-"
    historical row: a national file replaces only the lists it changes, a few per import."""
    for chunk in _chunks(dossier_ids):
        SupplementRequest.objects.filter(dossier_id__in=chunk).delete()


def pauses_close(closed: Iterable[tuple[Dossier, date]]) -> None:
    """The open supplement requests of these dossiers, supplied on the day given for each: one UPDATE per
    day a pause ended, not one per dossier."""
    ended_on: dict[date, list[int]] = defaultdict(list)
    for dossier, ended in closed:
        ended_on[ended].append(dossier.pk)
    for ended, pks in ended_on.items():
        for chunk in _chunks(pks):
            SupplementRequest.objects.filter(dossier__in=chunk, supplied_on__isnull=True).update(
                supplied_on=ended
            )
