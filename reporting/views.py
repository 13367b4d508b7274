from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from departments.selectors import department_get
from procedures.selectors import dossier_list
from reporting.periods import select_period
from reporting.quality import quality_report
from reporting.selectors import RANKING_CODES, province_overview


def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selected = select_period(request.GET, today=today)
    sort = request.GET.get("sort")
    if sort not in RANKING_CODES:
        sort = "on_time_rate"
    data = province_overview(
        user=request.user, period=selected.period, previous=selected.previous, sort=sort, today=today
    )
    return render(
        request,
        "reporting/overview.html",
        {
            "selected": selected,
            "data": data,
            "ranking_codes": RANKING_CODES,
            "today": today,
        },
    )


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
