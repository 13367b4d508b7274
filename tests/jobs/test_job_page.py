"""The page that follows a background job: how many errors a refused file has, a confirmation that imports
once however often it is sent, a job whose worker died, and a check confirmed again after its import failed."""

import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from jobs import registry, services, supervision
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


# A confirmation that finds an import already started: the session, the user, the check; in the
# confirmation's transaction the check again (locked for update) and the import started from it, the
# release; then, following the redirect, the import's page (the session, the user, the job).
CONFIRMED_BEFORE = 7 + 3
# A check's page once an import was started from it: the session, the user, the check, that import (its
# id and status), then its link to the check, which that query leaves out and Django reads back when it
# attaches the check to it.
CHECK_PAGE_WITH_IMPORT = 5


def test_confirming_twice_imports_once_and_says_the_file_was_already_confirmed(
    client, province, django_assert_num_queries, django_assert_max_num_queries
):
    check = upload_and_check(client, province.staff_stttt)
    # The session, the user, the check; in the confirmation's transaction the check again (locked for
    # update) and an import already started from it, the import recorded and run at once: read, marked
    # started, its progress written; in its savepoints the rows checked again (the successions among
    # them) and written, each with its history (the procedure's units, their historical copy, and the
    # reads those take); its result written, the releases. PostgreSQL writes the dossiers with COPY,
    # which Django does not count: one fewer.
    with django_assert_max_num_queries(36):
        first = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    with django_assert_num_queries(CONFIRMED_BEFORE):
        second = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}), follow=True)
    imports = Job.objects.filter(kind=Job.Kind.IMPORT)
    assert imports.count() == 1
    assert first.url == second.redirect_chain[-1][0] == imports.get().get_absolute_url()
    assert (
        "Tệp này đã được xác nhận nhập trước đó; hệ thống không nhập lại lần nữa." in second.content.decode()
    )
    assert Dossier.objects.count() == 1


def test_the_checked_file_page_links_to_its_import_once_confirmed(
    client, province, django_assert_num_queries
):
    check = upload_and_check(client, province.staff_stttt)
    client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    with django_assert_num_queries(CHECK_PAGE_WITH_IMPORT):
        page = client.get(check.get_absolute_url()).content.decode()
    assert 'id="confirm-import"' not in page
    assert "Đã xác nhận nhập tệp này" in page
    assert Job.objects.get(kind=Job.Kind.IMPORT).get_absolute_url() in page


def running_import(check: Job, *, beat_seconds_ago: int) -> Job:
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        user=check.user,
        filename=check.filename,
        stored_name=check.stored_name,
        checked=check,
        status=Job.Status.RUNNING,
        progress=40,
        heartbeat_at=timezone.now() - timedelta(seconds=beat_seconds_ago),
    )
    return job


def test_an_import_whose_worker_is_silent_for_a_minute_is_shown_failed_and_can_be_confirmed_again(
    client, province, django_assert_num_queries
):
    check = upload_and_check(client, province.staff_stttt)
    job = running_import(check, beat_seconds_ago=61)
    # The session, its user, the job; failing it, the task results being run, the job read again.
    with django_assert_num_queries(6):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Công việc bị dừng giữa chừng do tiến trình chạy nền ngừng hoạt động" in page
    assert "không có dữ liệu nào được ghi. Hãy bấm “Xác nhận nhập lại”" in page
    assert 'http-equiv="refresh"' not in page
    assert reverse("jobs:confirm", kwargs={"pk": check.pk}) in page
    check_page = client.get(check.get_absolute_url()).content.decode()
    assert "Lần nhập trước của tệp này không thành công và không ghi dữ liệu nào" in check_page
    assert "Xác nhận nhập lại" in check_page

    response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    again = Job.objects.filter(kind=Job.Kind.IMPORT).exclude(pk=job.pk).get()
    assert response.url == again.get_absolute_url()
    assert (again.status, again.checked) == (Job.Status.SUCCEEDED, check)
    assert Dossier.objects.count() == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_a_job_that_beat_fifty_seconds_ago_is_still_followed(client, province, django_assert_num_queries):
    check = upload_and_check(client, province.staff_stttt)
    job = running_import(check, beat_seconds_ago=50)
    # The session, its user, the job: a live job costs nothing more.
    with django_assert_num_queries(3):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang chạy" in page
    assert 'http-equiv="refresh"' in page
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_silent_job_whose_failing_waits_too_long_for_a_busy_database_is_shown_running(
    client, province, monkeypatch, django_assert_num_queries
):
    """On SQLite, failing the job waits for whoever writes; a writer that long is the job's own worker."""
    check = upload_and_check(client, province.staff_stttt)
    job = running_import(check, beat_seconds_ago=61)

    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(supervision, "_fail", busy)
    # The session, the user, the job: failing it is refused, so nothing is read again.
    with django_assert_num_queries(3):
        response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert "Đang chạy" in response.content.decode()
    assert 'http-equiv="refresh"' in response.content.decode()


def test_a_check_of_a_running_import_is_not_confirmed_again(client, province, django_assert_num_queries):
    check = upload_and_check(client, province.staff_stttt)
    job = running_import(check, beat_seconds_ago=5)
    with django_assert_num_queries(CHECK_PAGE_WITH_IMPORT):
        page = client.get(check.get_absolute_url()).content.decode()
    assert 'id="confirm-import"' not in page
    assert "Đã xác nhận nhập tệp này" in page
    with django_assert_num_queries(CONFIRMED_BEFORE):
        response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}), follow=True)
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert "Tệp này đã được xác nhận nhập trước đó" in response.content.decode()
    assert Job.objects.filter(kind=Job.Kind.IMPORT).count() == 1


def test_the_database_refuses_a_second_import_of_a_check_unless_the_first_failed(province):
    check = checked_file(province.staff_stttt, status=Job.Status.SUCCEEDED, result={"ok": True})
    first = running_import(check, beat_seconds_ago=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        running_import(check, beat_seconds_ago=0)
    Job.objects.filter(pk=first.pk).update(status=Job.Status.FAILED)
    running_import(check, beat_seconds_ago=0)
    assert check.imports.count() == 2


def test_a_job_still_waiting_for_the_worker_after_five_minutes_says_so_and_keeps_following(
    client, province, django_assert_num_queries
):
    job = checked_file(province.staff_stttt)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    client.force_login(province.staff_stttt)
    # The session, the user, the job: a job waiting for a worker is not failed.
    with django_assert_num_queries(3):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Công việc đã chờ hơn 5 phút mà chưa được tiến trình chạy nền nhận xử lý" in page
    assert 'http-equiv="refresh"' in page


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
    monkeypatch.setitem(registry._TASKS, Job.Kind.IMPORT, SimpleNamespace(enqueue=queued.append))
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
