"""A refused file's errors download as a workbook from the check's page, each error on a line of its own
with the sheet, the row as Excel shows it and the column; only the job's owner (or an administrator) may
download it."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import Job
from procedures.import_errors import errors_workbook
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, workbook_bytes

pytestmark = pytest.mark.django_db

BROKEN = {
    "TTHC": [
        TTHC_HEADERS,
        ["1.000111", "Cấp giấy phép in", "Xuất bản", "STTTT", 10, 7, "Một phần", "Có"],
        ["1.000112", "Cấp giấy phép in lại", "Xuất bản", "STTTT", None, None, None, "Có"],
    ],
    "HoSo": [
        HOSO_HEADERS,
        ["HS-001", "1.000111", None, "Trực tuyến", "03/03/2025 09:00", None, None, None, None],
        ["HS-002", "1.000111", None, "Qua mạng", "04/03/2025 09:00", None, None, None, None],
        ["HS-003", "1.000111", None, "Trực tiếp", "31/02/2025", None, None, None, None],
    ],
}


def check_broken_file(client, user) -> Job:
    client.force_login(user)
    upload = SimpleUploadedFile("so-ho-so.xlsx", workbook_bytes(BROKEN))
    client.post(reverse("procedures:import"), {"file": upload})
    return Job.objects.get(kind=Job.Kind.IMPORT_CHECK)


def test_the_error_report_puts_each_error_on_its_sheet_row_and_column(
    client, province, django_assert_num_queries
):
    job = check_broken_file(client, province.staff_stttt)
    page = client.get(job.get_absolute_url()).content.decode()
    link = reverse("procedures:import_errors", args=[job.pk])
    assert f'href="{link}"' in page
    # The session, the user, the job.
    with django_assert_num_queries(3):
        response = client.get(link)
    assert response["Content-Disposition"] == 'attachment; filename="loi-so-ho-so.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Lỗi"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Trang tính", "Dòng", "Cột", "Lỗi")
    assert [row[:3] for row in rows[1:]] == [
        ("TTHC", 3, "Thời hạn quy định"),
        ("HoSo", 3, "Kênh tiếp nhận"),
        ("HoSo", 4, "Ngày tiếp nhận"),
    ]
    assert rows[2][3] == (
        "“Qua mạng” không hợp lệ; chọn một trong: “Trực tiếp”, “Trực tuyến”, “Bưu chính công ích”"
    )
    assert rows[3][3] == "ngày “31/02/2025” không tồn tại"
    # The same errors as the page lists, word for word.
    for row in rows[1:]:
        assert row[3] in page


def test_another_users_check_or_a_file_without_errors_has_no_error_report(client, province):
    job = check_broken_file(client, province.staff_stttt)
    client.force_login(province.staff_sxd)
    assert client.get(reverse("procedures:import_errors", args=[job.pk])).status_code == 404
    job.result = {**job.result, "ok": True, "errors": []}
    job.save()
    client.force_login(province.staff_stttt)
    assert client.get(reverse("procedures:import_errors", args=[job.pk])).status_code == 404


@pytest.mark.django_db(False)
def test_a_national_layout_files_errors_name_the_record_its_place_and_the_field_in_file_order():
    errors = [
        {"sheet": "H2", "row": 2, "column": "NgayTiepNhan", "message": "thiếu"},
        {"sheet": "H1", "row": 1, "column": "=DonViXuLy", "message": "không có đơn vị"},
    ]
    target = io.BytesIO()
    errors_workbook(target, errors, national=True)
    sheet = openpyxl.load_workbook(target)["Lỗi"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Mã hồ sơ", "Thứ tự trong tệp", "Trường", "Lỗi"),
        ("H2", 2, "NgayTiepNhan", "thiếu"),
        ("H1", 1, "=DonViXuLy", "không có đơn vị"),
    ]
    # A name from the file that looks like a formula stays text.
    assert sheet["C3"].data_type == "s"
