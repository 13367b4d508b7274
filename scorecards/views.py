"""The scorecard's pages: the year's list, a unit's scorecard (with every workflow step posted from it),
its printable page and workbook, the ranking and its workbook. Each step is a service call; a refusal
comes back as a message on the page it was posted from."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc_portal.audit import audit_trail
from cchc_portal.forms import apply_service
from inspections.models import Finding
from reporting.exports import xlsx_response
from reporting.params import BadRequest
from scorecards import forms, services
from scorecards.criteria import assessments_open, criteria_set_copy
from scorecards.models import Assessment, CriteriaSet, Criterion, Score, ScoreEvidence
from scorecards.outputs import ranking_workbook, scorecard_workbook
from scorecards.pages import area_averages, area_chart, cited_findings, ranking, scorecard_rows, unit_findings
from scorecards.params import parse_kind, parse_year
from scorecards.scoring import set_scorecards
from scorecards.selectors import assessment_get, assessment_list

council = permission_required(services.APPRAISE, raise_exception=True)
keep_criteria = permission_required("scorecards.add_criteriaset", raise_exception=True)


def _chosen_set(request: HttpRequest) -> CriteriaSet | None:
    """The set `?year=&kind=` names (agency by default), else the latest; a bad value is said and the
    latest shown."""
    if "year" in request.GET:
        try:
            year, kind = parse_year(request.GET["year"]), parse_kind(request.GET.get("kind") or "agency")
        except BadRequest as error:
            messages.error(request, str(error))
        else:
            found = CriteriaSet.objects.filter(year=year, kind=kind).first()
            if found is not None:
                return found
            messages.info(request, _("Chưa có bộ tiêu chí năm %(year)s cho đối tượng này.") % {"year": year})
    return CriteriaSet.objects.order_by("-year", "kind").first()


def assessment_index(request: HttpRequest) -> HttpResponse:
    criteria_set = _chosen_set(request)
    today = timezone.localdate()
    rows = []
    if criteria_set is not None:
        assessments = (
            assessment_list(user=request.user).filter(criteria_set=criteria_set).order_by("department__path")
        )
        rows = [(a, services.overdue_step(a, on=today)) for a in assessments]
    context = {
        "criteria_set": criteria_set,
        "sets": CriteriaSet.objects.order_by("-year", "kind"),
        "rows": rows,
        "may_appraise": services.may_appraise(request.user),
        "deadlines_form": forms.DeadlinesForm(
            initial={
                "self_assessment_due_on": criteria_set and criteria_set.self_assessment_due_on,
                "appraisal_due_on": criteria_set and criteria_set.appraisal_due_on,
            }
        ),
        "publish_form": forms.PublishForm(initial={"on": today}),
        "next_year": (criteria_set.year + 1) if criteria_set else today.year,
    }
    return render(request, "scorecards/assessment_list.html", context)


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get(user=request.user, pk=pk)
    cards = set_scorecards(assessment.criteria_set)
    card = cards[assessment.pk]
    citations, recommendations = cited_findings(assessment)
    evidence = list(ScoreEvidence.objects.filter(score__assessment=assessment).order_by("uploaded_at"))
    rows = scorecard_rows(card, evidence, citations, recommendations)
    may_appraise = services.may_appraise(request.user)
    leaves = [row.node for row in rows if row.leaf is not None]
    context = {
        "assessment": assessment,
        "card": card,
        "rows": rows,
        "chart": area_chart(card, area_averages(list(cards.values()))),
        "overdue": services.overdue_step(assessment, on=timezone.localdate()),
        "may_self": assessment.status != Assessment.Status.FINAL
        and services.may_self_assess(request.user, assessment),
        "may_appraise": may_appraise and assessment.status != Assessment.Status.FINAL,
        "cite_form": forms.CiteForm(findings=unit_findings(assessment), leaves=leaves)
        if may_appraise
        else None,
        "history": audit_trail(request, assessment),
    }
    return render(request, "scorecards/assessment_detail.html", context)


def assessment_print(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get(user=request.user, pk=pk)
    card = set_scorecards(assessment.criteria_set)[assessment.pk]
    rows = scorecard_rows(card, [], [], [])
    return render(
        request, "scorecards/assessment_print.html", {"assessment": assessment, "card": card, "rows": rows}
    )


def assessment_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get(user=request.user, pk=pk)
    card = set_scorecards(assessment.criteria_set)[assessment.pk]
    rows = scorecard_rows(card, [], [], [])
    filename = f"chi-so-cchc-{assessment.criteria_set.year}-{assessment.department.code}.xlsx"
    return xlsx_response(lambda target: scorecard_workbook(card, rows, target), filename)


def _ranking_set(request: HttpRequest) -> tuple[CriteriaSet | None, bool]:
    """The set to rank and whether the user may see it: the council always (a provisional ranking until
    it is published), everyone else once it is published."""
    criteria_set = _chosen_set(request)
    if criteria_set is None:
        return None, False
    published = criteria_set.published_on is not None and criteria_set.published_on <= timezone.localdate()
    return criteria_set, published or services.may_appraise(request.user)


def ranking_page(request: HttpRequest) -> HttpResponse:
    criteria_set, shown = _ranking_set(request)
    sort = request.GET.get("sort") or "total"
    table = ranking(criteria_set, sort=sort) if shown else None
    context = {
        "criteria_set": criteria_set,
        "table": table,
        "sort": sort,
        "sets": CriteriaSet.objects.order_by("-year", "kind"),
    }
    return render(request, "scorecards/ranking.html", context)


def ranking_xlsx(request: HttpRequest) -> HttpResponse:
    criteria_set, shown = _ranking_set(request)
    if not shown:
        # The page links to no workbook before publication, so only a typed address reaches this.
        raise Http404(_("Kết quả xếp hạng chưa được công bố."))
    table = ranking(criteria_set, sort=request.GET.get("sort") or "total")
    filename = f"xep-hang-chi-so-cchc-{criteria_set.year}-{criteria_set.kind}.xlsx"
    return xlsx_response(lambda target: ranking_workbook(table, target), filename)


def _errors_as_messages(request: HttpRequest, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _step(request: HttpRequest, form, action, done: str) -> None:
    """Run a step's service with the form's data; say what happened on the page it came from."""
    if form.is_valid() and apply_service(form, lambda: action(form.cleaned_data)) is not None:
        messages.success(request, done)
    else:
        _errors_as_messages(request, form)


def _score(request: HttpRequest, pk: int) -> Score:
    """A leaf's score, looked up within the assessments the user may see."""
    return get_object_or_404(
        Score.objects.select_related("assessment", "criterion"),
        pk=pk,
        assessment__in=assessment_list(user=request.user),
    )


def _back(score: Score) -> HttpResponse:
    return redirect(
        reverse("scorecards:detail", kwargs={"pk": score.assessment_id}) + f"#leaf-{score.criterion.code}"
    )


@require_POST
def score_self(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = forms.SelfScoreForm(request.POST, request.FILES)
    _step(
        request,
        form,
        lambda data: services.score_self(user=request.user, score=score, **data),
        _("Đã lưu điểm tự chấm tiêu chí %(code)s.") % {"code": score.criterion.code},
    )
    return _back(score)


@require_POST
def score_clarify(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = forms.ClarifyForm(request.POST, request.FILES)
    _step(
        request,
        form,
        lambda data: services.score_clarify(user=request.user, score=score, **data),
        _("Đã gửi giải trình tiêu chí %(code)s.") % {"code": score.criterion.code},
    )
    return _back(score)


@require_POST
@council
def score_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = forms.AppraiseForm(request.POST)
    _step(
        request,
        form,
        lambda data: services.score_appraise(user=request.user, score=score, **data),
        _("Đã lưu điểm thẩm định tiêu chí %(code)s.") % {"code": score.criterion.code},
    )
    return _back(score)


@require_POST
@council
def score_override(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = forms.OverrideForm(request.POST)
    _step(
        request,
        form,
        lambda data: services.score_override(user=request.user, score=score, **data),
        _("Đã điều chỉnh điểm tự động tiêu chí %(code)s.") % {"code": score.criterion.code},
    )
    return _back(score)


@require_POST
@council
def score_return(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = forms.ReturnForm(request.POST)
    _step(
        request,
        form,
        lambda data: services.score_return(user=request.user, score=score, **data),
        _("Đã trả lại tiêu chí %(code)s để đơn vị giải trình.") % {"code": score.criterion.code},
    )
    return _back(score)


def _assessment_step(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    assessment = assessment_get(user=request.user, pk=pk)
    try:
        service(user=request.user, assessment=assessment)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("scorecards:detail", pk=assessment.pk)


@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_step(
        request, pk, services.assessment_submit, _("Đã gửi phiếu tự đánh giá đến Hội đồng thẩm định.")
    )


@require_POST
@council
def assessment_close_appraisal(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_step(request, pk, services.assessment_close_appraisal, _("Đã kết thúc thẩm định."))


@require_POST
@council
def assessment_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_step(
        request, pk, services.assessment_finalise, _("Đã chốt kết quả; phiếu chấm không sửa được nữa.")
    )


@require_POST
@council
def survey_set(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get(user=request.user, pk=pk)
    form = forms.SurveyForm(request.POST)
    _step(
        request,
        form,
        lambda data: services.survey_set(user=request.user, assessment=assessment, **data),
        _("Đã lưu điểm điều tra xã hội học."),
    )
    return redirect("scorecards:detail", pk=assessment.pk)


@require_POST
@council
def finding_cite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get(user=request.user, pk=pk)
    findings = Finding.objects.filter(inspection__department__path__startswith=assessment.department.path)
    leaves = Criterion.objects.filter(criteria_set=assessment.criteria_set_id, children__isnull=True)
    form = forms.CiteForm(
        request.POST, findings=findings.select_related("inspection__department"), leaves=leaves
    )

    def cite(data):
        return services.finding_cite(
            user=request.user,
            assessment=assessment,
            finding=findings.select_related("inspection__department").get(pk=data["finding"]),
            criterion=leaves.get(pk=data["criterion"]),
        )

    _step(request, form, cite, _("Đã viện dẫn nội dung đánh giá cho tiêu chí."))
    return redirect("scorecards:detail", pk=assessment.pk)


def _list_of(criteria_set: CriteriaSet) -> HttpResponse:
    return redirect(
        reverse("scorecards:list") + "?" + urlencode({"year": criteria_set.year, "kind": criteria_set.kind})
    )


@require_POST
@council
def criteria_set_deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    form = forms.DeadlinesForm(request.POST)
    _step(
        request,
        form,
        lambda data: services.criteria_set_deadlines(user=request.user, criteria_set=criteria_set, **data),
        _("Đã lưu thời hạn."),
    )
    return _list_of(criteria_set)


@require_POST
@council
def criteria_set_publish(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    form = forms.PublishForm(request.POST)
    _step(
        request,
        form,
        lambda data: services.criteria_set_publish(user=request.user, criteria_set=criteria_set, **data),
        _("Đã công bố kết quả chỉ số CCHC."),
    )
    return _list_of(criteria_set)


@require_POST
@keep_criteria
def criteria_set_copy_previous(request: HttpRequest, pk: int) -> HttpResponse:
    """The "copy last year's criteria" button: the set's criteria become the next year's start."""
    source = get_object_or_404(CriteriaSet, pk=pk)
    try:
        copied = criteria_set_copy(user=request.user, year=source.year + 1, kind=source.kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _list_of(source)
    messages.success(
        request,
        _("Đã sao chép bộ tiêu chí năm %(from)s sang năm %(to)s.") % {"from": source.year, "to": copied.year},
    )
    return _list_of(copied)


@require_POST
@keep_criteria
def assessments_start(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    try:
        opened = assessments_open(user=request.user, criteria_set=criteria_set)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở %(n)s phiếu chấm.") % {"n": len(opened)})
    return _list_of(criteria_set)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """A self-assessment's evidence file, for those who may see the scorecard it backs."""
    evidence = get_object_or_404(ScoreEvidence.objects.select_related("score"), pk=pk)
    assessment_get(user=request.user, pk=evidence.score.assessment_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)
