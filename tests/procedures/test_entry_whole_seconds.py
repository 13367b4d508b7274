"""Receipt and return times are stored to the whole second, whichever way they are entered: a fraction
would make a re-imported export look changed, and a return in the receipt's second look earlier."""

import pytest
from django.urls import reverse

from procedures.models import Dossier
from tests.factories import as_read, local, make_dossier
from tests.queries import DOSSIER_API_STEP, DOSSIER_PAGE_STEP, DOSSIER_SAVED

pytestmark = pytest.mark.django_db


def test_a_receipt_time_typed_with_fractions_of_a_second_is_saved_to_the_whole_second(
    lan, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    url = reverse("procedures:dossier_edit", kwargs={"code": "HS-1"})
    form = as_read("HS-1", {"channel": "direct", "received_at": "2025-03-04 09:00:00.750000"})
    # The step's reads, the data lock over the new receipt date, and the rulebook's save.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 1 + DOSSIER_SAVED):
        lan.post(url, form)
    assert Dossier.objects.get().received_at == local(2025, 3, 4, 9, 0)


def test_a_return_in_the_same_second_as_the_receipt_is_not_before_it(
    lan, province, django_assert_num_queries
):
    # Saved before times were cut to the second: received at 09:00:00.6.
    received_at = local(2025, 3, 3, 9, 0).replace(microsecond=600000)
    make_dossier(province.stttt_procedure, code="HS-1", received_at=received_at)
    url = reverse("procedures:dossier_finish", kwargs={"code": "HS-1"})
    form = as_read("HS-1", {"status": "resolved", "finished_at": "03/03/2025 09:00:00"})
    with django_assert_num_queries(DOSSIER_PAGE_STEP + DOSSIER_SAVED):
        response = lan.post(url, form)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.finished_at == dossier.received_at == local(2025, 3, 3, 9, 0)


def test_times_sent_with_fractions_of_a_second_over_the_api_are_saved_to_the_whole_second(
    lan_api, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    receipt = {
        "code": "HS-2",
        "procedure": "1.004227",
        "department": "STTTT",
        "channel": "online",
        "received_at": "2025-03-04T10:00:00.999999+07:00",
    }
    # The token, its use, the code's uniqueness, the department, the procedure, the user's departments
    # (twice); in the service's savepoint, the data lock, the units and successions and the units carrying
    # out the procedure (the rulebook's organisation), the code's uniqueness, the calendar, the dossier
    # and its history written, the release.
    with django_assert_num_queries(17):
        created = lan_api.post(reverse("api:dossier-list"), receipt, content_type="application/json")
    assert created.json()["received_at"] == "2025-03-04T10:00:00+07:00"
    finish = {"status": "resolved", "finished_at": "2025-03-07T15:30:00.5+07:00"}
    # From here the token's use was recorded a moment ago: one query fewer.
    with django_assert_num_queries(DOSSIER_API_STEP - 1 + DOSSIER_SAVED):
        finished = lan_api.post(
            reverse("api:dossier-finish", args=["HS-2"]), finish, content_type="application/json"
        )
    assert finished.json()["finished_at"] == "2025-03-07T15:30:00+07:00"
    change = {"received_at": "2025-03-03T08:00:00.25+07:00"}
    # The data lock over the new receipt date is read too.
    with django_assert_num_queries(DOSSIER_API_STEP - 1 + 1 + DOSSIER_SAVED):
        changed = lan_api.patch(
            reverse("api:dossier-detail", args=["HS-1"]), change, content_type="application/json"
        )
    assert changed.json()["received_at"] == "2025-03-03T08:00:00+07:00"
    stored = Dossier.objects.values_list("received_at", "finished_at")
    assert {moment.microsecond for row in stored for moment in row if moment} == {0}
