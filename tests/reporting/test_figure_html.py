"""The department page's indicator tables, Biểu 06a and charts, written in Python rather than by the
template language: the same cells, links and notes, and every name escaped."""

from datetime import date

from django.urls import reverse

from reporting.charts import horizontal_bars, stacked_columns
from reporting.definitions import DEFINITIONS_BY_CODE
from reporting.fast_html import bars_svg, columns_svg, form_06a_rows_html, indicator_rows_html
from reporting.form_06a import FORM_06A_COLUMNS as COLUMNS
from reporting.form_06a import Form06aRow
from reporting.results import Indicator, IndicatorRow


def indicator(code: str, value, **extra) -> Indicator:
    return Indicator(DEFINITIONS_BY_CODE[code], value, **extra)


def test_a_rate_links_to_its_records_and_shows_its_numerator_and_denominator():
    html = indicator_rows_html(
        [
            IndicatorRow(
                indicator("on_time_rate", 66.67, numerator=2, denominator=3), "/ho-so/?indicator=x&a=1"
            )
        ]
    )
    assert '<tr id="ind-on_time_rate">' in html
    assert '<a href="/ho-so/?indicator=x&amp;a=1" title="Xem danh sách">66,67%</a>' in html
    assert '<div class="small text-muted fw-normal">2/3</div>' in html
    assert str(DEFINITIONS_BY_CODE["on_time_rate"].formula) in html


def test_a_count_has_no_fraction_and_a_figure_without_records_no_link():
    html = indicator_rows_html(
        [IndicatorRow(indicator("received", 1234, numerator=1234, denominator=1), None)]
    )
    assert "<a " not in html
    assert "1.234" in html and "1234/1" not in html


def test_declared_figures_show_their_target_and_the_day_they_were_measured():
    staff = indicator(
        "staff_reduction_rate",
        7.5,
        numerator=3,
        denominator=40,
        context={"target_pct": 10, "target_year": 2026},
    )
    disbursement = indicator("disbursement_rate", 55.0, context={"measured_on": date(2025, 9, 30)})
    missing = indicator("disbursement_rate", None)
    html = indicator_rows_html(
        [IndicatorRow(staff, None), IndicatorRow(disbursement, None), IndicatorRow(missing, None)]
    )
    assert "chỉ tiêu 10% đến 2026" in html
    assert "đến 30/09/2025" in html
    assert "chưa có số liệu" in html


def test_form_06a_links_each_non_zero_cell_to_its_dossiers_and_escapes_field_names():
    values = dict.fromkeys(COLUMNS, 0) | {"received_total": 2, "received_online": 2}
    rows = [Form06aRow('Đất đai <b>"&"</b>', values, field_id=7)]
    dossiers = reverse("dashboards:dossier_list")
    body, total = form_06a_rows_html(
        rows,
        Form06aRow("Tổng cộng", values),
        query="from=2025-01-01&to=2025-12-31",
        department_code="STTTT",
        dossiers=dossiers,
    )
    assert body.startswith("<tr><td>1</td><td>Đất đai &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;</td>")
    assert (
        f'<td><a href="{dossiers}?indicator=06a:received_online&amp;from=2025-01-01&amp;to=2025-12-31'
        '&amp;department=STTTT&amp;field=7">2</a></td>'
    ) in body
    assert body.count("<td>0</td>") == len(COLUMNS) - 2
    assert (
        'indicator=06a:received_total&amp;from=2025-01-01&amp;to=2025-12-31&amp;department=STTTT">2</a>'
        in total
    )
    assert "field=" not in total


def test_province_form_06a_links_name_no_department():
    values = dict.fromkeys(COLUMNS, 1)
    body, _total = form_06a_rows_html(
        [Form06aRow("Xây dựng", values, field_id=3)],
        Form06aRow("Tổng", values),
        query="q=1",
        department_code=None,
        dossiers="/ho-so/",
    )
    assert "department=" not in body and body.count("<a ") == len(COLUMNS)


def test_charts_draw_one_shape_per_non_zero_value_with_its_title_escaped():
    columns = columns_svg(
        stacked_columns(
            "Theo <tháng>",
            ["01/2025", "02/2025"],
            [("Trước hạn", "s-early", [3, 0]), ("Quá hạn", "s-late", [1, 2])],
        )
    )
    assert columns.startswith(
        '<figure class="chart mb-2"><svg viewBox="0 0 760 280" role="img" aria-label="Theo &lt;tháng&gt;"'
    )
    # Three shapes in the wide drawing and three in the phone's.
    assert columns.count("<rect ") == 3 + 3
    assert "<title>01/2025 · Trước hạn: 3</title>" in columns
    assert '<span><i class="swatch s-late"></i>Quá hạn</span>' in columns
    bars = bars_svg(
        horizontal_bars("Tình trạng", [("Rút hồ sơ", "s-no-result", 0), ("Từ chối", "s-no-result", 1)])
    )
    assert bars.count("<rect ") == 2 + 2 and "<title>Từ chối: 1</title>" in bars
    assert (
        '<text x="182" y="21.0" class="axis" text-anchor="end" dominant-baseline="middle">Rút hồ sơ</text>'
        in bars
    )


def test_a_chart_has_a_phone_drawing_with_no_more_month_labels_than_fit_the_last_month_kept():
    months = [f"{month:02}/2025" for month in range(1, 13)]
    chart = stacked_columns("Theo tháng", months, [("Đúng hạn", "s-on-time", list(range(1, 13)))])
    # Twelve labels of seven characters fit side by side in 708 units, not in the phone's 288.
    assert [tick.text for tick in chart.x_labels] == months
    assert [tick.text for tick in chart.phone.x_labels] == months[1::2]
    assert (chart.phone.width, chart.phone.height) == (340, 220)
    html = columns_svg(chart)
    assert html.count("<svg ") == 2 and html.count('class="chart-legend') == 1
    assert (
        'viewBox="0 0 760 280" role="img" aria-label="Theo tháng" class="w-100 chart-wide d-none d-sm-block'
        in html
    )
    assert (
        'viewBox="0 0 340 220" role="img" aria-label="Theo tháng" class="w-100 chart-phone d-sm-none' in html
    )
    assert html.count(">12/2025</text>") == 2 and html.count(">01/2025</text>") == 1


def test_the_phone_drawing_of_the_status_bars_keeps_room_for_the_longest_label():
    chart = horizontal_bars("Tình trạng", [("Đang giải quyết trong hạn", "s-within", 3)])
    # 25 characters of 11-unit text need about 150 units left of the bar.
    assert (chart.phone.width, chart.phone.plot_left, chart.phone.plot_right) == (340, 168, 296)
    assert chart.phone.rects[0].width == 128
    html = bars_svg(chart)
    assert '<text x="160" y="21.0" class="axis" text-anchor="end" dominant-baseline="middle">' in html
