import io
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.selectors import department_get, user_sees_all_departments
from jobs.services import job_start_export
from procedures.models import Procedure
from procedures.selectors import dossier_list
from reporting import exports
from reporting.cache import memoised, snapshot
from reporting.formatting import ranking_rows_html
from reporting.forms import DeclarationForm, PeriodicReportForm
from reporting.models import Declaration, PeriodicReport
from reporting.periods import picker_html, select_period
from reporting.quality import quality_report
from reporting.selectors import RANKING_CODES, province_overview, record_listing


def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selected = select_period(request.GET, today=today)
    sort = request.GET.get("sort")
    if sort not in RANKING_CODES:
        sort = "on_time_rate"
    with snapshot():
        data = province_overview(
            user=request.user, period=selected.period, previous=selected.previous, sort=sort, today=today
        )
        context = {"selected": selected, "data": data, "ranking_codes": RANKING_CODES, "today": today}
        # The figures are rendered once for each version of the data: what the user sees is in the key.
        key = (
            data.whole_province,
            tuple(row.department.pk for row in data.ranking),
            selected.period,
            selected.previous,
            selected.label,
            selected.query_params,
            sort,
            today,
        )
        figures = {
            part: memoised(
                ("overview", part, *key),
                partial(_render_part, part, context),
            )
            for part in ("kpis", "trend", "overdue", "ranking")
        }
        picker = picker_html(selected, today=today, keep_sort=data.sort)
        return render(request, "reporting/overview.html", {**context, "figures": figures, "picker": picker})


def _render_part(part: str, context: dict) -> str:
    if part == "ranking":
        selected, data = context["selected"], context["data"]
        rows = ranking_rows_html(
            data.ranking,
            codes=RANKING_CODES,
            sort=data.sort,
            query_params=selected.query_params,
            query=selected.query,
            today=context["today"],
        )
        context = {**context, "ranking_rows": rows}
    return render_to_string(f"reporting/overview_{part}.html", context)


def quality(request: HttpRequest, code: str) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    selected = select_period(request.GET, today=timezone.localdate())
    queryset = dossier_list(user=request.user).for_department_tree(department)
    results, mismatches = quality_report(queryset, department, selected.period)
    return render(
        request,
        "reporting/quality.html",
        {
            "department": department,
            "selected": selected,
            "results": results,
            "mismatches": mismatches,
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(write, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_download(request: HttpRequest) -> HttpResponse:
    return _xlsx(exports.template_workbook, "mau-nhap-du-lieu-cchc.xlsx")


def export_records(request: HttpRequest, records: str) -> HttpResponse:
    """The filtered list in the import layout: at once when short, as a background job when long."""
    listing = record_listing(user=request.user, params=request.GET, records=records)
    filename = f"{'ho-so' if records == 'dossiers' else 'thu-tuc'}-{timezone.localdate():%Y%m%d}.xlsx"
    if listing.rows.count() > settings.EXPORT_SYNC_ROWS:
        job = job_start_export(
            user=request.user, kind=records, filename=filename, parameters={"query": request.GET.urlencode()}
        )
        return redirect(job)
    if records == "dossiers":
        return _xlsx(
            lambda target: exports.write_workbook(
                target, procedures=Procedure.objects.none(), dossiers=listing.rows
            ),
            filename,
        )
    return _xlsx(
        lambda target: exports.write_workbook(target, procedures=listing.rows, dossiers=None), filename
    )


def form_06a_download(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Biểu 06a of a department, or of the whole province for those who see it."""
    department = department_get(user=request.user, code=code) if code else None
    if department is None and not user_sees_all_departments(request.user):
        raise Http404
    period = select_period(request.GET, today=timezone.localdate()).period
    name = f"bieu-06a-{department.code if department else 'toan-tinh'}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return _xlsx(lambda target: exports.form_06a_workbook(target, department, period), name)


def ranking_download(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selected = select_period(request.GET, today=today)
    sort = request.GET.get("sort") if request.GET.get("sort") in RANKING_CODES else "on_time_rate"
    data = province_overview(
        user=request.user, period=selected.period, previous=selected.previous, sort=sort, today=today
    )
    results = [(row.department, row.indicators) for row in data.ranking]
    name = f"chi-so-don-vi-{selected.period.start:%Y%m%d}-{selected.period.end:%Y%m%d}.xlsx"
    return _xlsx(lambda target: exports.ranking_workbook(target, results, selected.period), name)


def declarations(request: HttpRequest, code: str) -> HttpResponse:
    """The figures a department declares and its periodic reports, for its staff to keep."""
    department = department_get(user=request.user, code=code)
    return render(
        request,
        "reporting/declarations.html",
        {
            "department": department,
            "declarations": department.declarations.order_by("-measured_on"),
            "reports": department.periodic_reports.order_by("-deadline_on")[:40],
        },
    )


def _declared(request: HttpRequest, code: str, form_class, model, pk: int | None, title: str) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    instance = get_object_or_404(model, pk=pk, department=department) if pk else model(department=department)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except IntegrityError:
            form.add_error(None, _("Đã có số liệu trùng (cùng đơn vị và ngày); hãy sửa bản đã có."))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("reporting:declarations", code=department.code)
    return render(
        request, "reporting/declaration_form.html", {"department": department, "form": form, "title": title}
    )


@permission_required("reporting.change_declaration", raise_exception=True)
def declaration_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _declared(request, code, DeclarationForm, Declaration, pk, _("Số liệu tự báo cáo"))


@permission_required("reporting.change_periodicreport", raise_exception=True)
def periodic_report_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _declared(request, code, PeriodicReportForm, PeriodicReport, pk, _("Báo cáo định kỳ"))
