"""The national index's ranking rows on the province's page, written by reporting.fast_html (for speed:
its docstring has the figures), each unit linked to its own index page."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from reporting.fast_html import index_ranking_rows_html

register = template.Library()


def _unit_url(code: str) -> str:
    return reverse("dashboards:index766_unit", kwargs={"code": code})


@register.simple_tag
def index766_ranking_rows(rows: list, query_params: str, structure_query: str) -> SafeString:
    return index_ranking_rows_html(rows, unit_url=_unit_url, query=f"{query_params}&{structure_query}")
