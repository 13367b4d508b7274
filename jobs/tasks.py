"""The work the task worker does (`manage.py db_worker`, started by `make run`)."""

from django_tasks import task

from jobs.models import Job
from jobs.services import job_file, job_run


def report_as_dict(report) -> dict:
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
    from procedures.imports import import_workbook

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


@task()
def run_export(job_id: str) -> None:
    from reporting.exports import run_export_job

    job = Job.objects.select_related("user").get(pk=job_id)
    job_run(job, lambda progress: run_export_job(job, job_file(job), progress))
