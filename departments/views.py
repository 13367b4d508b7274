from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from departments.selectors import department_get, department_list
from procedures.selectors import department_direct_counts, dossier_list, procedure_list
from reporting.periods import select_period
from reporting.selectors import department_dashboard

RECENT_DOSSIERS = 10
PROCEDURES_SHOWN = 50


def department_index(request: HttpRequest) -> HttpResponse:
    departments = list(department_list(user=request.user))
    counts = department_direct_counts(departments=departments)
    rows = [(department, counts[department.pk]) for department in departments]
    return render(request, "departments/department_list.html", {"rows": rows})


def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    selected = select_period(request.GET, today=timezone.localdate())
    visible = department_list(user=request.user)
    procedures = procedure_list(user=request.user).for_department_tree(department)
    context = {
        "department": department,
        "selected": selected,
        "dashboard": department_dashboard(department=department, period=selected.period),
        "ancestors": visible.filter(code__in=department.ancestor_codes),
        "children": visible.filter(parent=department),
        "procedures": procedures[:PROCEDURES_SHOWN],
        "recent_dossiers": dossier_list(user=request.user).for_department_tree(department)[:RECENT_DOSSIERS],
    }
    return render(request, "departments/department_detail.html", context)
