"""The official workbooks (Biểu 06a, the ranking) write names as the department typed them: a name that a
spreadsheet would take for a formula stays text, as in the list exports. The XlsxWriter that make bench
times our list writer against writes the very same cells, so that the two are timed on the same work."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from departments.models import Department
from reporting.xlsx import StreamingWorkbook
from sampledata.bench_transfers import LibraryWorkbook
from tests.factories import HOSO_HEADERS, local, make_dossier, make_field, make_procedure
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://lua-dao.example","Bấm vào đây")'
YEAR_2025 = {"kind": "year", "year": "2025"}


def formula_like_cells(content: bytes, sheet: str) -> dict[str, str]:
    """Every cell whose text starts with a formula character, with the type it is stored as."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value: cell.data_type
        for row in book[sheet].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    }


def test_form_06a_writes_a_department_or_field_name_that_looks_like_a_formula_as_text(
    client, province, django_assert_num_queries
):
    Department.objects.filter(pk=province.stttt.pk).update(name=FORMULA)
    procedure = make_procedure(province.stttt, field=make_field("=1+1 Xuất bản"))
    make_dossier(procedure, received_at=local(2025, 3, 3))
    client.force_login(province.inspector)
    # The session, the user, the department, the organisation (units, successions: whose records the
    # current structure adds), its counts in one query, the fields.
    with django_assert_num_queries(7 + DATA_VERSION):
        response = client.get(reverse("reporting:form_06a_department", kwargs={"code": "STTTT"}), YEAR_2025)
    assert formula_like_cells(response.content, "Bieu06a") == {
        f"{FORMULA} · Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/12/2025": "s",
        "=1+1 Xuất bản": "s",
    }


def test_ranking_writes_a_department_code_or_name_that_looks_like_a_formula_as_text(
    client, province, django_assert_num_queries
):
    Department.objects.filter(pk=province.sxd.pk).update(name=FORMULA)
    Department.objects.filter(pk=province.stttt.pk).update(name="@Sở Thông tin và Truyền thông")
    make_dossier(province.sxd_procedure, received_at=local(2025, 3, 3))
    client.force_login(province.leader)
    # The session, the user, the departments, the organisation (units, successions), this period's
    # dossier, procedure and report counts and declarations, the previous period's dossier counts (its
    # total beside each key figure), the top departments, the overdue counts and the monthly trend, the
    # overdue dossiers.
    with django_assert_num_queries(13 + DATA_VERSION):
        response = client.get(reverse("reporting:ranking"), YEAR_2025)
    assert formula_like_cells(response.content, "ChiSo") == {
        FORMULA: "s",
        "@Sở Thông tin và Truyền thông": "s",
    }


def cells(content: bytes) -> list[tuple]:
    """What a spreadsheet shows of each cell of the HoSo sheet: value, type, number format, boldness."""
    sheet = openpyxl.load_workbook(io.BytesIO(content))["HoSo"]
    return [
        (cell.coordinate, cell.value, cell.data_type, cell.number_format, cell.font.b)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.mark.django_db(False)
def test_the_library_the_bench_measures_against_writes_the_same_cells_as_ours():
    rows = [
        [
            '=HYPERLINK("x")',
            "+84",
            "-1",
            "@A",
            "Trực tuyến",
            datetime(2025, 3, 3, 8, 30, 15),
            date(2025, 3, 20),
        ],
        ["HS-2 <&>", None, "", 7, 2.5, datetime(2025, 12, 31, 23, 59, 59), None, "Đã trả", "Hài lòng"],
    ]
    written = []
    for writer in (StreamingWorkbook, LibraryWorkbook):
        target = io.BytesIO()
        with writer(target) as book:
            book.write_sheet("HoSo", HOSO_HEADERS, iter(rows))
        written.append(cells(target.getvalue()))
    ours, library = written
    assert ours == library
    assert ours[9:12] == [
        ("A2", '=HYPERLINK("x")', "s", "General", False),
        ("B2", "+84", "s", "General", False),
        ("C2", "-1", "s", "General", False),
    ]
    assert ("F2", datetime(2025, 3, 3, 8, 30, 15), "d", "dd/mm/yyyy hh:mm", False) in ours
    assert ("G2", datetime(2025, 3, 20), "d", "dd/mm/yyyy", False) in ours
