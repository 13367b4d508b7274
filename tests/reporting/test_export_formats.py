"""Exports a spreadsheet can work with: rates as numbers in a percent format (95.27 on a page is 0.9527
shown as 95,27%), the header row frozen, columns wide enough for their titles, and the overview's
"Quá hạn hôm nay" column in the ranking workbook."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from reporting.xlsx import StreamingWorkbook
from tests.factories import local, make_dossier
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db

YEAR_2025 = {"kind": "year", "year": "2025"}


def test_the_ranking_workbook_writes_rates_as_percentages_beside_the_dossiers_overdue_today(
    client, province, django_assert_num_queries
):
    procedure = province.stttt_procedure
    due = {"received_at": local(2025, 3, 3), "due_on": date(2025, 3, 10)}
    make_dossier(procedure, finished_at=local(2025, 3, 5, 10), **due)
    make_dossier(procedure, finished_at=local(2025, 3, 20, 10), **due)
    make_dossier(procedure, **due)
    client.force_login(province.leader)
    # As the ranking's other test: the session, the user, the departments, the organisation (units,
    # successions), this period's counts and declarations, the previous period's counts, the top
    # departments, the overdue counts, the monthly trend and the overdue dossiers.
    with django_assert_num_queries(13 + DATA_VERSION):
        response = client.get(reverse("reporting:ranking"), YEAR_2025)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["ChiSo"]
    header = [cell.value for cell in sheet[6]]
    assert header[:3] == ["Hạng", "Mã đơn vị", "Tên đơn vị"]
    assert header[-1] == "Quá hạn hôm nay"
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=7)}
    on_time = rows["STTTT"][header.index("Tỷ lệ giải quyết đúng hạn")]
    assert (on_time.value, on_time.number_format) == (0.5, "0.00%")
    received = rows["STTTT"][header.index("Hồ sơ tiếp nhận trong kỳ")]
    assert (received.value, received.number_format) == (3, "#,##0")
    assert rows["STTTT"][-1].value == 1
    assert rows["SXD"][-1].value == 0
    # The header and the units' names stay in view.
    assert sheet.freeze_panes == "D7"
    assert sheet.column_dimensions["C"].width == 40


def test_form_06a_keeps_its_headers_and_fields_in_view(client, province):
    client.force_login(province.inspector)
    response = client.get(reverse("reporting:form_06a_department", kwargs={"code": "STTTT"}), YEAR_2025)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Bieu06a"]
    assert sheet.freeze_panes == "C10"


@pytest.mark.django_db(False)
def test_a_list_export_freezes_its_header_and_sizes_its_columns_to_their_titles():
    target = io.BytesIO()
    header = ["Mã hồ sơ", "Ngày tiếp nhận", "Tên một cột có tiêu đề rất dài, dài hơn bốn mươi ký tự"]
    with StreamingWorkbook(target) as book:
        book.write_sheet("HoSo", header, [["HS-1", datetime(2025, 3, 3, 9, 0), "x"]])
    sheet = openpyxl.load_workbook(target)["HoSo"]
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    # Never narrower than a date-time, never wider than forty characters.
    assert widths == [17, 17, 40]
    assert (sheet["B2"].value, sheet["B2"].number_format) == (datetime(2025, 3, 3, 9, 0), "dd/mm/yyyy hh:mm")
