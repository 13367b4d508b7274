"""Supervising the task worker. A running job beats from a thread of its own; a job whose worker died
(killed, out of memory, crashed: nothing in the worker could record it) is failed by whoever notices
first: the job's page, or a worker starting or polling.

Who wins when a job is failed while its worker still runs (a process frozen for a minute): every write
of a job's outcome is conditional on the job still running, so the first verdict stands. An import's
data commit in the same transaction as its success (jobs/services.py `job_run`), so an import failed
first is rolled back, and its failure's "no data was written" stays true. Both happen only to a
process that cannot beat, which in practice is a dead one. On SQLite, which lets one connection write
at a time, an import's transaction also keeps its own beats out, so an import that runs for more than
a minute there looks abandoned; but failing it waits for that transaction too, after which the job has
its real outcome and the failing write finds nothing to fail."""

import logging
import threading
import time
import uuid
from datetime import datetime

from django.db import DatabaseError, OperationalError, close_old_connections, connections
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import DEAD_AFTER, HEARTBEAT_EVERY, Job
from jobs.registry import job_task_paths
from jobs.signals import job_announce_end

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Named on the task result of a job whose worker died, for the task admin."""


def worker_lost_message(kind: str) -> str:
    stopped = _(
        "Công việc bị dừng giữa chừng do tiến trình chạy nền ngừng hoạt động; không có dữ liệu nào được ghi."
    )
    then = {
        Job.Kind.IMPORT: _("Hãy bấm “Xác nhận nhập lại” để nhập lại tệp đã kiểm tra."),
        Job.Kind.IMPORT_CHECK: _("Hãy tải tệp lên lại để kiểm tra."),
        Job.Kind.EXPORT: _("Hãy xuất lại."),
    }[kind]
    return f"{stopped} {then}"


class Heartbeat:
    """Beats for one running job from a thread with a database connection of its own: every
    HEARTBEAT_EVERY, and at once with each progress report. Its own connection keeps the beat going
    whatever the job is doing, and lets the page see the progress of an import whose own connection is
    inside one long transaction. As a context manager, it gives the progress callback."""

    def __init__(self, job: Job) -> None:
        self.job_pk = job.pk
        self.lock = threading.Lock()
        self.report: tuple[int, str] | None = None
        self.wake = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self.run, name=f"heartbeat-{job.pk}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.progress

    def __exit__(self, *exc_info) -> None:
        self.stopping = True
        self.wake.set()
        self.thread.join()

    def progress(self, percent: int, stage: str) -> None:
        with self.lock:
            self.report = (min(max(percent, 0), 100), stage)
        self.wake.set()

    def run(self) -> None:
        try:
            while True:
                self.wake.wait(HEARTBEAT_EVERY.total_seconds())
                self.wake.clear()
                if self.stopping:
                    return
                self.beat()
        finally:
            connections.close_all()

    def beat(self) -> None:
        with self.lock:
            report, self.report = self.report, None
        fields = {"heartbeat_at": timezone.now()}
        if report is not None:
            fields.update(progress=report[0], stage=report[1])
        try:
            Job.objects.filter(pk=self.job_pk, status=Job.Status.RUNNING).update(**fields)
        except DatabaseError:
            # The database was unreachable or, on SQLite, held by a writer for longer than its timeout:
            # the next beat tries again, with this report unless a newer one came.
            logger.warning("Heartbeat of job %s not recorded", self.job_pk, exc_info=True)
            with self.lock:
                self.report = self.report or report


def _fail(job: QuerySet, pk: uuid.UUID, kind: str, now: datetime) -> bool:
    """Fail the job (a queryset of one, filtered on why it is abandoned) if that still holds when the
    row is written: a worker that beat or finished meanwhile keeps its job."""
    failed = bool(job.update(status=Job.Status.FAILED, failure=worker_lost_message(kind), finished_at=now))
    if failed:
        job_announce_end(pk)
    return failed


def _running_tasks() -> list[tuple[DBTaskResult, uuid.UUID]]:
    """The task results being run (a handful: one per live worker, plus those of dead ones), each with
    its job's id."""
    tasks = []
    for task in DBTaskResult.objects.running().filter(task_path__in=job_task_paths()):
        try:
            tasks.append((task, uuid.UUID(task.args_kwargs["args"][0])))
        except (KeyError, IndexError, TypeError, ValueError):
            logger.warning("Task %s names no job", task.pk)
    return tasks


def _fail_tasks(tasks: list[DBTaskResult], now: datetime) -> None:
    """Close the task results of jobs failed here, so that the queue agrees with the jobs: no worker
    takes a RUNNING task again, and a FAILED one tells the task admin what happened."""
    if not tasks:
        return
    DBTaskResult.objects.filter(pk__in=[task.pk for task in tasks], status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=_("Tiến trình chạy nền ngừng hoạt động khi đang chạy công việc này."),
    )


def job_fail_if_abandoned(*, job: Job) -> Job:
    """The job as it now stands, failed first if its worker is gone. Costs no query while the job's
    worker is alive."""
    now = timezone.now()
    if not job.is_abandoned(now=now):
        return job
    try:
        failed = _fail(Job.objects.abandoned(now=now).filter(pk=job.pk), job.pk, job.kind, now)
    except OperationalError:
        # On SQLite the write waits for whoever holds the database, at most its timeout: a worker
        # holding it that long is alive, and the page shows the job as running meanwhile.
        logger.info("Job %s looks abandoned but the database is busy; left for later", job.pk)
        return job
    if failed:
        _fail_tasks([task for task, pk in _running_tasks() if pk == job.pk], now)
    job.refresh_from_db()
    return job


def jobs_fail_abandoned(*, worker_id: str | None = None) -> list[uuid.UUID]:
    """Fail every job whose worker is gone and close its task result; the ids of the jobs failed.

    Three kinds: a running job silent for DEAD_AFTER; a queued job whose task a worker claimed
    DEAD_AFTER ago without starting it (it died in between); and, given the id of a worker that is
    starting, every unfinished job whose task that worker had claimed when it stopped. The last needs
    the worker's id to stay the same across restarts (`db_worker --worker-id`, as `make run` and the
    production service give it), and fails those jobs at once instead of a minute later."""
    now = timezone.now()
    tasks = _running_tasks()
    restarted = {pk for task, pk in tasks if worker_id and task.worker_ids[-1:] == [worker_id]}
    unstarted = {pk for task, pk in tasks if task.started_at < now - DEAD_AFTER} - restarted
    jobs = Job.objects.values_list("pk", "kind")
    candidates = [
        *(
            (pk, kind, Job.objects.filter(pk=pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]))
            for pk, kind in jobs.filter(pk__in=restarted)
        ),
        *(
            (pk, kind, Job.objects.filter(pk=pk, status=Job.Status.QUEUED))
            for pk, kind in jobs.filter(pk__in=unstarted, status=Job.Status.QUEUED)
        ),
        *(
            (pk, kind, Job.objects.abandoned(now=now).filter(pk=pk))
            for pk, kind in jobs.abandoned(now=now).exclude(pk__in=restarted)
        ),
    ]
    failed = [pk for pk, kind, job in candidates if _fail(job, pk, kind, now)]
    # A task of the restarting worker is closed even when its job had finished: the worker died
    # between recording the job's outcome and the task's.
    _fail_tasks([task for task, pk in tasks if pk in failed or pk in restarted], now)
    if failed:
        logger.warning("Failed %d job(s) whose worker had stopped: %s", len(failed), failed)
    return failed


class Watchdog(threading.Thread):
    """Fails abandoned jobs every HEARTBEAT_EVERY for as long as the worker process lives, so that the
    jobs of a worker that died are failed even when nobody looks at them."""

    def __init__(self) -> None:
        super().__init__(name="job-watchdog", daemon=True)

    def run(self) -> None:
        while True:
            close_old_connections()
            try:
                jobs_fail_abandoned()
            except DatabaseError:
                logger.warning("Could not look for abandoned jobs; trying again", exc_info=True)
            time.sleep(HEARTBEAT_EVERY.total_seconds())
