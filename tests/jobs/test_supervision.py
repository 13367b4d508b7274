"""Supervision of the task worker, piece by piece: which jobs are found abandoned and failed with their
task, that the failing write loses to a worker that beat or finished meanwhile, that a worker whose job
was failed keeps the failure (and its import's data out), and that a running job beats while silent."""

import time
from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from departments.models import Department
from jobs import services, supervision
from jobs.models import Job
from jobs.supervision import job_fail_if_abandoned, jobs_fail_abandoned
from procedures.tasks import run_import
from tests.factories import make_department

pytestmark = pytest.mark.django_db

STOPPED = (
    "Công việc bị dừng giữa chừng do tiến trình chạy nền ngừng hoạt động; không có dữ liệu nào được ghi."
)


@pytest.fixture(autouse=True)
def tasks_in_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def a_job(user, *, kind=Job.Kind.IMPORT, status=Job.Status.RUNNING, beat_seconds_ago: int | None = 0) -> Job:
    return Job.objects.create(
        kind=kind,
        user=user,
        filename="ho-so.xlsx",
        stored_name="ho-so.xlsx",
        status=status,
        heartbeat_at=None
        if beat_seconds_ago is None
        else timezone.now() - timedelta(seconds=beat_seconds_ago),
    )


def claimed(job: Job, *, by: str, seconds_ago: int = 0) -> DBTaskResult:
    """The job's task, queued and then claimed by a worker, as db_worker does it."""
    task = DBTaskResult.objects.get(pk=run_import.enqueue(str(job.pk)).id)
    task.claim(by)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - timedelta(seconds=seconds_ago))
    return task


def status(record) -> str:
    record.refresh_from_db()
    return record.status


def test_a_running_job_silent_for_a_minute_is_failed_with_its_task_and_one_that_beat_is_left(province):
    dead = a_job(province.staff_stttt, kind=Job.Kind.EXPORT, beat_seconds_ago=61)
    alive = a_job(province.staff_stttt, beat_seconds_ago=50)
    dead_task, alive_task = claimed(dead, by="w1", seconds_ago=300), claimed(alive, by="w2", seconds_ago=300)

    assert jobs_fail_abandoned() == [dead.pk]
    dead.refresh_from_db()
    assert (dead.status, dead.failure) == (Job.Status.FAILED, f"{STOPPED} Hãy xuất lại.")
    assert dead.finished_at is not None
    dead_task.refresh_from_db()
    assert (dead_task.status, dead_task.exception_class_path) == (
        TaskResultStatus.FAILED,
        "jobs.supervision.WorkerLost",
    )
    assert (status(alive), status(alive_task)) == (Job.Status.RUNNING, TaskResultStatus.RUNNING)


def test_a_restarting_worker_fails_at_once_the_jobs_it_had_claimed_and_no_other_workers(province):
    mine = a_job(province.staff_stttt, beat_seconds_ago=2)
    never_started = a_job(
        province.staff_stttt, kind=Job.Kind.IMPORT_CHECK, status=Job.Status.QUEUED, beat_seconds_ago=None
    )
    others = a_job(province.staff_stttt, beat_seconds_ago=2)
    for job, worker in ((mine, "w1"), (never_started, "w1"), (others, "w2")):
        claimed(job, by=worker)

    assert sorted(jobs_fail_abandoned(worker_id="w1")) == sorted([mine.pk, never_started.pk])
    never_started.refresh_from_db()
    assert never_started.failure == f"{STOPPED} Hãy tải tệp lên lại để kiểm tra."
    assert status(others) == Job.Status.RUNNING


def test_a_job_claimed_a_minute_ago_but_never_started_is_failed(province):
    lost = a_job(province.staff_stttt, status=Job.Status.QUEUED, beat_seconds_ago=None)
    starting = a_job(province.staff_stttt, status=Job.Status.QUEUED, beat_seconds_ago=None)
    claimed(lost, by="w1", seconds_ago=61)
    claimed(starting, by="w2", seconds_ago=1)

    assert jobs_fail_abandoned() == [lost.pk]
    assert status(starting) == Job.Status.QUEUED


@pytest.mark.parametrize("meanwhile", ["beat", "finished"])
def test_a_job_found_silent_is_not_failed_if_its_worker_beat_or_finished_before_the_write(
    province, meanwhile
):
    seen = a_job(province.staff_stttt, beat_seconds_ago=61)
    if meanwhile == "beat":
        Job.objects.filter(pk=seen.pk).update(heartbeat_at=timezone.now())
    else:
        Job.objects.filter(pk=seen.pk).update(status=Job.Status.SUCCEEDED, finished_at=timezone.now())

    now = job_fail_if_abandoned(job=seen)
    assert (now.status, now.failure) == (
        Job.Status.RUNNING if meanwhile == "beat" else Job.Status.SUCCEEDED,
        "",
    )


def test_a_job_already_failed_as_abandoned_is_not_run_by_a_worker_that_reaches_it_late(province):
    job = a_job(province.staff_stttt, status=Job.Status.FAILED, beat_seconds_ago=None)
    ran = []
    services.job_run(job, lambda progress: ran.append(True) or {})
    assert ran == []
    assert status(job) == Job.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_job_is_failed_while_it_runs_is_rolled_back_and_keeps_the_failure(
    province, monkeypatch
):
    job = a_job(province.staff_stttt, status=Job.Status.QUEUED, beat_seconds_ago=None)

    class FailedWhileStarting(supervision.Heartbeat):
        """Another process finds the job abandoned just as its import starts."""

        def __enter__(self):
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, failure="bỏ dở")
            return super().__enter__()

    monkeypatch.setattr(services, "Heartbeat", FailedWhileStarting)

    def work(progress) -> dict:
        make_department("MOI", name="Đơn vị ghi trong lần nhập")
        return {"ok": True}

    services.job_run(job, work)
    job.refresh_from_db()
    assert (job.status, job.failure, job.result) == (Job.Status.FAILED, "bỏ dở", {})
    assert not Department.objects.filter(code="MOI").exists()


def eventually(condition, *, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.django_db(transaction=True)
def test_a_running_job_beats_while_its_work_is_silent_and_shows_its_progress_at_once(province, monkeypatch):
    monkeypatch.setattr(supervision, "HEARTBEAT_EVERY", timedelta(seconds=0.1))
    job = a_job(province.staff_stttt, kind=Job.Kind.EXPORT, status=Job.Status.QUEUED, beat_seconds_ago=None)
    seen = {}

    def silent_work(progress) -> dict:
        started = Job.objects.get(pk=job.pk).heartbeat_at
        seen["beat"] = eventually(lambda: Job.objects.get(pk=job.pk).heartbeat_at > started)
        progress(30, "Đang ghi")
        seen["progress"] = eventually(lambda: Job.objects.get(pk=job.pk).stage == "Đang ghi", seconds=0.09)
        return {"rows": 0}

    services.job_run(job, silent_work)
    assert seen == {"beat": True, "progress": True}
    assert status(job) == Job.Status.SUCCEEDED


def test_manage_py_db_worker_is_the_supervised_worker():
    assert get_commands()["db_worker"] == "jobs"
