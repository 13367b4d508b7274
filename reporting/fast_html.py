"""The figure blocks written in Python rather than by the template language, for speed: the overview's
ranking rows, the national index's ranking rows, the department page's indicator tables, Biểu 06a and
charts. Everything else on a page
is markup in templates/; these blocks are placed there by a template (dashboards/overview_ranking.html, dashboards/index766_ranking.html,
reporting/indicator_table.html, form_06a_table.html, chart_*.html) and write the same markup it would.

Why: the template language spends most of a page's rendering time on these few hundred small cells.
- The department page's figure block rendered in 36 ms with cell-by-cell templates and in 19–21 ms with
  these functions, on the first load after a write (province database, SNNPTNT; commit 82963f1).
- The overview's ranking, 60 departments of 12 cells, rendered 200 times after a warm-up from the same
  figures: the cell-by-cell template it replaced (commit 756be87) took a median of 239–384 ms, and
  ranking_rows_html 85–135 ms, the same markup about three times faster (six runs on 2 CPUs under a
  load average of 9; their best single renders: 114–197 ms against 21–60 ms).

- The national index's ranking, 161 units of 11 cells: the page took a median of 53 ms warm, most of it
  in the template's cells, and after a write 105 ms (bench, 1,000,000 dossiers).

Every value is escaped by format_html; links to record lists take the list's address as an argument,
since those pages belong to an app above reporting."""

from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Protocol

from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from departments.models import Department
from reporting.charts import Chart
from reporting.form_06a import Form06aRow
from reporting.formatting import indicator_display, vn_date, vn_number, vn_percent
from reporting.index766 import UnitIndex
from reporting.results import Indicator, IndicatorRow, RankingRow


def _svg_open(chart: Chart, css: str) -> SafeString:
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="w-100{}" '
        'preserveAspectRatio="xMidYMid meet">',
        chart.width,
        chart.height,
        chart.title,
        css,
    )


# The wide drawing from Bootstrap's sm width up (and in print), the phone's below it (reporting.charts).
WIDE, PHONE = " chart-wide d-none d-sm-block d-print-block", " chart-phone d-sm-none d-print-none"


def _rects(chart: Chart) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>',
        ((r.x, r.y, r.width, r.height, r.css, r.title) for r in chart.rects),
    )


def _columns_drawing(chart: Chart, css: str) -> SafeString:
    left, right = chart.plot_left, chart.plot_right
    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}" class="axis" text-anchor="end" dominant-baseline="middle">{}</text>',
        ((left, right, t.position, t.position, int(left) - 6, t.position, t.text) for t in chart.y_ticks),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
        ((t.position, chart.height - 8, t.text) for t in chart.x_labels),
    )
    return format_html("{}{}{}{}</svg>", _svg_open(chart, css), ticks, _rects(chart), labels)


def columns_svg(chart: Chart) -> SafeString:
    """A stacked_columns chart: gridlines with their values, the columns, the months, the legend; drawn
    twice when it has a phone geometry. A chart kept with its page's figures is drawn once."""
    return _kept_markup(chart, ("columns",), lambda: _columns_svg(chart))  # type: ignore[return-value]


def _columns_svg(chart: Chart) -> SafeString:
    legend = format_html_join(
        "", '<span><i class="swatch {}"></i>{}</span>', ((css, name) for css, name in chart.legend)
    )
    drawings = _columns_drawing(chart, WIDE if chart.phone else "")
    if chart.phone:
        drawings += _columns_drawing(chart.phone, PHONE)
    return format_html(
        '<figure class="chart mb-2">{}<figcaption class="chart-legend small">{}</figcaption></figure>',
        drawings,
        legend,
    )


def _bars_drawing(chart: Chart, css: str) -> SafeString:
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" text-anchor="end" dominant-baseline="middle">{}</text>',
        ((int(chart.plot_left) - 8, t.position, t.text) for t in chart.y_ticks),
    )
    values = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" dominant-baseline="middle">{}</text>',
        ((int(chart.plot_right) + 4, t.position, t.text) for t in chart.x_labels),
    )
    return format_html("{}{}{}{}</svg>", _svg_open(chart, css), labels, _rects(chart), values)


def bars_svg(chart: Chart) -> SafeString:
    """A horizontal_bars chart: the labels on the left, the bars, each value at the end of the plot;
    drawn twice when it has a phone geometry."""
    drawings = _bars_drawing(chart, WIDE if chart.phone else "")
    if chart.phone:
        drawings += _bars_drawing(chart.phone, PHONE)
    return format_html('<figure class="chart mb-2">{}</figure>', drawings)


@lru_cache(maxsize=4096)
def _unit_url(prefix: str, code: str) -> str:
    """A unit page's address, escaped (Department.get_absolute_url): a function of the unit's code and
    the site's prefix alone, worked out once rather than reversed for every ranked unit on
    every overview rendered after a write (121 reverse() calls: a median of 6.4 ms, 0.2 ms so)."""
    return escape(reverse("dashboards:department", kwargs={"code": code}))


def ranking_rows_html(
    ranking: list[RankingRow],
    *,
    codes: list[str],
    sort: str,
    query_params: str,
    query: str,
    today: date,
    dossiers: str,
) -> SafeString:
    """The ranking table's rows, each count linked to its dossiers in the list at `dossiers`: a hundred
    and more units of a dozen linked, formatted cells each are the bulk of the overview's rendering time
    after a write. Written with f-strings over escaped values rather than format_html, the same markup:
    the 121 ranked units of a generated province (200,000 dossiers) took a median of 44 ms (best 26)
    with format_html and 16 ms (best 7) so, 30 renders each on 2 CPUs under a load average of 5."""
    overdue_query = f"indicator=in_progress_overdue&amp;from={today.isoformat()}&amp;to={today.isoformat()}"
    dossiers, query, query_params = escape(dossiers), escape(query), escape(query_params)
    # Each cell names its column for the phone layout (table-stack in portal.css).
    rank_label, received_label = escape(_("Hạng")), escape(_("Tiếp nhận"))
    resolved_label, overdue_label = escape(_("Đã giải quyết")), escape(_("Quá hạn hôm nay"))

    def cells(row: RankingRow) -> str:
        code = escape(row.department.code)
        indicators = row.indicators
        figures = "".join(
            f'<td class="text-end{" fw-semibold" if c == sort else ""}" data-label="{escape(indicators[c].label)}">'
            f"{escape(indicator_display(indicators[c]))}</td>"
            for c in codes
        )
        overdue = (
            f'<a class="text-danger" href="{dossiers}?{overdue_query}&amp;department={code}">'
            f"{escape(vn_number(row.overdue_now))}</a>"
            if row.overdue_now
            else "0"
        )
        received, resolved = vn_number(indicators["received"].value), vn_number(indicators["resolved"].value)
        return (
            f'<tr><td data-label="{rank_label}">{escape(row.rank)}</td><td><a href="{_unit_url(get_script_prefix(), row.department.code)}?'
            f'{query_params}">{escape(row.department.name)}</a></td>'
            f'<td class="text-end" data-label="{received_label}"><a href="{dossiers}?indicator=received&amp;department={code}&amp;{query}">'
            f"{escape(received)}</a></td>"
            f'<td class="text-end" data-label="{resolved_label}"><a href="{dossiers}?indicator=resolved&amp;department={code}&amp;{query}">'
            f'{escape(resolved)}</a></td>{figures}<td class="text-end" data-label="{overdue_label}">{overdue}</td></tr>'
        )

    settings = (tuple(codes), sort, query_params, query, today, dossiers, get_script_prefix())
    return mark_safe("\n".join(_written_row(row, settings, cells) for row in ranking))  # noqa: S308 (escaped above)


MARKUP_KEPT = 2048
_markup_written: dict[tuple, tuple[object, str]] = {}


def _written_row(row: RankingRow, settings: tuple, cells: Callable[[RankingRow], str]) -> str:
    """A unit's row as written before, or written now. A unit's set of figures is the same object for as
    long as its counts are (reporting.indicators keeps it across writes), so after a dossier is saved one
    row or two of a hundred and more are written again."""
    key = (row.rank, row.overdue_now, row.department.code, row.department.name, *settings)
    return _kept_markup(row.indicators, key, lambda: cells(row))


def _kept_markup(figures: object, key: tuple, write: Callable[[], str]) -> str:
    """The markup written for these very `figures` (an object kept as long as what it was computed from
    stands) and `key` (whatever else it shows), or written now. The figures are held with their markup,
    so that their id() cannot be another's."""
    key = (id(figures), *key)
    kept = _markup_written.get(key)
    if kept is None or kept[0] is not figures:
        kept = (figures, write())
        if len(_markup_written) >= MARKUP_KEPT:
            _markup_written.clear()
        _markup_written[key] = kept
    return kept[1]


class RankChange(Protocol):
    """The change of a ranked figure from the period before (dashboards.index766_lines.Change)."""

    text: str  # "" where either period has no points
    trend: str  # "up", "down" or "flat"


class IndexRankingRow(Protocol):
    """A row of the national index's ranking (dashboards.index766_pages.RankingRow)."""

    department: Department
    index: UnitIndex
    rank: int | None
    previous_rank: int | None
    change: RankChange


def index_ranking_rows_html(
    rows: Iterable[IndexRankingRow], *, unit_url: Callable[[str], str], query: str
) -> SafeString:
    """The national index's ranking rows: each unit's rank, total and group points, change and rank the
    period before, its name linked to its index page (`unit_url` of its code, then `query`). The index
    of a unit is the same object for as long as its figures are (reporting.index766 keeps it across
    writes), so a write rewrites the rows of the units it changed."""
    query = escape(query)
    missing = f'<span class="small text-muted">{escape(_("chưa có dữ liệu"))}</span>'
    labels = [escape(_(label)) for label in ("Hạng", "Tổng điểm", "Thay đổi", "Hạng kỳ trước")]

    def points(value: float | None) -> str:
        return missing if value is None else escape(vn_number(value))

    def cells(row: IndexRankingRow) -> str:
        result = row.index.result
        total = missing if result.total is None else f"<strong>{escape(vn_number(result.total))}</strong>"
        groups = "".join(
            f'<td data-label="{escape(group.label)}" class="text-end" data-col="{escape(group.code)}">'
            f"{points(group.points)}</td>"
            for group in result.groups
        )
        change = row.change
        delta = (
            f'<span class="delta delta-{escape(change.trend)}">{escape(change.text)}</span>'
            if change.text
            else ""
        )
        return (
            f'<tr data-unit="{escape(row.department.code)}"><td data-label="{labels[0]}" class="rank">'
            f'{escape(row.rank or "—")}</td><td><a href="{escape(unit_url(row.department.code))}?{query}">'
            f'{escape(row.department.name)}</a></td><td data-label="{labels[1]}" class="text-end" data-col="total">'
            f'{total}</td>{groups}<td data-label="{labels[2]}" class="text-end small">{delta}</td>'
            f'<td data-label="{labels[3]}" class="text-end">{escape(row.previous_rank or "—")}</td></tr>'
        )

    written = (
        _kept_markup(
            row.index,
            (row.rank, row.previous_rank, row.change, row.department.code, row.department.name, query),
            lambda row=row: cells(row),
        )
        for row in rows
    )
    return mark_safe("\n".join(written))  # noqa: S308 (escaped above)


def indicator_rows_html(rows: Iterable[IndicatorRow]) -> SafeString:
    """The rows of an indicator table on the department page: the
    figure linked to its records, with its formula, its numerator and denominator, its target."""

    def notes(indicator: Indicator) -> SafeString:
        context = indicator.context
        parts = []
        if indicator.denominator and indicator.definition.kind != "count":
            parts.append(
                format_html(
                    '<div class="small text-muted fw-normal">{}/{}</div>',
                    vn_number(indicator.numerator),
                    vn_number(indicator.denominator),
                )
            )
        target = context.get("target_pct")
        if target is not None and target:
            year = context.get("target_year")
            parts.append(
                format_html(
                    '<div class="small text-muted fw-normal">{} {}{}</div>',
                    _("chỉ tiêu"),
                    vn_percent(target),
                    f" {_('đến')} {year}" if year else "",
                )
            )
        measured = context.get("measured_on")
        if measured and indicator.code == "disbursement_rate":
            parts.append(
                format_html(
                    '<div class="small text-muted fw-normal">{} {}</div>', _("đến"), vn_date(measured)
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def row_html(row: IndicatorRow) -> SafeString:
        indicator = row.indicator
        figure = indicator_display(indicator)
        if row.url:
            figure = format_html('<a href="{}" title="{}">{}</a>', row.url, _("Xem danh sách"), figure)
        return format_html(
            '<tr id="ind-{}"><th scope="row" class="fw-normal">{}'
            '<div class="formula small text-muted">{}</div></th>'
            '<td class="text-end text-nowrap fw-semibold">{}{}</td></tr>',
            indicator.code,
            indicator.label,
            indicator.definition.formula,
            figure,
            notes(indicator),
        )

    return format_html_join("\n", "{}", ((row_html(row),) for row in rows))


def form_06a_rows_html(
    rows: list[Form06aRow], total: Form06aRow, *, query: str, department_code: str | None, dossiers: str
) -> tuple[SafeString, SafeString]:
    """The body and the total row of Biểu 06a on the page, each non-zero cell linked to its dossiers in
    the list at `dossiers`."""
    scope = f"&department={department_code}" if department_code else ""

    def cells(row: Form06aRow, field: str) -> SafeString:
        return format_html_join(
            "",
            "{}",
            (
                (
                    format_html(
                        '<td><a href="{}?indicator=06a:{}&amp;{}{}{}">{}</a></td>',
                        dossiers,
                        column,
                        query,
                        scope,
                        field,
                        vn_number(value),
                    )
                    if value
                    else format_html("<td>{}</td>", 0),
                )
                for column, value in row.values.items()
            ),
        )

    body = format_html_join(
        "\n",
        "<tr><td>{}</td><td>{}</td>{}</tr>",
        (
            (number, row.field, cells(row, f"&field={row.field_id}"))
            for number, row in enumerate(rows, start=1)
        ),
    )
    foot = format_html("<tr><td></td><td>{}</td>{}</tr>", total.field, cells(total, ""))
    return body, foot
