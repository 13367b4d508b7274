from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc_portal.audit import audit_trail
from cchc_portal.listing import filter_and_paginate, query_without_page
from departments.models import DataLock
from procedures.filters import DossierFilter, ProcedureFilter
from procedures.selectors import dossier_get, dossier_list, procedure_get, procedure_list
from reporting.params import BadRequest, Drilldown, parse_drilldown
from reporting.selectors import records_behind

RECENT_DOSSIERS = 10


def _with_drilldown(
    request: HttpRequest, queryset: QuerySet, records: str
) -> tuple[QuerySet, Drilldown | None, str]:
    """Narrow a list to the records behind a figure when the page was opened from one."""
    try:
        drilldown = parse_drilldown(request.GET, records=records)
    except BadRequest as error:
        return queryset.none(), None, str(error)
    return (records_behind(queryset, drilldown) if drilldown else queryset), drilldown, ""


def procedure_index(request: HttpRequest) -> HttpResponse:
    queryset, drilldown, error = _with_drilldown(request, procedure_list(user=request.user), "procedures")
    filterset, page = filter_and_paginate(request, ProcedureFilter, queryset)
    return render(
        request,
        "procedures/procedure_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "drilldown": drilldown,
            "drilldown_error": error,
        },
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_get(user=request.user, code=code)
    dossiers = dossier_list(user=request.user).filter(procedure=procedure)[:RECENT_DOSSIERS]
    context = {
        "procedure": procedure,
        "recent_dossiers": dossiers,
        "history": audit_trail(request, procedure),
    }
    return render(request, "procedures/procedure_detail.html", context)


def dossier_index(request: HttpRequest) -> HttpResponse:
    queryset, drilldown, error = _with_drilldown(request, dossier_list(user=request.user), "dossiers")
    filterset, page = filter_and_paginate(request, DossierFilter, queryset)
    return render(
        request,
        "procedures/dossier_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "drilldown": drilldown,
            "drilldown_error": error,
        },
    )


def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    context = {
        "dossier": dossier,
        "timeliness": dossier.timeliness(),
        "lock": DataLock.objects.covering(dossier.department, dossier.received_on).first(),
        "today": timezone.localdate(),
        "history": audit_trail(request, dossier),
    }
    return render(request, "procedures/dossier_detail.html", context)
