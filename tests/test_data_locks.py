"""A data lock holds for every writer: the pages, the API, the admin (add, change, delete and the bulk
delete), and anything that writes to the database directly. The database refuses the write itself; the
pages say which lock refuses it."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from cchc_portal.locked_data import lock_refusal_message
from departments.models import DataLock
from departments.services import data_unlock
from jobs.models import Job
from procedures.models import Dossier
from procedures.selectors import load_calendar
from reporting.models import Declaration, PeriodicReport
from tests.factories import (
    ONE_DOSSIER_WORKBOOK,
    local,
    make_department,
    make_dossier,
    make_procedure,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

# What the lock's message starts with, on every path that can name the lock.
NAMED_LOCK = "Số liệu của Sở Thông tin và Truyền thông đã được khóa đến hết ngày 31/03/2025 (Quý I)"
# What the database's refusal becomes where no check came first.
REFUSED = "Số liệu thuộc kỳ đã khóa: không thể thêm, sửa, chuyển hoặc xóa bản ghi này."


@pytest.fixture
def quarter_locked(province) -> DataLock:
    """STTTT's dossier HS-1 of March 2025, a declaration and a report of the quarter, then the quarter
    locked after an inspection."""
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    Declaration.objects.create(department=province.stttt_office, measured_on=date(2025, 3, 31))
    PeriodicReport.objects.create(department=province.stttt, name="Quý I", deadline_on=date(2025, 3, 15))
    return DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Quý I",
        locked_by=province.inspector,
    )


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    )
    # The admin finds a model's content type through a cache kept for the whole process; read it now, so
    # that the queries counted do not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(Dossier)
    return client


def _refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_adding_changing_or_deleting_a_dossier_in_a_locked_period(
    province, quarter_locked
):
    dossiers = Dossier.objects.filter(code="HS-1")
    writes = {
        "add": lambda: make_dossier(province.stttt_procedure, code="HS-2", received_at=local(2025, 3, 20)),
        "add below the locked unit": lambda: make_dossier(
            province.stttt_procedure,
            code="HS-3",
            department=province.stttt_office,
            received_at=local(2025, 1, 2),
        ),
        "bulk add": lambda: Dossier.objects.bulk_create(
            [_unsaved_dossier(province, "HS-4", local(2025, 2, 3))]
        ),
        "change": lambda: dossiers.update(channel=Dossier.Channel.ONLINE),
        "move out of the period": lambda: Dossier.objects.filter(code="HS-1").update(
            received_on=date(2025, 4, 1)
        ),
        "delete": lambda: dossiers.delete(),
    }
    assert {name: _refused(write) for name, write in writes.items()} == dict.fromkeys(writes, True)
    assert list(Dossier.objects.values_list("code", "channel")) == [("HS-1", "direct")]


def test_the_database_refuses_declarations_and_reports_in_a_locked_period(province, quarter_locked):
    writes = {
        "add declaration": lambda: Declaration.objects.create(
            department=province.stttt, measured_on=date(2025, 2, 28)
        ),
        "change declaration": lambda: Declaration.objects.update(staff_reduced=3),
        "delete declaration": lambda: Declaration.objects.all().delete(),
        "add report": lambda: PeriodicReport.objects.create(
            department=province.stttt_office, name="Tháng 3", deadline_on=date(2025, 3, 31)
        ),
        "change report": lambda: PeriodicReport.objects.update(submitted_on=date(2025, 3, 10)),
        "delete report": lambda: PeriodicReport.objects.all().delete(),
    }
    assert {name: _refused(write) for name, write in writes.items()} == dict.fromkeys(writes, True)
    assert Declaration.objects.get().staff_reduced is None
    assert PeriodicReport.objects.get().submitted_on is None


def test_a_lock_leaves_later_days_other_units_and_lookalike_codes_alone(province, quarter_locked):
    # "STTTT_" would match "STTTT" as a LIKE pattern; the lock compares path prefixes exactly.
    lookalike = make_department("STTTTX", name="Đơn vị có mã gần giống")
    make_dossier(province.stttt_procedure, code="HS-APRIL", received_at=local(2025, 4, 1))
    make_dossier(province.sxd_procedure, code="HS-SXD", received_at=local(2025, 3, 3))
    make_dossier(make_procedure(lookalike), code="HS-LOOKALIKE", received_at=local(2025, 3, 3))
    Declaration.objects.create(department=province.sxd, measured_on=date(2025, 3, 31))
    assert Dossier.objects.filter(code__in=["HS-APRIL", "HS-SXD", "HS-LOOKALIKE"]).delete()[0] == 3


def test_an_unlocked_period_can_be_written_again(province, quarter_locked):
    data_unlock(user=province.inspector, lock=quarter_locked, reason="Sửa số liệu quý I")
    assert Dossier.objects.filter(code="HS-1").update(channel=Dossier.Channel.ONLINE) == 1
    assert Declaration.objects.all().delete()[0] == 1


def test_an_administrator_cannot_add_a_dossier_to_a_locked_period_in_the_admin(
    admin_client, province, quarter_locked, django_assert_num_queries
):
    # The session, the user; in the admin's savepoint the procedure, the department, the lock found and
    # its department (named in the message), the procedure and department chosen, the units, successions
    # and the units carrying out the procedure (the rulebook's organisation), nine check constraints
    # (each in a savepoint: five of them the national facts'), the code's uniqueness; the procedure and
    # department choices and every unit as a receiving unit to show the form again.
    with django_assert_num_queries(44):
        response = admin_client.post(
            reverse("admin:procedures_dossier_add"),
            {
                "code": "HS-ADMIN",
                "procedure": province.stttt_procedure.pk,
                "department": province.stttt.pk,
                "channel": "direct",
                "received_at_0": "10/03/2025",
                "received_at_1": "09:00",
                "status": "in_progress",
                "paused_days": "0",
                "supplements-TOTAL_FORMS": "0",
                "supplements-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 200
    assert NAMED_LOCK in response.content.decode()
    assert not Dossier.objects.filter(code="HS-ADMIN").exists()


def test_an_administrator_cannot_delete_a_locked_dossier_in_the_admin_one_by_one_or_in_bulk(
    admin_client, quarter_locked, django_assert_num_queries
):
    dossier = Dossier.objects.get(code="HS-1")
    # The session, the user; in the admin's savepoint the dossier, its department and the data lock
    # covering it, the rollback and release.
    with django_assert_num_queries(8):
        single = admin_client.post(
            reverse("admin:procedures_dossier_delete", args=[dossier.pk]), {"post": "yes"}
        )
    assert single.status_code == 403
    # The session, the user, the list's department filter, counts and page, the dossiers selected, the
    # supplement requests and notifications a delete would take with them, the petitions that would
    # refuse it, and the data lock covering them.
    with django_assert_num_queries(12):
        bulk = admin_client.post(
            reverse("admin:procedures_dossier_changelist"),
            {"action": "delete_selected", "_selected_action": [dossier.pk], "post": "yes"},
        )
    assert bulk.status_code == 403
    assert Dossier.objects.filter(code="HS-1").exists()


def test_a_write_the_lock_check_missed_is_refused_by_the_database_with_a_message_not_an_error(
    client, province, quarter_locked, monkeypatch, django_assert_num_queries
):
    # As if the lock had been taken between the check and the write: only the database stands guard.
    monkeypatch.setattr("procedures.services.ensure_unlocked", lambda **kwargs: None)
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department, the calendar; in the service's savepoint, the units, successions and the units carrying
    # out the procedure (the rulebook's organisation), the code's uniqueness, the calendar again, the
    # dossier's insert (refused by the trigger), the rollback and release.
    with django_assert_num_queries(17):
        page = client.post(
            reverse("procedures:dossier_register"),
            {
                "code": "HS-PAGE",
                "procedure": province.stttt_procedure.code,
                "department": province.stttt.pk,
                "channel": "direct",
                "received_at": "10/03/2025 09:00",
            },
        )
    # The session, the user, the code's uniqueness, the department, the procedure, the user's departments
    # (twice); in the service's savepoint the same eight as the page.
    with django_assert_num_queries(16):
        api = client.post(
            "/api/v1/dossiers/",
            {
                "code": "HS-API",
                "procedure": "1.004227",
                "department": "STTTT",
                "channel": "direct",
                "received_at": "2025-03-10T09:00:00+07:00",
            },
            content_type="application/json",
        )
    assert (page.status_code, api.status_code) == (409, 400)
    assert REFUSED in page.content.decode()
    assert api.json()["error"].startswith(REFUSED)
    assert not Dossier.objects.filter(code__in=["HS-PAGE", "HS-API"]).exists()


def _unsaved_dossier(province, code: str, received_at) -> Dossier:
    dossier = Dossier(
        code=code,
        procedure=province.stttt_procedure,
        department=province.stttt,
        channel=Dossier.Channel.DIRECT,
        received_at=received_at,
    )
    dossier.fill_derived(load_calendar())
    return dossier


def test_an_import_whose_write_a_new_lock_refuses_fails_saying_so_and_writes_nothing(
    client, province, monkeypatch, django_assert_max_num_queries
):
    client.force_login(province.staff_stttt)
    client.post(
        reverse("procedures:import"),
        {"file": SimpleUploadedFile("so-ho-so.xlsx", workbook_bytes(ONE_DOSSIER_WORKBOOK))},
    )
    check = Job.objects.get(kind=Job.Kind.IMPORT_CHECK)
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Quý I",
        locked_by=province.inspector,
    )
    # As if the lock had been taken after the import checked its rows: only the database stands guard.
    monkeypatch.setattr("departments.services.LockIndex.refusal", lambda self, **kwargs: None)
    # A confirmation and its import as on the Excel pages (the units, their successions, the fields, the
    # procedures, dossiers and locks known), the rows written (the field, the procedure and its unit, each
    # with its history) until the trigger refuses the dossier, then the job failed; PostgreSQL writes the
    # dossiers with COPY, which Django does not count: one fewer.
    with django_assert_max_num_queries(37):
        client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    job = Job.objects.get(kind=Job.Kind.IMPORT)
    assert (job.status, job.failure) == (Job.Status.FAILED, lock_refusal_message())
    assert not Dossier.objects.filter(code="HS-001").exists()
