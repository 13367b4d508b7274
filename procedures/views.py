from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cchc_portal.listing import filter_and_paginate, query_without_page
from procedures.filters import DossierFilter, ProcedureFilter
from procedures.selectors import dossier_get, dossier_list, procedure_get, procedure_list

RECENT_DOSSIERS = 10


def procedure_index(request: HttpRequest) -> HttpResponse:
    filterset, page = filter_and_paginate(request, ProcedureFilter, procedure_list(user=request.user))
    return render(
        request,
        "procedures/procedure_list.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_get(user=request.user, code=code)
    dossiers = dossier_list(user=request.user).filter(procedure=procedure)[:RECENT_DOSSIERS]
    return render(
        request, "procedures/procedure_detail.html", {"procedure": procedure, "recent_dossiers": dossiers}
    )


def dossier_index(request: HttpRequest) -> HttpResponse:
    filterset, page = filter_and_paginate(request, DossierFilter, dossier_list(user=request.user))
    return render(
        request,
        "procedures/dossier_list.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )


def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return render(
        request, "procedures/dossier_detail.html", {"dossier": dossier, "timeliness": dossier.timeliness()}
    )
