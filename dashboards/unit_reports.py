"""The menu's way into the pages kept per unit (declared figures, data quality): straight to the unit
when the user has only one, else a list of the units to choose from."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from departments.selectors import top_departments

# page → (the per-unit page's URL name, its title)
UNIT_PAGES = {
    "declarations": ("reporting:declarations", _("Số liệu tự báo cáo")),
    "quality": ("dashboards:quality", _("Chất lượng dữ liệu")),
}


def unit_reports(request: HttpRequest, page: str) -> HttpResponse:
    url_name, title = UNIT_PAGES[page]
    units = list(top_departments(user=request.user).only("code", "name", "kind"))
    if len(units) == 1:
        return redirect(url_name, code=units[0].code)
    return render(
        request,
        "dashboards/unit_reports.html",
        {"units": units, "url_name": url_name, "title": title},
    )
