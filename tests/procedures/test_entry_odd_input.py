"""Odd input on the dossier pages and the API is refused next to the field in Vietnamese, never a server
error: dates far outside the portal's years (2000-2100), and dossier codes no URL could reach."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from procedures.models import Dossier
from tests.factories import as_read, local, make_dossier
from tests.queries import DOSSIER_API_READS, DOSSIER_PAGE_READS

pytestmark = pytest.mark.django_db
DAY_OUT_OF_RANGE = "Ngày phải trong khoảng từ năm 2000 đến năm 2100."
TIME_OUT_OF_RANGE = "Thời điểm phải trong khoảng từ năm 2000 đến năm 2100."


@pytest.fixture
def hs1(province) -> Dossier:
    # Received Mon 03/03/2025, 5 working days: due Mon 10/03.
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))


def register(client: Client, **overrides):
    data = {"code": "HS-2", "channel": "direct", "received_at": "03/03/2025 09:00", **overrides}
    return client.post(reverse("procedures:dossier_register"), data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("dossier_edit", {"channel": "direct", "received_at": "01/01/0001 00:00"}, TIME_OUT_OF_RANGE),
        (
            "dossier_edit",
            {"channel": "direct", "received_at": "03/03/2025 09:00", "due_on": "31/12/9999"},
            DAY_OUT_OF_RANGE,
        ),
        ("dossier_finish", {"status": "resolved", "finished_at": "01/01/0001 00:00"}, TIME_OUT_OF_RANGE),
        ("dossier_apology", {"issued_on": "11/03/2025", "new_due_on": "31/12/9999"}, DAY_OUT_OF_RANGE),
        ("dossier_request_supplement", {"requested_on": "01/01/0001", "reason": "Thiếu"}, DAY_OUT_OF_RANGE),
    ],
)
def test_a_date_outside_the_portals_years_is_refused_next_to_the_field(
    lan, hs1, name, data, message, django_assert_num_queries
):
    form = as_read("HS-1", data)
    # The form refuses the date before the service is asked.
    with django_assert_num_queries(DOSSIER_PAGE_READS):
        response = lan.post(reverse(f"procedures:{name}", kwargs={"code": "HS-1"}), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    hs1.refresh_from_db()
    assert (hs1.status, hs1.received_at, hs1.due_on, hs1.apology_due_on) == (
        "in_progress",
        local(2025, 3, 3),
        date(2025, 3, 10),
        None,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"received_at": "31/12/9999 23:59"}, TIME_OUT_OF_RANGE),
        ({"received_at": "01/01/0001 00:00"}, TIME_OUT_OF_RANGE),
        ({"due_on": "31/12/9999"}, DAY_OUT_OF_RANGE),
    ],
)
@pytest.mark.parametrize("preview", [{}, {"preview": "1"}], ids=["save", "preview"])
def test_a_receipt_outside_the_portals_years_is_refused_next_to_the_field(
    lan, province, change, message, preview, django_assert_num_queries
):
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department; the page again lists the procedures, the departments and every unit as a receiving unit.
    # No calendar for a bad date.
    with django_assert_num_queries(10):
        response = register(
            lan, procedure=province.stttt_procedure.code, department=province.stttt.pk, **change, **preview
        )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("HS/1", "Mã hồ sơ không được chứa dấu “/” hoặc “\\” vì mã là một phần địa chỉ trang."),
        ("HS\x01", "Mã hồ sơ không được chứa ký tự ẩn hoặc ký tự điều khiển (U+0001)."),
        ("HS\n2", "Mã hồ sơ không được chứa ký tự ẩn hoặc ký tự điều khiển (U+000A)."),
    ],
)
def test_a_dossier_code_no_page_could_be_found_at_is_refused_on_registering(
    lan, province, code, message, django_assert_num_queries
):
    # The session, the user, the user's departments (twice), the procedure, the department; the page again
    # lists the procedures, the departments and every unit as a receiving unit. A code refused is not
    # looked for.
    with django_assert_num_queries(9):
        response = register(
            lan, code=code, procedure=province.stttt_procedure.code, department=province.stttt.pk
        )
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "0001-01-01T06:59:59", "0001-01-01"])
def test_an_api_time_in_year_one_is_a_400_naming_the_field(lan_api, hs1, moment, django_assert_num_queries):
    url = reverse("api:dossier-detail", args=["HS-1"])
    # The serializer refuses the time before the service is asked.
    with django_assert_num_queries(DOSSIER_API_READS):
        changed = lan_api.patch(url, {"received_at": moment}, content_type="application/json")
    finish = {"status": "resolved", "finished_at": moment}
    # The same, the token's use having been recorded a moment ago.
    with django_assert_num_queries(DOSSIER_API_READS - 1):
        finished = lan_api.post(
            reverse("api:dossier-finish", args=["HS-1"]), finish, content_type="application/json"
        )
    for response, field in ((changed, "received_at"), (finished, "finished_at")):
        assert response.status_code == 400
        assert response.json()["fields"] == {field: [TIME_OUT_OF_RANGE]}
    hs1.refresh_from_db()
    assert (hs1.received_at, hs1.status) == (local(2025, 3, 3), "in_progress")
