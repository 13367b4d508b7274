"""A real task worker (`manage.py db_worker` in a process of its own) killed with SIGKILL in the middle of an
import, on the test database: what the user sees, what is written, and how the import is run again."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from procedures.models import Dossier
from tests.factories import HOSO_HEADERS, ONE_DOSSIER_WORKBOOK, local, make_dossier, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
WORKER_ID = "kiem-thu-1"
# Enough rows for an import on SQLite to take seconds, so that the worker is killed inside it.
ROWS = 2_000


@pytest.fixture
def shared_database(transactional_db, tmp_path) -> Iterator[str]:
    """The test database as a URL another process can open. On PostgreSQL it is the test database
    itself. SQLite's lives in this process's memory, so it is copied to a file, which this process then
    uses too until the test ends."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
        yield f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        return
    path = tmp_path / "db.sqlite3"
    in_memory = connections[DEFAULT_DB_ALIAS]
    in_memory.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        in_memory.connection.backup(copy)
    on_file = in_memory.copy()
    on_file.settings_dict["NAME"] = str(path)
    connections[DEFAULT_DB_ALIAS] = on_file
    try:
        yield f"sqlite:///{path}"
    finally:
        on_file.close()
        connections[DEFAULT_DB_ALIAS] = in_memory


@pytest.fixture
def province(shared_database, province):
    """The narrative province, written where the worker reads."""
    return province


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def has_started(self) -> bool:
        return b"Starting worker" in self.log.read_bytes()


@pytest.fixture
def start_worker(shared_database, settings, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Starts `manage.py db_worker` on the test database, as `make run` and the service do (under a
    fixed id), and stops it at the end of the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    env = {
        **os.environ,
        "DATABASE_URL": shared_database,
        "JOB_FILES_ROOT": str(settings.JOB_FILES_ROOT),
        "TASKS_BACKEND": settings.TASKS["default"]["BACKEND"],
    }
    workers: list[Worker] = []

    def start(worker_id: str = WORKER_ID) -> Worker:
        log = tmp_path / f"worker-{len(workers)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 - the test's own arguments
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--worker-id",
                    worker_id,
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        workers.append(Worker(process, log))
        return workers[-1]

    yield start
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.terminate()
            worker.process.wait(timeout=60)


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting, after {seconds} s, for {what}"
        time.sleep(0.05)


def job(pk) -> Job:
    return Job.objects.get(pk=pk)


def workbook(rows: int) -> bytes:
    """Dossiers of STTTT's procedure, the first of them already in the database."""
    dossiers = [
        [f"HS-{n:06}", "1.004227", None, "Trực tiếp", "03/03/2025 09:00", None, None, None, None]
        for n in range(rows)
    ]
    return workbook_bytes({"TTHC": ONE_DOSSIER_WORKBOOK["TTHC"], "HoSo": [HOSO_HEADERS, *dossiers]})


@contextmanager
def row_held(code: str) -> Iterator[None]:
    """The dossier's row locked by another connection until the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Dossier.objects.select_for_update().get(code=code)
                locked.set()
                release.wait()
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        yield
    finally:
        release.set()
        holder.join()


def dossiers() -> list[tuple]:
    return list(Dossier.objects.values_list("code", "channel", "received_at"))


@pytest.mark.parametrize("noticed_by", ["the worker restarting", "another worker"])
def test_a_worker_killed_in_the_middle_of_an_import_leaves_a_failed_job_that_can_be_confirmed_again(
    client, province, start_worker, noticed_by, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-000000", received_at=local(2025, 3, 3))
    before = dossiers()
    client.force_login(province.staff_stttt)
    client.post(reverse("procedures:import"), {"file": SimpleUploadedFile("ho-so.xlsx", workbook(ROWS))})
    check = Job.objects.get(kind=Job.Kind.IMPORT_CHECK)
    worker = start_worker()
    wait_for(lambda: job(check.pk).is_finished, seconds=120, what="the check")
    assert job(check.pk).result["ok"], job(check.pk).result["errors"][:3]

    # Where the import is when its worker is killed. On PostgreSQL, the row of the dossier the file
    # already has is held from another connection, and the import locks it before it writes: the import
    # waits there, inside its transaction, having reported that it checks and writes (its progress is
    # written beside that transaction). SQLite has no row locks and lets nobody write while the
    # import's transaction is open, progress included: the worker is killed as the import starts,
    # seconds before its end.
    on_postgresql = connection.vendor == "postgresql"
    with row_held("HS-000000") if on_postgresql else nullcontext():
        response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
        killed = Job.objects.get(kind=Job.Kind.IMPORT)
        assert response.url == killed.get_absolute_url()

        def importing() -> bool:
            now = job(killed.pk)
            return now.status == Job.Status.RUNNING and (not on_postgresql or now.progress >= 40)

        wait_for(importing, seconds=120, what="the import to check and write")
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait()
    killed_at = time.monotonic()
    assert job(killed.pk).status == Job.Status.RUNNING
    assert dossiers() == before

    if noticed_by == "the worker restarting":
        # Under the same id, it fails at once the job it was running.
        start_worker()
    else:
        # Another worker starts, leaves alone a job that beat moments ago, and fails it once its last
        # beat is a minute old (the minute is skipped here, not waited).
        other = start_worker("kiem-thu-2")
        wait_for(other.has_started, seconds=60, what="the other worker to start")
        assert job(killed.pk).status == Job.Status.RUNNING
        Job.objects.filter(pk=killed.pk).update(heartbeat_at=F("heartbeat_at") - timedelta(seconds=60))
    wait_for(lambda: job(killed.pk).is_finished, seconds=60, what="the killed import to be failed")
    # The session, the user and the job, already failed by the worker: the page fails nothing itself.
    with django_assert_num_queries(3):
        page = client.get(killed.get_absolute_url()).content.decode()
    assert time.monotonic() - killed_at < 60
    assert (
        "Công việc bị dừng giữa chừng do tiến trình chạy nền ngừng hoạt động; không có dữ liệu nào được ghi. "
        "Hãy bấm “Xác nhận nhập lại” để nhập lại tệp đã kiểm tra."
    ) in page
    assert job(killed.pk).status == Job.Status.FAILED
    assert dossiers() == before
    [task] = [task for task in DBTaskResult.objects.all() if task.args_kwargs["args"] == [str(killed.pk)]]
    assert (task.status, task.exception_class_path) == (
        TaskResultStatus.FAILED,
        "jobs.supervision.WorkerLost",
    )

    # The session, the user, the check; in the confirmation's transaction the check again (locked for
    # update) and the imports started from it (only a failed one), the new import recorded and its task
    # queued for the worker, the commit.
    with django_assert_num_queries(9):
        response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    again = Job.objects.filter(kind=Job.Kind.IMPORT).exclude(pk=killed.pk).get()
    assert response.url == again.get_absolute_url()
    wait_for(lambda: job(again.pk).is_finished, seconds=120, what="the import confirmed again")
    assert job(again.pk).status == Job.Status.SUCCEEDED
    assert job(again.pk).result["created"]["dossiers"] == ROWS - 1
    assert Dossier.objects.count() == ROWS
    assert job(killed.pk).status == Job.Status.FAILED
