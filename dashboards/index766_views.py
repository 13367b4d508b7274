"""The national index (766) pages and workbooks: the province's index with the ranking, its table per
procedure, and a unit's. The figures are dashboards.index766_pages' and dashboards.index766_procedures';
these views read the request and render."""

from datetime import date, timedelta
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cchc_portal.listing import query_without_page
from dashboards.index766_pages import index_ranking, province_page, unit_page, visible_units
from dashboards.index766_procedures import procedure_page, workbook_rows
from dashboards.links import record_lists
from dashboards.search import SearchForm
from dashboards.structure import period_picker, structure_context
from departments.selectors import department_get
from reporting.cache import snapshot
from reporting.exports import xlsx_response
from reporting.index766 import unit_index766
from reporting.index766_procedure_workbook import procedure_workbook
from reporting.index766_ranking import SORTS, TOTAL
from reporting.index766_table import GROUPS
from reporting.index766_workbooks import RankedUnit, ranking_workbook, unit_workbook
from reporting.params import PROVINCE_CODE
from reporting.periods import SelectedPeriod, select_period

SORT_LABELS = {TOTAL: gettext_lazy("Tổng điểm"), **{group.code: group.label for group in GROUPS}}


def _selected(params: QueryDict, today: date) -> SelectedPeriod:
    """The period asked for; without one, the last complete month, the period DVCQG publishes."""
    if not params.get("kind"):
        last = today.replace(day=1) - timedelta(days=1)
        params = params.copy()
        params["kind"], params["year"], params["month"] = "month", str(last.year), str(last.month)
    return select_period(params, today=today)


def _sort(params: QueryDict) -> str:
    sort = params.get("sort")
    return sort if sort in SORTS else TOTAL


def index_province(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selected = _selected(request.GET, today)
    switch = structure_context(request)
    sort = _sort(request.GET)
    with snapshot():
        page = province_page(
            user=request.user,
            period=selected.period,
            previous=selected.previous,
            structure=switch["structure"],
            sort=sort,
            lists=record_lists(),
        )
        picker = period_picker(selected, today=today, structure=switch["structure"], keep_sort=sort)
    context = {"page": page, "selected": selected, "picker": picker, "sort_labels": SORT_LABELS, **switch}
    return render(request, "dashboards/index766.html", context)


def index_unit(request: HttpRequest, code: str) -> HttpResponse:
    department = department_get(user=request.user, code=code)
    today = timezone.localdate()
    selected = _selected(request.GET, today)
    switch = structure_context(request)
    with snapshot():
        page = unit_page(
            department=department,
            period=selected.period,
            previous=selected.previous,
            structure=switch["structure"],
            lists=record_lists(),
        )
        picker = period_picker(selected, today=today, structure=switch["structure"])
    context = {"page": page, "selected": selected, "picker": picker, **switch}
    return render(request, "dashboards/index766_unit.html", context)


def index_procedures(request: HttpRequest) -> HttpResponse:
    """The province's dossier indicators per procedure, a page at a time, searched by code or name."""
    today = timezone.localdate()
    selected = _selected(request.GET, today)
    switch = structure_context(request)
    form = SearchForm(request.GET)
    typed = form.typed()
    with snapshot():
        page = procedure_page(
            user=request.user,
            period=selected.period,
            structure=switch["structure"],
            typed=typed,
            page_number=request.GET.get("page"),
            lists=record_lists(),
        )
        picker = period_picker(selected, today=today, structure=switch["structure"])
    context = {
        "page": page,
        "selected": selected,
        "picker": picker,
        "search_form": form,
        "typed": typed,
        # The search keeps the period it was typed in.
        "keep": parse_qsl(selected.query_params),
        "query": query_without_page(request),
        **switch,
    }
    return render(request, "dashboards/index766_procedure_page.html", context)


def index_procedures_download(request: HttpRequest) -> HttpResponse:
    """Every procedure the page lists (the same period, structure and search), on one sheet."""
    selected = _selected(request.GET, timezone.localdate())
    structure = structure_context(request)["structure"]
    typed = SearchForm(request.GET).typed()
    with snapshot():
        rows, scope = workbook_rows(
            user=request.user, period=selected.period, structure=structure, typed=typed
        )
    name = f"chi-so-766-thu-tuc-{selected.period.start:%Y%m%d}-{selected.period.end:%Y%m%d}.xlsx"
    return xlsx_response(lambda target: procedure_workbook(target, rows, selected.period, scope=scope), name)


def index_ranking_download(request: HttpRequest) -> HttpResponse:
    """The ranking as the page shows it to the user: the same period, structure, order and rows."""
    selected = _selected(request.GET, timezone.localdate())
    structure = structure_context(request)["structure"]
    sort = _sort(request.GET)
    with snapshot():
        ranking = index_ranking(selected.period, selected.previous, structure)
        sections = ranking.sections(sort, visible_units(request.user, ranking.units))
    rows = [
        (
            section.label,
            [
                RankedUnit(
                    row.rank,
                    row.department,
                    row.index,
                    row.previous_rank,
                    ranking.previous[row.department.pk].result.total,
                )
                for row in section.rows
            ],
        )
        for section in sections
    ]
    name = f"chi-so-766-xep-hang-{selected.period.start:%Y%m%d}-{selected.period.end:%Y%m%d}.xlsx"
    return xlsx_response(
        lambda target: ranking_workbook(target, rows, selected.period, sort_label=str(SORT_LABELS[sort])),
        name,
    )


def index_unit_download(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's full index, or the province's for the code TINH (as the API names it)."""
    department = None if code.upper() == PROVINCE_CODE else department_get(user=request.user, code=code)
    selected = _selected(request.GET, timezone.localdate())
    structure = structure_context(request)["structure"]
    with snapshot():
        index = unit_index766(department, selected.period, structure=structure)
    unit = department.code if department else PROVINCE_CODE
    name = f"chi-so-766-{unit}-{selected.period.start:%Y%m%d}-{selected.period.end:%Y%m%d}.xlsx"
    return xlsx_response(lambda target: unit_workbook(target, index), name)
