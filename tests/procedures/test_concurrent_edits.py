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


# A dossier's page or step as Lan opens or sends it begins with the session, the user, her departments,
# the dossier and its supplement requests; over the API, with the token, its use (recorded at most once
# a minute), her departments and those below them, and the dossier.
PAGE_READS = 5
API_READS = 5
# A change saved: the service's savepoint, the dossier again (locked for update), the data locks over its
# old and new dates, the units and successions and the units carrying out the procedure (the rulebook's
# organisation), the code's uniqueness, the calendar, its supplement requests (the DVCQG rule's standing),
# the dossier and its history written, the release.
SAVED = 13
# A stale change refused: the savepoint, the dossier again (locked for update), its last two history
# records (to say who changed what), the rollback and release.
STALE = 6


def test_a_stale_edit_page_is_refused_after_an_api_change_naming_who_changed_what(
    lan: Client, lan_api: Client, dossier, django_assert_num_queries
):
    edit = reverse("procedures:dossier_edit", kwargs={"code": "HS-1"})
    with django_assert_num_queries(PAGE_READS):
        page = lan.get(edit).content.decode()
    assert 'name="version" value="1"' in page
    with django_assert_num_queries(API_READS + SAVED):
        patched = lan_api.patch(_api_url(dossier), {"channel": "online"}, content_type="application/json")
    assert patched.status_code == 200

    with django_assert_num_queries(PAGE_READS + STALE):
        response = lan.post(
            edit,
            {
                "version": "1",
                "applicant": "Công ty A",
                "channel": "direct",
                "received_at": "03/03/2025 09:00",
            },
        )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Hồ sơ đã được lan (lan) thay đổi lúc" in text
    assert "(đã sửa: kênh tiếp nhận)" in text
    assert "Thay đổi của bạn chưa được lưu" in text
    dossier.refresh_from_db()
    assert (dossier.channel, dossier.applicant, dossier.version) == ("online", "", 2)


def test_an_edit_page_saved_without_anyone_else_changing_the_dossier_goes_through(
    lan: Client, dossier, django_assert_num_queries
):
    with django_assert_num_queries(PAGE_READS + SAVED):
        response = lan.post(
            reverse("procedures:dossier_edit", kwargs={"code": "HS-1"}),
            {
                "version": "1",
                "applicant": "Công ty A",
                "channel": "direct",
                "received_at": "03/03/2025 09:00",
            },
        )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.applicant, dossier.version) == ("Công ty A", 2)


def test_a_form_posted_without_the_version_it_read_is_refused_as_stale(
    lan: Client, dossier, django_assert_num_queries
):
    # The page's reads only: the form is refused before the service is asked.
    with django_assert_num_queries(PAGE_READS):
        response = lan.post(
            reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}),
            {"status": "resolved", "finished_at": "05/03/2025 10:00"},
        )
    assert "Trang này đã cũ: hãy tải lại trang rồi nhập lại." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.finished_at is None


def test_the_api_refuses_a_change_sent_with_an_old_version_with_409(
    lan_api: Client, dossier, django_assert_num_queries
):
    url = _api_url(dossier)
    with django_assert_num_queries(API_READS):
        assert lan_api.get(url).json()["version"] == 1
    # The token's use was recorded a moment ago: one query fewer from here on.
    with django_assert_num_queries(API_READS - 1 + SAVED):
        first = lan_api.patch(url, {"applicant": "A", "version": 1}, content_type="application/json")
    assert (first.status_code, first.json()["version"]) == (200, 2)

    with django_assert_num_queries(API_READS - 1 + STALE):
        stale = lan_api.patch(url, {"applicant": "B", "version": 1}, content_type="application/json")
    with django_assert_num_queries(API_READS - 1 + STALE):
        finish = lan_api.post(
            url + "finish/",
            {"status": "resolved", "finished_at": "2025-03-05T10:00:00+07:00", "version": 1},
            content_type="application/json",
        )

    assert (stale.status_code, finish.status_code) == (409, 409)
    assert "(đã sửa: tổ chức, cá nhân nộp)" in stale.json()["error"]
    dossier.refresh_from_db()
    assert (dossier.applicant, dossier.finished_at, dossier.version) == ("A", None, 2)


def test_an_api_change_without_a_version_is_not_checked(lan_api: Client, dossier, django_assert_num_queries):
    lan_api.patch(_api_url(dossier), {"applicant": "A"}, content_type="application/json")
    # No history is read to compare versions: the change is saved as usual (the token's use was recorded
    # a moment ago).
    with django_assert_num_queries(API_READS - 1 + SAVED):
        response = lan_api.patch(_api_url(dossier), {"applicant": "B"}, content_type="application/json")
    assert (response.status_code, response.json()["version"]) == (200, 3)


def test_an_import_that_changes_a_dossier_makes_pages_opened_before_it_stale(
    lan: Client, province, dossier, django_assert_num_queries
):
    row = ["HS-1", "1.004227", None, "Trực tuyến", "03/03/2025 09:00", None, None, None, None]
    report = import_workbook(
        io.BytesIO(workbook_bytes({"HoSo": [HOSO_HEADERS, row], "TTHC": [TTHC_HEADERS]})),
        user=province.staff_stttt,
        dry_run=False,
    )
    assert report.ok, report.errors
    dossier.refresh_from_db()
    assert (dossier.channel, dossier.version) == ("online", 2)

    with django_assert_num_queries(PAGE_READS + STALE):
        response = lan.post(
            reverse("procedures:dossier_rate", kwargs={"code": "HS-1"}),
            {"version": "1", "satisfaction": "satisfied"},
        )
    assert "Thay đổi của bạn chưa được lưu" in response.content.decode()
