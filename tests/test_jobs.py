"""The page that follows a background job: how many errors a refused file has, a confirmation that imports
once however often it is sent, and a job whose worker stopped answering."""

import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Job
from procedures.models import Dossier
from tests.factories import ONE_DOSSIER_WORKBOOK, workbook_bytes

pytestmark = pytest.mark.django_db

SHEETS = ONE_DOSSIER_WORKBOOK


def error(row: int) -> dict:
    return {"sheet": "HoSo", "row": row, "column": "Mã hồ sơ", "message": "Thiếu mã hồ sơ."}


def checked_file(user, **fields) -> Job:
    return Job.objects.create(
        kind=Job.Kind.IMPORT_CHECK,
        user=user,
        filename="so-ho-so.xlsx",
        stored_name="so-ho-so.xlsx",
        **fields,
    )


def test_a_file_with_more_errors_than_shown_counts_each_error_once(
    client, province, django_assert_num_queries
):
    job = checked_file(
        province.staff_stttt,
        status=Job.Status.SUCCEEDED,
        result={"ok": False, "dry_run": True, "rows": 503, "errors": [error(n) for n in range(2, 505)]},
    )
    client.force_login(province.staff_stttt)
    # The session, its user, the job.
    with django_assert_num_queries(3):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Tệp có 503 lỗi; không có dữ liệu nào được ghi." in page
    assert "… và 3 lỗi khác." in page
    assert page.count("Thiếu mã hồ sơ.") == 500


def upload_and_check(client, user) -> Job:
    client.force_login(user)
    client.post(
        reverse("procedures:import"), {"file": SimpleUploadedFile("so-ho-so.xlsx", workbook_bytes(SHEETS))}
    )
    return Job.objects.get(kind=Job.Kind.IMPORT_CHECK)


def test_confirming_twice_imports_once_and_says_the_file_was_already_confirmed(client, province):
    check = upload_and_check(client, province.staff_stttt)
    first = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    second = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}), follow=True)
    imports = Job.objects.filter(kind=Job.Kind.IMPORT)
    assert imports.count() == 1
    assert first.url == second.redirect_chain[-1][0] == imports.get().get_absolute_url()
    assert (
        "Tệp này đã được xác nhận nhập trước đó; hệ thống không nhập lại lần nữa." in second.content.decode()
    )
    assert Dossier.objects.count() == 1


def test_the_checked_file_page_links_to_its_import_once_confirmed(client, province):
    check = upload_and_check(client, province.staff_stttt)
    client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    page = client.get(check.get_absolute_url()).content.decode()
    assert 'id="confirm-import"' not in page
    assert "Đã xác nhận nhập tệp này" in page
    assert Job.objects.get(kind=Job.Kind.IMPORT).get_absolute_url() in page


def test_a_job_silent_for_ten_minutes_shows_as_stopped_and_stops_refreshing(client, province):
    job = checked_file(province.staff_stttt, status=Job.Status.RUNNING, progress=40)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    client.force_login(province.staff_stttt)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "tiến trình chạy nền có thể đã dừng" in page
    assert 'http-equiv="refresh"' not in page


def test_a_job_that_reported_progress_a_minute_ago_is_still_followed(client, province):
    job = checked_file(province.staff_stttt, status=Job.Status.RUNNING, progress=40)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=1))
    client.force_login(province.staff_stttt)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "tiến trình chạy nền có thể đã dừng" not in page
    assert 'http-equiv="refresh"' in page


def test_a_job_still_waiting_for_the_worker_after_ten_minutes_says_so(client, province):
    job = checked_file(province.staff_stttt)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    client.force_login(province.staff_stttt)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "chưa được tiến trình chạy nền nhận xử lý" in page


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database refuses a second writer instead of making it wait; the "
    "server's database file runs write transactions one at a time (IMMEDIATE)",
)
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_sent_at_the_same_moment_start_one_import(province, monkeypatch):
    """Two requests confirming one check together (a double click reaching two server processes): the
    second waits for the first, finds its import and queues nothing."""
    check = checked_file(province.staff_stttt, status=Job.Status.SUCCEEDED, result={"ok": True})
    queued = []
    monkeypatch.setattr("jobs.tasks.run_import", SimpleNamespace(enqueue=queued.append))
    # Each confirmation pauses between finding no import and creating one, long enough for the other to
    # get there too if nothing kept them apart.
    create = Job.objects.create

    def slow_create(**fields):
        time.sleep(0.3)
        return create(**fields)

    monkeypatch.setattr(Job.objects, "create", slow_create)
    start = threading.Barrier(2)
    results = []

    def confirm() -> None:
        try:
            start.wait()
            results.append(services.job_confirm_import(user=province.staff_stttt, checked=check))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result.started for result in results) == [False, True]
    assert len({result.job.pk for result in results}) == 1
    assert Job.objects.filter(kind=Job.Kind.IMPORT).count() == len(queued) == 1
