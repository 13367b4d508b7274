"""Long exports as background jobs."""

import uuid
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import QueryDict
from django_tasks import task

from jobs.models import Job
from jobs.services import Progress, job_file, job_run, job_start
from procedures.models import Procedure
from reporting.exports import write_workbook
from reporting.selectors import record_listing


def run_export_job(job: Job, path: Path, progress: Progress) -> dict:
    """A list export too long to wait for, written by the task worker with the requester's scope."""
    records = job.parameters["export"]
    listing = record_listing(
        user=job.user, params=QueryDict(job.parameters.get("query", "")), records=records
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if records == "dossiers":
        rows = write_workbook(
            path, procedures=Procedure.objects.none(), dossiers=listing.rows, progress=progress
        )
    else:
        rows = write_workbook(path, procedures=listing.rows, dossiers=None, progress=progress)
    return {"rows": rows}


@task()
def run_export(job_id: str) -> None:
    job = Job.objects.select_related("user").get(pk=job_id)
    job_run(job, lambda progress: run_export_job(job, job_file(job), progress))


def export_start(*, user: AbstractBaseUser, kind: str, filename: str, parameters: dict) -> Job:
    return job_start(
        kind=Job.Kind.EXPORT,
        user=user,
        filename=filename,
        stored_name=f"{uuid.uuid4().hex}.xlsx",
        parameters={"export": kind, **parameters},
    )
