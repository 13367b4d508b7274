"""The national index (766) pages: the province's index and the ranking, a unit's index with its change,
trend, points to gain and per-procedure table, their workbooks, who may open them and what they cost."""

import io
import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from departments.models import Department
from reporting.formatting import vn_number
from tests.factories import (
    local,
    make_department,
    make_dossier,
    make_march_2025,
    make_petition,
    make_procedure,
)

pytestmark = pytest.mark.django_db

MARCH_2025 = {"kind": "month", "year": "2025", "month": "3"}
# The province's page: the session, the user, the units ranked, the index of all of them for the period
# and for the one before (reporting.index766), the province's own with 2.2 (unit_index766), the ranked
# units' and the province's for each of the ten other months of the trend; nothing for each unit or
# dossier.
PROVINCE_PAGE = 186
# A unit's page: the session, the user, the unit, its own index with 2.2 (unit_index766), the units
# ranked and their index for the period (for its rank), then for each of the eleven months before it the
# index of the ranked units (or of the unit alone, if not ranked), the per-procedure counts and their
# procedures; nothing for each unit or dossier.
UNIT_PAGE = 192


@pytest.fixture
def march(province):
    """March 2025. STTTT: HS-1 finished early and synced, HS-2 online and in progress; SXD: HS-3 in
    progress and synced; a commune that carries out a procedure and received nothing."""
    make_march_2025(province)
    commune = make_department("XA-AN", name="UBND xã An", kind=Department.Kind.COMMUNE)
    make_procedure(commune, code="2.000001", name="Chứng thực bản sao từ bản chính")
    return province


def indicator(result, code: str):
    return next(i for i in result.indicators if i.code == code)


def unit_url(code: str, name: str = "dashboards:index766_unit") -> str:
    return reverse(name, kwargs={"code": code})


def test_province_page_shows_the_index_and_ranks_agencies_and_communes_apart(
    client, march, django_assert_max_num_queries
):
    client.force_login(march.leader)
    with django_assert_max_num_queries(PROVINCE_PAGE):
        response = client.get(reverse("dashboards:index766"), MARCH_2025)
    page = response.context["page"]
    result = page.view.result
    assert (indicator(result, "1.4").numerator, indicator(result, "1.4").denominator) == (2, 3)
    assert (indicator(result, "1.4").ratio, indicator(result, "1.4").points) == (66.67, 4.0)
    assert [section.code for section in page.sections] == ["agencies", "communes"]
    agencies, communes = page.sections
    # STTTT: half of 1.4 and of 2.1 (HS-2 is late by the end of March), 5.3 and 5.4 in full. SXD: 1.4 in
    # full, none of 2.1 (HS-3 is late), 5.3 and 5.4 in full.
    assert [(row.rank, row.department.code, row.index.result.total) for row in agencies.rows] == [
        (1, "STTTT", 25.0),
        (2, "SXD", 18.0),
    ]
    assert [(row.rank, row.department.code) for row in communes.rows] == [(1, "XA-AN")]
    html = response.content.decode()
    assert "Xếp hạng Sở, ban, ngành · Tháng 3/2025" in html
    assert "Xếp hạng UBND cấp xã · Tháng 3/2025" in html
    # The commune received nothing: its dossier groups have no data, never 0.
    commune_row = re.search(r'<tr data-unit="XA-AN">.*?</tr>', html, re.S).group(0)
    assert re.search(r'data-col="tien_do"><span class="small text-muted">chưa có dữ liệu', commune_row)
    assert response.context["selected"].previous_label == "Tháng 2/2025"
    # The province's twelve months: February had no dossier, only 5.3's points (full without petitions)
    # and the commune's and agencies' catalogue.
    assert [(f"{m.month:%m/%Y}", m.result.total) for m in page.trend][-2:] == [
        ("02/2025", page.view.previous.result.total),
        ("03/2025", result.total),
    ]
    assert len(page.trend) == 12 and 'id="index-trend"' in html


def test_ranking_is_sorted_by_a_group_and_the_header_says_so(client, march):
    client.force_login(march.inspector)
    response = client.get(reverse("dashboards:index766"), {**MARCH_2025, "sort": "cong_khai"})
    agencies = response.context["page"].sections[0]
    # All of SXD's dossiers are synced (6 points), half of STTTT's (3).
    assert [(row.rank, row.department.code) for row in agencies.rows] == [(1, "SXD"), (2, "STTTT")]
    assert 'data-sort="cong_khai" aria-sort="descending">Công khai, minh bạch ▼' in response.content.decode()
    digitised = client.get(reverse("dashboards:index766"), {**MARCH_2025, "sort": "so_hoa"})
    # Neither has a point for digitisation: equal ranks, in code order.
    assert [(row.rank, row.department.code) for row in digitised.context["page"].sections[0].rows] == [
        (1, "STTTT"),
        (1, "SXD"),
    ]
    unknown = client.get(reverse("dashboards:index766"), {**MARCH_2025, "sort": "x"})
    assert unknown.context["page"].sort == "total"


def test_without_a_period_the_page_shows_the_last_complete_month(client, march):
    client.force_login(march.leader)
    last = timezone.localdate().replace(day=1) - timedelta(days=1)
    response = client.get(reverse("dashboards:index766"))
    assert response.context["selected"].label == f"Tháng {last.month}/{last.year}"


def test_each_count_of_a_unit_opens_exactly_the_records_it_counts(client, march):
    client.force_login(march.inspector)
    response = client.get(unit_url("STTTT"), MARCH_2025)
    line = next(
        line for group in response.context["page"].view.groups for line in group.indicators
        if line.indicator.code == "1.4"
    )  # fmt: skip
    listed = {}
    for part, url in (("numerator", line.numerator_url), ("denominator", line.denominator_url)):
        assert f"indicator=766%3A1.4%3A{part}&department=STTTT&from=2025-03-01&to=2025-03-31" in url
        assert f'href="{url.replace("&", "&amp;")}"' in response.content.decode()
        listed[part] = [d.code for d in client.get(url).context["page"].object_list]
    assert (listed["numerator"], sorted(listed["denominator"])) == (["HS-1"], ["HS-1", "HS-2"])


def test_a_petition_count_opens_the_petitions_it_counts(client, march):
    make_petition(march.stttt, code="PAKN-1", received_at=local(2025, 3, 10))
    client.force_login(march.leader)
    page = client.get(unit_url("STTTT"), MARCH_2025).context["page"]
    line = next(
        line for group in page.view.groups for line in group.indicators if line.indicator.code == "5.3"
    )
    assert (line.indicator.numerator, line.indicator.denominator) == (1, 1)
    listed = client.get(line.denominator_url).context["page"].object_list
    assert [petition.code for petition in listed] == ["PAKN-1"]


def test_points_to_gain_are_largest_first_with_the_records_in_the_way(client, march):
    client.force_login(march.leader)
    gains = client.get(unit_url("STTTT"), MARCH_2025).context["page"].gains
    assert [gain.points for gain in gains] == sorted((gain.points for gain in gains), reverse=True)
    by_code = {gain.indicator.code: gain for gain in gains}
    # HS-2, not synced, stands in the way of 1.4's other 3 points.
    synced = by_code["1.4"]
    assert synced.points == 3.0
    [in_the_way] = synced.in_the_way
    assert (in_the_way.count, in_the_way.label) == (1, "hồ sơ chưa đạt")
    assert [d.code for d in client.get(in_the_way.url).context["page"].object_list] == ["HS-2"]
    # 3.3 needs half of the dossiers online with the result they need: one more of the two.
    assert (by_code["3.3"].points, by_code["3.3"].needed, by_code["3.3"].in_the_way[0].count) == (6.0, 1, 2)


def test_unit_page_shows_the_change_from_last_month_and_twelve_months_of_trend(
    client, march, django_assert_max_num_queries
):
    client.force_login(march.leader)
    with django_assert_max_num_queries(UNIT_PAGE):
        response = client.get(unit_url("STTTT"), MARCH_2025)
    page = response.context["page"]
    assert page.view.result.total == 25.0
    # February had no dossier: 5.3's 6 points alone (full where there is no petition).
    assert page.view.previous.result.total == 6.0
    assert page.view.change.text == "+19"
    assert [f"{m.month:%m/%Y}" for m in page.trend][::11] == ["04/2024", "03/2025"]
    assert [m.result.total for m in page.trend][-2:] == [6.0, 25.0]
    assert (page.rank, page.ranked, page.section) == (1, 2, "sở, ban, ngành")
    html = response.content.decode()
    # In the page's content (the header has its bell): the trend chart, wide and phone drawings, and the six
    # groups' bars.
    assert html[html.index("<main") :].count("<svg") == 2 + 6
    assert 'id="index-rank">hạng 1/2 sở, ban, ngành' in html


def test_unit_page_lists_the_dossier_indicators_of_each_procedure(client, march):
    client.force_login(march.leader)
    page = client.get(unit_url("STTTT"), MARCH_2025).context["page"]
    [line] = page.procedures.lines
    assert (line.code, line.name) == ("1.004227", "Cấp giấy phép xuất bản bản tin")
    codes = [code for code, _label in page.procedures.codes]
    cell = line.cells[codes.index("2.1")]
    assert (cell.indicator.numerator, cell.indicator.denominator, cell.measure) == (1, 2, "50%")
    assert cell.numerator_url.endswith("&procedure=1.004227")
    assert [d.code for d in client.get(cell.numerator_url).context["page"].object_list] == ["HS-1"]


def test_a_unit_without_dossiers_shows_no_data_never_zero(client, march):
    client.force_login(march.leader)
    response = client.get(unit_url("XA-AN"), MARCH_2025)
    html = response.content.decode()
    row = re.search(r'<tr data-code="2.1">.*?</tr>', html, re.S).group(0)
    assert '<td data-label="Tỷ lệ" class="text-end measure text-muted">không phát sinh</td>' in row
    assert "<strong>chưa có dữ liệu</strong>" in row
    assert indicator(response.context["page"].view.result, "2.1").points is None


def test_department_page_paragraph_tells_the_index_total_rank_and_groups(client, march):
    client.force_login(march.leader)
    summary = (
        client.get(reverse("dashboards:department", kwargs={"code": "STTTT"}), MARCH_2025)
        .context["dashboard"]
        .summary
    )
    assert (
        "Theo Bộ chỉ số 766 tháng 03/2025, đơn vị đạt 25/66 điểm, xếp thứ 1/2 sở, ban, ngành; mạnh nhất là "
        "nhóm “Mức độ hài lòng” (12/12 điểm), yếu nhất là nhóm “Cung cấp dịch vụ trực tuyến” (0/8 điểm)."
    ) in summary
    # The index is scored by whole months: a period of this month so far holds none to tell of.
    today = timezone.localdate()
    summary = (
        client.get(
            reverse("dashboards:department", kwargs={"code": "STTTT"}),
            {"kind": "month", "year": today.year, "month": today.month},
        )
        .context["dashboard"]
        .summary
    )
    assert "Bộ chỉ số 766" not in summary


def test_staff_see_their_own_units_rows_and_no_other_units_index(client, march):
    client.force_login(march.staff_sxd)
    sections = client.get(reverse("dashboards:index766"), MARCH_2025).context["page"].sections
    assert [(row.rank, row.department.code) for s in sections for row in s.rows] == [(2, "SXD")]
    assert client.get(unit_url("STTTT"), MARCH_2025).status_code == 404
    assert client.get(unit_url("STTTT", "dashboards:index766_unit_xlsx"), MARCH_2025).status_code == 404
    assert client.get(unit_url("SXD"), MARCH_2025).status_code == 200
    ranking = client.get(reverse("dashboards:index766_ranking_xlsx"), MARCH_2025)
    sheet = load_workbook(io.BytesIO(ranking.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=7, values_only=True)] == ["SXD"]


def test_anonymous_visitors_are_sent_to_log_in(client, march):
    for url in (
        reverse("dashboards:index766"),
        unit_url("STTTT"),
        reverse("dashboards:index766_ranking_xlsx"),
    ):
        assert client.get(url).status_code == 302


def test_the_province_page_costs_the_same_whatever_the_number_of_units_and_dossiers(
    client, march, django_assert_max_num_queries
):
    for n in range(4):
        unit = make_department(f"S{n}", name=f"Sở {n}")
        procedure = make_procedure(unit, code=f"9.00000{n}")
        for day in range(2, 6):
            make_dossier(procedure, received_at=local(2025, 3, day), synced_to_dvcqg=bool(day % 2))
    client.force_login(march.leader)
    with django_assert_max_num_queries(PROVINCE_PAGE):
        response = client.get(reverse("dashboards:index766"), MARCH_2025)
    assert len(response.context["page"].sections[0].rows) == 6
    with django_assert_max_num_queries(UNIT_PAGE):
        client.get(unit_url("S0"), MARCH_2025)


def test_ranking_workbook_has_numbers_percent_format_frozen_header_and_province(client, march, settings):
    settings.PROVINCE_NAME = "Lâm Đồng"
    client.force_login(march.leader)
    response = client.get(reverse("dashboards:index766_ranking_xlsx"), MARCH_2025)
    assert (
        response["Content-Disposition"] == 'attachment; filename="chi-so-766-xep-hang-20250301-20250331.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Sở, ban, ngành", "UBND cấp xã"]
    sheet = book["Sở, ban, ngành"]
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert sheet.freeze_panes == "D7"
    assert [c.value for c in sheet[6]][:7] == [
        "Hạng", "Mã đơn vị", "Tên đơn vị", "Tổng điểm", "Điểm tối đa có dữ liệu", "Tỷ lệ đạt",
        "Công khai, minh bạch",
    ]  # fmt: skip
    first = sheet[7]
    assert [c.value for c in first[:5]] == [1, "STTTT", "Sở Thông tin và Truyền thông", 25, 66]
    assert (first[5].value, first[5].number_format) == (0.3788, "0.00%")
    # No payment group data: said in words, never 0.
    assert first[9].value == "chưa có dữ liệu"
    # In February STTTT and SXD had 5.3's 6 points each, both first.
    assert [c.value for c in sheet[6][12:]] == ["Hạng kỳ trước", "Tổng điểm kỳ trước"]
    assert [c.value for c in first[12:]] == [1, 6]


def test_unit_workbook_lists_every_indicator_with_its_counts(client, march, settings):
    settings.PROVINCE_NAME = "Lâm Đồng"
    client.force_login(march.leader)
    response = client.get(unit_url("STTTT", "dashboards:index766_unit_xlsx"), MARCH_2025)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert sheet["A4"].value == "Sở Thông tin và Truyền thông · Kỳ: từ ngày 01/03/2025 đến ngày 31/03/2025"
    assert sheet.freeze_panes == "C7"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=7) if row[0].value}
    synced = rows["1.4"]
    assert [c.value for c in synced[3:9]] == [1, 2, 0.5, 1, 3, 6]
    assert (synced[5].number_format, synced[6].number_format) == ("0.00%", "0.00%")
    assert rows["1.1"][5].value == "không phát sinh" and rows["1.1"][7].value == "chưa có dữ liệu"


def test_the_provinces_full_index_is_a_workbook_too(client, march):
    client.force_login(march.staff_sxd)
    response = client.get(unit_url("TINH", "dashboards:index766_unit_xlsx"), MARCH_2025)
    assert response["Content-Disposition"] == 'attachment; filename="chi-so-766-TINH-20250301-20250331.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A4"].value == "Toàn tỉnh · Kỳ: từ ngày 01/03/2025 đến ngày 31/03/2025"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=7, values_only=True) if row[0]}
    assert rows["1.4"][3:8] == (2, 3, pytest.approx(0.6667), 1, 4)


def _page_figures(html: str) -> dict[str, str]:
    """Each indicator's points as the page prints them."""
    return dict(
        re.findall(
            r'<tr data-code="([0-9.ab]+)">.*?class="text-end text-nowrap points"><strong>(.*?)</strong>',
            html,
            re.S,
        )
    )


def test_api_command_page_and_workbook_agree_on_a_unit_and_period(client, march):
    client.force_login(march.leader)
    query = {"department": "STTTT", "from": "2025-03-01", "to": "2025-03-31"}
    api = client.get(reverse("api:index766"), query).json()
    out = StringIO()
    call_command(
        "index766",
        "--department",
        "STTTT",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == api
    response = client.get(unit_url("STTTT"), MARCH_2025)
    assert response.context["page"].view.index.as_json() == api
    printed = _page_figures(response.content.decode())
    workbook = load_workbook(
        io.BytesIO(client.get(unit_url("STTTT", "dashboards:index766_unit_xlsx"), MARCH_2025).content)
    ).active
    rows = {row[0]: row for row in workbook.iter_rows(min_row=7, values_only=True) if row[0]}
    for group in api["groups"]:
        for figure in group["indicators"]:
            code, points = figure["code"], figure["points"]
            blank = "không tính điểm" if code == "2.2" else "chưa có dữ liệu"
            assert printed[code] == (blank if points is None else vn_number(points)), code
            _code, _label, _formula, numerator, denominator, ratio, _threshold, shown, _max = rows[code]
            assert (numerator, denominator) == (figure["numerator"], figure["denominator"]), code
            assert shown == (blank if points is None else points), code
            if figure["ratio"] is not None:
                assert ratio == pytest.approx(figure["ratio"] / 100), code
    assert response.context["page"].view.result.total == api["total"] == 25.0
