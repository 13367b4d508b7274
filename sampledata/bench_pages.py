"""`make bench`, the pages and API calls: each warmed up, then timed over many requests through Django's
test client (middleware, session, templates, JSON: everything but the socket), also right after a write,
against one plain SQL GROUP BY over the dossier table timed on the same machine in the same run."""

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from procedures.models import Dossier, Procedure
from procedures.services import dossier_register

AFTER_WRITE_PREFIX = "BENCH-WRITE-"
REFERENCE_SQL = "SELECT department_id, count(*) FROM procedures_dossier GROUP BY department_id"


@dataclass(frozen=True)
class Timing:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    requests: int
    after_write_median_ms: float = 0.0
    after_write_p95_ms: float = 0.0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value that `share` of the values do not exceed."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def reference_ms(runs: int = 15) -> float:
    """Median time of the plain GROUP BY count over the whole dossier table, warm."""
    times = []
    with connection.cursor() as cursor:
        for index in range(runs + 3):
            started = time.perf_counter()
            cursor.execute(REFERENCE_SQL)
            cursor.fetchall()
            if index >= 3:
                times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench_user() -> User:
    user = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create_user("bench-leader", role=Role.LEADER)
    return user


def bench_units() -> tuple[Department, Department]:
    """The units the pages are measured on: the agency in being today that took over the most units'
    records (a 2025 merger) and the commune in being today that did (a merged commune), so that the
    current structure has predecessors to add on both."""
    today = timezone.localdate()
    in_being = Department.objects.existing_on(today).filter(parent__isnull=True)
    ranked = in_being.annotate(n=Count("inherited"), p=Count("procedures")).order_by("-n", "-p", "code")
    return (
        ranked.filter(kind=Department.Kind.AGENCY).first(),
        ranked.filter(kind=Department.Kind.COMMUNE).first(),
    )


def carried_procedure(department: Department) -> Procedure:
    """A procedure the unit carries out today, to register the benchmark's dossiers with: a
    commune-level one for a commune, else one listed for the unit or for a unit it succeeded."""
    if department.kind == Department.Kind.COMMUNE:
        return Procedure.objects.filter(level=Procedure.Level.COMMUNE, units=None).order_by("pk").first()
    listed = Q(units=department) | Q(units__successions__successor=department)
    return Procedure.objects.filter(listed, level=Procedure.Level.PROVINCE).order_by("pk").first()


def page(client: Client, name: str, url: str) -> Callable[[], object]:
    """A page or API call as something to time: its answer must be a 200."""

    def fetch() -> object:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {url} answered {response.status_code}")
        return response

    return fetch


def time_requests(name: str, fetch: Callable[[], object], requests: int, warmup: int = 5) -> Timing:
    for _ in range(warmup):
        fetch()
    with CaptureQueriesContext(connection) as queries:
        fetch()
    # Read now: the next request empties the connection's query log.
    query_count = len(queries)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(name, statistics.median(times), percentile(times, 0.95), query_count, requests)


def time_after_writes(
    fetch: Callable[[], object], department: Department, timing: Timing, requests: int
) -> Timing:
    """The same page (or call) when a dossier was registered (and committed, as a desk's is) just before
    each request, so that no figure computed before the write stands as it was: the cost of the first
    reader after each write. The dossiers and their history are deleted after."""

    procedure = carried_procedure(department)
    times = []
    try:
        for index in range(requests):
            dossier_register(
                code=f"{AFTER_WRITE_PREFIX}{index}",
                procedure=procedure,
                department=department,
                channel=Dossier.Channel.ONLINE,
                received_at=timezone.now(),
            )
            started = time.perf_counter()
            fetch()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        Dossier.objects.filter(code__startswith=AFTER_WRITE_PREFIX).delete()
        Dossier.history.filter(code__startswith=AFTER_WRITE_PREFIX).delete()
    return Timing(
        timing.name,
        timing.median_ms,
        timing.p95_ms,
        timing.queries,
        timing.requests,
        statistics.median(times),
        percentile(times, 0.95),
    )


def vacuum(tables: tuple[str, ...] = ("procedures_dossier", "reporting_dossiercount")) -> None:
    """Start from the state autovacuum keeps a busy table in (visibility map set, statistics fresh)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def freshness(client: Client, department: Department, url: str) -> bool:
    """A dossier registered now is counted by the very next call; the dossier is rolled back after."""

    def received() -> int:
        return json.loads(client.get(url, secure=True).content)["indicators"]["received"]

    with transaction.atomic():
        before = received()
        procedure = carried_procedure(department)
        dossier_register(
            code="BENCH-FRESHNESS",
            procedure=procedure,
            department=department,
            channel=Dossier.Channel.DIRECT,
            received_at=timezone.now(),
        )
        after = received()
        transaction.set_rollback(True)
    return after == before + 1
