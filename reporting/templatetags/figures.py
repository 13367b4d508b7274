"""Template filters that write figures the Vietnamese way; formatting only, no computing."""

from django import template

from reporting import formatting

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
