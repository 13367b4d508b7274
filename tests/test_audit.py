"""Every change to official data is traceable: who, when, old and new values, on the record's page."""

from datetime import date

import pytest
from django.urls import reverse

from departments.models import DataLock
from tests.factories import as_read, local, make_dossier

pytestmark = pytest.mark.django_db


def test_an_edit_shows_who_changed_which_field_from_what_to_what(client, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3), applicant="Ông A")
    client.force_login(province.staff_stttt)
    client.post(
        reverse("procedures:dossier_edit", kwargs={"code": "HS-1"}),
        as_read(
            "HS-1",
            {"applicant": "Công ty TNHH Bình Minh", "channel": "postal", "received_at": "03/03/2025 09:00"},
        ),
    )
    client.force_login(province.inspector)
    # The session, the user, the dossier, its supplement requests, the data locks covering it, its
    # history, whose changes are worked out without a query more, and its petitions.
    with django_assert_num_queries(7):
        response = client.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"}))
    latest = response.context["history"][0]
    assert latest.user == "lan" and latest.action == "Sửa"
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["tổ chức, cá nhân nộp"] == ("Ông A", "Công ty TNHH Bình Minh")
    assert changes["kênh tiếp nhận"] == ("Trực tiếp", "Bưu chính công ích")
    assert "Ông A → Công ty TNHH Bình Minh" in response.content.decode()


def test_staff_and_leaders_do_not_see_the_audit_trail(client, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    # The session, the user, (for staff) their departments, the dossier, its supplement requests, the
    # data locks covering it and its petitions: no history is read.
    for user, queries in ((province.staff_stttt, 7), (province.leader, 6)):
        client.force_login(user)
        with django_assert_num_queries(queries):
            response = client.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"}))
        assert response.context["history"] == []
        assert "Lịch sử thay đổi" not in response.content.decode()


def test_an_unlock_is_recorded_with_who_and_why(
    client, province, django_user_model, django_assert_num_queries
):
    lock = DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2019, 12, 31),
        reason="Đã kiểm tra năm 2019",
        locked_by=province.inspector,
    )
    admin = django_user_model.objects.create_user(
        "quantri", role="administrator", first_name="Nam", last_name="Trần Văn"
    )
    client.force_login(admin)
    # The session, the user, the department, the lock; in a savepoint the lock again (locked for update),
    # then it and its history written.
    with django_assert_num_queries(9):
        client.post(
            reverse("departments:unlock", kwargs={"code": "STTTT", "lock_id": lock.pk}),
            {"reason": "Bổ sung hồ sơ sót theo đề nghị của Sở"},
        )
    lock.refresh_from_db()
    assert (lock.unlocked_by, lock.unlock_reason) == (admin, "Bổ sung hồ sơ sót theo đề nghị của Sở")
    latest = lock.history.first()
    assert latest.history_user == admin and latest.history_type == "~"
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["unlock_reason"] == ("", "Bổ sung hồ sơ sót theo đề nghị của Sở")
    assert changes["unlocked_by"] == (None, admin.pk)


def test_procedure_edit_is_in_its_trail(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    procedure = province.stttt_procedure
    client.post(
        reverse("procedures:procedure_edit", kwargs={"code": procedure.code}),
        {
            "code": procedure.code,
            "name": procedure.name,
            "field": procedure.field_id,
            "level": "province",
            "units": [province.stttt.pk],
            "statutory_days": "5",
            "reduced_days": "3",
            "online_level": "4",
        },
    )
    client.force_login(province.inspector)
    # The session, the user, the procedure, its history and the units of every historical record (read
    # at once, however long the trail), its units and its recent dossiers.
    with django_assert_num_queries(7):
        response = client.get(reverse("procedures:procedure_detail", kwargs={"code": procedure.code}))
    history = response.context["history"]
    changes = {change.label: (change.old, change.new) for change in history[0].changes}
    assert changes["thời hạn cắt giảm"] == ("—", "3")
    assert changes["mức độ DVCTT"] == ("Mức độ 2", "Mức độ 4 (toàn trình)")


def test_a_change_of_a_procedures_units_is_in_its_trail_by_name(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    procedure = province.stttt_procedure
    client.post(
        reverse("procedures:procedure_edit", kwargs={"code": procedure.code}),
        {
            "code": procedure.code,
            "name": procedure.name,
            "field": procedure.field_id,
            "level": "province",
            "units": [province.stttt.pk, province.stttt_office.pk],
            "statutory_days": "5",
            "online_level": "2",
        },
    )
    client.force_login(province.inspector)
    # As for any procedure page: the units of every historical record are read at once, however many
    # records the change of units left.
    with django_assert_num_queries(7):
        response = client.get(reverse("procedures:procedure_detail", kwargs={"code": procedure.code}))
    changes = {change.label: (change.old, change.new) for change in response.context["history"][0].changes}
    assert changes["đơn vị thực hiện"] == (
        "Sở Thông tin và Truyền thông (STTTT)",
        "Sở Thông tin và Truyền thông (STTTT); Văn phòng Sở (STTTT-VP)",
    )
