"""The morning's e-mail: one per user, with only the events they chose, never twice."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.digests import digests_send
from notifications.events import notifications_record_due
from notifications.models import Channel, Event, Notification
from notifications.services import preferences_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(province, team_member):
    for user in (province.staff_stttt, province.inspector, team_member):
        user.email = f"{user.username}@stttt.example.vn"
        user.save()


def test_each_user_gets_one_email_with_only_the_events_they_chose(
    province, dossier, recommendation, addresses
):
    notifications_record_due(today=date(2025, 3, 7))  # the dossier and the recommendation come due
    preferences_save(
        user=province.staff_stttt,
        chosen={Channel.PORTAL: set(Event.values), Channel.EMAIL: {Event.DOSSIER_DUE}},
    )

    assert digests_send(now=timezone.now()) == 3

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["hung@stttt.example.vn", "lan@stttt.example.vn", "thu@stttt.example.vn"]
    lan = by_address["lan@stttt.example.vn"]
    assert lan.subject.startswith("Cổng CCHC: 1 thông báo mới ngày ")
    assert (
        "Hồ sơ HS-STTTT-9 (Cấp giấy phép xuất bản bản tin) đến hạn trả kết quả ngày 10/03/2025." in lan.body
    )
    assert "http://127.0.0.1:8000/ho-so/HS-STTTT-9/" in lan.body
    assert "Kiến nghị" not in lan.body
    hung = by_address["hung@stttt.example.vn"]
    assert "Kiến nghị “Công khai đầy đủ thủ tục hành chính" in hung.body
    assert "HS-STTTT-9" not in hung.body


def test_the_digest_never_sends_an_event_twice(province, dossier, addresses):
    notifications_record_due(today=date(2025, 3, 7))
    assert digests_send(now=timezone.now()) == 1
    assert digests_send(now=timezone.now()) == 0

    notifications_record_due(today=date(2025, 3, 11))  # the dossier is now overdue
    assert digests_send(now=timezone.now()) == 1
    assert "đã quá hạn" in mail.outbox[-1].body and "đến hạn trả" not in mail.outbox[-1].body


def test_an_event_read_or_unwanted_is_passed_over_for_good(province, dossier, addresses):
    notifications_record_due(today=date(2025, 3, 7))
    preferences_save(
        user=province.staff_stttt, chosen={Channel.PORTAL: set(Event.values), Channel.EMAIL: set()}
    )
    assert digests_send(now=timezone.now()) == 0

    preferences_save(
        user=province.staff_stttt,
        chosen={Channel.PORTAL: set(Event.values), Channel.EMAIL: set(Event.values)},
    )
    assert digests_send(now=timezone.now()) == 0
    assert not mail.outbox
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


def test_a_user_without_an_address_gets_no_email(province, dossier):
    notifications_record_due(today=date(2025, 3, 7))

    assert digests_send(now=timezone.now()) == 0
    assert not mail.outbox


def test_send_digests_run_twice_records_and_sends_nothing_new(province, dossier, addresses, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2025, 3, 7))
    first, second = io.StringIO(), io.StringIO()
    call_command("send_digests", stdout=first)
    call_command("send_digests", stdout=second)

    assert "Đã ghi 1 thông báo mới (hồ sơ đến hạn 1," in first.getvalue()
    assert "đã gửi 1 thư tổng hợp." in first.getvalue()
    assert "Đã ghi 0 thông báo mới" in second.getvalue() and "đã gửi 0 thư" in second.getvalue()
    assert len(mail.outbox) == 1
