"""Two people changing one dossier: a save made from what was read before someone else's change is
refused with a message saying who changed what, never silently written over it."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from procedures.imports import import_workbook
from procedures.models import Dossier
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, local, make_dossier, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province) -> Dossier:
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))


def _api_url(dossier: Dossier) -> str:
    return f"/api/v1/dossiers/{dossier.code}/"


def test_a_stale_edit_page_is_refused_after_an_api_change_naming_who_changed_what(
    lan: Client, lan_api: Client, dossier
):
    edit = reverse("procedures:dossier_edit", kwargs={"code": "HS-1"})
    page = lan.get(edit).content.decode()
    assert 'name="version" value="1"' in page
    assert (
        lan_api.patch(_api_url(dossier), {"channel": "online"}, content_type="application/json").status_code
        == 200
    )

    response = lan.post(
        edit,
        {"version": "1", "applicant": "Công ty A", "channel": "direct", "received_at": "03/03/2025 09:00"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Hồ sơ đã được lan (lan) thay đổi lúc" in text
    assert "(đã sửa: kênh tiếp nhận)" in text
    assert "Thay đổi của bạn chưa được lưu" in text
    dossier.refresh_from_db()
    assert (dossier.channel, dossier.applicant, dossier.version) == ("online", "", 2)


def test_an_edit_page_saved_without_anyone_else_changing_the_dossier_goes_through(lan: Client, dossier):
    response = lan.post(
        reverse("procedures:dossier_edit", kwargs={"code": "HS-1"}),
        {"version": "1", "applicant": "Công ty A", "channel": "direct", "received_at": "03/03/2025 09:00"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.applicant, dossier.version) == ("Công ty A", 2)


def test_a_form_posted_without_the_version_it_read_is_refused_as_stale(lan: Client, dossier):
    response = lan.post(
        reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}),
        {"status": "resolved", "finished_at": "05/03/2025 10:00"},
    )
    assert "Trang này đã cũ: hãy tải lại trang rồi nhập lại." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.finished_at is None


def test_the_api_refuses_a_change_sent_with_an_old_version_with_409(lan_api: Client, dossier):
    url = _api_url(dossier)
    assert lan_api.get(url).json()["version"] == 1
    first = lan_api.patch(url, {"applicant": "A", "version": 1}, content_type="application/json")
    assert (first.status_code, first.json()["version"]) == (200, 2)

    stale = lan_api.patch(url, {"applicant": "B", "version": 1}, content_type="application/json")
    finish = lan_api.post(
        url + "finish/",
        {"status": "resolved", "finished_at": "2025-03-05T10:00:00+07:00", "version": 1},
        content_type="application/json",
    )

    assert (stale.status_code, finish.status_code) == (409, 409)
    assert "(đã sửa: tổ chức, cá nhân nộp)" in stale.json()["error"]
    dossier.refresh_from_db()
    assert (dossier.applicant, dossier.finished_at, dossier.version) == ("A", None, 2)


def test_an_api_change_without_a_version_is_not_checked(lan_api: Client, dossier):
    lan_api.patch(_api_url(dossier), {"applicant": "A"}, content_type="application/json")
    response = lan_api.patch(_api_url(dossier), {"applicant": "B"}, content_type="application/json")
    assert (response.status_code, response.json()["version"]) == (200, 3)


def test_an_import_that_changes_a_dossier_makes_pages_opened_before_it_stale(lan: Client, province, dossier):
    row = ["HS-1", "1.004227", None, "Trực tuyến", "03/03/2025 09:00", None, None, None, None]
    report = import_workbook(
        io.BytesIO(workbook_bytes({"HoSo": [HOSO_HEADERS, row], "TTHC": [TTHC_HEADERS]})),
        user=province.staff_stttt,
        dry_run=False,
    )
    assert report.ok, report.errors
    dossier.refresh_from_db()
    assert (dossier.channel, dossier.version) == ("online", 2)

    response = lan.post(
        reverse("procedures:dossier_rate", kwargs={"code": "HS-1"}),
        {"version": "1", "satisfaction": "satisfied"},
    )
    assert "Thay đổi của bạn chưa được lưu" in response.content.decode()
