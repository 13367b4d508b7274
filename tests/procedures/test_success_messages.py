"""Each save of a dossier's step says what was saved: the dossier's code and what was recorded, never the
form's title alone."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import as_read, local, make_dossier
from tests.queries import DOSSIER_PAGE_STEP, DOSSIER_SAVED

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def hs(province):
    return make_dossier(province.stttt_procedure, code="STTTT-250303-0001", received_at=local(2025, 3, 3))


def step(client, name: str, data: dict):
    """Posts a step as its page would, with the version of the dossier the page read."""
    return client.post(
        reverse(f"procedures:{name}", kwargs={"code": "STTTT-250303-0001"}),
        as_read("STTTT-250303-0001", data),
    )


def test_a_returned_result_is_confirmed_with_the_code_the_outcome_and_the_day(
    lan, hs, django_assert_num_queries
):
    data = as_read("STTTT-250303-0001", {"status": "resolved", "finished_at": "06/03/2025 15:00"})
    url = reverse("procedures:dossier_finish", kwargs={"code": "STTTT-250303-0001"})
    # The step's reads and the service's checks, then the rulebook's save of the dossier.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + DOSSIER_SAVED):
        response = lan.post(url, data)
    assert messages_of(response) == [
        "Đã ghi nhận kết quả hồ sơ STTTT-250303-0001: đã giải quyết ngày 06/03/2025."
    ]


def test_a_supplement_request_and_a_rating_say_what_was_recorded(lan, hs):
    asked = step(lan, "dossier_request_supplement", {"requested_on": "04/03/2025", "reason": "Thiếu bản sao"})
    assert messages_of(asked) == [
        "Đã ghi nhận yêu cầu bổ sung hồ sơ STTTT-250303-0001 ngày 04/03/2025; hồ sơ chuyển sang chờ bổ sung."
    ]
    supplied = step(lan, "dossier_receive_supplement", {"supplied_on": "05/03/2025"})
    assert messages_of(supplied)[-1].startswith(
        "Đã ghi nhận hồ sơ STTTT-250303-0001 được bổ sung đủ; hạn giải quyết mới ngày "
    )
    step(lan, "dossier_finish", {"status": "resolved", "finished_at": "06/03/2025 15:00"})
    rated = step(lan, "dossier_rate", {"satisfaction": "very_satisfied"})
    assert messages_of(rated)[-1:] == [
        "Đã ghi nhận mức độ hài lòng của người nộp hồ sơ STTTT-250303-0001: rất hài lòng."
    ]


def test_editing_the_receipt_names_the_dossier_and_its_due_date(lan, hs):
    response = step(
        lan,
        "dossier_edit",
        {"channel": "online", "received_at": "03/03/2025 09:00", "applicant": "Trần Thị Bình"},
    )
    assert messages_of(response) == [
        "Đã lưu thông tin tiếp nhận hồ sơ STTTT-250303-0001, hẹn trả ngày 10/03/2025."
    ]
