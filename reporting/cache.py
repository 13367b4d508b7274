"""Figures computed once for each version of the data they come from (reporting.models.DataVersion).

A page reads the version (one indexed row) and reuses what an earlier request computed for the same
version and the same question; a write to a dossier, a procedure, a department or a declaration
changes the version in its own transaction, so the very next page load after it computes afresh.
Values are kept in the process, as they are (no pickling), a few hundred at most.

Only on PostgreSQL: its triggers (reporting/migrations/0004_dataversion.py) set the version from a
sequence, which never hands out a number twice, even to a transaction that rolls back. SQLite
(development, tests) always computes."""

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
_entries: dict[tuple, object] = {}
_entries_version: list[int | None] = [None]
_snapshot: ContextVar[object] = ContextVar("data_version", default=_UNREAD)
# Where figures are not kept (SQLite), a page still reads the organisation once, not once per figure.
_page_organisation: ContextVar[Organisation | None] = ContextVar("page_organisation", default=None)

_VERSION_SQL = "SELECT version FROM reporting_dataversion ORDER BY id LIMIT 1"


def data_version() -> int | None:
    """The current version, or None where figures are not to be kept (SQLite, or no version row)."""
    if connection.vendor != "postgresql":
        return None
    # Every page reads it: plain SQL spares the ORM's query building, most of this read's time.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return None if row is None else row[0]


@contextmanager
def snapshot() -> Iterator[None]:
    """Read the version once for a page that only reads, rather than once for each figure."""
    if _snapshot.get() is not _UNREAD:
        yield
        return
    token = _snapshot.set(data_version())
    organisation_token = _page_organisation.set(None)
    try:
        yield
    finally:
        _page_organisation.reset(organisation_token)
        _snapshot.reset(token)


def memoised(key: tuple, compute: Callable[[], T]) -> T:
    version = _snapshot.get()
    if version is _UNREAD:
        # The figures a figure is computed from (the organisation, other figures) are of the same version.
        with snapshot():
            return memoised(key, compute)
    if version is None:
        return compute()
    if _entries_version[0] != version or len(_entries) >= MAX_ENTRIES:
        _entries.clear()
        _entries_version[0] = version
    if key not in _entries:
        _entries[key] = compute()
    return _entries[key]  # type: ignore[return-value]


def organisation() -> Organisation:
    """The units and successions every figure is worked out over (three queries), kept per data version
    like the figures, and for the length of a page where figures are not kept."""
    kept = _page_organisation.get()
    if kept is not None:
        return kept
    value = memoised(("organisation",), _organisation_read)
    if _snapshot.get() is not _UNREAD:
        _page_organisation.set(value)
    return value


_last_organisation: list[Organisation | None] = [None]


def _organisation_read() -> Organisation:
    """The organisation read afresh, or the one read before when nothing in it changed (almost every
    write is to a dossier): what reporting worked out over it (each unit's predecessors, who reaches
    whom) is then kept too, rather than worked out again after every write."""
    fresh = load_organisation()
    if fresh == _last_organisation[0]:
        return _last_organisation[0]
    _last_organisation[0] = fresh
    return fresh
