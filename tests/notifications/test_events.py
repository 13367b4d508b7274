"""Each event tells those who may see its record, and no one else, once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jobs.models import Job
from jobs.services import job_run
from jobs.supervision import job_fail_if_abandoned
from notifications.events import notifications_record_due
from notifications.models import Event, Notification
from tests.factories import local

pytestmark = pytest.mark.django_db


def told(event: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(event=event).values_list("user__username", "text"))


def test_on_friday_a_dossier_due_on_monday_is_told_to_its_units_staff_only(province, dossier):
    recorded = notifications_record_due(today=date(2025, 3, 7))

    assert recorded.dossier_due == 1
    assert told(Event.DOSSIER_DUE) == [
        ("lan", "Hồ sơ HS-STTTT-9 (Cấp giấy phép xuất bản bản tin) đến hạn trả kết quả ngày 10/03/2025.")
    ]


def test_a_dossier_due_later_than_the_next_working_day_is_not_told_yet(province, dossier):
    assert notifications_record_due(today=date(2025, 3, 6)).total == 0


def test_a_finished_dossier_is_never_told_as_due_or_overdue(province, dossier):
    dossier.finished_at, dossier.status = local(2025, 3, 5), "resolved"
    dossier.save()

    assert notifications_record_due(today=date(2025, 3, 7)).total == 0
    assert notifications_record_due(today=date(2025, 3, 11)).total == 0


def test_a_dossier_turned_overdue_is_told_once_however_often_the_run_repeats(province, dossier):
    first = notifications_record_due(today=date(2025, 3, 11))
    again = notifications_record_due(today=date(2025, 3, 11))
    next_day = notifications_record_due(today=date(2025, 3, 12))

    assert (first.dossier_overdue, again.total, next_day.total) == (1, 0, 0)
    assert told(Event.DOSSIER_OVERDUE) == [
        ("lan", "Hồ sơ HS-STTTT-9 (Cấp giấy phép xuất bản bản tin) đã quá hạn trả kết quả ngày 10/03/2025.")
    ]


def test_a_dossier_overdue_for_more_than_a_week_is_left_to_the_overdue_lists(province, dossier):
    assert notifications_record_due(today=date(2025, 3, 18)).total == 0


def test_a_recommendation_coming_due_is_told_to_its_unit_and_the_inspectors_who_follow_it(
    province, recommendation, team_member
):
    recorded = notifications_record_due(today=date(2025, 3, 7))
    notifications_record_due(today=date(2025, 3, 8))

    assert recorded.recommendation_due == 3
    text = (
        "Kiến nghị “Công khai đầy đủ thủ tục hành chính tại bộ phận một cửa” giao Sở Thông tin và Truyền "
        "thông đến hạn ngày 14/03/2025."
    )
    assert told(Event.RECOMMENDATION_DUE) == [("hung", text), ("lan", text), ("thu", text)]


def test_a_recommendation_due_in_more_than_a_week_is_not_told_yet(province, recommendation):
    assert notifications_record_due(today=date(2025, 3, 6)).recommendation_due == 0


def test_an_overdue_recommendation_is_told_once_and_a_closed_one_never(province, recommendation):
    assert notifications_record_due(today=date(2025, 3, 17)).recommendation_overdue == 3
    assert notifications_record_due(today=date(2025, 3, 18)).recommendation_overdue == 0
    assert [user for user, _text in told(Event.RECOMMENDATION_OVERDUE)] == ["hung", "lan", "thu"]

    Notification.objects.all().delete()
    recommendation.status, recommendation.closed_on = "closed", date(2025, 3, 16)
    recommendation.save()
    assert notifications_record_due(today=date(2025, 3, 17)).total == 0


def _job(user, **fields) -> Job:
    return Job.objects.create(
        kind=Job.Kind.EXPORT, user=user, filename="ho-so.xlsx", stored_name="x", **fields
    )


def test_a_finished_job_is_told_to_the_user_who_started_it_once_it_is_committed(
    province, django_capture_on_commit_callbacks
):
    job = _job(province.staff_stttt)
    with django_capture_on_commit_callbacks(execute=True):
        job_run(job, lambda progress: {"rows": 3})
        assert not Notification.objects.exists()

    assert told(Event.JOB_FINISHED) == [("lan", "Xuất dữ liệu ra Excel “ho-so.xlsx” đã hoàn thành.")]
    assert Notification.objects.get().job == job


def test_a_failed_job_is_told_as_failed(province, django_capture_on_commit_callbacks):
    def broken(progress):
        raise ValueError

    with django_capture_on_commit_callbacks(execute=True):
        job_run(_job(province.staff_sxd), broken)

    assert told(Event.JOB_FINISHED) == [("minh", "Xuất dữ liệu ra Excel “ho-so.xlsx” không thành công.")]


def test_a_job_whose_worker_died_is_told_as_failed(province, django_capture_on_commit_callbacks):
    beat = timezone.now() - timedelta(minutes=5)
    job = _job(province.staff_stttt, status=Job.Status.RUNNING, heartbeat_at=beat)

    with django_capture_on_commit_callbacks(execute=True):
        job_fail_if_abandoned(job=job)

    assert told(Event.JOB_FINISHED) == [("lan", "Xuất dữ liệu ra Excel “ho-so.xlsx” không thành công.")]
