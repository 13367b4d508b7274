"""What the dashboards show, assembled from reporting.indicators for one user and one period."""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from departments.models import Department
from departments.selectors import top_departments, user_sees_all_departments
from procedures.filters import DossierFilter, ProcedureFilter
from procedures.organisation import CURRENT
from procedures.selectors import dossier_list, procedure_list
from reporting.cache import memoised, snapshot
from reporting.charts import Chart, horizontal_bars, stacked_columns
from reporting.conditions import dossier_records, overdue_dossiers_now, procedure_records
from reporting.drilldowns import figure_scope_q
from reporting.form_06a import Form06aRow, form_06a, form_06a_records
from reporting.formatting import delta_display
from reporting.index766_drilldown import PREFIX as INDEX_PREFIX
from reporting.index766_drilldown import among_carried, index_records
from reporting.index766_ranking import index766_summary
from reporting.indicators import dossier_total, indicators_for_department, indicators_with_total
from reporting.params import (
    BadRequest,
    Drilldown,
    RecordLists,
    drilldown_url,
    find_department,
    parse_drilldown,
)
from reporting.quality import quality_records
from reporting.results import Indicator, IndicatorRow, IndicatorSet, Period, RankingRow
from reporting.summary import summary_paragraph
from reporting.trend import MonthCounts, monthly_trend, overdue_now

KPI_CODES = [
    "received",
    "on_time_rate",
    "online_rate",
    "satisfaction_rate",
    "in_progress_overdue",
    "progress_score",
]
RANKING_CODES = ["on_time_rate", "online_rate", "satisfaction_rate", "reduced_share", "progress_score"]
OVERDUE_LISTED = 10


@dataclass(frozen=True)
class Kpi:
    indicator: Indicator
    delta: str
    trend: str
    url: str | None


@dataclass(frozen=True)
class Overview:
    whole_province: bool
    province: IndicatorSet
    kpis: list[Kpi]
    ranking: list[RankingRow]
    sort: str
    trend: list[MonthCounts]
    trend_chart: Chart
    overdue_total: int
    overdue_dossiers: list


def _ranking(
    departments: list[Department], results: dict[int, IndicatorSet], overdue: dict[int, int], sort: str
) -> list[RankingRow]:
    def key(department: Department) -> tuple:
        value = results[department.pk][sort].value
        # Departments with no figure go last, whatever the order.
        return (value is None, -(value or 0), department.code)

    ordered = sorted(departments, key=key)
    return [RankingRow(i, d, results[d.pk], overdue[d.pk]) for i, d in enumerate(ordered, start=1)]


def _overdue_today(
    departments: list[Department],
    results: dict[int, IndicatorSet],
    total: IndicatorSet,
    today: date,
    whole_province: bool,
    structure: str,
) -> tuple[dict[int, int], int]:
    """Dossiers overdue today, per department and in total. For a period ending today (the default)
    they are its in_progress_overdue, read from the same summary rows already: no second read."""
    if total.period.end == today:
        overdue = {d.pk: results[d.pk]["in_progress_overdue"].value for d in departments}
        return overdue, total["in_progress_overdue"].value
    return overdue_now(departments, today=today, whole_province=whole_province, structure=structure)


def _ranked(departments: list[Department], period: Period, structure: str) -> list[Department]:
    """The ranking in the current structure lists only the units in being on the period's last day (the
    others' records are their successors'); the historical one lists every unit."""
    if structure != CURRENT:
        return departments
    return [department for department in departments if department.exists_on(period.end)]


def trend_chart(months: list[MonthCounts]) -> Chart:
    labels = [f"{m.month:%m/%Y}" for m in months]
    return stacked_columns(
        _("Hồ sơ giải quyết theo tháng"),
        labels,
        [
            (_("Trước hạn"), "s-early", [m.resolved_early for m in months]),
            (_("Đúng hạn"), "s-on-time", [m.resolved_on_time for m in months]),
            (_("Quá hạn"), "s-late", [m.resolved_late for m in months]),
            (_("Rút, từ chối"), "s-no-result", [m.no_result for m in months]),
        ],
    )


def status_chart(result: IndicatorSet) -> Chart:
    v = result.values()
    return horizontal_bars(
        _("Hồ sơ trong kỳ theo tình trạng"),
        [
            (_("Giải quyết trước hạn"), "s-early", v["resolved_early"]),
            (_("Giải quyết đúng hạn"), "s-on-time", v["resolved_on_time"]),
            (_("Giải quyết quá hạn"), "s-late", v["resolved_late"]),
            (_("Rút hồ sơ"), "s-no-result", v["withdrawn"]),
            (_("Từ chối"), "s-no-result", v["refused"]),
            (_("Đang giải quyết trong hạn"), "s-within", v["in_progress_within_deadline"]),
            (_("Đang giải quyết quá hạn"), "s-overdue", v["in_progress_overdue"]),
        ],
    )


def province_overview(
    *,
    user: User,
    period: Period,
    previous: Period,
    sort: str,
    today: date,
    lists: RecordLists | None,
    structure: str = CURRENT,
) -> Overview:
    """Leaders and inspectors see the whole province; staff see their own departments added up. The key
    figures link to their records in `lists`; without lists (an export) they link nowhere. In the
    current structure the ranking lists only the units in being on the period's last day."""
    with snapshot():
        return _province_overview(
            user=user,
            period=period,
            previous=previous,
            sort=sort,
            today=today,
            lists=lists,
            structure=structure,
        )


def _overdue_dossiers(user: User, departments: list[Department], whole_province: bool, today: date) -> list:
    def compute() -> list:
        # The unit's parent too: a "Văn phòng Sở" says which Sở it belongs to.
        overdue = (
            overdue_dossiers_now(dossier_list(user=user), today=today)
            .select_related("department__parent")
            .order_by("effective_due_on", "pk")
        )
        return list(overdue[:OVERDUE_LISTED])

    # What the user sees is the departments of the key: all of them, or those the user belongs to.
    key = ("overdue_dossiers", whole_province, tuple(d.pk for d in departments), today)
    return memoised(key, compute)


def _province_overview(
    *,
    user: User,
    period: Period,
    previous: Period,
    sort: str,
    today: date,
    lists: RecordLists | None,
    structure: str,
) -> Overview:
    whole_province = user_sees_all_departments(user)
    # Computed once per data version; what the user sees is in the key: the whole province, or the departments the user belongs to.
    departments = None if whole_province else list(top_departments(user=user))
    key = (
        "overview",
        whole_province,
        None if departments is None else tuple(d.pk for d in departments),
        period,
        previous,
        sort,
        today,
        lists,
        structure,
    )

    def compute() -> Overview:
        shown = list(top_departments(user=user)) if departments is None else departments
        return _overview_figures(user, shown, whole_province, period, previous, sort, today, lists, structure)

    return memoised(key, compute)


def _overview_figures(
    user: User,
    departments: list[Department],
    whole_province: bool,
    period: Period,
    previous: Period,
    sort: str,
    today: date,
    lists: RecordLists | None,
    structure: str,
) -> Overview:
    total, results = indicators_with_total(
        departments, period, whole_province=whole_province, structure=structure
    )
    # Only the previous period's total dossier figures are shown (beside each key figure).
    previous_total = dossier_total(departments, previous, whole_province=whole_province, structure=structure)
    kpis = []
    for code in KPI_CODES:
        delta, trend = delta_display(total[code], previous_total[code])
        url = drilldown_url(code, period, lists=lists, structure=structure) if lists else None
        kpis.append(Kpi(total[code], delta, trend, url))
    overdue, overdue_total = _overdue_today(departments, results, total, today, whole_province, structure)
    months = monthly_trend(None if whole_province else departments, period, structure=structure)
    return Overview(
        whole_province=whole_province,
        province=total,
        kpis=kpis,
        ranking=_ranking(_ranked(departments, period, structure), results, overdue, sort),
        sort=sort,
        trend=months,
        trend_chart=trend_chart(months),
        overdue_total=overdue_total,
        overdue_dossiers=_overdue_dossiers(user, departments, whole_province, today),
    )


@dataclass(frozen=True)
class DepartmentDashboard:
    indicators: IndicatorSet
    rows: dict[str, list[IndicatorRow]]
    summary: str
    trend: list[MonthCounts]
    trend_chart: Chart
    status_chart: Chart
    form_06a_rows: list[Form06aRow]
    form_06a_total: Form06aRow


def department_dashboard(
    *, department: Department, period: Period, lists: RecordLists, structure: str = CURRENT
) -> DepartmentDashboard:
    """A department's figures in a structure, each indicator linked to its records in `lists`."""
    with snapshot():
        key = ("department_dashboard", department.pk, department.path, period, lists, structure)
        return memoised(
            key,
            lambda: _department_dashboard(
                department=department, period=period, lists=lists, structure=structure
            ),
        )


def _department_dashboard(
    *, department: Department, period: Period, lists: RecordLists, structure: str
) -> DepartmentDashboard:
    result = indicators_for_department(department, period, structure=structure)
    rows = {
        source: [
            IndicatorRow(i, drilldown_url(i.code, period, department, lists=lists, structure=structure))
            for i in result.by_source(source)
        ]
        for source in ("dossiers", "procedures", "declarations")
    }
    months = monthly_trend([department], period, structure=structure)
    form_rows, form_total = form_06a(department, period, structure=structure)
    return DepartmentDashboard(
        indicators=result,
        rows=rows,
        summary=" ".join(
            part
            for part in (summary_paragraph(result), index766_summary(department, period, structure=structure))
            if part
        ),
        trend=months,
        trend_chart=trend_chart(months),
        status_chart=status_chart(result),
        form_06a_rows=form_rows,
        form_06a_total=form_total,
    )


def records_behind(queryset: QuerySet, drilldown: Drilldown) -> QuerySet:
    """The records a figure (or a data-quality check) counted, in the list it links to."""
    if drilldown.code.startswith("06a:"):
        return form_06a_records(queryset, drilldown.code.removeprefix("06a:"), drilldown.period)
    if drilldown.code.startswith("quality:"):
        return quality_records(queryset, drilldown.code.removeprefix("quality:"), drilldown.period)
    if drilldown.period is None:
        return procedure_records(queryset, drilldown.code)
    return dossier_records(queryset, drilldown.code, drilldown.period)


@dataclass(frozen=True)
class Listing:
    """A list page's records: its filters, and the figure it was opened from (drill-down), if any, with
    the unit whose figure it is (its records are chosen by the figure's structure, not by the filter)."""

    filterset: object
    rows: QuerySet
    drilldown: Drilldown | None
    error: str
    department: Department | None = None


def record_listing(*, user: User, params, records: str) -> Listing:
    """The dossiers or procedures a list page (or its Excel export) shows for these query parameters."""
    base = (
        dossier_list(user=user)
        if records == "dossiers"
        else procedure_list(user=user).prefetch_related("units")
    )
    filter_class = DossierFilter if records == "dossiers" else ProcedureFilter
    department = None
    try:
        drilldown = parse_drilldown(params, records=records)
        if drilldown is not None and params.get("department"):
            department = find_department(params["department"], user=user)
    except BadRequest as error:
        return Listing(
            filter_class(params, queryset=base.none(), request=SimpleNamespace(user=user)),
            base.none(),
            None,
            str(error),
        )
    queryset = base
    if drilldown is not None:
        with snapshot():
            if drilldown.code.startswith(INDEX_PREFIX):
                queryset = index_records(
                    base, drilldown.code, drilldown.period, department, drilldown.structure
                )
                if among_carried(drilldown.code):
                    queryset = queryset.filter(figure_scope_q(records, drilldown, department))
            else:
                queryset = records_behind(base, drilldown).filter(
                    figure_scope_q(records, drilldown, department)
                )
        # The unit's records are those of the figure's structure (its predecessors' too, in the current
        # one), which the department filter (its subtree) would cut down.
        params = params.copy()
        params.pop("department", None)
    # Filters read the user's departments through the request; an export job has a user and no request.
    filterset = filter_class(params, queryset=queryset, request=SimpleNamespace(user=user))
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    return Listing(filterset, rows, drilldown, "", department)
