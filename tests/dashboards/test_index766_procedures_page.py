"""The province's national index per procedure (/chi-so-766/toan-tinh/thu-tuc/): each procedure's dossier
indicators worked out by hand, as the sum of the units' tables, in order of dossiers received, a page at a
time, searched as people type, each count opening exactly its dossiers; who may open it and what it costs."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import local, make_department, make_dossier, make_march_2025, make_procedure
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db

MARCH_2025 = {"kind": "month", "year": "2025", "month": "3"}
URL = reverse("dashboards:index766_procedures")
XLSX = reverse("dashboards:index766_procedures_xlsx")
SHARED = "1.000100"
# The page, for those who see the province: the session, the user, the data version (PostgreSQL), the
# dossiers grouped by procedure, the calendar and their days for 2.2, the procedures' codes (for the
# order), the page's procedures, the scoring's settings; nothing for each procedure or dossier. A search
# adds the procedures it finds.
PAGE = 8 + DATA_VERSION


@pytest.fixture
def march(province):
    """March 2025 (3 March is a Monday). A procedure both STTTT and SXD carry out (60 days): SH-1 at STTTT
    finished in two working days, SH-2 at STTTT in progress, SH-3 at SXD finished in two working days.
    STTTT's own (5 days): HS-1 finished early, HS-2 online, late by the end of March. SXD's own: HS-3, late
    by then. SXD's procedure also has a February dossier still in progress."""
    shared = make_procedure(
        province.stttt,
        code=SHARED,
        name="Cấp bản sao trích lục hộ tịch",
        statutory_days=60,
        units=(province.sxd,),
    )
    make_dossier(shared, code="SH-1", received_at=local(2025, 3, 3), finished_at=local(2025, 3, 5))
    make_dossier(shared, code="SH-2", received_at=local(2025, 3, 4))
    make_dossier(
        shared,
        code="SH-3",
        department=province.sxd,
        received_at=local(2025, 3, 10),
        finished_at=local(2025, 3, 12),
    )
    make_march_2025(province)
    make_dossier(province.sxd_procedure, code="HS-FEB", received_at=local(2025, 2, 3))
    return province


def cells(line, codes) -> dict[str, tuple]:
    return {
        code: (cell.indicator.numerator, cell.indicator.denominator)
        for (code, _label), cell in zip(codes, line.cells, strict=True)
        if cell.indicator is not None
    }


def table_of(response) -> dict[str, dict[str, tuple]]:
    table = response.context["page"].table
    return {line.code: cells(line, table.codes) for line in table.lines}


def test_each_procedures_row_is_the_count_worked_out_by_hand(client, march, django_assert_max_num_queries):
    client.force_login(march.leader)
    with django_assert_max_num_queries(PAGE):
        response = client.get(URL, MARCH_2025)
    rows = table_of(response)
    # 2.1: finished on time, or in progress and not late, over finished and in progress.
    assert rows[SHARED]["2.1"] == (3, 3)
    assert rows["1.004227"]["2.1"] == (1, 2)
    # HS-3 and HS-FEB, late: 2.1 counts what is in progress at the period's end, whenever received.
    assert rows["1.009972"]["2.1"] == (0, 2)
    # Received in March: the February dossier is not counted.
    assert [rows[code]["3.3"][1] for code in (SHARED, "1.004227", "1.009972")] == [3, 2, 1]
    # 2.2: two working days for each of SH-1 and SH-3.
    assert rows[SHARED]["2.2"] == (4, 2)
    line = response.context["page"].table.lines[0]
    assert line.cells[1].measure == "2 ngày làm việc"
    html = response.content.decode()
    assert '<h1 class="h3 mb-1">Chỉ số 766 theo thủ tục · toàn tỉnh</h1>' in html
    assert re.search(
        r'<tr data-procedure="1.000100">\s*<td><code>1.000100</code> Cấp bản sao trích lục hộ tịch', html
    )


def test_the_provinces_row_is_the_sum_of_the_units_tables(client, march):
    client.force_login(march.leader)
    province = table_of(client.get(URL, MARCH_2025))
    summed: dict[str, dict[str, tuple]] = {}
    for unit in ("STTTT", "SXD"):
        table = (
            client.get(reverse("dashboards:index766_unit", kwargs={"code": unit}), MARCH_2025)
            .context["page"]
            .procedures
        )
        for line in table.lines:
            for code, (numerator, denominator) in cells(line, table.codes).items():
                before = summed.setdefault(line.code, {}).get(code, (0, 0))
                summed[line.code][code] = (before[0] + numerator, before[1] + denominator)
    assert province == summed
    assert set(province) == {SHARED, "1.004227", "1.009972"}


def test_procedures_with_the_most_dossiers_received_come_first_then_by_code(client, march):
    make_dossier(march.sxd_procedure, code="HS-4", received_at=local(2025, 3, 5))
    client.force_login(march.leader)
    lines = client.get(URL, MARCH_2025).context["page"].table.lines
    # 3, 2 and 2 received: the two with 2 by code.
    assert [line.code for line in lines] == [SHARED, "1.004227", "1.009972"]


def test_the_list_is_paginated_and_a_bad_page_number_shows_a_page(client, march, monkeypatch):
    monkeypatch.setattr("dashboards.index766_procedures.PAGE_SIZE", 2)
    client.force_login(march.leader)
    first = client.get(URL, MARCH_2025)
    assert [line.code for line in first.context["page"].table.lines] == [SHARED, "1.004227"]
    assert "Hiển thị 1–2 trên tổng số 3" in first.content.decode()
    assert "page=2" in first.content.decode()
    second = client.get(URL, {**MARCH_2025, "page": "2"})
    assert [line.code for line in second.context["page"].table.lines] == ["1.009972"]
    # Past the last page: the last one; not a number: the first.
    assert client.get(URL, {**MARCH_2025, "page": "99"}).context["page"].page.number == 2
    assert client.get(URL, {**MARCH_2025, "page": "abc"}).context["page"].page.number == 1


def test_a_search_typed_without_diacritics_finds_the_procedure(client, march, django_assert_max_num_queries):
    client.force_login(march.leader)
    with django_assert_max_num_queries(PAGE + 1):
        response = client.get(URL, {**MARCH_2025, "q": "giay phep XAY dung"})
    assert [line.code for line in response.context["page"].table.lines] == ["1.009972"]
    by_code = client.get(URL, {**MARCH_2025, "q": "1.0042"})
    assert [line.code for line in by_code.context["page"].table.lines] == ["1.004227"]
    # The search keeps the period it was typed in.
    assert '<input type="hidden" name="month" value="3">' in by_code.content.decode()
    nothing = client.get(URL, {**MARCH_2025, "q": "ho chieu"})
    assert (
        "Không có thủ tục nào có hồ sơ trong kỳ mà mã hoặc tên chứa “ho chieu”." in nothing.content.decode()
    )


def test_each_count_opens_exactly_the_dossiers_it_counted(client, march):
    client.force_login(march.inspector)
    table = client.get(URL, MARCH_2025).context["page"].table
    codes = [code for code, _label in table.codes]
    lines = {line.code: line for line in table.lines}
    shared_on_time = lines[SHARED].cells[codes.index("2.1")]
    # Department left out: the province's list, cut to the procedure.
    assert "department=" not in shared_on_time.denominator_url
    assert shared_on_time.denominator_url.endswith("from=2025-03-01&to=2025-03-31&procedure=1.000100")
    for url, expected in (
        (shared_on_time.denominator_url, {"SH-1", "SH-2", "SH-3"}),
        (shared_on_time.numerator_url, {"SH-1", "SH-2", "SH-3"}),
        (lines["1.004227"].cells[codes.index("2.1")].numerator_url, {"HS-1"}),
        (lines["1.004227"].cells[codes.index("3.3")].denominator_url, {"HS-1", "HS-2"}),
        (lines["1.009972"].cells[codes.index("2.1")].denominator_url, {"HS-3", "HS-FEB"}),
    ):
        assert {d.code for d in client.get(url).context["page"].object_list} == expected, url
    # A count of none opens nothing.
    assert lines["1.009972"].cells[codes.index("2.1")].numerator_url is None


def test_a_bad_period_says_so_in_vietnamese_and_shows_the_default(client, march):
    client.force_login(march.leader)
    response = client.get(URL, {"kind": "month", "year": "abc", "month": "13"})
    assert response.status_code == 200
    assert "Năm: Nhập một số tổng thể." in response.content.decode()
    assert "Đang hiển thị kỳ mặc định." in response.content.decode()
    assert client.get(URL, {"kind": "x", "q": "x" * 500}).status_code == 200


def test_a_period_without_dossiers_says_there_is_no_data(client, march):
    client.force_login(march.leader)
    response = client.get(URL, {"kind": "month", "year": "2025", "month": "1"})
    assert response.context["page"].table.lines == []
    assert "Chưa có dữ liệu: trong kỳ, toàn tỉnh không có hồ sơ nào." in response.content.decode()


def test_staff_are_counted_their_own_units_dossiers_only(client, march):
    client.force_login(march.staff_sxd)
    response = client.get(URL, MARCH_2025)
    rows = table_of(response)
    # The shared procedure's SH-3 alone; STTTT's own procedure not at all.
    assert set(rows) == {SHARED, "1.009972"}
    assert rows[SHARED]["2.1"] == (1, 1)
    assert "chỉ tính hồ sơ của Sở Xây dựng" in response.content.decode()
    # What each count opens is what it counted.
    codes = [code for code, _label in response.context["page"].table.codes]
    shared = next(line for line in response.context["page"].table.lines if line.code == SHARED)
    listed = client.get(shared.cells[codes.index("2.1")].denominator_url).context["page"].object_list
    assert [d.code for d in listed] == ["SH-3"]


def test_anonymous_visitors_are_sent_to_log_in(client, march):
    response = client.get(URL, MARCH_2025)
    assert (
        response.status_code == 302
        and "/login" in response["Location"]
        or "dang-nhap" in response["Location"]
    )


def test_the_province_page_and_a_units_table_link_to_it(client, march):
    client.force_login(march.leader)
    province = client.get(reverse("dashboards:index766"), MARCH_2025).content.decode()
    link = f'href="{URL}?kind=month&amp;year=2025&amp;month=3&amp;structure=current"'
    assert f'id="province-procedures" {link}' in province
    assert re.search(r'<nav class="page-index[^>]*>.*' + re.escape(link), province, re.S)
    unit = client.get(reverse("dashboards:index766_unit", kwargs={"code": "STTTT"}), MARCH_2025)
    assert f'id="province-procedures" {link}' in unit.content.decode()


def test_the_page_costs_the_same_whatever_the_number_of_procedures_and_dossiers(
    client, march, django_assert_max_num_queries
):
    for n in range(4):
        unit = make_department(f"S{n}", name=f"Sở {n}")
        for m in range(3):
            procedure = make_procedure(unit, code=f"9.0000{n}{m}")
            for day in range(2, 5):
                make_dossier(procedure, received_at=local(2025, 3, day), synced_to_dvcqg=bool(day % 2))
    client.force_login(march.leader)
    with django_assert_max_num_queries(PAGE):
        response = client.get(URL, MARCH_2025)
    assert len(response.context["page"].table.lines) == 15


def test_the_table_as_a_workbook_has_numbers_percent_format_frozen_header_and_province(
    client, march, settings
):
    settings.PROVINCE_NAME = "Lâm Đồng"
    client.force_login(march.leader)
    response = client.get(XLSX, MARCH_2025)
    assert (
        response["Content-Disposition"] == 'attachment; filename="chi-so-766-thu-tuc-20250301-20250331.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert sheet["A4"].value == "Toàn tỉnh · Kỳ: từ ngày 01/03/2025 đến ngày 31/03/2025"
    assert sheet.freeze_panes == "C8"
    assert sheet["C6"].value == "2.1 Hồ sơ xử lý trước hạn, đúng hạn"
    assert [c.value for c in sheet[7][:8]] == [
        "Mã TTHC", "Tên thủ tục hành chính", "Tử số", "Mẫu số", "Tỷ lệ", "Tổng số ngày", "Số hồ sơ",
        "Trung bình (ngày)",
    ]  # fmt: skip
    # In the page's order, every procedure on one sheet.
    assert [row[0] for row in sheet.iter_rows(min_row=8, values_only=True)] == [
        SHARED,
        "1.004227",
        "1.009972",
    ]
    stttt = sheet[9]
    assert [c.value for c in stttt[2:5]] == [1, 2, 0.5]
    assert stttt[4].number_format == "0.00%"
    # 2.2 of the shared procedure: 4 working days over 2 dossiers.
    assert [c.value for c in sheet[8][5:8]] == [4, 2, 2]
    # 3.6 of STTTT's procedure: no fee due, said in words, never 0%.
    assert stttt[2 + 3 * 3 + 2].value == "không phát sinh"


def test_the_workbook_keeps_the_search_and_staff_get_their_own_units(client, march):
    client.force_login(march.staff_sxd)
    response = client.get(XLSX, {**MARCH_2025, "q": "trich luc"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A4"].value == "Sở Xây dựng · Kỳ: từ ngày 01/03/2025 đến ngày 31/03/2025"
    assert [row[:2] for row in sheet.iter_rows(min_row=8, max_col=4, values_only=True)] == [
        (SHARED, "Cấp bản sao trích lục hộ tịch")
    ]
    assert [c.value for c in sheet[8][2:5]] == [1, 1, 1]
    page = client.get(URL, {**MARCH_2025, "q": "trich luc"}).content.decode()
    assert (
        f'id="procedures-xlsx" href="{XLSX}?kind=month&amp;year=2025&amp;month=3&amp;structure=current&amp;q=trich%20luc"'
        in page
    )
