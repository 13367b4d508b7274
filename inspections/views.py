import io

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc_portal.audit import audit_trail
from cchc_portal.forms import apply_service
from departments.selectors import department_get, department_list
from inspections import services
from inspections.documents import conclusion_docx, conclusion_letterhead
from inspections.forms import (
    ConcludeForm,
    FindingForm,
    InspectionForm,
    PlanForm,
    ProgressForm,
    RecommendationForm,
    VerifyForm,
)
from inspections.models import Evidence, InspectionPlan
from inspections.selectors import (
    followed_by,
    inspection_conclusion_counts,
    inspection_get,
    inspection_list,
    inspection_related_history,
    recommendation_get,
    recommendation_list,
    recommendation_related_history,
    recommendations_of_unit,
    recommendations_overdue,
)
from procedures.selectors import dossier_list
from reporting.cache import organisation as kept_organisation
from reporting.indicators import indicators_for_department
from reporting.quality import quality_report
from reporting.results import Period

manage = permission_required("inspections.change_inspection", raise_exception=True)


def plan_index(request: HttpRequest) -> HttpResponse:
    inspections = inspection_list(user=request.user).order_by("-plan__year", "planned_start")
    plans = InspectionPlan.objects.order_by("-year")
    return render(request, "inspections/plan_list.html", {"plans": plans, "inspections": inspections})


@permission_required("inspections.add_inspectionplan", raise_exception=True)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu kế hoạch kiểm tra: %(t)s.") % {"t": form.instance})
        return redirect("inspections:list")
    return render(request, "inspections/form.html", {"form": form, "title": _("Lập kế hoạch kiểm tra")})


def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_object_or_404(InspectionPlan, year=year)
    inspections = inspection_list(user=request.user).filter(plan=plan).order_by("planned_start")
    return render(request, "inspections/plan_detail.html", {"plan": plan, "inspections": inspections})


@permission_required("inspections.add_inspection", raise_exception=True)
def inspection_create(request: HttpRequest) -> HttpResponse:
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inspection = apply_service(form, lambda: services.inspection_create(**form.cleaned_data))
        if inspection:
            messages.success(request, _("Đã lưu đợt kiểm tra: %(i)s.") % {"i": inspection})
            return redirect(inspection)
    return render(request, "inspections/form.html", {"form": form, "title": _("Thêm đợt kiểm tra")})


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get(user=request.user, pk=pk)
    period = services.scope_period(inspection)
    now = indicators_for_department(inspection.department, period)
    dossiers = dossier_list(user=request.user).for_department_tree(inspection.department)
    quality = quality_report(dossiers, period)
    recommendations = list(inspection.recommendations.select_related("responsible"))
    today = timezone.localdate()
    context = {
        "inspection": inspection,
        "now": now,
        "frozen": inspection.concluded_indicators or {},
        "quality": [result for result in quality if result.count],
        "findings": inspection.findings.prefetch_related("evidence"),
        "recommendations": [(r, r.is_overdue(on=today)) for r in recommendations],
        "finding_form": FindingForm(),
        "recommendation_form": RecommendationForm(
            departments=department_list(user=request.user).filter(path__startswith=inspection.department.path)
        ),
        "conclude_form": ConcludeForm(initial={"concluded_on": today}),
        "history": audit_trail(request, inspection, *inspection_related_history(inspection)),
    }
    return render(request, "inspections/inspection_detail.html", context)


def _act(request: HttpRequest, pk: int, form_class, action, saved: str) -> HttpResponse:
    """Run an inspection action posted from its page; errors come back as messages on that page, and the
    record saved is named after `saved` (what it is)."""
    inspection = inspection_get(user=request.user, pk=pk)
    form = form_class(request.POST, request.FILES)
    record = form.is_valid() and apply_service(form, lambda: action(inspection, form.cleaned_data))
    if record:
        messages.success(request, _("Đã lưu %(what)s: %(name)s.") % {"what": saved, "name": record})
    else:
        _errors_as_messages(request, form)
    return redirect(inspection)


@require_POST
@manage
def inspection_start(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get(user=request.user, pk=pk)
    try:
        services.inspection_start(inspection=inspection, user=request.user)
        messages.success(request, _("Đã bắt đầu đợt kiểm tra: %(i)s.") % {"i": inspection})
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(inspection)


@require_POST
@manage
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        FindingForm,
        lambda inspection, data: services.finding_add(inspection=inspection, user=request.user, **data),
        _("nội dung đánh giá"),
    )


@require_POST
@manage
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get(user=request.user, pk=pk)
    departments = department_list(user=request.user).filter(path__startswith=inspection.department.path)
    form = RecommendationForm(request.POST, departments=departments)
    recommendation = form.is_valid() and apply_service(
        form,
        lambda: services.recommendation_add(inspection=inspection, user=request.user, **form.cleaned_data),
    )
    if recommendation:
        messages.success(request, _("Đã lưu kiến nghị: %(r)s.") % {"r": recommendation})
    else:
        _errors_as_messages(request, form)
    return redirect(inspection)


@manage
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """Concluding freezes the figures for good, so it is asked twice: a GET shows what concluding does with
    the day and number to confirm (filled from the inspection's page, changing nothing); the POST
    concludes."""
    inspection = inspection_get(user=request.user, pk=pk)
    if request.method == "POST":
        form = ConcludeForm(request.POST)
        if form.is_valid() and apply_service(
            form,
            lambda: services.inspection_conclude(
                inspection=inspection, user=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Đã lưu kết luận kiểm tra: %(i)s.") % {"i": inspection})
            return redirect(inspection)
    elif "concluded_on" in request.GET:
        form = ConcludeForm(request.GET)
        form.is_valid()
    else:
        form = ConcludeForm(initial={"concluded_on": timezone.localdate()})
    context = {
        "inspection": inspection,
        "form": form,
        "counts": inspection_conclusion_counts(inspection),
    }
    return render(request, "inspections/conclude_confirm.html", context)


def _errors_as_messages(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def conclusion_document(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get(user=request.user, pk=pk)
    if inspection.status != inspection.Status.CONCLUDED:
        messages.error(request, _("Đợt kiểm tra chưa kết luận."))
        return redirect(inspection)
    buffer = io.BytesIO()
    conclusion_docx(inspection, buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ket-luan-kiem-tra-{inspection.department.code}.docx"'
    )
    return response


def conclusion_print(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get(user=request.user, pk=pk)
    return render(
        request,
        "inspections/conclusion_print.html",
        {
            "inspection": inspection,
            "frozen": inspection.concluded_indicators or {},
            "letterhead": conclusion_letterhead(inspection),
            "recommendations": inspection.recommendations.select_related("responsible"),
        },
    )


def recommendation_index(request: HttpRequest) -> HttpResponse:
    """Every recommendation the user sees; `?department=<code>` keeps a unit's, with the open ones of the
    units it took over. A recommendation of a unit that ended shows who follows it now."""
    today = timezone.localdate()
    recommendations = recommendation_list(user=request.user).order_by("deadline")
    organisation = kept_organisation()
    department = None
    if request.GET.get("department"):
        department = department_get(user=request.user, code=request.GET["department"])
        recommendations = recommendations_of_unit(recommendations, department, organisation)
    if request.GET.get("overdue"):
        recommendations = recommendations_overdue(recommendations, today=today)
    rows = [(r, r.is_overdue(on=today), followed_by(r, organisation)) for r in recommendations[:500]]
    return render(
        request,
        "inspections/recommendation_list.html",
        {"rows": rows, "overdue_only": bool(request.GET.get("overdue")), "department": department},
    )


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_get(user=request.user, pk=pk)
    indicator_now = None
    if recommendation.indicator:
        indicator_now = indicators_for_department(recommendation.responsible, _current_period())[
            recommendation.indicator
        ]
    return render(
        request,
        "inspections/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "overdue": recommendation.is_overdue(on=timezone.localdate()),
            "indicator_now": indicator_now,
            "progress_form": ProgressForm(initial={"reported_on": timezone.localdate()}),
            "verify_form": VerifyForm(initial={"on": timezone.localdate()}),
            "history": audit_trail(request, recommendation, *recommendation_related_history(recommendation)),
        },
    )


def _current_period() -> Period:
    """The indicator "now": this year so far, the period leaders read by default."""
    today = timezone.localdate()
    return Period(today.replace(month=1, day=1), today)


@require_POST
@permission_required("inspections.add_progressreport", raise_exception=True)
def recommendation_report(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_get(user=request.user, pk=pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid() and apply_service(
        form,
        lambda: services.recommendation_report(
            recommendation=recommendation, user=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Đã lưu báo cáo thực hiện kiến nghị: %(r)s.") % {"r": recommendation})
    else:
        _errors_as_messages(request, form)
    return redirect(recommendation)


@require_POST
@manage
def recommendation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_get(user=request.user, pk=pk)
    form = VerifyForm(request.POST)
    verified = form.is_valid() and apply_service(
        form,
        lambda: services.recommendation_verify(
            recommendation=recommendation,
            user=request.user,
            closed=form.cleaned_data["decision"] == "close",
            on=form.cleaned_data["on"],
            text=form.cleaned_data["text"],
        ),
    )
    if verified:
        messages.success(
            request, _("Đã lưu kết quả xác minh: %(s)s.") % {"s": verified.get_status_display().lower()}
        )
    else:
        _errors_as_messages(request, form)
    return redirect(recommendation)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, for those who may see the inspection or recommendation it backs."""
    evidence = get_object_or_404(Evidence.objects.select_related("finding", "report"), pk=pk)
    if evidence.finding_id:
        inspection_get(user=request.user, pk=evidence.finding.inspection_id)
    else:
        recommendation_get(user=request.user, pk=evidence.report.recommendation_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)
