"""Charts drawn as inline SVG on the server: no script, no CDN, and they print as they look.

The numbers come from reporting.indicators; the geometry and the SVG markup are written here, in
Python: a chart is a few dozen shapes of half a dozen attributes each, which the template language
takes several times longer to write (reporting/chart_*.html only place it on the page)."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
    """One column per category, each series stacked on the previous one."""
    left, right, top, bottom = 44, 8, 10, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    top_value = _nice_max(max(totals, default=0))
    slot = plot_width / max(len(categories), 1)
    bar = max(min(slot * 0.7, 48), 2)
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
        chart.x_labels.append(Tick(round(left + slot * i + slot / 2, 1), category))
    # Counts get whole-number gridlines: 4 or 5 steps, whichever divides the top of the axis.
    steps = next(n for n in (4, 5, 2, 1) if top_value % n == 0)
    for step in range(steps + 1):
        value = top_value * step // steps
        chart.y_ticks.append(Tick(round(top + plot_height - plot_height * step / steps, 1), vn_number(value)))
    return chart


def horizontal_bars(title: str, items: list[tuple[str, str, int]], *, width: int = 520) -> Chart:
    """One bar per item, labels on the left: the dossiers of a period by status."""
    row, left, right = 26, 190, 60
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


def _svg_open(chart: Chart) -> SafeString:
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="w-100" '
        'preserveAspectRatio="xMidYMid meet">',
        chart.width,
        chart.height,
        chart.title,
    )


def _rects(chart: Chart) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>',
        ((r.x, r.y, r.width, r.height, r.css, r.title) for r in chart.rects),
    )


def columns_svg(chart: Chart) -> SafeString:
    """A stacked_columns chart: gridlines with their values, the columns, the months, the legend."""
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
    legend = format_html_join(
        "", '<span><i class="swatch {}"></i>{}</span>', ((css, name) for css, name in chart.legend)
    )
    return format_html(
        '<figure class="chart mb-2">{}{}{}{}</svg><figcaption class="chart-legend small">{}</figcaption>'
        "</figure>",
        _svg_open(chart),
        ticks,
        _rects(chart),
        labels,
        legend,
    )


def bars_svg(chart: Chart) -> SafeString:
    """A horizontal_bars chart: the labels on the left, the bars, each value at the end of the plot."""
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
    return format_html(
        '<figure class="chart mb-2">{}{}{}{}</svg></figure>', _svg_open(chart), labels, _rects(chart), values
    )
