"""The blank template guides a user: an instructions sheet first, one example row a sheet that imports
once its codes are real and is skipped with a warning while they are the template's, drop-down lists for
the closed lists of values (kept on a hidden sheet), day-first date formats and a frozen header."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from procedures import workbook as wb
from procedures.imports import import_workbook
from procedures.models import Dossier, Petition, Procedure, PublicationItem, Succession
from reporting.template_workbook import template_workbook
from tests.factories import local, make_user

pytestmark = pytest.mark.django_db

DATA_SHEETS = ["DonVi", "KeThua", "TTHC", "HoSo", "QuyetDinhCongBo", "PAKN"]
# The template's example codes, and the real ones a user writes over them.
REAL_CODES = {
    "VD-SKHCN": "SKHCN",
    "VD-STTTT": "STTTT-CU",
    "0.000001": "1.004227",
    "VD-000.00.01.H00-250305-0001": "000.00.01.H00-250305-0001",
    "VD-1520/QĐ-UBND": "1520/QĐ-UBND",
    "VD-PAKN-2025-01": "PAKN-2025-01",
}


def template() -> openpyxl.Workbook:
    target = io.BytesIO()
    template_workbook(target)
    return openpyxl.load_workbook(target)


def saved(book: openpyxl.Workbook) -> io.BytesIO:
    target = io.BytesIO()
    book.save(target)
    target.seek(0)
    return target


@pytest.fixture
def admin(db):
    user = make_user("quantri", role="administrator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_templates_example_rows_import_once_their_codes_are_real(admin):
    book = template()
    for name in DATA_SHEETS:
        for row in book[name].iter_rows(min_row=2):
            for cell in row:
                if cell.value in REAL_CODES:
                    cell.value = REAL_CODES[cell.value]
    report = import_workbook(saved(book), user=admin, dry_run=False)
    assert report.errors == []
    assert report.warnings == []
    assert report.created["departments"] == 2
    assert Succession.objects.filter(
        predecessor__code="STTTT-CU", successor__code="SKHCN", effective_on=date(2025, 3, 1)
    ).exists()
    procedure = Procedure.objects.get(code="1.004227")
    assert (procedure.name, procedure.statutory_days, procedure.reduced_days) == (
        "Cấp giấy phép xuất bản bản tin",
        10,
        7,
    )
    assert [unit.code for unit in procedure.units.all()] == ["SKHCN"]
    dossier = Dossier.objects.get(code="000.00.01.H00-250305-0001")
    assert (dossier.received_at, dossier.finished_at) == (local(2025, 3, 5, 8, 30), local(2025, 3, 12, 16))
    assert (dossier.channel, dossier.status, dossier.satisfaction) == ("online", "resolved", "satisfied")
    assert (dossier.fee_amount, dossier.paid_online, dossier.national_status) == (50000, True, 10)
    item = PublicationItem.objects.get(procedure=procedure)
    assert (item.decision.number, item.kind) == ("1520/QĐ-UBND", PublicationItem.Kind.AMENDED)
    petition = Petition.objects.get(code="PAKN-2025-01")
    assert (petition.dossier, petition.department.code) == (dossier, "SKHCN")


def test_the_template_imported_as_downloaded_writes_nothing_and_names_each_example_row_skipped(admin):
    report = import_workbook(saved(template()), user=admin, dry_run=False)
    assert report.ok
    assert report.rows == 0
    skipped = [(issue.sheet, issue.row) for issue in report.warnings]
    assert skipped == [("DonVi", 2), ("DonVi", 3), *((name, 2) for name in DATA_SHEETS[1:])]
    assert report.warnings[4].message == (
        "dòng ví dụ của tệp mẫu (mã “VD-000.00.01.H00-250305-0001”) không được nhập; hãy xóa dòng này"
        " hoặc ghi đè bằng dữ liệu thật"
    )
    assert not Procedure.objects.exists()
    assert not Dossier.objects.exists()


def test_the_template_opens_on_its_instructions_and_keeps_its_lists_hidden(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session and the user: the template reads nothing else.
    with django_assert_num_queries(2):
        content = client.get(reverse("reporting:template")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Hướng dẫn", *DATA_SHEETS, "DanhMuc"]
    assert [sheet.sheet_state for sheet in book] == ["visible"] * 7 + ["hidden"]
    guide = list(book["Hướng dẫn"].iter_rows(values_only=True))
    described = {(row[0], row[1]): row for row in guide if row[1]}
    # Every column of every sheet, whether it is required, and its allowed values or format.
    for name, columns in wb.SHEETS.items():
        for column in columns:
            if (name, column.key) != ("TTHC", "department"):
                assert described[(name, column.header)][2] == ("Có" if column.required else "Không")
    assert described[("TTHC", "Mã đơn vị")][2] == "Có, với thủ tục cấp tỉnh"
    assert described[("HoSo", "Kênh tiếp nhận")][3] == (
        "Chọn trong danh sách: Trực tiếp; Trực tuyến; Bưu chính công ích."
    )
    assert described[("HoSo", "Ngày tiếp nhận")][3] == "Ngày giờ dd/mm/yyyy hh:mm."
    assert described[("TTHC", "Mã TTHC")][2:4] == ("Có", "Văn bản.")
    assert any("DÒNG VÍ DỤ" in (row[0] or "") for row in guide)


def test_each_closed_list_is_a_drop_down_and_each_date_column_is_day_first():
    book = template()
    sheet = book["HoSo"]
    assert sheet.freeze_panes == "A2"
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    drop_downs = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    channel = drop_downs[f"{headers['Kênh tiếp nhận']}2:{headers['Kênh tiếp nhận']}20000"]
    lists = book["DanhMuc"]
    column = channel.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    assert [c.value for c in lists[column][1:] if c.value] == [
        "Trực tiếp",
        "Trực tuyến",
        "Bưu chính công ích",
    ]
    expected = {"Trạng thái", "Mức độ hài lòng", "Trạng thái DVCQG (1–10)", "Kênh tiếp nhận"}
    expected |= {c.header for c in wb.DOSSIER_COLUMNS if c.key in wb.DOSSIER_FLAGS}
    assert {
        header for header, letter in headers.items() if f"{letter}2:{letter}20000" in drop_downs
    } == expected
    assert sheet.column_dimensions[headers["Ngày tiếp nhận"]].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.column_dimensions[headers["Ngày hẹn trả"]].number_format == "dd/mm/yyyy"
    assert sheet[f"{headers['Ngày tiếp nhận']}2"].number_format == "dd/mm/yyyy hh:mm"
    # A code stays text as typed: 1.000120 is not read as the number 1.00012.
    assert book["TTHC"].column_dimensions["A"].number_format == "@"
    for name in ("DonVi", "TTHC", "QuyetDinhCongBo", "PAKN"):
        assert book[name].data_validations.dataValidation, name
