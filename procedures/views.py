from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc_portal.audit import audit_trail
from cchc_portal.listing import paginate, query_without_page
from departments.models import DataLock
from procedures.selectors import dossier_get, dossier_list, procedure_get
from reporting.selectors import record_listing

RECENT_DOSSIERS = 10


def _list_page(request: HttpRequest, records: str, template: str) -> HttpResponse:
    """A filtered, paginated list; opened from a figure, it lists exactly the records behind it.
    Invalid filter input shows its error next to the field and an empty list."""
    listing = record_listing(user=request.user, params=request.GET, records=records)
    return render(
        request,
        template,
        {
            "filter": listing.filterset,
            "page": paginate(request, listing.rows),
            "query": query_without_page(request),
            "drilldown": listing.drilldown,
            "drilldown_error": listing.error,
        },
    )


def procedure_index(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "procedures", "procedures/procedure_list.html")


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
    return _list_page(request, "dossiers", "procedures/dossier_list.html")


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
