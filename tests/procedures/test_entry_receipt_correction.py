"""A corrected receipt time moves a due date the calendar computed, on the edit page and over the API; a
due date staff typed in (one the calendar would not give) is kept as given (spec/domain.md)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import Dossier
from tests.factories import as_read, local, make_dossier
from tests.queries import DOSSIER_API_STEP, DOSSIER_PAGE_STEP, DOSSIER_SAVED

pytestmark = pytest.mark.django_db


# An edit saved: the step's reads, the data lock over the receipt date asked for, and the rulebook's save.
EDITED = DOSSIER_PAGE_STEP + 1 + DOSSIER_SAVED


def edit(client: Client, data: dict, assert_queries):
    form = as_read("HS-1", {"channel": "direct", **data})
    with assert_queries(EDITED):
        return client.post(reverse("procedures:dossier_edit", kwargs={"code": "HS-1"}), form)


def test_correcting_the_receipt_time_moves_a_due_date_the_calendar_computed(
    lan, province, django_assert_num_queries
):
    # Received Mon 03/03/2025, 5 working days: due Mon 10/03, as the calendar gives it.
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    # The edit form shows the stored due date, 10/03, and staff leave it as it is.
    response = edit(
        lan, {"received_at": "04/03/2025 09:00", "due_on": "10/03/2025"}, django_assert_num_queries
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.due_on, dossier.computed_due_on) == (date(2025, 3, 11), date(2025, 3, 11))
    # The session, the user, the user's departments, the dossier, its supplement requests, the data locks
    # covering it and its petitions.
    with django_assert_num_queries(7):
        page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert 'Ngày hẹn trả</dt><dd class="col-5">11/03/2025' in page


@pytest.mark.parametrize("typed", ["20/03/2025", "14/03/2025"])
def test_a_due_date_typed_by_staff_is_kept_when_the_receipt_time_is_corrected(
    lan, province, typed, django_assert_num_queries
):
    make_dossier(
        province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3), due_on=date(2025, 3, 20)
    )
    edit(lan, {"received_at": "04/03/2025 09:00", "due_on": typed}, django_assert_num_queries)
    dossier = Dossier.objects.get()
    assert (f"{dossier.due_on:%d/%m/%Y}", dossier.computed_due_on) == (typed, date(2025, 3, 11))


def test_an_edit_that_keeps_the_receipt_time_keeps_the_due_date(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    edit(
        lan,
        {
            "channel": "postal",
            "received_at": "03/03/2025 09:00",
            "due_on": "10/03/2025",
            "applicant": "Bà Thu",
        },
        django_assert_num_queries,
    )
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.applicant, dossier.due_on) == ("postal", "Bà Thu", date(2025, 3, 10))


def test_a_full_api_change_that_sends_back_the_computed_due_date_lets_it_follow_the_receipt(
    lan_api, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    url = reverse("api:dossier-detail", args=["HS-1"])
    change = {"channel": "direct", "received_at": "2025-03-04T09:00:00+07:00", "due_on": "2025-03-10"}
    # The step's reads, the data lock over the new receipt date, and the rulebook's save.
    with django_assert_num_queries(DOSSIER_API_STEP + 1 + DOSSIER_SAVED):
        response = lan_api.put(url, change, content_type="application/json")
    assert response.json()["due_on"] == "2025-03-11"
