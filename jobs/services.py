"""Starting jobs and recording what they do. A running job's progress is written from a connection of
its own (jobs/supervision.py), so the page following a job sees it while the work goes on."""

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.locked_data import is_lock_refusal, lock_refusal_message
from cchc_portal.untrusted_files import FileRefused
from jobs.models import Job
from jobs.registry import job_task
from jobs.signals import job_announce_end
from jobs.supervision import Heartbeat

Progress = Callable[[int, str], None]

logger = logging.getLogger(__name__)


def job_file(job: Job) -> Path:
    return Path(settings.JOB_FILES_ROOT) / job.stored_name


def job_store(upload: IO[bytes], suffix: str) -> str:
    """Copy an uploaded file to the jobs' folder under a new name, and return that name."""
    name = f"{uuid.uuid4().hex}{suffix}"
    path = Path(settings.JOB_FILES_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            handle.write(chunk)
    return name


def job_start(
    *, kind: str, user: AbstractBaseUser, filename: str, stored_name: str, parameters: dict | None = None
) -> Job:
    """Record a job and queue the task registered for its kind."""
    job = Job.objects.create(
        kind=kind, user=user, filename=filename, stored_name=stored_name, parameters=parameters or {}
    )
    job_task(kind).enqueue(str(job.pk))
    return job


@dataclass(frozen=True)
class Confirmation:
    job: Job  # the import of the checked file
    started: bool  # False when an earlier confirmation had already started it


@transaction.atomic
def job_confirm_import(*, user: AbstractBaseUser, checked: Job) -> Confirmation:
    """Import the workbook a successful check looked at, once: confirming the same check again (a double
    click, the back button) finds the import the first confirmation started and starts nothing. An
    import that failed wrote nothing, so it no longer counts: confirming again starts a new one."""
    # The check's row stays locked to the end of this transaction, so that two confirmations sent
    # together run one after the other and the second finds the first one's import (SQLite, which has
    # no row locks, runs write transactions one at a time). A constraint has the database refuse a
    # second import of one check that has not failed, whatever happens.
    checked = Job.objects.select_for_update().get(pk=checked.pk)
    existing = checked.imports.exclude(status=Job.Status.FAILED).first()
    if existing is not None:
        return Confirmation(job=existing, started=False)
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        user=user,
        filename=checked.filename,
        stored_name=checked.stored_name,
        checked=checked,
    )
    # Queued in this same transaction: the import job and the task that runs it exist together or not
    # at all.
    job_task(Job.Kind.IMPORT).enqueue(str(job.pk))
    return Confirmation(job=job, started=True)


class _NoLongerRunning(Exception):
    """The job was failed as abandoned while this worker still ran it."""


def _fail(job: Job, message: str) -> None:
    failed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, failure=message, finished_at=timezone.now()
    )
    if failed:
        job_announce_end(job.pk)


def _succeed(job: Job, result: dict) -> None:
    succeeded = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.SUCCEEDED, progress=100, stage=_("Xong"), result=result, finished_at=timezone.now()
    )
    if not succeeded:
        raise _NoLongerRunning
    job_announce_end(job.pk)


def _progress_of(job: Job) -> AbstractContextManager[Progress]:
    if connection.in_atomic_block:
        # Run inside its caller's transaction (as the immediate task backend runs an import, within the
        # confirming request's): no other connection sees the job before that transaction ends, and the
        # caller lives as long as the job runs, so progress is written on this connection, with no beat.
        def report(percent: int, stage: str) -> None:
            Job.objects.filter(pk=job.pk).update(
                progress=min(max(percent, 0), 100), stage=stage, heartbeat_at=timezone.now()
            )

        return nullcontext(report)
    return Heartbeat(job)


def job_run(job: Job, work: Callable[[Progress], dict]) -> None:
    """Run the work, recording its result, or why it failed (in Vietnamese, never a traceback).

    Every write of the outcome is conditional on the job still running (jobs/supervision.py says who
    wins against a job failed as abandoned). An import's data and its success commit in one
    transaction: if the job was failed meanwhile, the import is rolled back, as its failure says."""
    started = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, stage=_("Bắt đầu"), heartbeat_at=timezone.now()
    )
    if not started:
        logger.warning("Job %s is no longer queued; not run again", job.pk)
        return
    with _progress_of(job) as progress:
        try:
            with transaction.atomic() if job.kind == Job.Kind.IMPORT else nullcontext():
                _succeed(job, work(progress))
        except _NoLongerRunning:
            logger.warning("Job %s was failed as abandoned while it ran; its outcome is discarded", job.pk)
        except FileRefused as error:
            _fail(job, str(error))
        except Exception as error:  # noqa: BLE001 - a job must always end in a state the page can show
            if is_lock_refusal(error):
                # A lock taken on a unit while the import checked its rows: the database refused the write.
                _fail(job, lock_refusal_message())
                return
            logger.exception("Job %s failed", job.pk)
            _fail(
                job,
                _(
                    "Lỗi hệ thống khi xử lý; quản trị đã được ghi nhận để kiểm tra. Không có dữ liệu nào bị thay đổi."
                ),
            )
