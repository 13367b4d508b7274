"""The national index's figures written the Vietnamese way, for the pages, the command and the workbook:
12,5 điểm · 91,89% · "chưa có dữ liệu" where a unit has not supplied what an indicator needs (never 0).
Presentation only."""

from django.utils.translation import gettext as _

from reporting.formatting import vn_number, vn_percent
from reporting.index766_rules import IndexIndicator

NO_DATA = "chưa có dữ liệu"
# A denominator of nothing: nothing happened in the period for the indicator to measure.
NOTHING = "không phát sinh"


def points_text(points: float | None) -> str:
    return _(NO_DATA) if points is None else vn_number(points)


def indicator_points_text(indicator: IndexIndicator) -> str:
    """An indicator's points as written: 2.2 is shown and never scored."""
    if indicator.definition.kind == "shown":
        return _("không tính điểm")
    return points_text(indicator.points)


def ratio_text(indicator: IndexIndicator) -> str:
    """The indicator's measure: its ratio, the mean days of a figure that is only shown, or what a unit
    declared."""
    if indicator.definition.kind == "shown":
        if indicator.value is None:
            return _(NO_DATA)
        return _("%(days)s ngày làm việc") % {"days": vn_number(indicator.value)}
    if indicator.ratio is None:
        return _(NOTHING) if indicator.denominator == 0 else _(NO_DATA)
    return vn_percent(indicator.ratio)
