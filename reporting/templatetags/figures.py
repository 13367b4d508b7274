"""Template filters and tags that write figures the Vietnamese way; formatting only, no computing."""

from django import template
from django.template import Context
from django.utils.safestring import SafeString

from reporting import fast_html, formatting
from reporting.charts import Chart
from reporting.form_06a import Form06aRow
from reporting.results import IndicatorRow

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


# The department page's tables and charts are written in Python, for speed (reporting.fast_html says
# how much): these tags place them in the templates.


@register.simple_tag
def columns_chart(chart: Chart) -> SafeString:
    return fast_html.columns_svg(chart)


@register.simple_tag
def bars_chart(chart: Chart) -> SafeString:
    return fast_html.bars_svg(chart)


@register.simple_tag
def indicator_rows(rows: list[IndicatorRow]) -> SafeString:
    return fast_html.indicator_rows_html(rows)


@register.simple_tag(takes_context=True)
def form_06a_rows(
    context: Context, rows: list[Form06aRow], total: Form06aRow, dossiers: str
) -> dict[str, SafeString]:
    """The body and the total row of Biểu 06a, for the period and the department of the page, each
    cell linked to its dossiers in the list at `dossiers`."""
    department = context.get("department")
    body, total_row = fast_html.form_06a_rows_html(
        rows,
        total,
        # The page's structure (dashboards' switch), so that a cell lists the records it counted.
        query="&".join(filter(None, [context["selected"].query, context.get("structure_query")])),
        department_code=department.code if department else None,
        dossiers=dossiers,
    )
    return {"body": body, "total": total_row}
