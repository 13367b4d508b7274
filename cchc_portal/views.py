from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from departments.selectors import department_list
from procedures.selectors import dossier_list, procedure_list


def home(request: HttpRequest) -> HttpResponse:
    """Until the leaders' overview exists, the home page says what the user can browse."""
    context = {
        "department_count": department_list(user=request.user).count(),
        "procedure_count": procedure_list(user=request.user).count(),
        "dossier_count": dossier_list(user=request.user).count(),
    }
    return render(request, "home.html", context)
