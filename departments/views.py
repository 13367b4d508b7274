from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc_portal.forms import apply_service
from departments import services
from departments.forms import LockForm, UnlockForm
from departments.models import DataLock
from departments.selectors import department_get


@require_http_methods(["GET", "POST"])
@permission_required("departments.add_datalock", raise_exception=True)
def department_lock(request: HttpRequest, code: str) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    form = LockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lock = apply_service(
            form, lambda: services.data_lock(user=request.user, department=department, **form.cleaned_data)
        )
        if lock:
            messages.success(
                request,
                _("Đã khóa số liệu của %(name)s đến hết ngày %(day)s.")
                % {"name": department.name, "day": f"{lock.locked_until:%d/%m/%Y}"},
            )
            return redirect(department)
    return render(request, "departments/lock_form.html", {"department": department, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required("departments.unlock_datalock", raise_exception=True)
def department_unlock(request: HttpRequest, code: str, lock_id: int) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    lock = get_object_or_404(DataLock.objects.active(), pk=lock_id, department=department)
    form = UnlockForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(
            form, lambda: services.data_unlock(user=request.user, lock=lock, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Đã mở khóa số liệu của %(name)s.") % {"name": department.name})
        return redirect(department)
    return render(
        request, "departments/unlock_form.html", {"department": department, "lock": lock, "form": form}
    )
