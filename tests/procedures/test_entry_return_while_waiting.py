"""A return (or a withdrawal, a refusal) while the dossier waits for the applicant's supplement ends the
pause that day: the deadline moves by the pause's working days exactly as if the supplement had arrived."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import Dossier, SupplementRequest
from procedures.services import dossier_request_supplement
from tests.factories import as_read, local, make_dossier
from tests.queries import DOSSIER_API_STEP, DOSSIER_PAGE_STEP, DOSSIER_SAVED, PAUSE_ENDED

pytestmark = pytest.mark.django_db
STILL_WAITING = "Hồ sơ chờ bổ sung từ ngày 05/03/2025: thời điểm trả kết quả không được trước ngày đó."
# A step that ends the pause and then finishes or resumes the dossier.
PAGE_ENDS_PAUSE = DOSSIER_PAGE_STEP + PAUSE_ENDED + DOSSIER_SAVED
# A return dated before the pause began: the step's reads, the open supplement request, the rollback and
# release.
PAGE_REFUSED_WHILE_WAITING = DOSSIER_PAGE_STEP + 3


def waiting(province, code: str = "HS-1") -> Dossier:
    """Received Mon 03/03/2025, 5 working days: due Mon 10/03; a supplement asked for on Wed 05/03."""
    dossier = make_dossier(province.stttt_procedure, code=code, received_at=local(2025, 3, 3))
    dossier_request_supplement(dossier=dossier, requested_on=date(2025, 3, 5), reason="Thiếu bản sao")
    return dossier


def step(client: Client, name: str, code: str, data: dict, assert_queries, queries: int):
    form = as_read(code, data)
    with assert_queries(queries):
        return client.post(reverse(f"procedures:{name}", kwargs={"code": code}), form)


def api_finish(client: Client, finished_at: str, assert_queries, queries: int):
    finish = {"status": "resolved", "finished_at": finished_at}
    with assert_queries(queries):
        return client.post(
            reverse("api:dossier-finish", args=["HS-1"]), finish, content_type="application/json"
        )


def test_a_return_while_waiting_for_a_supplement_moves_the_deadline_by_the_pause(
    lan, province, django_assert_num_queries
):
    waiting(province)
    data = {"status": "resolved", "finished_at": "12/03/2025 15:00"}
    step(lan, "dossier_finish", "HS-1", data, django_assert_num_queries, PAGE_ENDS_PAUSE)
    dossier = Dossier.objects.get()
    # The pause lasted until the return: 06, 07, 10, 11 and 12 March, 5 working days.
    assert (dossier.status, dossier.paused_on, dossier.paused_days, dossier.effective_due_on) == (
        "resolved",
        None,
        5,
        date(2025, 3, 17),
    )
    assert dossier.timeliness() == Dossier.Timeliness.EARLY
    # The session, the user, the user's departments, the dossier, its supplement requests, the data locks
    # covering it, its petitions, and the calendar, by which the DVCQG rule counts the pause's office time.
    with django_assert_num_queries(8):
        page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert 'Hạn sau thời gian chờ bổ sung (5 ngày)</dt><dd class="col-5">17/03/2025' in page
    assert SupplementRequest.objects.get().supplied_on == date(2025, 3, 12)


def test_a_return_while_waiting_counts_exactly_as_a_supplement_received_that_day(
    lan, province, django_assert_num_queries
):
    waiting(province, "HS-1")
    waiting(province, "HS-2")
    step(
        lan,
        "dossier_receive_supplement",
        "HS-2",
        {"supplied_on": "12/03/2025"},
        django_assert_num_queries,
        PAGE_ENDS_PAUSE,
    )
    # HS-1 ends its pause as it is refused; HS-2, already resumed, is only finished.
    for code, queries in (("HS-1", PAGE_ENDS_PAUSE), ("HS-2", DOSSIER_PAGE_STEP + DOSSIER_SAVED)):
        data = {"status": "refused", "finished_at": "12/03/2025 15:00"}
        step(lan, "dossier_finish", code, data, django_assert_num_queries, queries)
    closed_while_waiting, resumed = Dossier.objects.order_by("code")
    assert (closed_while_waiting.paused_days, closed_while_waiting.effective_due_on) == (
        resumed.paused_days,
        resumed.effective_due_on,
    )


def test_a_return_before_the_supplement_was_asked_for_is_refused_in_vietnamese(
    lan, province, django_assert_num_queries
):
    waiting(province)
    data = {"status": "resolved", "finished_at": "04/03/2025 10:00"}
    response = step(
        lan, "dossier_finish", "HS-1", data, django_assert_num_queries, PAGE_REFUSED_WHILE_WAITING
    )
    assert STILL_WAITING in response.content.decode()
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.paused_on, dossier.paused_days) == (
        "awaiting_supplement",
        date(2025, 3, 5),
        0,
    )
    assert SupplementRequest.objects.get().supplied_on is None


def test_the_api_return_while_waiting_moves_the_deadline_by_the_pause(
    lan_api, province, django_assert_num_queries
):
    waiting(province)
    queries = DOSSIER_API_STEP + PAUSE_ENDED + DOSSIER_SAVED
    response = api_finish(lan_api, "2025-03-12T15:00:00+07:00", django_assert_num_queries, queries)
    assert response.status_code == 200, response.json()
    payload = response.json()
    assert [payload[key] for key in ("paused_on", "paused_days", "effective_due_on", "timeliness")] == [
        None,
        5,
        "2025-03-17",
        "early",
    ]


def test_the_api_refuses_a_return_before_the_supplement_was_asked_for_naming_the_field(
    lan_api, province, django_assert_num_queries
):
    waiting(province)
    # The step's reads, the open supplement request, the rollback and release.
    response = api_finish(
        lan_api, "2025-03-04T10:00:00+07:00", django_assert_num_queries, DOSSIER_API_STEP + 3
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"finished_at": [STILL_WAITING]}
    assert Dossier.objects.get().status == "awaiting_supplement"
    assert SupplementRequest.objects.get().supplied_on is None
