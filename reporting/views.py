from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department
from departments.selectors import department_get, user_sees_all_departments
from reporting import report_workbooks
from reporting.exports import xlsx_response
from reporting.forms import DeclarationForm, PeriodicReportForm
from reporting.models import Declaration, PeriodicReport
from reporting.params import page_structure
from reporting.periods import select_period
from reporting.selectors import RANKING_CODES, province_overview
from reporting.template_workbook import template_workbook


def template_download(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_workbook, "mau-nhap-du-lieu-cchc.xlsx")


def form_06a_download(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Biểu 06a of a department, or of the whole province for those who see it."""
    department = department_get(user=request.user, code=code) if code else None
    if department is None and not user_sees_all_departments(request.user):
        raise Http404
    period = select_period(request.GET, today=timezone.localdate()).period
    structure = page_structure(request.GET)
    name = f"bieu-06a-{department.code if department else 'toan-tinh'}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return xlsx_response(
        lambda target: report_workbooks.form_06a_workbook(target, department, period, structure=structure),
        name,
    )


def ranking_download(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selected = select_period(request.GET, today=today)
    sort = request.GET.get("sort") if request.GET.get("sort") in RANKING_CODES else "on_time_rate"
    # The workbook has no links, so the overview is asked for none.
    data = province_overview(
        user=request.user,
        period=selected.period,
        previous=selected.previous,
        sort=sort,
        today=today,
        lists=None,
        structure=page_structure(request.GET),
    )
    name = f"chi-so-don-vi-{selected.period.start:%Y%m%d}-{selected.period.end:%Y%m%d}.xlsx"
    return xlsx_response(
        lambda target: report_workbooks.ranking_workbook(target, data.ranking, selected.period), name
    )


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


def _declared(
    request: HttpRequest,
    code: str,
    form_class,
    model,
    pk: int | None,
    title: str,
    done: Callable[[Model, Department, bool], str],
) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    instance = get_object_or_404(model, pk=pk, department=department) if pk else model(department=department)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except IntegrityError:
            form.add_error(None, _("Đã có số liệu trùng (cùng đơn vị và ngày); hãy sửa bản đã có."))
        else:
            messages.success(request, done(saved, department, pk is None))
            return redirect("reporting:declarations", code=department.code)
    return render(
        request, "reporting/declaration_form.html", {"department": department, "form": form, "title": title}
    )


@permission_required("reporting.change_declaration", raise_exception=True)
def declaration_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _declared(
        request, code, DeclarationForm, Declaration, pk, _("Số liệu tự báo cáo"), _declaration_saved
    )


@permission_required("reporting.change_periodicreport", raise_exception=True)
def periodic_report_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _declared(
        request, code, PeriodicReportForm, PeriodicReport, pk, _("Báo cáo định kỳ"), _report_saved
    )


def _declaration_saved(declaration: Declaration, department: Department, added: bool) -> str:
    text = (
        _("Đã thêm số liệu tự báo cáo của %(unit)s tính đến ngày %(day)s.")
        if added
        else _("Đã lưu số liệu tự báo cáo của %(unit)s tính đến ngày %(day)s.")
    )
    return text % {"unit": department.name, "day": f"{declaration.measured_on:%d/%m/%Y}"}


def _report_saved(report: PeriodicReport, department: Department, added: bool) -> str:
    text = (
        _("Đã thêm báo cáo định kỳ “%(name)s” của %(unit)s, hạn nộp %(day)s.")
        if added
        else _("Đã lưu báo cáo định kỳ “%(name)s” của %(unit)s, hạn nộp %(day)s.")
    )
    return text % {"name": report.name, "unit": department.name, "day": f"{report.deadline_on:%d/%m/%Y}"}
