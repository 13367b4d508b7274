"""Pages where department staff keep their procedures and dossiers up to date. Each page checks the
permission of the role (403) and finds the record among the user's departments only (404)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_portal.forms import apply_service
from departments.selectors import department_list
from procedures import rules, services
from procedures.dossier_facts import dossier_record_facts
from procedures.forms import (
    ApologyForm,
    DossierEditForm,
    DossierFactsForm,
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
from procedures.tasks import import_check_start

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


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


@permission_required("procedures.add_dossier", raise_exception=True)
def dossier_register(request: HttpRequest) -> HttpResponse:
    """Register a receipt. "Tính ngày hẹn trả" shows the computed due date without saving anything, in
    the due-date field left empty, as does a page sent back by the rulebook."""
    form = DossierRegisterForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
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
                    % {"code": dossier.code, "day": _day(dossier.due_on)},
                )
                return redirect(dossier)
        form.show_calendar_due_on(
            timezone.localtime(computed).date() if isinstance(computed, datetime) else computed
        )
    return render(request, "procedures/dossier_register.html", {"form": form, "computed_due_on": computed})


@dataclass(frozen=True)
class DossierAction:
    form: type[forms.Form]
    title: str
    service: Callable[..., object]
    # What the confirmation says was saved, from the dossier's code and what the service returned.
    done: Callable[[str, Any], str]
    initial: Callable[[Dossier], dict] = lambda dossier: {}


# Every step of a dossier after its receipt: the form staff fill in, the service that checks and saves it,
# and the confirmation naming the dossier and what was recorded.
DOSSIER_ACTIONS = {
    "edit": DossierAction(
        DossierEditForm,
        gettext_lazy("Sửa thông tin tiếp nhận"),
        services.dossier_update,
        lambda code, d: (
            _("Đã lưu thông tin tiếp nhận hồ sơ %(code)s, hẹn trả ngày %(day)s.")
            % {"code": code, "day": _day(d.due_on)}
        ),
        lambda d: {
            "applicant": d.applicant,
            "channel": d.channel,
            "received_at": d.received_at,
            "due_on": d.due_on,
        },
    ),
    "request_supplement": DossierAction(
        SupplementRequestForm,
        gettext_lazy("Yêu cầu bổ sung hồ sơ"),
        services.dossier_request_supplement,
        lambda code, request: (
            _("Đã ghi nhận yêu cầu bổ sung hồ sơ %(code)s ngày %(day)s; hồ sơ chuyển sang chờ bổ sung.")
            % {"code": code, "day": _day(request.requested_on)}
        ),
    ),
    "receive_supplement": DossierAction(
        SupplementReceiveForm,
        gettext_lazy("Nhận hồ sơ bổ sung"),
        services.dossier_receive_supplement,
        lambda code, d: (
            _("Đã ghi nhận hồ sơ %(code)s được bổ sung đủ; hạn giải quyết mới ngày %(day)s.")
            % {"code": code, "day": _day(d.effective_due_on)}
        ),
    ),
    "finish": DossierAction(
        FinishForm,
        gettext_lazy("Trả kết quả, rút hoặc từ chối hồ sơ"),
        services.dossier_finish,
        lambda code, d: (
            _("Đã ghi nhận kết quả hồ sơ %(code)s: %(status)s ngày %(day)s.")
            % {"code": code, "status": d.get_status_display().lower(), "day": _day(d.finished_on)}
        ),
    ),
    "apology": DossierAction(
        ApologyForm,
        gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        services.dossier_issue_apology,
        lambda code, d: (
            _("Đã ghi nhận phiếu xin lỗi của hồ sơ %(code)s, hẹn trả lại ngày %(day)s.")
            % {"code": code, "day": _day(d.apology_due_on)}
        ),
    ),
    "rate": DossierAction(
        RateForm,
        gettext_lazy("Ghi nhận mức độ hài lòng"),
        services.dossier_rate,
        lambda code, d: (
            _("Đã ghi nhận mức độ hài lòng của người nộp hồ sơ %(code)s: %(level)s.")
            % {"code": code, "level": d.get_satisfaction_display().lower()}
        ),
        lambda d: {"satisfaction": d.satisfaction or None},
    ),
    "facts": DossierAction(
        DossierFactsForm,
        gettext_lazy("Dữ liệu DVCQG"),
        dossier_record_facts,
        lambda code, d: _("Đã lưu dữ liệu DVCQG của hồ sơ %(code)s.") % {"code": code},
        lambda d: {name: getattr(d, name) for name in rules.NATIONAL_FACTS},
    ),
}


@change_dossier
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    step = DOSSIER_ACTIONS[action]
    dossier = dossier_get(user=request.user, code=code)
    form = step.form(request.POST or None, initial={**step.initial(dossier), "version": dossier.version})
    if request.method == "POST" and form.is_valid():
        saved = apply_service(form, lambda: step.service(dossier=dossier, **form.cleaned_data))
        if saved:
            messages.success(request, step.done(dossier.code, saved))
            return redirect(dossier)
    return render(
        request, "procedures/dossier_action.html", {"dossier": dossier, "form": form, "title": step.title}
    )


@permission_required("procedures.add_dossier", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a workbook or a file in the national layout: it is checked in the background first (a dry
    run), then imported on confirmation."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_check_start(
            user=request.user, upload=upload, filename=upload.name, synced=form.cleaned_data["synced"]
        )
        return redirect(job)
    return render(request, "procedures/import_upload.html", {"form": form})
