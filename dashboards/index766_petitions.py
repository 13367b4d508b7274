"""The petitions behind a count of the national index (5.2, 5.3): the petition list, cut to those the
count counted, for the unit and period of the figure."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc_portal.listing import paginate, query_without_page
from procedures.national_forms import PETITION_STATUS, label_statuses
from procedures.selectors import petition_list
from reporting.cache import snapshot
from reporting.index766_drilldown import index_records
from reporting.params import BadRequest, find_department, parse_drilldown


def index_petitions(request: HttpRequest) -> HttpResponse:
    rows = (
        petition_list(user=request.user)
        .annotate(status=PETITION_STATUS)
        .select_related("department", "procedure")
    )
    try:
        drilldown = parse_drilldown(request.GET, records="petitions")
        code = request.GET.get("department")
        department = find_department(code, user=request.user) if code else None
        error = "" if drilldown else _("Hãy mở danh sách này từ chỉ số 5.2 hoặc 5.3 của Bộ chỉ số 766.")
    except BadRequest as refused:
        drilldown, error = None, str(refused)
    if drilldown is None:
        rows = rows.none()
    else:
        with snapshot():
            rows = index_records(rows, drilldown.code, drilldown.period, department, drilldown.structure)
    page = paginate(request, rows)
    label_statuses(page.object_list)
    context = {
        "page": page,
        "drilldown": drilldown,
        "drilldown_error": error,
        "query": query_without_page(request),
    }
    return render(request, "dashboards/index766_petitions.html", context)
