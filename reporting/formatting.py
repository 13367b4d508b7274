"""Figures written the Vietnamese way: 91,89% · 1.234 · 12,5 điểm. Presentation only."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from reporting.definitions import Definition
from reporting.results import Indicator


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


def value_display(value: int | float | str | None, definition: Definition) -> str:
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
