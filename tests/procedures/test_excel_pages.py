"""Excel in and out through the pages: upload → check → confirm, exports that import back to no
change, Biểu 06a whose totals are the indicators', and jobs only their requester can open."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import Job
from procedures.imports import import_workbook
from procedures.models import Dossier, Procedure
from reporting.form_06a import form_06a
from reporting.indicators import indicators_for_department
from reporting.results import Period
from tests.factories import (
    HOSO_HEADERS,
    ONE_DOSSIER_WORKBOOK,
    TTHC_HEADERS,
    local,
    make_dossier,
    workbook_bytes,
)
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db

SHEETS = ONE_DOSSIER_WORKBOOK
# An upload: the session, the user, the check's job recorded, then run at once by the tests' task
# backend: read, marked started, its progress written; in a savepoint the check reads the departments
# (twice), the fields, the successions (none, so not their fields), the procedures, the dossiers, the
# data locks and the calendar; its result written.
UPLOAD = 17
# The session, the user and the job: a job's page, its download, or a 404 for a job not one's own.
JOB_PAGE = 3


def upload(client, content: bytes, name: str = "so-ho-so.xlsx"):
    return client.post(reverse("procedures:import"), {"file": SimpleUploadedFile(name, content)})


def test_upload_checks_first_then_imports_on_confirmation(
    client, province, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(province.staff_stttt)
    content = workbook_bytes(SHEETS)
    with django_assert_num_queries(UPLOAD):
        response = upload(client, content)
    check = Job.objects.get()
    assert response.url == check.get_absolute_url()
    assert (check.kind, check.status, check.result["created"]["dossiers"]) == ("import_check", "succeeded", 1)
    assert not Dossier.objects.exists()
    # A job's page, and the import started from the check (none yet).
    with django_assert_num_queries(JOB_PAGE + 1):
        page = client.get(check.get_absolute_url()).content.decode()
    assert "Tệp hợp lệ: 1 dòng" in page or "Tệp hợp lệ: 2 dòng" in page
    # The session, the user, the check; in the confirmation's transaction the check again (locked for
    # update) and an import already started from it, the import recorded and run at once: read, marked
    # started, its progress written; in its savepoints the rows checked again (the departments twice,
    # the fields, the successions, the procedures, the dossiers, the data locks, the calendar) and
    # written (the field and the procedure, each read back, the procedure's units, the latest historical
    # row of the procedure, the units read back and their historical copy, and the dossier, each with
    # its history); its result written, the releases. PostgreSQL writes the dossiers with COPY, which
    # Django does not count: one fewer.
    with django_assert_max_num_queries(36):
        response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    job = Job.objects.exclude(pk=check.pk).get()
    assert response.url == job.get_absolute_url()
    assert job.status == "succeeded"
    assert Dossier.objects.get().code == "HS-001"


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    sheets = {
        **SHEETS,
        "HoSo": [
            HOSO_HEADERS,
            ["HS-001", "1.000111", None, "Trực tuyến", "31/02/2025", None, None, None, None],
        ],
    }
    upload(client, workbook_bytes(sheets))
    check = Job.objects.get()
    # A check with errors offers no confirmation, so no import started from it is looked for.
    with django_assert_num_queries(JOB_PAGE):
        page = client.get(check.get_absolute_url()).content.decode()
    assert "Tệp có 1 lỗi; không có dữ liệu nào được ghi." in page
    assert "ngày “31/02/2025” không tồn tại" in page
    with django_assert_num_queries(JOB_PAGE):
        assert client.post(reverse("jobs:confirm", kwargs={"pk": check.pk})).status_code == 404
    assert not Dossier.objects.exists()


def test_an_unreadable_file_fails_its_job_with_the_reason(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    # The session, the user, the job recorded, read, marked started and failed: no row is read.
    with django_assert_num_queries(6):
        upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "bi-khoa.xlsx")
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.failure.startswith("Tệp được đặt mật khẩu")


def test_only_xlsx_uploads_are_taken(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    # The session and the user: the form refuses the file before a job is recorded.
    with django_assert_num_queries(2):
        response = upload(client, b"a;b", "so-ho-so.csv")
    assert (
        "Chỉ nhận tệp .xlsx (Excel 2007 trở lên), hoặc .json/.jsonl theo định dạng đồng bộ quốc gia."
        in response.content.decode()
    )
    assert not Job.objects.exists()


def test_another_users_job_is_a_404(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    upload(client, workbook_bytes(SHEETS))
    job = Job.objects.get()
    client.force_login(province.staff_sxd)
    with django_assert_num_queries(JOB_PAGE):
        assert client.get(job.get_absolute_url()).status_code == 404
    with django_assert_num_queries(JOB_PAGE):
        assert client.post(reverse("jobs:confirm", kwargs={"pk": job.pk})).status_code == 404


@pytest.fixture
def dossiers(province):
    make_dossier(
        province.stttt_procedure,
        code='=HYPERLINK("x")',
        received_at=local(2025, 3, 3, 9, 15),
        finished_at=local(2025, 3, 5, 16),
        satisfaction="satisfied",
    )
    make_dossier(
        province.stttt_procedure,
        code="HS-2",
        department=province.stttt_office,
        received_at=local(2025, 3, 4),
        due_on=date(2025, 3, 20),
        channel="postal",
    )
    make_dossier(province.sxd_procedure, code="HS-SXD", received_at=local(2025, 3, 4))
    return province


def test_export_then_import_changes_nothing(client, dossiers, django_assert_num_queries):
    client.force_login(dossiers.staff_stttt)
    # The session, the user, the user's departments (for the records and for the filter), the count
    # (small enough to write at once), the successions of the units it names (none), those units, the
    # units listed for the procedures, the procedures, the dossiers, the publication decisions naming the
    # procedures and the petitions of the units.
    with django_assert_num_queries(12):
        response = client.get(reverse("dashboards:export_dossiers"))
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    before = list(Dossier.objects.order_by("code").values())
    report = import_workbook(io.BytesIO(content), user=dossiers.staff_stttt, dry_run=False)
    assert report.ok, [str(e) for e in report.errors]
    assert report.unchanged["dossiers"] == 2 and sum(report.updated.values()) == 0
    assert list(Dossier.objects.order_by("code").values()) == before


# The HoSo sheet's columns of the national facts (spec/excel-template.md).
NATIONAL_HEADERS = (
    "Trạng thái DVCQG (1–10)",
    "Thời điểm xử lý xong",
    "Có kết quả điện tử",
    "Có thành phần số hóa",
    "Tái sử dụng dữ liệu số hóa",
    "Kết nối kho DVCQG",
    "Dùng VNeID/CSDL dân cư",
    "Lệ phí (đồng)",
    "Thanh toán trực tuyến",
    "Đã đồng bộ DVCQG",
)


def test_export_holds_only_the_users_records_with_formulas_as_text(
    client, dossiers, django_assert_num_queries
):
    client.force_login(dossiers.staff_stttt)
    # The session, the user, the user's departments (twice), the count, the successions (none), the
    # units named, the units listed for the procedures, the procedures, the dossiers, the decisions and
    # the petitions.
    with django_assert_num_queries(12):
        content = client.get(reverse("dashboards:export_dossiers")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(book["HoSo"].iter_rows(values_only=True))
    assert rows[0] == (*HOSO_HEADERS, "Mã đơn vị tiếp nhận", *NATIONAL_HEADERS)
    codes = [row[0] for row in rows[1:]]
    assert sorted(codes) == ['=HYPERLINK("x")', "HS-2"]
    cell = next(c for c in book["HoSo"]["A"] if c.value and c.value.startswith("="))
    assert cell.data_type == "s"
    assert [row[0] for row in book["TTHC"].iter_rows(min_row=2, values_only=True)] == ["1.004227"]


def test_export_follows_the_list_filters(client, dossiers, django_assert_num_queries):
    client.force_login(dossiers.inspector)
    url = reverse("dashboards:export_dossiers") + "?channel=postal"
    # The session, the user, the count, the successions (none), the units named, the units listed for
    # the procedures, the procedures, the dossiers, the decisions and the petitions: an inspector has no
    # scope to read.
    with django_assert_num_queries(10):
        content = client.get(url).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert [row[0] for row in book["HoSo"].iter_rows(min_row=2, values_only=True)] == ["HS-2"]


def test_a_long_export_runs_as_a_job_and_downloads(client, dossiers, settings, django_assert_num_queries):
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(dossiers.inspector)
    # The session, the user, the count (too many to write at once), the job recorded, then run at once
    # by the tests' task backend: read, marked started, the successions (none), the units named, the
    # units listed for the procedures, the procedures, the dossiers counted and read, the decisions and
    # the petitions, its result written.
    with django_assert_num_queries(15):
        response = client.get(reverse("dashboards:export_dossiers"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.status, job.result) == ("export", "succeeded", {"rows": 5})
    with django_assert_num_queries(JOB_PAGE):
        download = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
        content = b"".join(download.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book["HoSo"].max_row == 4


def test_form_06a_workbook_totals_are_the_indicators(client, dossiers, django_assert_num_queries):
    client.force_login(dossiers.inspector)
    # The session, the user, the department, the organisation (units, successions), its counts in one
    # query, the fields.
    with django_assert_num_queries(7 + DATA_VERSION):
        response = client.get(
            reverse("reporting:form_06a_department", kwargs={"code": "STTTT"}),
            {"kind": "year", "year": "2025"},
        )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Bieu06a"]
    assert sheet["A3"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert "A6:A8" in {str(r) for r in sheet.merged_cells.ranges}
    total = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng cộng")
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    figures = indicators_for_department(dossiers.stttt, period).values()
    assert total[2] == figures["received"] + figures["carried_over"]
    assert total[7] == figures["resolved_early"]
    assert total[9] == figures["resolved_late"]
    assert total[10] == figures["in_progress"]
    assert list(total[2:]) == list(form_06a(dossiers.stttt, period)[1].values.values())


def test_province_form_06a_is_for_those_who_see_the_province(client, dossiers, django_assert_num_queries):
    client.force_login(dossiers.staff_stttt)
    # The session and the user, whose role is enough to turn them away.
    with django_assert_num_queries(2):
        assert client.get(reverse("reporting:form_06a")).status_code == 404
    client.force_login(dossiers.leader)
    # The session, the user, the province's counts in one query, the fields.
    with django_assert_num_queries(4 + DATA_VERSION):
        assert client.get(reverse("reporting:form_06a")).status_code == 200


def test_ranking_workbook_lists_every_indicator_of_every_department(
    client, dossiers, django_assert_num_queries
):
    client.force_login(dossiers.leader)
    # The session, the user, the departments and the paths below them, the organisation (units,
    # successions), for this period and the one before it at once the dossier counts, the procedures
    # carried out, the periodic reports and the declarations, the summary again for the top
    # departments, the overdue counts and the monthly trend, the overdue dossiers.
    with django_assert_num_queries(13 + DATA_VERSION):
        response = client.get(reverse("reporting:ranking"), {"kind": "year", "year": "2025"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["ChiSo"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (1, 2)]
    assert {row[1] for row in rows} == {"STTTT", "SXD"}
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Hạng")
    assert "Tỷ lệ giải quyết đúng hạn" in header


def test_blank_template_has_every_sheet_with_its_headers(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    # The session and the user: the blank template reads nothing else.
    with django_assert_num_queries(2):
        content = client.get(reverse("reporting:template")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == [
        "Hướng dẫn",
        "DonVi",
        "KeThua",
        "TTHC",
        "HoSo",
        "QuyetDinhCongBo",
        "PAKN",
        "DanhMuc",
    ]
    assert [c.value for c in book["DonVi"][1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cấp trên",
        "Loại đơn vị",
        "Ngày bắt đầu",
        "Ngày kết thúc",
    ]
    assert [c.value for c in book["KeThua"][1]] == [
        "Mã đơn vị cũ",
        "Mã đơn vị kế thừa",
        "Ngày hiệu lực",
        "Lĩnh vực",
    ]
    assert [c.value for c in book["TTHC"][1]] == [*TTHC_HEADERS, "Cấp thực hiện"]
    assert [c.value for c in book["HoSo"][1]] == [*HOSO_HEADERS, "Mã đơn vị tiếp nhận", *NATIONAL_HEADERS]
    assert Procedure.objects.count() == 2
