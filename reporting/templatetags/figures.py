"""Template filters and tags that write figures the Vietnamese way; formatting only, no computing."""

from django import template
from django.template import Context
from django.utils.safestring import SafeString

from reporting import charts, formatting
from reporting.indicators import Form06aRow
from reporting.selectors import IndicatorRow

register = template.Library()


@register.filter
def figure(indicator) -> str:
    return formatting.indicator_display(indicator)


@register.filter
def vn_number(value) -> str:
    return formatting.vn_number(value)


@register.filter
def vn_percent(value) -> str:
    return formatting.vn_percent(value)


@register.filter
def indicator(result, code: str):
    """One indicator of a result; from a conclusion frozen before an indicator existed, an empty one."""
    if isinstance(result, dict):
        return result.get(code, {})
    return result[code]


@register.filter
def frozen_figure(frozen: dict, indicator) -> str:
    """The value a conclusion froze for this indicator, written like the live one beside it."""
    return formatting.value_display((frozen or {}).get(indicator.code, {}).get("value"), indicator.definition)


# The department page's tables and charts are written in Python (reporting.formatting,
# reporting.charts): the template language takes several times longer over their hundreds of cells.


@register.simple_tag
def columns_chart(chart: charts.Chart) -> SafeString:
    return charts.columns_svg(chart)


@register.simple_tag
def bars_chart(chart: charts.Chart) -> SafeString:
    return charts.bars_svg(chart)


@register.simple_tag
def indicator_rows(rows: list[IndicatorRow]) -> SafeString:
    return formatting.indicator_rows_html(rows)


@register.simple_tag(takes_context=True)
def form_06a_rows(context: Context, rows: list[Form06aRow], total: Form06aRow) -> dict[str, SafeString]:
    """The body and the total row of Biểu 06a, for the period and the department of the page."""
    department = context.get("department")
    body, total_row = formatting.form_06a_rows_html(
        rows, total, query=context["selected"].query, department_code=department.code if department else None
    )
    return {"body": body, "total": total_row}
