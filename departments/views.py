from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from cchc_portal.audit import audit_trail
from cchc_portal.forms import apply_service
from departments import services
from departments.forms import LockForm, UnlockForm
from departments.models import DataLock, Department
from departments.selectors import department_get, department_list, user_sees_all_departments
from inspections.selectors import recommendation_list, recommendations_overdue
from procedures.selectors import department_direct_counts, dossier_list, procedure_list
from reporting.cache import memoised, snapshot
from reporting.periods import picker_html, select_period
from reporting.selectors import department_dashboard

RECENT_DOSSIERS = 10
# The department's first procedures; the full catalogue is one link away.
PROCEDURES_SHOWN = 20


def department_index(request: HttpRequest) -> HttpResponse:
    departments = list(department_list(user=request.user))
    counts = department_direct_counts(departments=departments)
    rows = [(department, counts[department.pk]) for department in departments]
    return render(request, "departments/department_list.html", {"rows": rows})


def _dashboard_html(request: HttpRequest, department: Department, selected, dashboard) -> str:
    """The figures, catalogue and latest dossiers of the department, rendered once for each version of
    the data. Whoever may open a department sees its whole subtree, so the user is not part of the key."""
    visible = department_list(user=request.user)
    context = {
        "department": department,
        "selected": selected,
        "dashboard": dashboard,
        "children": visible.filter(parent=department),
        "procedures": procedure_list(user=request.user).for_department_tree(department)[:PROCEDURES_SHOWN],
        "recent_dossiers": dossier_list(user=request.user).for_department_tree(department)[:RECENT_DOSSIERS],
    }
    return render_to_string("departments/department_dashboard.html", context)


def _department_and_ancestors(user: User, code: str) -> tuple[Department, list[Department]]:
    """The department and the ancestors the user may open. For those who see every department it is a
    function of the departments alone, kept for the data version (a write to a department changes it)."""

    def compute() -> tuple[Department, list[Department]]:
        department = department_get(user=user, code=code)
        ancestors = list(department_list(user=user).filter(code__in=department.ancestor_codes))
        return department, ancestors

    if user_sees_all_departments(user):
        return memoised(("department_page", code), compute)
    return compute()


def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    selected = select_period(request.GET, today=timezone.localdate())
    with snapshot():
        department, ancestors = _department_and_ancestors(request.user, code)
        dashboard = department_dashboard(department=department, period=selected.period)
        key = (
            "department",
            department.pk,
            department.path,
            selected.period,
            selected.label,
            selected.query_params,
        )
        dashboard_html = memoised(key, lambda: _dashboard_html(request, department, selected, dashboard))
        picker = picker_html(selected, today=timezone.localdate())
    context = {
        "department": department,
        "selected": selected,
        "dashboard": dashboard,
        "dashboard_html": dashboard_html,
        "picker": picker,
        "ancestors": ancestors,
        "locks": DataLock.objects.active().filter(department=department).select_related("locked_by"),
        # The banner shows a recommendation's own text, deadline and link: none of the joined rows.
        "overdue_recommendations": recommendations_overdue(
            recommendation_list(user=request.user)
            .filter(responsible__path__startswith=department.path)
            .select_related(None),
            today=timezone.localdate(),
        ),
        "history": audit_trail(request, department),
    }
    return render(request, "departments/department_detail.html", context)


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
