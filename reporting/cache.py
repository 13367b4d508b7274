"""Figures computed once for each version of the data they come from, kept between requests.

Two versions are read together, in one query, once per page (snapshot()):
- the data version (reporting.models.DataVersion, migration 0004/0011): moved by a write to any table
  the figures come from, dossiers included;
- the catalogue version (migration 0012): moved by a write to any of those tables EXCEPT dossiers:
  departments, procedures and their units, fields, successions, declarations, periodic reports.
What depends on the dossiers is kept for the data version (memoised); what does not (the organisation,
who carries out which procedure, declarations, late reports, unit trees, breadcrumbs, pickers) for the
catalogue version (memoised_catalogue), so that after a dossier is saved only the dossier summary is read
again. Each version moves in the writing transaction itself, so the very next page load after any write
computes afresh whatever that write can change. Values are kept in the process, as they are (no
pickling), a few hundred at most in each store.

Only on PostgreSQL: its triggers set each version from a sequence, which never hands out a number twice,
even to a transaction that rolls back. SQLite (development, tests) always computes."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.db import connection

from procedures.organisation import Organisation
from procedures.selectors import load_organisation

T = TypeVar("T")
MAX_ENTRIES = 500
_UNREAD = object()
Versions = tuple[int, int]  # (data version, catalogue version)
_snapshot: ContextVar[object] = ContextVar("data_version", default=_UNREAD)
# Where figures are not kept (SQLite), a page still reads the organisation once, not once per figure.
_page_organisation: ContextVar[Organisation | None] = ContextVar("page_organisation", default=None)

# Both versions in one statement, so that they are of the same moment.
_VERSION_SQL = (
    "SELECT d.version, c.version FROM reporting_dataversion d CROSS JOIN reporting_catalogueversion c "
    "ORDER BY d.id LIMIT 1"
)


class _Store:
    """Values kept for one version: emptied when the version moves, or when full."""

    def __init__(self) -> None:
        self.entries: dict[tuple, object] = {}
        self.version: int | None = None

    def get(self, version: int, key: tuple, compute: Callable[[], T]) -> T:
        if self.version != version or len(self.entries) >= MAX_ENTRIES:
            self.entries.clear()
            self.version = version
        if key not in self.entries:
            self.entries[key] = compute()
        return self.entries[key]  # type: ignore[return-value]


_by_data = _Store()
_by_catalogue = _Store()


def data_versions() -> Versions | None:
    """The current versions, or None where figures are not to be kept (SQLite, or no version row)."""
    if connection.vendor != "postgresql":
        return None
    # Every page reads them: plain SQL spares the ORM's query building, most of this read's time.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


@contextmanager
def snapshot() -> Iterator[None]:
    """Read the versions once for a page that only reads, rather than once for each figure."""
    if _snapshot.get() is not _UNREAD:
        yield
        return
    token = _snapshot.set(data_versions())
    organisation_token = _page_organisation.set(None)
    try:
        yield
    finally:
        _page_organisation.reset(organisation_token)
        _snapshot.reset(token)


def _kept(store: _Store, index: int, key: tuple, compute: Callable[[], T]) -> T:
    versions = _snapshot.get()
    if versions is _UNREAD:
        # What a value is computed from (the organisation, other figures) is of the same versions.
        with snapshot():
            return _kept(store, index, key, compute)
    if versions is None:
        return compute()
    return store.get(versions[index], key, compute)  # type: ignore[index]


def memoised(key: tuple, compute: Callable[[], T]) -> T:
    """Kept until the next write to anything the figures come from, a dossier included."""
    return _kept(_by_data, 0, key, compute)


def memoised_catalogue(key: tuple, compute: Callable[[], T]) -> T:
    """Kept until the next write to anything but a dossier: only for values no dossier changes."""
    return _kept(_by_catalogue, 1, key, compute)


def organisation() -> Organisation:
    """The units and successions every figure is worked out over (three queries), kept per catalogue
    version, and for the length of a page where nothing is kept."""
    kept = _page_organisation.get()
    if kept is not None:
        return kept
    value = memoised_catalogue(("organisation",), _organisation_read)
    if _snapshot.get() is not _UNREAD:
        _page_organisation.set(value)
    return value


_last_organisation: list[Organisation | None] = [None]


def _organisation_read() -> Organisation:
    """The organisation read afresh, or the one read before when nothing in it changed (a declaration
    or a procedure's dates were written): what reporting worked out over it (each unit's predecessors,
    who reaches whom) is then kept too, rather than worked out again."""
    fresh = load_organisation()
    if fresh == _last_organisation[0]:
        return _last_organisation[0]
    _last_organisation[0] = fresh
    return fresh
