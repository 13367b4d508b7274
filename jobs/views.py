from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.models import WAIT_NOTICE_AFTER, Job
from jobs.registry import job_permission
from jobs.services import job_confirm_import, job_file
from jobs.supervision import job_fail_if_abandoned

ERRORS_SHOWN = 500
JOBS_LISTED = 50


def _visible_jobs(request: HttpRequest) -> QuerySet[Job]:
    return Job.objects.visible_to(request.user)


def _own_job(request: HttpRequest, pk) -> Job:
    return get_object_or_404(_visible_jobs(request), pk=pk)


def job_list(request: HttpRequest) -> HttpResponse:
    """The latest imports and exports the user started, to come back to one after leaving its page."""
    jobs = _visible_jobs(request).select_related("user").defer("result", "parameters")[:JOBS_LISTED]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "listed": JOBS_LISTED})


def _confirmable(job: Job) -> bool:
    return (
        job.kind == Job.Kind.IMPORT_CHECK
        and job.status == Job.Status.SUCCEEDED
        and bool(job.result.get("ok"))
    )


def job_detail(request: HttpRequest, pk) -> HttpResponse:
    # The page the user follows is where a job whose worker died is seen first (it reloads every two
    # seconds): it is failed here, not only shown as such.
    job = job_fail_if_abandoned(job=_own_job(request, pk))
    errors = job.result.get("errors", [])
    last_import = None
    if _confirmable(job):
        last_import = job.imports.only("pk", "status").order_by("-created_at").first()
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "last_import": last_import,
            "waits_too_long": job.waits_too_long(now=timezone.now()),
            "wait_minutes": int(WAIT_NOTICE_AFTER.total_seconds() // 60),
            "errors": errors[:ERRORS_SHOWN],
            "errors_total": len(errors),
            "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
        },
    )


@require_POST
def job_confirm(request: HttpRequest, pk) -> HttpResponse:
    if not request.user.has_perm(job_permission(Job.Kind.IMPORT)):
        raise PermissionDenied
    checked = _own_job(request, pk)
    if not _confirmable(checked):
        raise Http404
    confirmation = job_confirm_import(user=request.user, checked=checked)
    if not confirmation.started:
        messages.info(request, _("Tệp này đã được xác nhận nhập trước đó; hệ thống không nhập lại lần nữa."))
    return redirect(confirmation.job)


def job_download(request: HttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if job.kind != Job.Kind.EXPORT or job.status != Job.Status.SUCCEEDED or not job_file(job).exists():
        raise Http404
    return FileResponse(job_file(job).open("rb"), as_attachment=True, filename=job.filename)
