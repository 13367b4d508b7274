"""A return given as a date alone, as staff often know no more: on the day of receipt it counts from the
receipt time (the start of that day would come before the receipt), on a later day from its start."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import Dossier
from tests.factories import as_read, local, make_dossier
from tests.queries import DOSSIER_API_STEP, DOSSIER_PAGE_STEP, DOSSIER_REFUSED, DOSSIER_SAVED

pytestmark = pytest.mark.django_db
BEFORE_RECEIPT = "Thời điểm trả kết quả không được trước thời điểm tiếp nhận."


@pytest.fixture
def hs1(province) -> Dossier:
    # Received Mon 03/03/2025 at 09:00, 5 working days: due Mon 10/03.
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3, 9, 0))


def finish(client: Client, finished_at: str, assert_queries, queries: int):
    url = reverse("procedures:dossier_finish", kwargs={"code": "HS-1"})
    form = as_read("HS-1", {"status": "resolved", "finished_at": finished_at})
    with assert_queries(queries):
        return client.post(url, form)


def api_finish(client: Client, finished_at: str, assert_queries, queries: int):
    finish = {"status": "resolved", "finished_at": finished_at}
    with assert_queries(queries):
        return client.post(
            reverse("api:dossier-finish", args=["HS-1"]), finish, content_type="application/json"
        )


def test_a_return_dated_the_day_of_receipt_without_a_time_is_accepted_at_the_receipt_time(
    lan, hs1, django_assert_num_queries
):
    response = finish(lan, "03/03/2025", django_assert_num_queries, DOSSIER_PAGE_STEP + DOSSIER_SAVED)
    assert response.status_code == 302
    hs1.refresh_from_db()
    assert (hs1.status, hs1.finished_at, hs1.finished_on, hs1.timeliness()) == (
        "resolved",
        local(2025, 3, 3, 9, 0),
        date(2025, 3, 3),
        Dossier.Timeliness.EARLY,
    )
    # The session, the user, the user's departments, the dossier, its supplement requests, the data locks
    # covering it and its petitions.
    with django_assert_num_queries(7):
        page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert 'Trả kết quả</dt><dd class="col-5">03/03/2025 09:00' in page


def test_a_return_dated_a_later_day_without_a_time_counts_on_that_day(lan, hs1, django_assert_num_queries):
    finish(lan, "10/03/2025", django_assert_num_queries, DOSSIER_PAGE_STEP + DOSSIER_SAVED)
    hs1.refresh_from_db()
    assert (hs1.finished_at, hs1.timeliness()) == (local(2025, 3, 10, 0, 0), Dossier.Timeliness.ON_TIME)


def test_a_return_dated_the_day_before_receipt_is_refused(lan, hs1, django_assert_num_queries):
    response = finish(lan, "02/03/2025", django_assert_num_queries, DOSSIER_PAGE_STEP + DOSSIER_REFUSED)
    assert BEFORE_RECEIPT in response.content.decode()
    hs1.refresh_from_db()
    assert hs1.status == "in_progress"


def test_the_api_takes_a_return_dated_the_day_of_receipt_at_the_receipt_time(
    lan_api, hs1, django_assert_num_queries
):
    response = api_finish(lan_api, "2025-03-03", django_assert_num_queries, DOSSIER_API_STEP + DOSSIER_SAVED)
    assert response.status_code == 200, response.json()
    assert (response.json()["finished_at"], response.json()["timeliness"]) == (
        "2025-03-03T09:00:00+07:00",
        "early",
    )


def test_the_api_refuses_a_return_dated_the_day_before_receipt(lan_api, hs1, django_assert_num_queries):
    response = api_finish(
        lan_api, "2025-03-02", django_assert_num_queries, DOSSIER_API_STEP + DOSSIER_REFUSED
    )
    assert response.json()["fields"] == {"finished_at": [BEFORE_RECEIPT]}
