"""A corrected receipt time moves a due date the calendar computed, on the edit page and over the API; a
due date staff typed in (one the calendar would not give) is kept as given (spec/domain.md)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import Dossier
from tests.factories import as_read, local, make_dossier

pytestmark = pytest.mark.django_db


def edit(client: Client, data: dict):
    return client.post(
        reverse("procedures:dossier_edit", kwargs={"code": "HS-1"}),
        as_read("HS-1", {"channel": "direct", **data}),
    )


def test_correcting_the_receipt_time_moves_a_due_date_the_calendar_computed(lan, province):
    # Received Mon 03/03/2025, 5 working days: due Mon 10/03, as the calendar gives it.
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    # The edit form shows the stored due date, 10/03, and staff leave it as it is.
    response = edit(lan, {"received_at": "04/03/2025 09:00", "due_on": "10/03/2025"})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.due_on, dossier.computed_due_on) == (date(2025, 3, 11), date(2025, 3, 11))
    page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert 'Ngày hẹn trả</dt><dd class="col-5">11/03/2025' in page


@pytest.mark.parametrize("typed", ["20/03/2025", "14/03/2025"])
def test_a_due_date_typed_by_staff_is_kept_when_the_receipt_time_is_corrected(lan, province, typed):
    make_dossier(
        province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3), due_on=date(2025, 3, 20)
    )
    edit(lan, {"received_at": "04/03/2025 09:00", "due_on": typed})
    dossier = Dossier.objects.get()
    assert (f"{dossier.due_on:%d/%m/%Y}", dossier.computed_due_on) == (typed, date(2025, 3, 11))


def test_an_edit_that_keeps_the_receipt_time_keeps_the_due_date(lan, province):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    edit(
        lan,
        {
            "channel": "postal",
            "received_at": "03/03/2025 09:00",
            "due_on": "10/03/2025",
            "applicant": "Bà Thu",
        },
    )
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.applicant, dossier.due_on) == ("postal", "Bà Thu", date(2025, 3, 10))


def test_a_full_api_change_that_sends_back_the_computed_due_date_lets_it_follow_the_receipt(
    lan_api, province
):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    url = reverse("api:dossier-detail", args=["HS-1"])
    change = {"channel": "direct", "received_at": "2025-03-04T09:00:00+07:00", "due_on": "2025-03-10"}
    assert lan_api.put(url, change, content_type="application/json").json()["due_on"] == "2025-03-11"
