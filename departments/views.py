from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from departments.selectors import department_get, department_list
from procedures.selectors import (
    department_direct_counts,
    department_tree_counts,
    dossier_list,
    procedure_list,
)

RECENT_DOSSIERS = 10
PROCEDURES_SHOWN = 20


def department_index(request: HttpRequest) -> HttpResponse:
    departments = list(department_list(user=request.user))
    counts = department_direct_counts(departments=departments)
    rows = [(department, counts[department.pk]) for department in departments]
    return render(request, "departments/department_list.html", {"rows": rows})


def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    visible = department_list(user=request.user)
    context = {
        "department": department,
        "ancestors": visible.filter(code__in=department.ancestor_codes),
        "children": visible.filter(parent=department),
        "counts": department_tree_counts(department=department),
        "procedures": procedure_list(user=request.user).for_department_tree(department)[:PROCEDURES_SHOWN],
        "recent_dossiers": dossier_list(user=request.user).for_department_tree(department)[:RECENT_DOSSIERS],
    }
    return render(request, "departments/department_detail.html", context)
