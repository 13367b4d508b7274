"""Figures written the Vietnamese way: 91,89% · 1.234 · 12,5 điểm. Presentation only."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reporting.indicators import Form06aRow, Indicator

if TYPE_CHECKING:
    from reporting.selectors import IndicatorRow


def vn_number(value: int | float | Decimal | None, *, decimals: int | None = None) -> str:
    # A template passes "" for a figure that does not exist (e.g. in an older frozen conclusion).
    if value is None or value == "":
        return "—"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def vn_percent(value: float | None) -> str:
    return "—" if value is None or value == "" else f"{vn_number(value)}%"


def vn_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def value_display(value, definition) -> str:
    """A figure as the pages write it: 91,89% · 1.234 · 18,56/20 điểm · "chưa có số liệu"."""
    if value is None or value == "":
        return _("chưa có số liệu") if definition.source == "declarations" else "—"
    if definition.kind == "rate":
        return vn_percent(value)
    if definition.kind == "score":
        return _("%(score)s/20 điểm") % {"score": vn_number(value)}
    return vn_number(value)


def indicator_display(indicator: Indicator) -> str:
    return value_display(indicator.value, indicator.definition)


def delta_display(current: Indicator, previous: Indicator) -> tuple[str, str]:
    """The change from the previous period and whether it is good news ("up", "down" or "flat"),
    in percentage points for rates."""
    if current.value is None or previous.value is None:
        return "", "flat"
    change = round(current.value - previous.value, 2)
    if change == 0:
        return _("không đổi"), "flat"
    sign = "+" if change > 0 else "−"
    unit = _(" điểm phần trăm") if current.definition.kind == "rate" else ""
    text = f"{sign}{vn_number(abs(change))}{unit}"
    if current.definition.kind == "count" and current.code not in LOWER_IS_BETTER:
        # More dossiers received is neither good nor bad news.
        return text, "flat"
    better = change < 0 if current.code in LOWER_IS_BETTER else change > 0
    return text, "up" if better else "down"


LOWER_IS_BETTER = {"in_progress_overdue", "resolved_late", "late_with_apology", "reports_late"}


def ranking_rows_html(
    ranking, *, codes: list[str], sort: str, query_params: str, query: str, today: date
) -> SafeString:
    """The ranking table's rows, written here rather than by the template: sixty departments of a dozen
    linked, formatted cells each are the bulk of the overview's rendering time."""
    dossiers = reverse("dashboards:dossier_list")
    overdue_query = f"indicator=in_progress_overdue&from={today.isoformat()}&to={today.isoformat()}"

    def cells(row) -> SafeString:
        code = row.department.code
        figures = format_html_join(
            "",
            '<td class="text-end{}">{}</td>',
            ((" fw-semibold" if c == sort else "", indicator_display(row.indicators[c])) for c in codes),
        )
        overdue = (
            format_html(
                '<a class="text-danger" href="{}?{}&amp;department={}">{}</a>',
                dossiers,
                overdue_query,
                code,
                vn_number(row.overdue_now),
            )
            if row.overdue_now
            else "0"
        )
        return format_html(
            '<tr><td>{}</td><td><a href="{}?{}">{}</a></td>'
            '<td class="text-end"><a href="{}?indicator=received&amp;department={}&amp;{}">{}</a></td>'
            '<td class="text-end"><a href="{}?indicator=resolved&amp;department={}&amp;{}">{}</a></td>'
            '{}<td class="text-end">{}</td></tr>',
            row.rank,
            row.department.get_absolute_url(),
            query_params,
            row.department.name,
            dossiers,
            code,
            query,
            vn_number(row.indicators["received"].value),
            dossiers,
            code,
            query,
            vn_number(row.indicators["resolved"].value),
            figures,
            overdue,
        )

    return format_html_join("\n", "{}", ((cells(row),) for row in ranking))


def indicator_rows_html(rows: Iterable["IndicatorRow"]) -> SafeString:
    """The rows of an indicator table on the department page (reporting.selectors.IndicatorRow): the
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

    def row_html(row: "IndicatorRow") -> SafeString:
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
    rows: list[Form06aRow], total: Form06aRow, *, query: str, department_code: str | None
) -> tuple[SafeString, SafeString]:
    """The body and the total row of Biểu 06a on the page, each non-zero cell linked to its dossiers."""
    dossiers = reverse("dashboards:dossier_list")
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
