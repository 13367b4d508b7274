"""Pages that combine several apps: the province overview, the department pages and the record lists
a figure opens, with their exports. Each asks the apps below for its parts and renders them."""

from functools import partial

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from cchc_portal.audit import audit_trail
from cchc_portal.listing import paginate, query_without_page
from dashboards.links import record_lists
from dashboards.search import SearchForm
from dashboards.selectors import (
    ReceivingFilter,
    filter_by_receiving_unit,
    listed_in_structure,
    received_for_others,
    unit_dossiers,
)
from dashboards.sorting import DOSSIER_SORTS, sort_links, sorted_rows
from dashboards.structure import period_picker, select_structure, structure_context
from dashboards.units import tree_totals, unit_history, unit_tree
from departments.models import DataLock, Department
from departments.selectors import department_get, department_list, user_sees_all_departments
from inspections.models import Recommendation
from inspections.selectors import (
    inspection_list,
    recommendation_list,
    recommendations_of_unit,
    recommendations_overdue,
    unfinished_inspections_of_unit,
)
from procedures.models import Procedure
from procedures.organisation import Organisation
from procedures.selectors import department_direct_counts, procedure_list
from reporting import exports
from reporting.cache import memoised, memoised_catalogue, snapshot
from reporting.cache import organisation as kept_organisation
from reporting.exports import xlsx_response
from reporting.fast_html import ranking_rows_html
from reporting.periods import select_period
from reporting.quality import quality_report
from reporting.selectors import (
    RANKING_CODES,
    Listing,
    department_dashboard,
    province_overview,
    record_listing,
)
from reporting.tasks import export_start

RECENT_DOSSIERS = 10
# The department's first procedures; the full catalogue is one link away.
PROCEDURES_SHOWN = 20
OVERDUE_RECOMMENDATIONS_LISTED = 10


def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selected = select_period(request.GET, today=today)
    switch = structure_context(request)
    structure = switch["structure"]
    sort = request.GET.get("sort")
    if sort not in RANKING_CODES:
        sort = "on_time_rate"
    with snapshot():
        data = province_overview(
            user=request.user,
            period=selected.period,
            previous=selected.previous,
            sort=sort,
            today=today,
            lists=record_lists(),
            structure=structure,
        )
        context = {"selected": selected, "data": data, "ranking_codes": RANKING_CODES, "today": today}
        context |= switch
        # The figures are rendered once for each version of the data: what the user sees is in the key.
        key = (
            data.whole_province,
            tuple(row.department.pk for row in data.ranking),
            selected.period,
            selected.previous,
            selected.label,
            selected.query_params,
            sort,
            today,
            structure,
        )
        figures = {
            part: memoised(("overview", part, *key), partial(_render_part, part, context))
            for part in ("kpis", "trend", "overdue", "ranking")
        }
        picker = period_picker(selected, today=today, structure=structure, keep_sort=data.sort)
        # The recommendations are the inspections' records, read for this user on every request.
        recommendations = recommendations_overdue(recommendation_list(user=request.user), today=today)
        context |= {
            "figures": figures,
            "picker": picker,
            "overdue_recommendations": list(
                recommendations.order_by("deadline")[:OVERDUE_RECOMMENDATIONS_LISTED]
            ),
        }
        return render(request, "dashboards/overview.html", context)


def _render_part(part: str, context: dict) -> str:
    if part == "ranking":
        selected, data = context["selected"], context["data"]
        # The ranking's links keep the structure, to the unit's page and to its records alike.
        structure = context["structure_query"]
        rows = ranking_rows_html(
            data.ranking,
            codes=RANKING_CODES,
            sort=data.sort,
            query_params=f"{selected.query_params}&{structure}",
            query=f"{selected.query}&{structure}",
            today=context["today"],
            dossiers=record_lists().dossiers,
        )
        context = {**context, "ranking_rows": rows}
    return render_to_string(f"dashboards/overview_{part}.html", context)


def department_index(request: HttpRequest) -> HttpResponse:
    """The units as a tree: in the current structure those that ended are listed under the unit that
    took them over, in the historical one where they were; ended ones greyed, with their dates."""
    switch = structure_context(request)
    visible = department_list(user=request.user)
    departments = list(visible)
    counts = department_direct_counts(departments=departments)
    tree = unit_tree(departments, kept_organisation(), switch["structure"])
    dossiers = tree_totals(tree, {pk: n["dossiers"] for pk, n in counts.items()})
    form = SearchForm(request.GET)
    typed = form.typed()
    if typed:
        # The units found, in their places in the tree, each with its whole tree's count all the same.
        found = set(visible.search(typed).values_list("pk", flat=True))
        tree = [row for row in tree if row.department.pk in found]
    rows = [(row, counts[row.department.pk]["procedures"], dossiers[row.department.pk]) for row in tree]
    context = {"rows": rows, "typed": typed, "search_form": form, **switch}
    return render(request, "dashboards/department_list.html", context)


def _dashboard_html(request: HttpRequest, department: Department, selected, dashboard, switch: dict) -> str:
    """The figures, catalogue and latest dossiers of the department, rendered once for each version of
    the data. Whoever may open a department sees its whole subtree, so the user is not part of the key."""
    visible = department_list(user=request.user)
    context = {
        "department": department,
        "selected": selected,
        "dashboard": dashboard,
        "children": visible.filter(parent=department),
        "procedures_table": _procedures_table(request.user, department),
        # The day of receipt first, which never runs behind the moment (procedures.calendar.receipt_day),
        # so the order is the moment's: by it alone the planner walked the whole province's receipts
        # back from today until it met ten of the unit's (24,000 rows, 200 ms after each write); so, the
        # unit's own rows by day (8 ms).
        "recent_dossiers": unit_dossiers(
            user=request.user, department=department, structure=switch["structure"]
        ).order_by("-received_on", "-received_at", "-pk")[:RECENT_DOSSIERS],
        "received_for_others": received_for_others(department),
        **switch,
    }
    return render_to_string("dashboards/department_dashboard.html", context)


def _procedures_table(user: User, department: Department) -> str:
    """The department's first procedures, rendered once for each version of the catalogue: no dossier
    changes them, and after a dossier is saved they were a quarter of the page's rendering (4 ms of 17
    for a merged commune at a million dossiers)."""
    return memoised_catalogue(
        ("department_procedures", department.pk, department.path),
        lambda: render_to_string(
            "procedures/procedure_table.html",
            {"procedures": procedure_list(user=user).for_department_tree(department)[:PROCEDURES_SHOWN]},
        ),
    )


def _department_and_ancestors(user: User, code: str) -> tuple[Department, list[Department]]:
    """The department and the ancestors the user may open. For those who see every department it is a
    function of the departments alone, kept for the catalogue version (a write to a department moves it)."""

    def compute() -> tuple[Department, list[Department]]:
        department = department_get(user=user, code=code)
        ancestors = list(department_list(user=user).filter(code__in=department.ancestor_codes))
        return department, ancestors

    if user_sees_all_departments(user):
        # No dossier changes them: kept for the catalogue version, through writes to dossiers.
        return memoised_catalogue(("department_page", code), compute)
    return compute()


def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    selected = select_period(request.GET, today=today)
    switch = structure_context(request)
    structure = switch["structure"]
    with snapshot():
        department, ancestors = _department_and_ancestors(request.user, code)
        dashboard = department_dashboard(
            department=department, period=selected.period, lists=record_lists(), structure=structure
        )
        key = (
            "department",
            department.pk,
            department.path,
            selected.period,
            selected.label,
            selected.query_params,
            structure,
        )
        dashboard_html = memoised(
            key, lambda: _dashboard_html(request, department, selected, dashboard, switch)
        )
        picker = period_picker(selected, today=today, structure=structure)
        organisation = kept_organisation()
        # Units, their dates and successions only (and whether the unit has ended, as of today).
        history_of_unit = memoised_catalogue(
            ("unit_history", department.pk, today), lambda: unit_history(department, organisation)
        )
    context = {
        "department": department,
        "selected": selected,
        "dashboard": dashboard,
        "dashboard_html": dashboard_html,
        "picker": picker,
        "ancestors": ancestors,
        "unit_history": history_of_unit,
        "locks": DataLock.objects.active().filter(department=department).select_related("locked_by"),
        "history": audit_trail(request, department),
        **_open_work(request.user, department, organisation, today),
        **switch,
    }
    return render(request, "dashboards/department_detail.html", context)


def _open_work(user: User, department: Department, organisation: Organisation, today) -> dict:
    """The unit's open recommendations and unfinished inspections, with those of the units it took over,
    each of those naming its unit. One query reads the open recommendations, the overdue ones among them
    shown first."""
    open_recommendations = list(
        recommendations_of_unit(recommendation_list(user=user), department, organisation)
        .exclude(status=Recommendation.Status.CLOSED)
        .select_related(None)
        .select_related("responsible")
        .order_by("deadline", "pk")
    )
    inspections = unfinished_inspections_of_unit(inspection_list(user=user), department, organisation)
    return {
        "overdue_recommendations": [r for r in open_recommendations if r.is_overdue(on=today)],
        "taken_over_recommendations": [
            r for r in open_recommendations if not r.responsible.path.startswith(department.path)
        ],
        "unfinished_inspections": [
            (i, None if i.department.path.startswith(department.path) else i.department) for i in inspections
        ],
    }


def _listing(request: HttpRequest, records: str) -> tuple[Listing, ReceivingFilter, Department | None]:
    """The list's records: the filters and drill-down reporting reads, then the dashboards' own (a unit's
    records in the current structure, the receiving unit)."""
    listing = record_listing(user=request.user, params=request.GET, records=records)
    if records != "dossiers":
        return listing, ReceivingFilter(listing.rows, None, ""), None
    structure = select_structure(request.GET)
    rows, widened = listed_in_structure(
        user=request.user, params=request.GET, listing=listing, structure=structure
    )
    return listing, filter_by_receiving_unit(rows, request.GET.get("receiving_unit")), widened


def _list_page(request: HttpRequest, records: str, template: str) -> HttpResponse:
    """A filtered, paginated list; opened from a figure, it lists exactly the records behind it.
    Invalid filter input shows its error next to the field and an empty list."""
    listing, receiving, widened = _listing(request, records)
    sorts = DOSSIER_SORTS if records == "dossiers" else {}
    rows, sort = sorted_rows(receiving.rows, request.GET, sorts)
    return render(
        request,
        template,
        {
            "filter": listing.filterset,
            "page": paginate(request, rows),
            "sorts": sort_links(request.GET, sorts, sort),
            "query": query_without_page(request),
            "drilldown": listing.drilldown,
            "drilldown_error": listing.error or receiving.error,
            "receiving_unit": receiving.unit,
            "widened_unit": widened,
            **structure_context(request),
        },
    )


def procedure_index(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "procedures", "dashboards/procedure_list.html")


def dossier_index(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "dossiers", "dashboards/dossier_list.html")


def export_records(request: HttpRequest, records: str) -> HttpResponse:
    """The filtered list in the import layout: at once when short, as a background job when long."""
    _listing_read, receiving, _widened = _listing(request, records)
    rows = receiving.rows
    filename = f"{'ho-so' if records == 'dossiers' else 'thu-tuc'}-{timezone.localdate():%Y%m%d}.xlsx"
    if rows.count() > settings.EXPORT_SYNC_ROWS:
        job = export_start(
            user=request.user, kind=records, filename=filename, parameters={"query": request.GET.urlencode()}
        )
        return redirect(job)
    if records == "dossiers":
        return xlsx_response(
            lambda target: exports.write_workbook(target, procedures=Procedure.objects.none(), dossiers=rows),
            filename,
        )
    return xlsx_response(
        lambda target: exports.write_workbook(target, procedures=rows, dossiers=None), filename
    )


def quality(request: HttpRequest, code: str) -> HttpResponse:
    """The data-quality checks of a department's dossiers, each opening the list of those it finds."""
    department = department_get(user=request.user, code=code)
    selected = select_period(request.GET, today=timezone.localdate())
    switch = structure_context(request)
    # The checks read the dossiers the unit's figures count in the structure, as their lists do.
    queryset = unit_dossiers(user=request.user, department=department, structure=switch["structure"])
    results = quality_report(queryset, selected.period)
    return render(
        request,
        "dashboards/quality.html",
        {"department": department, "selected": selected, "results": results, **switch},
    )
