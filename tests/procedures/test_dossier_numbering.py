"""A dossier registered by hand without a code is numbered by the portal, unit by unit and day by day;
its receipt time starts at now and the calendar's due date is shown in its field."""

import threading
from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.utils import timezone

from departments.models import Department
from procedures import numbering, services
from procedures.models import Dossier
from tests.factories import local, make_department, make_dossier

pytestmark = pytest.mark.django_db
URL = "/ho-so/tiep-nhan/"


def register(client, province, **overrides):
    data = {
        "code": "",
        "procedure": province.stttt_procedure.code,
        "department": province.stttt.pk,
        "channel": "direct",
        "received_at": "24/01/2025 10:00",
        "applicant": "Nguyễn Văn An",
        **overrides,
    }
    return client.post(URL, data)


def test_two_receipts_of_a_day_get_consecutive_numbers_and_the_next_day_starts_again(
    lan, province, django_assert_num_queries
):
    # The session, the user, the user's departments (twice), the procedure, the department, the calendar;
    # in the service's savepoint, the data lock, the day's highest number, a savepoint for the number,
    # the units and successions and the units carrying out the procedure, the code's uniqueness, the
    # calendar again, the dossier and its history written, the two releases.
    with django_assert_num_queries(20):
        first = register(lan, province)
    second = register(lan, province, received_at="24/01/2025 16:30")
    next_day = register(lan, province, received_at="27/01/2025 08:00")
    codes = [r.url.rstrip("/").rsplit("/", 1)[1] for r in (first, second, next_day)]
    assert codes == ["STTTT-250124-0001", "STTTT-250124-0002", "STTTT-250127-0001"]
    assert [str(m) for m in get_messages(first.wsgi_request)] == [
        "Đã tiếp nhận hồ sơ STTTT-250124-0001, hẹn trả ngày 07/02/2025."
    ]


def test_a_typed_code_is_kept_and_a_typed_number_of_the_day_is_counted(lan, province):
    make_dossier(province.stttt_procedure, code="STTTT-250124-0007", received_at=local(2025, 1, 24))
    # Starts like the day's numbers but is not one of them.
    make_dossier(province.stttt_procedure, code="STTTT-250124-0009-B", received_at=local(2025, 1, 24))
    typed = register(lan, province, code="000.00.18.H12-250124-0042")
    numbered = register(lan, province)
    assert typed.url == "/ho-so/000.00.18.H12-250124-0042/"
    assert numbered.url == "/ho-so/STTTT-250124-0008/"


def test_a_receipt_at_the_service_centre_is_numbered_by_the_centre(lan, province):
    centre = make_department(
        "TTPVHCC", name="Trung tâm Phục vụ hành chính công", kind=Department.Kind.SERVICE_CENTRE
    )
    response = register(lan, province, receiving_unit=centre.pk)
    assert response.url == "/ho-so/TTPVHCC-250124-0001/"


def test_a_number_taken_by_another_desk_meanwhile_is_followed_by_the_next_one(province, monkeypatch):
    make_dossier(province.stttt_procedure, code="STTTT-250124-0001", received_at=local(2025, 1, 24))
    read = numbering.next_code
    calls = []

    def stale_then_fresh(*, unit, day):
        # The first read is the one another desk's save overtook: it still offers 0001.
        calls.append(day)
        return "STTTT-250124-0001" if len(calls) == 1 else read(unit=unit, day=day)

    monkeypatch.setattr(numbering, "next_code", stale_then_fresh)
    dossier = services.dossier_register(
        procedure=province.stttt_procedure,
        department=province.stttt,
        channel="direct",
        received_at=local(2025, 1, 24, 10),
    )
    assert dossier.code == "STTTT-250124-0002"
    assert len(calls) == 2
    assert Dossier.objects.count() == 2


def test_the_receipt_time_starts_at_now_in_the_provinces_time(lan, province, django_assert_num_queries):
    # The session, the user, the user's departments (twice); the procedures, the departments and every
    # unit as a receiving unit.
    with django_assert_num_queries(7):
        html = lan.get(URL).content.decode()
    shown = html.split('name="received_at" value="', 1)[1].split('"', 1)[0]
    moment = timezone.make_aware(datetime.strptime(shown, "%d/%m/%Y %H:%M"))
    assert timedelta(0) <= timezone.now() - moment < timedelta(minutes=2)


def test_the_calendars_due_date_fills_the_empty_field_and_follows_a_changed_receipt(lan, province):
    page = register(lan, province, preview="1").content.decode()
    assert 'name="due_on" value="07/02/2025"' in page
    assert 'name="calendar_due_on" value="07/02/2025"' in page
    # The receipt moved a week on, the due date still the one the calendar gave: the calendar's again.
    moved = register(
        lan, province, received_at="31/01/2025 10:00", due_on="07/02/2025", calendar_due_on="07/02/2025"
    )
    dossier = Dossier.objects.get(code="STTTT-250131-0001")
    assert moved.url == dossier.get_absolute_url()
    assert (dossier.due_on, dossier.due_on_differs_from_calendar) == (dossier.computed_due_on, False)
    assert dossier.due_on != datetime(2025, 2, 7).date()


def test_a_due_date_typed_over_the_calendars_is_kept(lan, province):
    register(lan, province, due_on="10/02/2025", calendar_due_on="07/02/2025")
    dossier = Dossier.objects.get(code="STTTT-250124-0001")
    assert (dossier.due_on.isoformat(), dossier.due_on_differs_from_calendar) == ("2025-02-10", True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writing transaction at a time")
@pytest.mark.django_db(transaction=True)
def test_two_desks_numbering_the_same_day_at_once_get_consecutive_numbers(province, monkeypatch):
    read = numbering.next_code
    both_read = threading.Barrier(2, timeout=30)

    def read_together(*, unit, day):
        # Each desk's first read waits for the other's, so that both are offered the same number.
        code = read(unit=unit, day=day)
        if not getattr(local_state, "waited", False):
            local_state.waited = True
            both_read.wait()
        return code

    local_state = threading.local()
    monkeypatch.setattr(numbering, "next_code", read_together)
    codes, errors = [], []

    def desk(hour: int) -> None:
        try:
            dossier = services.dossier_register(
                procedure=province.stttt_procedure,
                department=province.stttt,
                channel="direct",
                received_at=local(2025, 1, 24, hour),
            )
            codes.append(dossier.code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    desks = [threading.Thread(target=desk, args=(hour,)) for hour in (9, 10)]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join()
    assert errors == []
    assert sorted(codes) == ["STTTT-250124-0001", "STTTT-250124-0002"]
