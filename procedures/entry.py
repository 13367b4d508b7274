"""Pages where department staff keep their procedures and dossiers up to date. Each page checks the
permission of the role (403) and finds the record among the user's departments only (404)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc_portal.forms import apply_service
from departments.selectors import department_list
from jobs.services import job_start_import
from procedures import services
from procedures.forms import (
    ApologyForm,
    DossierForm,
    DossierRegisterForm,
    FinishForm,
    ImportForm,
    ProcedureForm,
    RateForm,
    SupplementReceiveForm,
    SupplementRequestForm,
)
from procedures.models import Dossier
from procedures.selectors import dossier_get, procedure_get, procedure_list

change_procedure = permission_required("procedures.change_procedure", raise_exception=True)
change_dossier = permission_required("procedures.change_dossier", raise_exception=True)


@permission_required("procedures.add_procedure", raise_exception=True)
def procedure_create(request: HttpRequest) -> HttpResponse:
    form = ProcedureForm(request.POST or None, departments=department_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        procedure = form.save()
        messages.success(request, _("Đã thêm thủ tục %(code)s.") % {"code": procedure.code})
        return redirect(procedure)
    return render(
        request, "procedures/procedure_form.html", {"form": form, "title": _("Thêm thủ tục hành chính")}
    )


@change_procedure
def procedure_edit(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_get(user=request.user, code=code)
    form = ProcedureForm(
        request.POST or None, instance=procedure, departments=department_list(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        procedure = form.save()
        messages.success(request, _("Đã lưu thủ tục %(code)s.") % {"code": procedure.code})
        return redirect(procedure)
    return render(
        request,
        "procedures/procedure_form.html",
        {"form": form, "procedure": procedure, "title": _("Sửa thủ tục %(code)s") % {"code": procedure.code}},
    )


@permission_required("procedures.add_dossier", raise_exception=True)
def dossier_register(request: HttpRequest) -> HttpResponse:
    """Register a receipt. "Tính ngày hẹn trả" shows the computed due date without saving anything."""
    form = DossierRegisterForm(
        request.POST or None,
        procedures=procedure_list(user=request.user),
        departments=department_list(user=request.user),
    )
    computed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        computed = services.computed_due_date(procedure=data["procedure"], received_at=data["received_at"])
        if "preview" not in request.POST:
            dossier = apply_service(form, lambda: services.dossier_register(**data))
            if dossier:
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả ngày %(day)s.")
                    % {"code": dossier.code, "day": f"{dossier.due_on:%d/%m/%Y}"},
                )
                return redirect(dossier)
    return render(request, "procedures/dossier_register.html", {"form": form, "computed_due_on": computed})


@change_dossier
def dossier_edit(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    initial = {
        "applicant": dossier.applicant,
        "channel": dossier.channel,
        "received_at": dossier.received_at,
        "due_on": dossier.due_on,
    }
    return _dossier_action(
        request,
        dossier,
        DossierForm(request.POST or None, initial=initial),
        _("Sửa thông tin tiếp nhận"),
        lambda data: services.dossier_update(dossier=dossier, **data),
    )


@change_dossier
def dossier_request_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return _dossier_action(
        request,
        dossier,
        SupplementRequestForm(request.POST or None),
        _("Yêu cầu bổ sung hồ sơ"),
        lambda data: services.dossier_request_supplement(dossier=dossier, **data),
    )


@change_dossier
def dossier_receive_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return _dossier_action(
        request,
        dossier,
        SupplementReceiveForm(request.POST or None),
        _("Nhận hồ sơ bổ sung"),
        lambda data: services.dossier_receive_supplement(dossier=dossier, **data),
    )


@change_dossier
def dossier_finish(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return _dossier_action(
        request,
        dossier,
        FinishForm(request.POST or None),
        _("Trả kết quả, rút hoặc từ chối hồ sơ"),
        lambda data: services.dossier_finish(dossier=dossier, **data),
    )


@change_dossier
def dossier_apology(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return _dossier_action(
        request,
        dossier,
        ApologyForm(request.POST or None),
        _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        lambda data: services.dossier_issue_apology(dossier=dossier, **data),
    )


@change_dossier
def dossier_rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return _dossier_action(
        request,
        dossier,
        RateForm(request.POST or None, initial={"satisfaction": dossier.satisfaction or None}),
        _("Ghi nhận mức độ hài lòng"),
        lambda data: services.dossier_rate(dossier=dossier, **data),
    )


def _dossier_action(
    request: HttpRequest, dossier: Dossier, form: forms.Form, title: str, action: Callable[[dict], object]
) -> HttpResponse:
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(form, lambda: action(form.cleaned_data))
    ):
        messages.success(request, _("Đã lưu: %(title)s.") % {"title": title})
        return redirect(dossier)
    return render(
        request, "procedures/dossier_action.html", {"dossier": dossier, "form": form, "title": title}
    )


@permission_required("procedures.add_dossier", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a workbook: it is checked in the background first (a dry run), then imported on confirmation."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start_import(user=request.user, upload=upload, filename=upload.name)
        return redirect(job)
    return render(request, "procedures/import_upload.html", {"form": form})
