"""A unit's national index (766) as its pages show it: each group's bar and change, each indicator with
a link to the records behind each count, and every figure's change from the previous period."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from reporting.formatting import vn_number
from reporting.index766 import UnitIndex
from reporting.index766_drilldown import index_count_url
from reporting.index766_formatting import indicator_points_text, ratio_text
from reporting.index766_rules import IndexGroup, IndexIndicator, IndexResult
from reporting.params import RecordLists

# -- Changes from the previous period ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    text: str  # "+1,25", "−0,5", "không đổi"; "" where either period has no points
    trend: str  # "up", "down" or "flat", as the overview's deltas

    @classmethod
    def between(cls, current: float | None, previous: float | None) -> "Change":
        if current is None or previous is None:
            return cls("", "flat")
        change = Decimal(str(current)) - Decimal(str(previous))
        if not change:
            return cls(_("không đổi"), "flat")
        sign = "+" if change > 0 else "−"
        return cls(f"{sign}{vn_number(float(abs(change)))}", "up" if change > 0 else "down")


# -- A unit's index on a page -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountLink:
    label: str
    count: int | None
    url: str | None


@dataclass(frozen=True)
class IndicatorLine:
    indicator: IndexIndicator
    numerator_url: str | None
    denominator_url: str | None
    # 5.4's two shares, each count with its list.
    parts: list[tuple[CountLink, CountLink]]
    change: Change

    @property
    def measure(self) -> str:
        return ratio_text(self.indicator)

    @property
    def points(self) -> str:
        return indicator_points_text(self.indicator)


@dataclass(frozen=True)
class GroupLine:
    group: IndexGroup
    # The share of the group's maximum the points fill, for its bar's width in a viewBox 100 wide,
    # written with a point whatever the page's language.
    filled: str
    change: Change
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class IndexView:
    index: UnitIndex
    previous: UnitIndex
    groups: list[GroupLine]
    change: Change

    @property
    def result(self) -> IndexResult:
        return self.index.result


def count_url(code: str, part: str, index: UnitIndex, lists: RecordLists) -> str | None:
    return index_count_url(code, part, index.period, index.department, lists=lists, structure=index.structure)


def _complement_parts(indicator: IndexIndicator, index: UnitIndex, lists: RecordLists) -> list[tuple]:
    if indicator.definition.kind != "complement" or len(indicator.parts) != 2:
        return []
    (late, finished), (flagged, received) = indicator.parts
    code = indicator.code
    return [
        (
            CountLink(_("kết thúc quá hạn"), late, count_url(code, "late", index, lists)),
            CountLink(_("kết thúc trong kỳ"), finished, count_url(code, "finished", index, lists)),
        ),
        (
            CountLink(_("có PAKN hoặc không hài lòng"), flagged, count_url(code, "flagged", index, lists)),
            CountLink(_("tiếp nhận trong kỳ"), received, count_url(code, "received", index, lists)),
        ),
    ]


def index_view(index: UnitIndex, previous: UnitIndex, lists: RecordLists) -> IndexView:
    """The index with a link for each count and the change of every figure from the previous period."""
    before = {indicator.code: indicator for indicator in previous.result.indicators}
    groups_before = {group.code: group for group in previous.result.groups}
    groups = []
    for group in index.result.groups:
        lines = []
        for indicator in group.indicators:
            has_counts = indicator.denominator is not None
            lines.append(
                IndicatorLine(
                    indicator,
                    count_url(indicator.code, "numerator", index, lists) if has_counts else None,
                    count_url(indicator.code, "denominator", index, lists) if has_counts else None,
                    _complement_parts(indicator, index, lists),
                    Change.between(indicator.points, before[indicator.code].points),
                )
            )
        filled = min(100.0, (group.points or 0) / group.max * 100) if group.max else 0.0
        change = Change.between(group.points, groups_before[group.code].points)
        groups.append(GroupLine(group, f"{filled:.1f}", change, lines))
    return IndexView(index, previous, groups, Change.between(index.result.total, previous.result.total))
