"""Charts drawn as inline SVG on the server: no script, no CDN, and they print as they look.

The geometry of a chart is computed here from the figures; its SVG markup is written by
reporting.fast_html (reporting/chart_*.html only place it on the page).

An SVG scales with its viewBox, text included: a 760-unit chart shown 350 px wide on a phone writes its
11-unit labels 5 px high. So each chart also carries a phone-sized geometry (`phone`), drawn at about the
width a phone shows it, with no more labels than fit, and the page shows one or the other by its width."""

import math
from dataclasses import dataclass, field

from reporting.formatting import vn_number


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass
class Chart:
    width: int
    height: int
    title: str
    rects: list[Rect] = field(default_factory=list)
    x_labels: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    plot_left: float = 0
    plot_right: float = 0
    plot_bottom: float = 0
    phone: "Chart | None" = None


# A phone's content width at 390 px less the page's and the card's padding, in the units the chart is drawn
# in, so that 11-unit text shows about 11 px high.
PHONE_WIDTH = 340
# The width of a character of the axis text (11 units, a sans-serif face) with room around it, to judge how
# many labels of the x axis fit side by side.
AXIS_CHAR_WIDTH = 6.6


def _nice_max(value: float) -> int:
    """A round top for the axis: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def stacked_columns(
    title: str,
    categories: list[str],
    series: list[tuple[str, str, list[int]]],
    *,
    width: int = 760,
    height: int = 280,
) -> Chart:
    """One column per category, each series stacked on the previous one; with its phone geometry."""
    chart = _stacked_columns(title, categories, series, width=width, height=height)
    chart.phone = _stacked_columns(title, categories, series, width=PHONE_WIDTH, height=220)
    return chart


def _label_step(labels: list[str], plot_width: float) -> int:
    """Every how many categories the x axis writes its label so that none overlaps the next."""
    if not labels:
        return 1
    widest = max(len(label) for label in labels) * AXIS_CHAR_WIDTH
    return max(1, math.ceil(widest / (plot_width / len(labels))))


def _stacked_columns(
    title: str, categories: list[str], series: list[tuple[str, str, list[int]]], *, width: int, height: int
) -> Chart:
    left, right, top, bottom = 44, 8, 10, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    top_value = _nice_max(max(totals, default=0))
    slot = plot_width / max(len(categories), 1)
    bar = max(min(slot * 0.7, 48), 2)
    # The last category is the most recent month: counting the step back from it keeps it labelled.
    label_step = _label_step(categories, plot_width)
    last = len(categories) - 1
    chart = Chart(
        width,
        height,
        title,
        legend=[(css, name) for name, css, _ in series],
        plot_left=left,
        plot_right=width - right,
        plot_bottom=top + plot_height,
    )
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_height
        for name, css, values in series:
            value = values[i]
            if value:
                h = value / top_value * plot_height
                base -= h
                chart.rects.append(
                    Rect(
                        round(x, 1),
                        round(base, 1),
                        round(bar, 1),
                        round(h, 1),
                        css,
                        f"{category} · {name}: {vn_number(value)}",
                    )
                )
        if (last - i) % label_step == 0:
            chart.x_labels.append(Tick(round(left + slot * i + slot / 2, 1), category))
    # Counts get whole-number gridlines: 4 or 5 steps, whichever divides the top of the axis.
    steps = next(n for n in (4, 5, 2, 1) if top_value % n == 0)
    for step in range(steps + 1):
        value = top_value * step // steps
        chart.y_ticks.append(Tick(round(top + plot_height - plot_height * step / steps, 1), vn_number(value)))
    return chart


def horizontal_bars(title: str, items: list[tuple[str, str, int]], *, width: int = 520) -> Chart:
    """One bar per item, labels on the left: the dossiers of a period by status; with its phone geometry,
    whose labels keep their room and whose bars are shorter."""
    chart = _horizontal_bars(title, items, width=width, left=190, right=60)
    chart.phone = _horizontal_bars(title, items, width=PHONE_WIDTH, left=168, right=44)
    return chart


def _horizontal_bars(
    title: str, items: list[tuple[str, str, int]], *, width: int, left: int, right: int
) -> Chart:
    row = 26
    height = row * len(items) + 8
    top_value = max((value for _, _, value in items), default=0) or 1
    plot = width - left - right
    chart = Chart(width, height, title, plot_left=left, plot_right=width - right)
    for i, (label, css, value) in enumerate(items):
        y = 4 + i * row
        chart.rects.append(
            Rect(
                left, y + 4, round(value / top_value * plot, 1), row - 10, css, f"{label}: {vn_number(value)}"
            )
        )
        chart.y_ticks.append(Tick(y + row / 2 + 4, label))
        chart.x_labels.append(Tick(y + row / 2 + 4, vn_number(value)))
    return chart
