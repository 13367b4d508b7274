"""The national index (766) pages, assembled from reporting.index766: the province's index with the
ranking of the units, and a unit's index with its change from the previous period, its month-by-month
trend, the points it could still gain and the records that stand in the way (each index laid out by
dashboards.index766_lines).

The ranking is of the top-level units, provincial agencies and communes (and districts, before they
ended) ranked apart as DVCQG ranks them, every unit ranked whoever asks; a user is shown the rows of
the units they may see. Every figure is read with a fixed number of queries: one index766 call for a
whole ranking, one for each month of a trend."""

import calendar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from dashboards.index766_lines import Change, CountLink, IndexView, count_url, index_view
from departments.models import Department
from departments.selectors import department_list, user_sees_all_departments
from reporting.cache import memoised
from reporting.charts import Chart, stacked_columns
from reporting.index766 import UnitIndex, index766, unit_index766
from reporting.index766_drilldown import index_count_url, records_of
from reporting.index766_formatting import ratio_text
from reporting.index766_procedures import PROCEDURE_CODES, ProcedureRow, procedure_rows
from reporting.index766_ranking import SECTIONS, place_of, ranked_units, ranks, section_of, sort_value
from reporting.index766_rules import IndexIndicator, IndexResult, points_to_gain
from reporting.index766_table import DEFINITIONS_BY_CODE, GROUPS
from reporting.params import RecordLists
from reporting.results import Period
from reporting.summary import index766_sentence

TREND_MONTHS = 12
# The trend chart's colour of each group (static/css/portal.css).
GROUP_CSS = {group.code: f"g-{group.code.replace('_', '-')}" for group in GROUPS}
RECORD_NOUNS = {
    "dossiers": gettext_lazy("hồ sơ"),
    "procedures": gettext_lazy("TTHC"),
    "petitions": gettext_lazy("PAKN"),
}


# -- The ranking --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    department: Department
    index: UnitIndex
    rank: int | None  # None: no points to rank by
    previous_rank: int | None
    change: Change  # of the figure sorted by


@dataclass(frozen=True)
class RankingSection:
    code: str
    label: str
    rows: list[RankingRow]
    ranked: int  # how many units of the section have points to rank by


@dataclass(frozen=True)
class Ranking:
    province: UnitIndex
    previous_province: UnitIndex
    indexes: dict[int, UnitIndex]
    previous: dict[int, UnitIndex]
    units: list[Department]

    def sections(self, sort: str, visible: set[int] | None) -> list[RankingSection]:
        """The sections sorted by `sort` (the total or a group), with the rows of the `visible` units
        (None: all); ranks are among every unit of a section."""
        found = []
        for code, label in SECTIONS.items():
            units = [unit for unit in self.units if section_of(unit) == code]
            if not units:
                continue
            now = ranks({unit.pk: self.indexes[unit.pk] for unit in units}, sort)
            before = ranks({unit.pk: self.previous[unit.pk] for unit in units}, sort)
            rows = [
                RankingRow(
                    unit,
                    self.indexes[unit.pk],
                    now.get(unit.pk),
                    before.get(unit.pk),
                    Change.between(
                        sort_value(self.indexes[unit.pk].result, sort),
                        sort_value(self.previous[unit.pk].result, sort),
                    ),
                )
                for unit in units
                if visible is None or unit.pk in visible
            ]
            rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.department.code))
            found.append(RankingSection(code, str(label), rows, len(now)))
        return found


def index_ranking(period: Period, previous: Period, structure: str) -> Ranking:
    """Every ranked unit's index for the period and the one before: the units (one query), then two
    index766 calls."""

    def compute() -> Ranking:
        units = ranked_units(period, structure)
        province, indexes = index766(units, period, structure=structure)
        previous_province, before = index766(units, previous, structure=structure)
        return Ranking(province, previous_province, indexes, before, units)

    return memoised(("index766_ranking", period, previous, structure), compute)


def visible_units(user: User, units: list[Department]) -> set[int] | None:
    """The ranked units whose rows the user is shown (None: all of them)."""
    if user_sees_all_departments(user):
        return None
    return set(
        department_list(user=user).filter(pk__in=[unit.pk for unit in units]).values_list("pk", flat=True)
    )


# -- A unit's page ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendMonth:
    month: date
    result: IndexResult


@dataclass(frozen=True)
class Gain:
    """Points a unit would gain by reaching an indicator's threshold, and the records in the way."""

    indicator: IndexIndicator
    points: float
    noun: str
    # The records of the denominator the numerator did not count, with their list.
    in_the_way: list[CountLink]
    # How many more records the numerator needs to reach the threshold (None: not a count).
    needed: int | None


@dataclass(frozen=True)
class ProcedureCell:
    indicator: IndexIndicator | None  # None: the indicator is not measured for this procedure
    numerator_url: str | None
    denominator_url: str | None

    @property
    def measure(self) -> str:
        return ratio_text(self.indicator) if self.indicator is not None else ""


@dataclass(frozen=True)
class ProcedureLine:
    code: str
    name: str
    cells: list[ProcedureCell]


@dataclass(frozen=True)
class ProcedureTable:
    codes: list[tuple[str, str]]  # the indicators' codes and labels
    lines: list[ProcedureLine]


def procedure_table(index: UnitIndex, lists: RecordLists) -> ProcedureTable:
    """The dossier indicators of each procedure of the unit with dossiers in the period, those with the
    most dossiers first, each count opening the unit's list of its records cut to the procedure. (The
    province's has a page of its own, dashboards.index766_procedures: scoring each of its two thousand
    procedures took most of a second after each write.)"""
    rows = procedure_rows(index.department, index.period, structure=index.structure)
    shown = sorted(rows, key=lambda row: (-_received(row), row.procedure.code))
    lines = procedure_lines(shown, index.period, index.department, index.structure, lists)
    return ProcedureTable(procedure_codes(), lines)


def _received(row: ProcedureRow) -> int:
    """The dossiers of the procedure received in the period (3.3's denominator)."""
    online = row.indicators.get("3.3")
    return (online.denominator or 0) if online is not None else 0


def procedure_codes() -> list[tuple[str, str]]:
    return [(code, str(DEFINITIONS_BY_CODE[code].label)) for code in PROCEDURE_CODES]


def procedure_lines(
    rows: list[ProcedureRow],
    period: Period,
    department: Department | None,
    structure: str,
    lists: RecordLists,
) -> list[ProcedureLine]:
    """The rows as the table shows them, each count opening the list of its records of the unit (None:
    the province) in the period, cut to the procedure."""

    def cell(code: str, indicator: IndexIndicator | None, narrowed: str) -> ProcedureCell:
        if indicator is None:
            return ProcedureCell(None, None, None)
        urls = [
            index_count_url(code, part, period, department, lists=lists, structure=structure)
            if count
            else None
            for part, count in (("numerator", indicator.numerator), ("denominator", indicator.denominator))
        ]
        return ProcedureCell(indicator, *(url + narrowed if url else None for url in urls))

    return [
        ProcedureLine(
            row.procedure.code,
            row.procedure.name,
            [
                cell(code, row.indicators.get(code), "&" + urlencode({"procedure": row.procedure.code}))
                for code in PROCEDURE_CODES
            ],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class UnitPage:
    department: Department
    view: IndexView
    rank: int | None
    ranked: int
    section: str
    sentence: str
    trend: list[TrendMonth]
    trend_chart: Chart
    gains: list[Gain]
    procedures: ProcedureTable


def trend_periods(period: Period) -> list[Period]:
    """The twelve months up to the one the period ends in, that last one up to the period's end."""
    months = []
    year, month = period.end.year, period.end.month
    for _step in range(TREND_MONTHS):
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        months.append(Period(first, min(last, period.end)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def trend_chart(months: list[TrendMonth]) -> Chart:
    return stacked_columns(
        _("Điểm theo tháng"),
        [f"{m.month:%m/%Y}" for m in months],
        [
            (
                group.label,
                GROUP_CSS[group.code],
                [m.result.groups[i].points or 0 for m in months],
            )
            for i, group in enumerate(GROUPS)
        ],
    )


def _needed(indicator: IndexIndicator) -> int | None:
    """The fewest more records the numerator needs for its ratio to reach the threshold."""
    if indicator.definition.kind not in ("ratio", "full_when_empty") or not indicator.denominator:
        return None
    target = Fraction(str(indicator.threshold)) * indicator.denominator / 100
    whole = -(-target.numerator // target.denominator)
    return max(0, whole - (indicator.numerator or 0))


def gains(index: UnitIndex, lists: RecordLists) -> list[Gain]:
    found = []
    for indicator, points in points_to_gain(index.result):
        records = records_of(indicator.code)
        noun = str(RECORD_NOUNS.get(records, ""))
        if indicator.definition.kind == "complement" and len(indicator.parts) == 2:
            (late, _finished), (flagged, _received) = indicator.parts
            in_the_way = [
                CountLink(_("hồ sơ kết thúc quá hạn"), late, count_url(indicator.code, "late", index, lists)),
                CountLink(
                    _("hồ sơ có PAKN hoặc không hài lòng"),
                    flagged,
                    count_url(indicator.code, "flagged", index, lists),
                ),
            ]
        elif indicator.numerator is not None and indicator.denominator:
            gap = indicator.denominator - indicator.numerator
            url = count_url(indicator.code, "gap", index, lists) if records else None
            in_the_way = [CountLink(_("%(noun)s chưa đạt") % {"noun": noun}, gap, url)]
        else:
            in_the_way = []
        found.append(Gain(indicator, points, noun, in_the_way, _needed(indicator)))
    return found


def _month_index(
    department: Department | None,
    month: Period,
    structure: str,
    units: list[Department],
    known: dict[Period, UnitIndex],
) -> UnitIndex:
    """A month (or any period) of a unit's (None: the province's) trend: the page's own index where it is
    the period or the one before; the province's and a ranked unit's read with every ranked unit's, once
    for all their pages; another's alone. Only the points are compared, so 2.2 (never scored) is not
    read."""
    if month in known:
        return known[month]
    if department is None:
        return index766(units, month, structure=structure)[0]
    targets = units if department in units else [department]
    return index766(targets, month, structure=structure)[1][department.pk]


def unit_page(
    *, department: Department, period: Period, previous: Period, structure: str, lists: RecordLists
) -> UnitPage:
    # The unit's own index has 2.2 (shown, never scored), which a ranking leaves out; the period before
    # is only compared by its points.
    index = unit_index766(department, period, structure=structure)
    units = ranked_units(period, structure)
    _province, ranked_indexes = index766(units, period, structure=structure)
    rank, ranked, section = place_of(department, units, ranked_indexes)
    before = _month_index(department, previous, structure, units, {})
    known = {period: index, previous: before}
    months = [
        TrendMonth(month.start, _month_index(department, month, structure, units, known).result)
        for month in trend_periods(period)
    ]
    return UnitPage(
        department=department,
        view=index_view(index, before, lists),
        rank=rank,
        ranked=ranked,
        section=section,
        sentence=index766_sentence(index.result, rank=rank, ranked=ranked, among=section),
        trend=months,
        trend_chart=trend_chart(months),
        gains=gains(index, lists),
        procedures=procedure_table(index, lists),
    )


# -- The province's page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvincePage:
    view: IndexView
    sections: list[RankingSection]
    sort: str
    trend: list[TrendMonth]
    trend_chart: Chart


def province_page(
    *, user: User, period: Period, previous: Period, structure: str, sort: str, lists: RecordLists
) -> ProvincePage:
    ranking = index_ranking(period, previous, structure)
    visible = visible_units(user, ranking.units)

    def shown() -> ProvincePage:
        # The province's own index has 2.2 (shown, never scored), which a ranking leaves out.
        index = unit_index766(None, period, structure=structure)
        known = {period: index, previous: ranking.previous_province}
        months = [
            TrendMonth(month.start, _month_index(None, month, structure, ranking.units, known).result)
            for month in trend_periods(period)
        ]
        return ProvincePage(
            view=index_view(index, ranking.previous_province, lists),
            sections=ranking.sections(sort, visible),
            sort=sort,
            trend=months,
            trend_chart=trend_chart(months),
        )

    # Kept for the data version, as the figures are: a leader's every load of the same page is the same
    # page, its chart the same object (its drawing kept with it, reporting.fast_html).
    key = (
        "index766_province_page",
        period,
        previous,
        structure,
        sort,
        lists,
        frozenset(visible or ()),
        visible is None,
    )
    return memoised(key, shown)
