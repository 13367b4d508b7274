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

pytestmark = pytest.mark.django_db

SHEETS = ONE_DOSSIER_WORKBOOK


def upload(client, content: bytes, name: str = "so-ho-so.xlsx"):
    return client.post(reverse("procedures:import"), {"file": SimpleUploadedFile(name, content)})


def test_upload_checks_first_then_imports_on_confirmation(client, province):
    client.force_login(province.staff_stttt)
    response = upload(client, workbook_bytes(SHEETS))
    check = Job.objects.get()
    assert response.url == check.get_absolute_url()
    assert (check.kind, check.status, check.result["created"]["dossiers"]) == ("import_check", "succeeded", 1)
    assert not Dossier.objects.exists()
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Tệp hợp lệ: 1 dòng" in page or "Tệp hợp lệ: 2 dòng" in page
    response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    job = Job.objects.exclude(pk=check.pk).get()
    assert response.url == job.get_absolute_url()
    assert job.status == "succeeded"
    assert Dossier.objects.get().code == "HS-001"


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(client, province):
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
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Tệp có 1 lỗi; không có dữ liệu nào được ghi." in page
    assert "ngày “31/02/2025” không tồn tại" in page
    assert client.post(reverse("jobs:confirm", kwargs={"pk": check.pk})).status_code == 404
    assert not Dossier.objects.exists()


def test_an_unreadable_file_fails_its_job_with_the_reason(client, province):
    client.force_login(province.staff_stttt)
    upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "bi-khoa.xlsx")
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.failure.startswith("Tệp được đặt mật khẩu")


def test_only_xlsx_uploads_are_taken(client, province):
    client.force_login(province.staff_stttt)
    response = upload(client, b"a;b", "so-ho-so.csv")
    assert "Chỉ nhận tệp .xlsx (Excel 2007 trở lên)." in response.content.decode()
    assert not Job.objects.exists()


def test_another_users_job_is_a_404(client, province):
    client.force_login(province.staff_stttt)
    upload(client, workbook_bytes(SHEETS))
    job = Job.objects.get()
    client.force_login(province.staff_sxd)
    assert client.get(job.get_absolute_url()).status_code == 404
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


def test_export_then_import_changes_nothing(client, dossiers):
    client.force_login(dossiers.staff_stttt)
    response = client.get(reverse("dashboards:export_dossiers"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    before = list(Dossier.objects.order_by("code").values())
    report = import_workbook(io.BytesIO(content), user=dossiers.staff_stttt, dry_run=False)
    assert report.ok, [str(e) for e in report.errors]
    assert report.unchanged["dossiers"] == 2 and sum(report.updated.values()) == 0
    assert list(Dossier.objects.order_by("code").values()) == before


def test_export_holds_only_the_users_records_with_formulas_as_text(client, dossiers):
    client.force_login(dossiers.staff_stttt)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("dashboards:export_dossiers")).content))
    rows = list(book["HoSo"].iter_rows(values_only=True))
    assert rows[0] == tuple(HOSO_HEADERS)
    codes = [row[0] for row in rows[1:]]
    assert sorted(codes) == ['=HYPERLINK("x")', "HS-2"]
    cell = next(c for c in book["HoSo"]["A"] if c.value and c.value.startswith("="))
    assert cell.data_type == "s"
    assert [row[0] for row in book["TTHC"].iter_rows(min_row=2, values_only=True)] == ["1.004227"]


def test_export_follows_the_list_filters(client, dossiers):
    client.force_login(dossiers.inspector)
    url = reverse("dashboards:export_dossiers") + "?channel=postal"
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    assert [row[0] for row in book["HoSo"].iter_rows(min_row=2, values_only=True)] == ["HS-2"]


def test_a_long_export_runs_as_a_job_and_downloads(client, dossiers, settings):
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(dossiers.inspector)
    response = client.get(reverse("dashboards:export_dossiers"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.status, job.result) == ("export", "succeeded", {"rows": 5})
    download = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book["HoSo"].max_row == 4


def test_form_06a_workbook_totals_are_the_indicators(client, dossiers):
    client.force_login(dossiers.inspector)
    response = client.get(
        reverse("reporting:form_06a_department", kwargs={"code": "STTTT"}), {"kind": "year", "year": "2025"}
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


def test_province_form_06a_is_for_those_who_see_the_province(client, dossiers):
    client.force_login(dossiers.staff_stttt)
    assert client.get(reverse("reporting:form_06a")).status_code == 404
    client.force_login(dossiers.leader)
    assert client.get(reverse("reporting:form_06a")).status_code == 200


def test_ranking_workbook_lists_every_indicator_of_every_department(client, dossiers):
    client.force_login(dossiers.leader)
    response = client.get(reverse("reporting:ranking"), {"kind": "year", "year": "2025"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["ChiSo"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (1, 2)]
    assert {row[1] for row in rows} == {"STTTT", "SXD"}
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Hạng")
    assert "Tỷ lệ giải quyết đúng hạn" in header


def test_blank_template_has_the_three_sheets_and_headers(client, province):
    client.force_login(province.staff_stttt)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reporting:template")).content))
    assert book.sheetnames == ["DonVi", "TTHC", "HoSo"]
    assert [c.value for c in book["TTHC"][1]] == TTHC_HEADERS
    assert Procedure.objects.count() == 2
