"""A dossier's dates over the API are within the portal's years (2000-2100): any other is a 400 naming
the field, the first and last days pass."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from departments.models import DataLock
from procedures.models import Dossier

pytestmark = pytest.mark.django_db
DAY_OUT_OF_RANGE = "Ngày phải trong khoảng từ năm 2000 đến năm 2100."
TIME_OUT_OF_RANGE = "Thời điểm phải trong khoảng từ năm 2000 đến năm 2100."


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received_at": "1999-12-31T23:59:00+07:00"}, "received_at", TIME_OUT_OF_RANGE),
        ({"received_at": "2101-01-01T00:00:00+07:00"}, "received_at", TIME_OUT_OF_RANGE),
        ({"received_at": "9999-12-31T00:00:00"}, "received_at", TIME_OUT_OF_RANGE),
        ({"due_on": "1999-12-31"}, "due_on", DAY_OUT_OF_RANGE),
        ({"due_on": "2101-01-01"}, "due_on", DAY_OUT_OF_RANGE),
        ({"due_on": "0001-01-01"}, "due_on", DAY_OUT_OF_RANGE),
    ],
)
def test_the_api_refuses_a_receipt_outside_the_portals_years_naming_the_field(
    client, province, change, field, message, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    data = {"code": "HS-1", "procedure": "1.004227", "department": "STTTT", "channel": "direct"}
    data |= {"received_at": "2025-03-03T09:00:00", **change}
    # The session, the user, the code's uniqueness, the department, the procedure, the user's departments
    # (twice): the serializer refuses the date before the rulebook is asked.
    with django_assert_num_queries(7):
        response = client.post(reverse("api:dossier-list"), data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not Dossier.objects.exists()


def test_the_api_takes_a_receipt_on_the_first_day_and_a_due_date_on_the_last(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    for code, received_at, due_on in (
        ("HS-1", "2000-01-01T00:00:00+07:00", "2000-01-01"),
        ("HS-2", "2025-03-03T09:00:00+07:00", "2100-12-31"),
    ):
        data = {"code": code, "procedure": "1.004227", "department": "STTTT", "channel": "direct"}
        data |= {"received_at": received_at, "due_on": due_on}
        # The same reads; in the service's savepoint, the data lock, the units and successions and the
        # units carrying out the procedure (the rulebook's organisation), the code's uniqueness, the
        # calendar, the dossier and its history written, the release.
        with django_assert_num_queries(17):
            response = client.post(reverse("api:dossier-list"), data, content_type="application/json")
        assert response.status_code == 201, response.json()
    assert Dossier.objects.count() == 2


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    )
    # The admin finds a model's content type through a cache kept for the whole process; read it now, so
    # that the queries counted do not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(Dossier)
    return client


def _admin_dossier(province, received_day: str) -> dict:
    return {
        "code": "HS-ADMIN",
        "procedure": province.stttt_procedure.pk,
        "department": province.stttt.pk,
        "channel": "direct",
        "received_at_0": received_day,
        "received_at_1": "09:00",
        "status": "in_progress",
        "paused_days": "0",
        "supplements-TOTAL_FORMS": "0",
        "supplements-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/1999", "01/01/2101", "31/12/9999"])
def test_the_admin_refuses_a_dossier_received_outside_the_portals_years(
    admin_client, province, day, django_assert_num_queries
):
    # The session, the user; in the admin's savepoint the procedure, the department and the data lock, the
    # procedure and department chosen, the units, successions and the units carrying out the procedure
    # (the rulebook's checks), the check constraints (each in a savepoint: 12 of the queries are the four
    # on the national facts that do not name the refused receipt time), the code's uniqueness; the
    # procedure and department choices and every unit as a receiving unit to show the form again.
    with django_assert_num_queries(43):
        response = admin_client.post(reverse("admin:procedures_dossier_add"), _admin_dossier(province, day))
    assert response.status_code == 200
    assert TIME_OUT_OF_RANGE in response.context["adminform"].form.errors["received_at"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/1999"])
def test_a_data_lock_outside_the_portals_years_is_refused_next_to_the_field(
    client, province, day, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user and the department: the form refuses the date.
    with django_assert_num_queries(3):
        response = client.post(
            reverse("departments:lock", kwargs={"code": "STTTT"}), {"locked_until": day, "reason": "Kiểm tra"}
        )
    assert response.status_code == 200
    assert DAY_OUT_OF_RANGE in response.content.decode()
    assert not DataLock.objects.exists()
