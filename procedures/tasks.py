"""The import as a background job: its check (a dry run) and, once confirmed, the import. A workbook
(.xlsx) goes to the workbook import; a file in the national synchronisation layout (.json, .jsonl) to
procedures.import_dvc, told by the check whether it is the file the one-stop system sent to DVCQG."""

from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django_tasks import task

from jobs.models import Job
from jobs.services import job_file, job_run, job_start, job_store
from procedures.import_dvc import DVC_SUFFIXES, import_dvc
from procedures.import_dvc_records import DvcImportReport
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


def dvc_report_as_dict(report: DvcImportReport) -> dict:
    """The national layout's report in the workbook report's shape, which the job's page shows: each
    problem's record (its MaHoSo) where a sheet goes, its place in the file as the row, its field as the
    column; the records of statuses 1 and 3 left out as a warning. `layout` tells the page which file it
    was, to name its columns."""
    skipped = [{"sheet": "", "row": None, "column": None, "message": report.skipped_line()}]
    return {
        "layout": "dvc",
        "ok": report.ok,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "errors": [
            {
                "sheet": issue.code,
                "row": issue.position,
                "column": issue.field,
                "message": issue.problem,
            }
            for issue in report.errors
        ],
        "warnings": skipped if report.skipped else [],
        "created": dict(report.created),
        "updated": dict(report.updated),
        "unchanged": dict(report.unchanged),
        "skipped": report.skipped,
    }


@task()
def run_import(job_id: str) -> None:
    job = Job.objects.select_related("user", "checked").get(pk=job_id)
    dry_run = job.kind == Job.Kind.IMPORT_CHECK

    def work(progress) -> dict:
        with job_file(job).open("rb") as handle:
            if Path(job.stored_name).suffix in DVC_SUFFIXES:
                # An import's own parameters are empty: what was asked is its check's.
                synced = bool((job.checked or job).parameters.get("synced"))
                return dvc_report_as_dict(
                    import_dvc(
                        handle,
                        user=job.user,
                        dry_run=dry_run,
                        synced=synced,
                        filename=job.filename,
                        progress=progress,
                    )
                )
            report = import_workbook(
                handle, user=job.user, dry_run=dry_run, filename=job.filename, progress=progress
            )
        return report_as_dict(report)

    job_run(job, work)


def import_check_start(*, user: AbstractBaseUser, upload, filename: str, synced: bool = False) -> Job:
    """Store the uploaded file and queue its check (a dry run); the import itself is confirmed later on the
    job's page. `synced` applies to a file of the national layout only."""
    suffix = Path(filename).suffix.lower()
    dvc = suffix in DVC_SUFFIXES
    return job_start(
        kind=Job.Kind.IMPORT_CHECK,
        user=user,
        filename=filename,
        stored_name=job_store(upload, suffix if dvc else ".xlsx"),
        parameters={"synced": synced} if dvc else None,
    )
