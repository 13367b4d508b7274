"""The bell, the list of notifications and the choices: each user sees their own, and only records they
may open."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from jobs.models import Job
from notifications.context_processors import bell
from notifications.events import notifications_record_due
from notifications.models import Channel, Event, Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(province, dossier, recommendation):
    """Lan is told of the dossier and the recommendation coming due; Hùng and Thu of the recommendation."""
    notifications_record_due(today=date(2025, 3, 7))
    return Notification.objects.filter(user=province.staff_stttt)


def test_the_bell_shows_the_unread_count_read_with_the_user(client, province, due, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    # The session, the user with their unread count, their choices.
    with django_assert_num_queries(3):
        response = client.get(reverse("notifications:preferences"))

    assert (
        '<span class="position-absolute top-0 start-100 translate-middle badge rounded-pill bg-danger" id="bell-count">2</span>'
        in response.content.decode()
    )


def test_the_bell_has_no_count_without_unread_notifications(client, province, due, django_assert_num_queries):
    due.update(read_at="2025-03-07T08:00:00Z")
    client.force_login(province.staff_stttt)
    with django_assert_num_queries(3):
        response = client.get(reverse("notifications:preferences"))

    assert 'id="bell"' in response.content.decode() and 'id="bell-count"' not in response.content.decode()


def test_the_list_shows_a_users_own_notifications_unread_first(
    client, province, due, django_assert_num_queries
):
    first = due.order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(read_at="2025-03-07T08:00:00Z")
    client.force_login(province.staff_stttt)
    # The session, the user, the units Lan sees, the count and the page of her notifications.
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:list"))

    page = list(response.context["page"])
    assert [n.pk for n in page] == [due.exclude(pk=first.pk).get().pk, first.pk]
    assert {n.user_id for n in page} == {province.staff_stttt.pk}
    assert "Công khai đầy đủ thủ tục hành chính" in response.content.decode()


def test_the_list_costs_the_same_however_many_notifications(client, province, django_assert_num_queries):
    jobs = Job.objects.bulk_create(
        Job(kind=Job.Kind.EXPORT, user=province.inspector, filename=f"ds-{i}.xlsx", stored_name="x")
        for i in range(60)
    )
    Notification.objects.bulk_create(
        Notification(user=province.inspector, event=Event.JOB_FINISHED, job=job, text=job.filename)
        for job in jobs
    )
    client.force_login(province.inspector)
    # The session, the user, the count and the page: an inspector sees every unit.
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:list"))

    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"]) == 50
    assert 'id="bell-count">60</span>' in response.content.decode()


def test_opening_a_notification_marks_it_read_and_opens_its_record(client, province, dossier, due):
    notification = due.get(event=Event.DOSSIER_DUE)
    client.force_login(province.staff_stttt)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_cannot_be_opened_nor_marked(client, province, due):
    notification = due.first()
    client.force_login(province.staff_sxd)

    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=False).exists()
    assert client.get(reverse("notifications:list")).context["page"].paginator.count == 0


def test_a_notification_of_a_unit_the_user_has_left_is_not_listed(client, province, due):
    province.staff_stttt.departments.set([province.sxd])
    client.force_login(province.staff_stttt)

    assert client.get(reverse("notifications:list")).context["page"].paginator.count == 0
    assert client.get(reverse("notifications:open", args=[due.first().pk])).status_code == 404


def test_mark_read_and_mark_all_read(client, province, due):
    first, second = due.order_by("pk")
    client.force_login(province.staff_stttt)

    client.post(reverse("notifications:read", args=[first.pk]))
    assert list(due.filter(read_at__isnull=True)) == [second]
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Đã đánh dấu đã đọc 1 thông báo." in response.content.decode()
    assert not due.filter(read_at__isnull=True).exists()


def test_choices_saved_hide_an_event_from_the_bell_and_the_list(client, province, due):
    client.force_login(province.staff_stttt)
    response = client.get(reverse("notifications:preferences"))
    assert 'name="email" value="job_finished" id="email-job_finished" aria-label' in response.content.decode()

    portal = [e for e in Event.values if e != Event.RECOMMENDATION_DUE]
    response = client.post(
        reverse("notifications:preferences"), {"portal": portal, "email": [Event.DOSSIER_DUE]}, follow=True
    )

    assert "Đã lưu lựa chọn nhận thông báo trên cổng và qua thư điện tử." in response.content.decode()
    assert 'id="bell-count">1</span>' in response.content.decode()
    assert (
        Preference.objects.filter(user=province.staff_stttt, wanted=True, channel=Channel.EMAIL).count() == 1
    )
    listed = client.get(reverse("notifications:list")).context["page"]
    assert [n.event for n in listed] == [Event.DOSSIER_DUE]


def test_an_unknown_event_is_refused_with_a_message_and_nothing_saved(client, province):
    client.force_login(province.staff_stttt)
    response = client.post(reverse("notifications:preferences"), {"portal": ["khong-co"]})

    assert response.status_code == 200
    assert "Không có loại thông báo “khong-co”; hãy chọn trong danh sách." in response.content.decode()
    assert not Preference.objects.exists()


def test_a_user_not_read_through_the_session_has_the_bell_counted_once_shown(
    rf, province, due, django_assert_num_queries
):
    request = rf.get("/")
    request.user = User.objects.get(pk=province.staff_stttt.pk)
    with django_assert_num_queries(0):
        count = bell(request)["unread_notifications"]
    # The count alone, when a page shows it.
    with django_assert_num_queries(1):
        assert count == 2
