"""Staff keep their dossiers through the pages: each step checks the rules, says what is wrong next
to the field, and saves nothing when anything is wrong."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from departments.models import DataLock, Department
from procedures.models import Dossier, Procedure, SupplementRequest
from tests.factories import as_read, local, make_department, make_dossier
from tests.queries import DOSSIER_PAGE_STEP

pytestmark = pytest.mark.django_db


def register(client, **overrides):
    data = {
        "code": "STTTT-2025-1",
        "procedure": "",
        "department": "",
        "channel": "direct",
        "received_at": "24/01/2025 10:00",
        "applicant": "Công ty Cổ phần Sao Mai",
        **overrides,
    }
    return client.post(reverse("procedures:dossier_register"), data)


def test_preview_shows_the_due_date_across_tet_and_saves_nothing(lan, province, django_assert_num_queries):
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department, the calendar (the due date shown); the page again lists the procedures, the departments
    # and every unit as a receiving unit. No savepoint: nothing is written.
    with django_assert_num_queries(11):
        response = register(
            lan, procedure=province.stttt_procedure.code, department=province.stttt.pk, preview="1"
        )
    assert response.status_code == 200
    assert "Ngày hẹn trả theo thời hạn giải quyết và lịch ngày làm việc: <strong>07/02/2025</strong>" in (
        response.content.decode()
    )
    assert not Dossier.objects.exists()


def test_registering_a_receipt_fills_the_due_date(lan, province, django_assert_num_queries):
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department, the calendar; in the service's savepoint, the data lock, the units and successions and
    # the units carrying out the procedure (the rulebook's organisation), the code's uniqueness, the
    # calendar again, the dossier and its history written, the release.
    with django_assert_num_queries(18):
        response = register(lan, procedure=province.stttt_procedure.code, department=province.stttt_office.pk)
    dossier = Dossier.objects.get(code="STTTT-2025-1")
    assert response.url == dossier.get_absolute_url()
    assert (dossier.due_on, dossier.department, dossier.status) == (
        date(2025, 2, 7),
        province.stttt_office,
        "in_progress",
    )


def test_a_receipt_taken_in_by_the_service_centre_is_filed_under_the_resolving_unit(
    lan, province, django_assert_num_queries
):
    centre = make_department(
        "TTPVHCC", name="Trung tâm Phục vụ hành chính công", kind=Department.Kind.SERVICE_CENTRE
    )
    # As for any receipt, and the receiving unit chosen.
    with django_assert_num_queries(19):
        response = register(
            lan,
            procedure=province.stttt_procedure.code,
            department=province.stttt.pk,
            receiving_unit=centre.pk,
        )
    dossier = Dossier.objects.get(code="STTTT-2025-1")
    assert response.url == dossier.get_absolute_url()
    assert (dossier.department, dossier.receiving_unit) == (province.stttt, centre)


def test_staff_cannot_register_for_another_departments_procedure(lan, province, django_assert_num_queries):
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure (not
    # found in Lan's scope), the department; the page again lists the procedures, the departments and
    # every unit as a receiving unit.
    with django_assert_num_queries(10):
        response = register(lan, procedure=province.sxd_procedure.code, department=province.stttt.pk)
    assert "Không có thủ tục mã “1.009972” trong phạm vi của bạn." in response.content.decode()
    assert not Dossier.objects.exists()


def test_receipt_in_the_future_and_duplicate_code_are_refused_next_to_the_field(
    lan, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="STTTT-2025-1")
    # The session, the user, the user's departments (twice), the code's uniqueness (taken), the
    # procedure, the department; the page again lists the procedures, the departments and every unit as a
    # receiving unit.
    with django_assert_num_queries(10):
        response = register(
            lan,
            procedure=province.stttt_procedure.code,
            department=province.stttt.pk,
            received_at="01/01/2099 08:00",
        )
    page = response.content.decode()
    assert "Đã có hồ sơ mã “STTTT-2025-1”." in page
    # The same with a free code, then the calendar; in the service's savepoint, the data lock, the units,
    # successions and the units carrying out the procedure, and the code's uniqueness before the rulebook
    # refuses the date, the rollback and release; the three lists.
    with django_assert_num_queries(19):
        response = register(
            lan,
            code="STTTT-2025-2",
            procedure=province.stttt_procedure.code,
            department=province.stttt.pk,
            received_at="01/01/2099 08:00",
        )
    assert "Thời điểm tiếp nhận không được ở tương lai." in response.content.decode()
    assert Dossier.objects.count() == 1


def test_day_that_does_not_exist_is_refused(lan, province, django_assert_num_queries):
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department; the page again lists the procedures, the departments and every unit as a receiving
    # unit. No calendar without a date.
    with django_assert_num_queries(10):
        response = register(
            lan,
            procedure=province.stttt_procedure.code,
            department=province.stttt.pk,
            received_at="31/02/2025 08:00",
        )
    assert "Nhập một ngày/thời gian hợp lệ." in response.content.decode()


def test_supplement_pause_moves_the_deadline_by_its_working_days(lan, province, django_assert_num_queries):
    # Received Mon 03/03/2025, 5 working days: due Mon 10/03.
    dossier = make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    assert dossier.due_on == date(2025, 3, 10)
    url = reverse("procedures:dossier_request_supplement", kwargs={"code": "HS-1"})
    form = as_read("HS-1", {"requested_on": "05/03/2025", "reason": "Thiếu bản sao giấy phép"})
    # A step's reads, the supplement request and its history written, the units and successions, the
    # units carrying out the procedure, the code's uniqueness, the calendar, the supplement requests, the
    # dossier and its history written, the release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 11):
        lan.post(url, form)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.paused_on) == ("awaiting_supplement", date(2025, 3, 5))
    form = as_read("HS-1", {"supplied_on": "12/03/2025"})
    # Supplied Wed 12/03: the pause lasted 5 working days (06, 07, 10, 11, 12 March).
    # A step's reads, the open supplement request, it and its history written, the calendar (the
    # pause's working days), the units and successions, the units carrying out the procedure, the code's
    # uniqueness, the calendar again, the supplement requests, the dossier and its history written, the
    # release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 13):
        lan.post(reverse("procedures:dossier_receive_supplement", kwargs={"code": "HS-1"}), form)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.paused_days, dossier.effective_due_on) == (
        "in_progress",
        5,
        date(2025, 3, 17),
    )
    assert dossier.due_on == date(2025, 3, 10)
    assert SupplementRequest.objects.get().supplied_on == date(2025, 3, 12)


def test_supplement_cannot_arrive_before_it_was_asked_for(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    lan.post(
        reverse("procedures:dossier_request_supplement", kwargs={"code": "HS-1"}),
        as_read("HS-1", {"requested_on": "05/03/2025", "reason": "Thiếu"}),
    )
    form = as_read("HS-1", {"supplied_on": "04/03/2025"})
    # A step's reads, the open supplement request, the rollback and release: nothing is written.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 3):
        response = lan.post(reverse("procedures:dossier_receive_supplement", kwargs={"code": "HS-1"}), form)
    assert (
        "Ngày nhận hồ sơ bổ sung phải từ ngày yêu cầu (05/03/2025) đến hôm nay." in response.content.decode()
    )
    assert Dossier.objects.get().status == "awaiting_supplement"


def test_finishing_records_the_result_and_satisfaction(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    form = as_read(
        "HS-1", {"status": "resolved", "finished_at": "07/03/2025 15:30", "satisfaction": "very_satisfied"}
    )
    # A step's reads, the units and successions, the units carrying out the procedure, the code's
    # uniqueness, the calendar, the supplement requests, the dossier and its history written, the release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 9):
        lan.post(reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}), form)
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.finished_on, dossier.satisfaction) == (
        "resolved",
        date(2025, 3, 7),
        "very_satisfied",
    )
    assert dossier.timeliness() == Dossier.Timeliness.EARLY


def test_result_before_receipt_is_refused_and_nothing_saved(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    form = as_read("HS-1", {"status": "resolved", "finished_at": "02/03/2025 15:30"})
    # A step's reads, the units and successions, the units carrying out the procedure, the code's
    # uniqueness, the rollback and release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 6):
        response = lan.post(reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}), form)
    assert "Thời điểm trả kết quả không được trước thời điểm tiếp nhận." in response.content.decode()
    assert Dossier.objects.get().status == "in_progress"


def test_withdrawal_while_waiting_for_a_supplement_closes_the_pause(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    lan.post(
        reverse("procedures:dossier_request_supplement", kwargs={"code": "HS-1"}),
        as_read("HS-1", {"requested_on": "04/03/2025", "reason": "Thiếu"}),
    )
    form = as_read("HS-1", {"status": "withdrawn", "finished_at": "06/03/2025 09:00"})
    # A step's reads, the open supplement request, it and its history written (the pause closed), the
    # calendar (the pause's working days), the units and successions, the units carrying out the
    # procedure, the code's uniqueness, the calendar again, the supplement requests, the dossier and its
    # history written, the release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 13):
        lan.post(reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}), form)
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.paused_on) == ("withdrawn", None)
    assert SupplementRequest.objects.get().supplied_on == date(2025, 3, 6)


def test_only_one_apology_slip_and_its_date_must_be_later(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    url = reverse("procedures:dossier_apology", kwargs={"code": "HS-1"})
    form = as_read("HS-1", {"issued_on": "10/03/2025", "new_due_on": "10/03/2025"})
    # A step's reads, the rollback and release: the rulebook refuses the date before anything else.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 2):
        response = lan.post(url, form)
    assert "Ngày hẹn trả mới phải sau hạn giải quyết 10/03/2025." in response.content.decode()
    lan.post(url, as_read("HS-1", {"issued_on": "10/03/2025", "new_due_on": "14/03/2025"}))
    form = as_read("HS-1", {"issued_on": "11/03/2025", "new_due_on": "20/03/2025"})
    # The same for a second slip.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 2):
        response = lan.post(url, form)
    assert "mỗi hồ sơ chỉ được một phiếu" in response.content.decode()
    assert Dossier.objects.get().apology_due_on == date(2025, 3, 14)


def test_locked_dossier_cannot_be_changed_by_staff(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Đã kiểm tra quý I",
        locked_by=province.inspector,
    )
    form = as_read("HS-1", {"status": "resolved", "finished_at": "07/03/2025 15:30"})
    # A step's reads, the lock's department (named in the message), the rollback and release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 3):
        response = lan.post(reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}), form)
    assert "đã được khóa đến hết ngày 31/03/2025 (Đã kiểm tra quý I)" in response.content.decode()
    assert Dossier.objects.get().status == "in_progress"
    # The session, the user, the user's departments, the dossier, its supplement requests, the data locks
    # covering it and its petitions.
    with django_assert_num_queries(7):
        page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert "hồ sơ không thể sửa" in page and 'id="dossier-actions"' not in page


def test_lock_on_a_parent_department_covers_its_divisions(lan, province, django_assert_num_queries):
    response = register(
        lan,
        procedure=province.stttt_procedure.code,
        department=province.stttt_office.pk,
        received_at="03/03/2025 09:00",
    )
    assert response.status_code == 302
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Quý I",
        locked_by=province.inspector,
    )
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department, the calendar; in the service's savepoint, the parent's lock and its department (named
    # in the message), the rollback and release; the page again lists the procedures, the departments
    # and every unit as a receiving unit.
    with django_assert_num_queries(16):
        response = register(
            lan,
            code="STTTT-2025-2",
            procedure=province.stttt_procedure.code,
            department=province.stttt_office.pk,
            received_at="04/03/2025 09:00",
        )
    assert "đã được khóa" in response.content.decode()
    assert Dossier.objects.count() == 1


def test_inspector_locks_and_admin_unlocks_and_both_are_recorded(client, province, django_assert_num_queries):
    client.force_login(province.inspector)
    # The session, the user, the department; in a savepoint, the lock and its history written.
    with django_assert_num_queries(7):
        client.post(
            reverse("departments:lock", kwargs={"code": "STTTT"}),
            {"locked_until": "31/12/2019", "reason": "Đã kiểm tra CCHC năm 2019"},
        )
    lock = DataLock.objects.get()
    assert (lock.locked_by, lock.locked_until) == (province.inspector, date(2019, 12, 31))
    # The session, the user, the department; the savepoint is rolled back before anything is written.
    with django_assert_num_queries(6):
        response = client.post(
            reverse("departments:lock", kwargs={"code": "STTTT"}),
            {"locked_until": "01/01/2099", "reason": "Tương lai"},
        )
    assert "Chỉ khóa được số liệu đến hôm nay." in response.content.decode()


def test_staff_edit_a_procedure_of_their_department(lan, province, django_assert_num_queries):
    url = reverse("procedures:procedure_edit", kwargs={"code": "1.004227"})
    # The session, the user, the user's departments (twice), the procedure and its units, the field and
    # the units chosen, the units resolving the procedure's dossiers (none: the organisation is not
    # read), the field again, the five check constraints the form's fields touch (each in a savepoint),
    # the code's uniqueness; the page again shows the fields and the units to choose from.
    with django_assert_num_queries(28):
        response = lan.post(
            url,
            {
                "code": "1.004227",
                "name": "Cấp giấy phép xuất bản bản tin",
                "field": province.stttt_procedure.field_id,
                "level": "province",
                "units": [province.stttt.pk],
                "statutory_days": "5",
                "reduced_days": "7",
                "online_level": "3",
            },
        )
    assert "Thời hạn cắt giảm không được dài hơn thời hạn quy định." in response.content.decode()
    # The same reads, six check constraints (the reduced time's too, now that it is valid), the code's
    # uniqueness, the procedure and its history written, its units read and written to its history, its
    # units again (what the form's save changes).
    with django_assert_num_queries(34):
        lan.post(
            url,
            {
                "code": "1.004227",
                "name": "Cấp giấy phép xuất bản bản tin",
                "field": province.stttt_procedure.field_id,
                "level": "province",
                "units": [province.stttt.pk],
                "statutory_days": "5",
                "reduced_days": "4",
                "online_level": "4",
                "accepts_postal": "on",
            },
        )
    procedure = Procedure.objects.get(code="1.004227")
    assert (procedure.reduced_days, procedure.online_level, procedure.accepts_postal) == (4, 4, True)


def test_rating_needs_a_returned_result(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    form = as_read("HS-1", {"satisfaction": "satisfied"})
    # A step's reads, the units and successions, the units carrying out the procedure, the code's
    # uniqueness, the rollback and release.
    with django_assert_num_queries(DOSSIER_PAGE_STEP + 6):
        response = lan.post(reverse("procedures:dossier_rate", kwargs={"code": "HS-1"}), form)
    assert "Chỉ ghi nhận mức độ hài lòng sau khi đã trả kết quả." in response.content.decode()
    assert Dossier.objects.get().satisfaction == ""
    assert timezone.localdate() > date(2025, 3, 3)
