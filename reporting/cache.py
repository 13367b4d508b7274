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

The dossier summary's reads themselves (reporting.counts) are kept across data versions in a third
store, SummaryReads: after a write only the summary rows it changed are read again. The dossier triggers
note each (unit, field) whose rows a write changed, with the data version of the write, in
reporting_summarychange (migrations 0013, 0021), with the month of the earliest day the write changed; the
versions query brings the notes made since the last page along, and a kept read takes in those of its
rows by reading just them (one unit's ancestors and the province, in one or two fields: a few dozen
summary rows instead of every unit's), and only when its period ends on or after that month: a page's
twelve months of trend are not read again for a dossier received today.

Only on PostgreSQL: its triggers set each version from a sequence, which never hands out a number twice,
even to a transaction that rolls back. SQLite (development, tests) always computes."""

import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
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

# The notes of changed summary rows, in the order of their versions, with the versions query.
_VERSION_AND_CHANGES_SQL = (
    "SELECT d.version, c.version, ARRAY(SELECT ARRAY[s.version, s.department_id, s.field_id, "
    "(EXTRACT(YEAR FROM s.month) * 12 + EXTRACT(MONTH FROM s.month) - 1)::bigint] "
    "FROM reporting_summarychange s WHERE s.version > %s ORDER BY s.version) "
    "FROM reporting_dataversion d CROSS JOIN reporting_catalogueversion c ORDER BY d.id LIMIT 1"
)
Groups = set[tuple[int, int]]  # (department_id, field_id) of summary rows


def month_number(day: date) -> int:
    """The month of a day as the notes count months (the versions query's year * 12 + month - 1)."""
    return day.year * 12 + day.month - 1


class SummaryReads:
    """Reads of the dossier summary kept across data versions, each brought up to date on its next use
    by reading again only the rows that writes changed since it was read (see the module's docstring).

    Only reads made outside a transaction are kept: what a transaction that may still roll back wrote
    must never be kept as if it stood. Pages are served from several threads: the notes and the entries
    change under a lock, the database is read outside it."""

    LOG_LIMIT = 20_000  # notes kept; a read older than the oldest is read again whole

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version: int | None = None  # the data version the notes reach
        self._catalogue: int | None = None
        self._start = 0  # reads kept from before this version cannot be brought up to date
        self._versions: list[int] = []
        self._groups: list[tuple[int, int, int]] = []  # (department_id, field_id, month number)
        self._entries: dict[tuple, tuple[int, object]] = {}

    def advance(self, since: int | None, version: int, catalogue: int, changes: list[list[int]]) -> None:
        """Take in the notes made after `since` up to `version`. A new catalogue (the units, their paths,
        the procedures' fields: summary rows change with no note) starts afresh. Both versions only ever
        go up: a page that read them before another one did has nothing to add."""
        with self._lock:
            if self.version is None or self._catalogue is None or since is None:
                self._reset(version, catalogue)
                return
            if catalogue < self._catalogue or version <= self.version:
                return
            if catalogue > self._catalogue or since > self.version:
                self._reset(version, catalogue)
                return
            for changed, department_id, field_id, month in changes:
                if changed > self.version:
                    self._versions.append(changed)
                    self._groups.append((department_id, field_id, month))
            self.version = version
            if len(self._versions) > self.LOG_LIMIT:
                half = len(self._versions) // 2
                self._start = self._versions[half - 1]
                del self._versions[:half], self._groups[:half]

    def _reset(self, version: int, catalogue: int) -> None:
        self.version, self._catalogue, self._start = version, catalogue, version
        self._versions, self._groups, self._entries = [], [], {}

    def _changed_since(self, version: int, until: date = date.max) -> Groups | None:
        """The (unit, field) written after `version` on a day a period ending on `until` reads."""
        if version < self._start:
            return None
        last = month_number(until)
        notes = self._groups[bisect_right(self._versions, version) :]
        return {(department_id, field_id) for department_id, field_id, month in notes if month <= last}

    def get(self, key: tuple, read: Callable[[], T], refresh: Callable[[T, Groups], T], *, until: date) -> T:
        """The read kept for `key` (of a period ending on `until`), with the rows changed since taken
        in by `refresh`; read whole when nothing is kept for it, or when nothing may be kept (SQLite,
        within a transaction)."""
        versions = _snapshot.get()
        if versions is _UNREAD or versions is None or connection.in_atomic_block:
            return read()
        version = versions[0]  # type: ignore[index]
        with self._lock:
            kept = self._entries.get(key)
            changed = None if kept is None or self.version is None else self._changed_since(kept[0], until)
        if kept is None or changed is None:
            value = read()
        elif changed:
            value = refresh(kept[1], changed)  # type: ignore[arg-type]
        else:
            value = kept[1]  # type: ignore[assignment]
        with self._lock:
            if self.version is not None and version >= self._start:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
                self._entries[key] = (version, value)
        return value


summary_reads = SummaryReads()


def data_versions() -> Versions | None:
    """The current versions, or None where figures are not to be kept (SQLite, or no version row); with
    the summary rows written since the summary reads kept were brought up to date."""
    if connection.vendor != "postgresql":
        return None
    since = None if connection.in_atomic_block else summary_reads.version
    # Every page reads them: plain SQL spares the ORM's query building, most of this read's time.
    with connection.cursor() as cursor:
        if since is None:
            cursor.execute(_VERSION_SQL)
        else:
            cursor.execute(_VERSION_AND_CHANGES_SQL, [since])
        row = cursor.fetchone()
    if row is None:
        return None
    if not connection.in_atomic_block:
        summary_reads.advance(since, row[0], row[1], row[2] if since is not None else [])
    return (row[0], row[1])


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
