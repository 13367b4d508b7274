"""Starting jobs and recording what they do. Job state is written outside any import transaction, so
the page following a job sees its progress while the work goes on."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Job
from procedures.workbook import WorkbookRefused

logger = logging.getLogger(__name__)


def job_file(job: Job) -> Path:
    return Path(settings.JOB_FILES_ROOT) / job.stored_name


def _store(upload: IO[bytes], suffix: str) -> str:
    name = f"{uuid.uuid4().hex}{suffix}"
    path = Path(settings.JOB_FILES_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            handle.write(chunk)
    return name


def job_start_import(*, user: User, upload: IO[bytes], filename: str) -> Job:
    """Store the uploaded workbook and queue its check (a dry run); the import itself is confirmed later."""
    from jobs.tasks import run_import

    job = Job.objects.create(
        kind=Job.Kind.IMPORT_CHECK, user=user, filename=filename, stored_name=_store(upload, ".xlsx")
    )
    run_import.enqueue(str(job.pk))
    return job


@dataclass(frozen=True)
class Confirmation:
    job: Job  # the import of the checked file
    started: bool  # False when an earlier confirmation had already started it


@transaction.atomic
def job_confirm_import(*, user: User, checked: Job) -> Confirmation:
    """Import the workbook a successful check looked at, once: confirming the same check again (a double
    click, the back button) finds the import the first confirmation started and starts nothing."""
    from jobs.tasks import run_import

    # The check's row stays locked to the end of this transaction, so that two confirmations sent
    # together run one after the other and the second finds the first one's import (SQLite, which has
    # no row locks, runs write transactions one at a time). The one-to-one link has the database
    # refuse a second import of one check whatever happens.
    checked = Job.objects.select_for_update().get(pk=checked.pk)
    existing = Job.objects.filter(checked=checked).first()
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
    run_import.enqueue(str(job.pk))
    return Confirmation(job=job, started=True)


def job_start_export(*, user: User, kind: str, filename: str, parameters: dict) -> Job:
    from jobs.tasks import run_export

    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        user=user,
        filename=filename,
        stored_name=f"{uuid.uuid4().hex}.xlsx",
        parameters={"export": kind, **parameters},
    )
    run_export.enqueue(str(job.pk))
    return job


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, failure=message, finished_at=timezone.now()
    )


def job_progress(job: Job) -> Callable[[int, str], None]:
    def report(percent: int, stage: str) -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=min(max(percent, 0), 100), stage=stage, heartbeat_at=timezone.now()
        )

    return report


def job_run(job: Job, work: Callable[[Callable[[int, str], None]], dict]) -> None:
    """Run the work, recording its result, or why it failed (in Vietnamese, never a traceback)."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, stage=_("Bắt đầu"), heartbeat_at=timezone.now()
    )
    try:
        result = work(job_progress(job))
    except WorkbookRefused as error:
        _fail(job, str(error))
        return
    except Exception:  # noqa: BLE001 - a job must always end in a state the page can show
        logger.exception("Job %s failed", job.pk)
        _fail(
            job,
            _(
                "Lỗi hệ thống khi xử lý; quản trị đã được ghi nhận để kiểm tra. Không có dữ liệu nào bị thay đổi."
            ),
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED, progress=100, stage=_("Xong"), result=result, finished_at=timezone.now()
    )
