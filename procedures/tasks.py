"""The workbook import as a background job: its check (a dry run) and, once confirmed, the import."""

from django.contrib.auth.base_user import AbstractBaseUser
from django_tasks import task

from jobs.models import Job
from jobs.services import job_file, job_run, job_start, job_store
from procedures.imports import import_workbook
from procedures.workbook import ImportReport


def report_as_dict(report: ImportReport) -> dict:
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "errors": [
            {"sheet": i.sheet, "row": i.row, "column": i.column, "message": i.message} for i in report.errors
        ],
        "warnings": [
            {"sheet": i.sheet, "row": i.row, "column": i.column, "message": i.message}
            for i in report.warnings
        ],
        "created": dict(report.created),
        "updated": dict(report.updated),
        "unchanged": dict(report.unchanged),
    }


@task()
def run_import(job_id: str) -> None:
    job = Job.objects.select_related("user").get(pk=job_id)

    def work(progress) -> dict:
        with job_file(job).open("rb") as handle:
            report = import_workbook(
                handle,
                user=job.user,
                dry_run=job.kind == Job.Kind.IMPORT_CHECK,
                filename=job.filename,
                progress=progress,
            )
        return report_as_dict(report)

    job_run(job, work)


def import_check_start(*, user: AbstractBaseUser, upload, filename: str) -> Job:
    """Store the uploaded workbook and queue its check (a dry run); the import itself is confirmed later
    on the job's page."""
    return job_start(
        kind=Job.Kind.IMPORT_CHECK, user=user, filename=filename, stored_name=job_store(upload, ".xlsx")
    )
