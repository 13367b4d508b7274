"""A supplement request may be given at a moment rather than a day: the portal keeps the moments, Biểu 06a
still counts the pause in working days, and the DVCQG rule (indicator 2.1) moves the due time by the office
time waited, so that the two rules may part on the same dossier and its page says so."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import Dossier, SupplementRequest
from tests.factories import as_read, local, make_api_key, make_dossier

pytestmark = pytest.mark.django_db


def _post(client, step, data):
    return client.post(reverse(f"procedures:{step}", kwargs={"code": "HS-1"}), as_read("HS-1", data))


@pytest.fixture
def received(province):
    # Received Mon 03/03/2025 at 09:00 with 5 working days: due Mon 10/03, at 17:00 for the DVCQG rule.
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3, 9))


def test_a_supplement_asked_for_and_supplied_at_moments_moves_the_dvcqg_due_time_by_office_hours(
    lan, received
):
    _post(lan, "dossier_request_supplement", {"requested_on": "05/03/2025 10:00", "reason": "Thiếu bản sao"})
    _post(lan, "dossier_receive_supplement", {"supplied_on": "05/03/2025 15:30"})
    pause = SupplementRequest.objects.get()
    assert (pause.requested_on, pause.supplied_on) == (date(2025, 3, 5), date(2025, 3, 5))
    assert (pause.requested_at, pause.supplied_at) == (local(2025, 3, 5, 10), local(2025, 3, 5, 15, 30))
    dossier = Dossier.objects.get()
    # Biểu 06a: no whole working day paused, the deadline stays Mon 10/03. DVCQG: 3 h 30 waited
    # (10:00–11:30, 13:30–15:30) move 17:00 on 10/03 to 11:00 on 11/03.
    assert (dossier.paused_days, dossier.effective_due_on) == (0, date(2025, 3, 10))
    assert dossier.dvcqg_late_on == date(2025, 3, 11)


def test_a_return_late_by_the_day_may_be_on_time_by_the_dvcqg_rule_and_the_page_says_both(lan, received):
    _post(lan, "dossier_request_supplement", {"requested_on": "05/03/2025 10:00", "reason": "Thiếu bản sao"})
    _post(lan, "dossier_receive_supplement", {"supplied_on": "05/03/2025 15:30"})
    _post(
        lan, "dossier_finish", {"status": "resolved", "finished_at": "11/03/2025 10:30", "satisfaction": ""}
    )
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.dvcqg_on_time) == ("resolved", True)
    page = lan.get(dossier.get_absolute_url()).content.decode()
    assert "Hai quy tắc đánh giá khác nhau." in page
    assert "Theo Biểu 06a (ngày hẹn trả, tính theo ngày): Quá hạn." in page
    assert "Đúng hạn: kết thúc xử lý lúc 10:30 11/03/2025 (trả kết quả), hạn 11:00 11/03/2025." in page


def test_a_supplement_asked_for_before_the_receipt_is_refused_and_nothing_changes(lan, received):
    response = _post(
        lan, "dossier_request_supplement", {"requested_on": "03/03/2025 08:00", "reason": "Thiếu bản sao"}
    )
    assert "Thời điểm yêu cầu bổ sung phải từ thời điểm tiếp nhận đến hiện tại." in response.content.decode()
    assert not SupplementRequest.objects.exists()
    assert Dossier.objects.get().status == "in_progress"


def test_a_supplement_cannot_come_back_before_the_moment_it_was_asked_for(lan, received):
    _post(lan, "dossier_request_supplement", {"requested_on": "05/03/2025 10:00", "reason": "Thiếu bản sao"})
    response = _post(lan, "dossier_receive_supplement", {"supplied_on": "05/03/2025 09:00"})
    assert (
        "Thời điểm nhận hồ sơ bổ sung phải từ lúc yêu cầu (10:00 05/03/2025) đến hiện tại."
        in response.content.decode()
    )
    assert SupplementRequest.objects.get().supplied_on is None


def test_a_supplement_given_by_its_day_alone_keeps_no_moment(lan, received):
    _post(lan, "dossier_request_supplement", {"requested_on": "05/03/2025", "reason": "Thiếu bản sao"})
    pause = SupplementRequest.objects.get()
    assert (pause.requested_on, pause.requested_at) == (date(2025, 3, 5), None)


def test_the_dossier_page_lists_a_supplement_by_its_moments_where_kept(lan, received):
    _post(lan, "dossier_request_supplement", {"requested_on": "05/03/2025 10:00", "reason": "Thiếu bản sao"})
    page = lan.get(Dossier.objects.get().get_absolute_url()).content.decode()
    assert "Từ 10:00 05/03/2025 đến nay (đang chờ): Thiếu bản sao" in page


def test_the_api_lists_a_dossiers_supplement_requests_with_their_moments(lan, lan_api, received):
    _post(lan, "dossier_request_supplement", {"requested_on": "05/03/2025 10:00", "reason": "Thiếu bản sao"})
    _post(lan, "dossier_receive_supplement", {"supplied_on": "06/03/2025"})
    answer = lan_api.get(reverse("api:dossier-supplements", args=["HS-1"]))
    assert answer.json() == [
        {
            "requested_on": "2025-03-05",
            "requested_at": "2025-03-05T10:00:00+07:00",
            "supplied_on": "2025-03-06",
            "supplied_at": None,
            "reason": "Thiếu bản sao",
        }
    ]


def test_another_units_staff_cannot_read_a_dossiers_supplement_requests(province, received):
    other = Client(headers={"Authorization": f"Token {make_api_key(province.staff_sxd)}"})
    assert other.get(reverse("api:dossier-supplements", args=["HS-1"])).status_code == 404
