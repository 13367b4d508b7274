from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc_portal.audit import audit_trail
from departments.models import DataLock
from procedures.selectors import dossier_get_with_petitions, dossier_list, procedure_get
from procedures.slips import apology_slip_due

RECENT_DOSSIERS = 10


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_get(user=request.user, code=code)
    dossiers = dossier_list(user=request.user).filter(procedure=procedure)[:RECENT_DOSSIERS]
    context = {
        "procedure": procedure,
        "units": procedure.units.order_by("name"),
        "recent_dossiers": dossiers,
        "history": audit_trail(request, procedure),
    }
    return render(request, "procedures/procedure_detail.html", context)


def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier, petitions = dossier_get_with_petitions(user=request.user, code=code)
    today = timezone.localdate()
    context = {
        "dossier": dossier,
        "timeliness": dossier.timeliness(on=today),
        "apology_slip": apology_slip_due(dossier, today=today),
        "lock": DataLock.objects.covering(dossier.department, dossier.received_on).first(),
        "today": today,
        "history": audit_trail(request, dossier),
        "petitions": petitions,
    }
    return render(request, "procedures/dossier_detail.html", context)
