"""Department staff declare the figures no dossier holds; the declared indicators read them."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from departments.models import DataLock
from departments.services import data_unlock
from reporting.indicators import Period, indicators_for_department
from reporting.models import Declaration, PeriodicReport

pytestmark = pytest.mark.django_db

# A declaration's form first reads the session, the user, the department, the user's departments and the
# data lock over the declaration's day.
DECLARATION_FORM = 5
# Then the nine check constraints on a declaration, each in a savepoint (three queries each).
CHECKS = 9 * 3
# A declaration's edit reads the session, the user, the department, the user's departments, the
# declaration, its department, the declaration as it was, and the data lock over its day.
DECLARATION_EDIT = 8


def test_staff_declare_figures_and_the_indicators_use_them(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    # The form, its checks, the declaration and its history written.
    with django_assert_num_queries(DECLARATION_FORM + CHECKS + 2):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
            {
                "measured_on": "31/10/2019",
                "staff_baseline": "32",
                "staff_reduced": "4",
                "staff_reduction_target_pct": "10",
                "staff_reduction_target_year": "2021",
                "investment_planned": "15000",
                "investment_disbursed": "3097,5",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    figures = indicators_for_department(province.stttt, Period(date(2019, 1, 1), date(2019, 10, 31)))
    assert figures["staff_reduction_rate"].value == 12.5
    assert figures["disbursement_rate"].value == 20.65


def test_reduced_more_than_the_baseline_is_refused_next_to_the_field(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The form and its checks but the one on the field already refused: nothing is written.
    with django_assert_num_queries(DECLARATION_FORM + CHECKS - 3):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
            {"measured_on": "31/10/2019", "staff_baseline": "3", "staff_reduced": "4"},
        )
    assert "Số đã tinh giản không được lớn hơn biên chế tại thời điểm gốc." in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_second_declaration_on_the_same_day_is_refused_without_an_error_page(
    client, province, django_assert_num_queries
):
    Declaration.objects.create(department=province.stttt, measured_on=date(2019, 10, 31))
    client.force_login(province.staff_stttt)
    # The form, its checks, and the insert the database refuses for the day already declared.
    with django_assert_num_queries(DECLARATION_FORM + CHECKS + 1):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": "31/10/2019"}
        )
    assert response.status_code == 200
    assert "Đã có số liệu trùng" in response.content.decode() or "đã tồn tại" in response.content.decode()


def test_periodic_report_submitted_late_counts_as_late(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    # The session, the user, the department, the user's departments, the data lock over the deadline,
    # the report and its history written.
    with django_assert_num_queries(7):
        client.post(
            reverse("reporting:report_add", kwargs={"code": "STTTT"}),
            {"name": "Báo cáo CCHC quý I", "deadline_on": "15/03/2019", "submitted_on": "20/03/2019"},
        )
    assert PeriodicReport.objects.get().submitted_on == date(2019, 3, 20)
    figures = indicators_for_department(province.stttt, Period(date(2019, 1, 1), date(2019, 10, 31)))
    assert figures["reports_late"].value == 1


def test_staff_of_another_department_cannot_declare_for_it(client, province, django_assert_num_queries):
    client.force_login(province.staff_sxd)
    # The session, the user, the department and the user's departments, which do not include it.
    with django_assert_num_queries(4):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": "31/10/2019"}
        )
    assert response.status_code == 404
    assert not Declaration.objects.exists()


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3.097,5", "3097.5"),
        ("3097,5", "3097.5"),
        ("15.000", "15000"),
        ("3097.5", "3097.5"),
        ("1.234.567,25", "1234567.25"),
    ],
)
def test_amounts_are_read_the_vietnamese_way(typed, value):
    from decimal import Decimal

    from cchc_portal.forms import VietnameseDecimalField

    assert VietnameseDecimalField(max_digits=14, decimal_places=2).clean(typed) == Decimal(value)


LOCKED = (
    "Số liệu của Sở Thông tin và Truyền thông đã được khóa đến hết ngày 31/12/2019 (Kiểm tra 2019); "
    "hãy đề nghị quản trị mở khóa."
)


def lock_stttt_2019(province) -> DataLock:
    """STTTT's data is locked to the end of 2019 after an inspection, as dossiers are. Records of a locked
    period exist before the lock: the database refuses to add them after it."""
    return DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2019, 12, 31),
        reason="Kiểm tra 2019",
        locked_by=province.inspector,
    )


@pytest.fixture
def lock_2019(province) -> DataLock:
    return lock_stttt_2019(province)


def test_a_declaration_for_a_locked_period_is_refused_with_the_dossiers_lock_message(
    client, province, lock_2019, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The form, the lock's department (named in the message), the checks: nothing is written.
    with django_assert_num_queries(DECLARATION_FORM + 1 + CHECKS):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
            {"measured_on": "31/10/2019", "staff_baseline": "32", "staff_reduced": "4"},
        )
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_lock_on_the_department_freezes_its_divisions_declarations(
    client, province, lock_2019, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The form (the lock found on the parent), the lock's department, the checks.
    with django_assert_num_queries(DECLARATION_FORM + 1 + CHECKS):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT-VP"}), {"measured_on": "31/10/2019"}
        )
    assert LOCKED in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_locked_declaration_can_neither_be_changed_nor_moved_out_of_the_locked_period(
    client, province, django_assert_num_queries
):
    declaration = Declaration.objects.create(
        department=province.stttt, measured_on=date(2019, 10, 31), staff_reduced=4
    )
    lock_stttt_2019(province)
    client.force_login(province.staff_stttt)
    url = reverse("reporting:declaration_edit", kwargs={"code": "STTTT", "pk": declaration.pk})
    for measured_on in ("31/10/2019", "15/01/2020"):
        # The edit's reads, the lock's department (named in the message), the checks.
        with django_assert_num_queries(DECLARATION_EDIT + 1 + CHECKS):
            response = client.post(url, {"measured_on": measured_on, "staff_reduced": "9"})
        assert LOCKED in response.content.decode()
    declaration.refresh_from_db()
    assert (declaration.measured_on, declaration.staff_reduced) == (date(2019, 10, 31), 4)


def test_a_declaration_cannot_be_moved_into_a_locked_period(
    client, province, lock_2019, django_assert_num_queries
):
    declaration = Declaration.objects.create(department=province.stttt, measured_on=date(2020, 3, 31))
    client.force_login(province.staff_stttt)
    # The edit's reads, the data lock over the day asked for and its department, the checks.
    with django_assert_num_queries(DECLARATION_EDIT + 2 + CHECKS):
        response = client.post(
            reverse("reporting:declaration_edit", kwargs={"code": "STTTT", "pk": declaration.pk}),
            {"measured_on": "31/10/2019"},
        )
    assert LOCKED in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.measured_on == date(2020, 3, 31)


def test_once_unlocked_the_declaration_can_be_changed_again(client, province, django_assert_num_queries):
    declaration = Declaration.objects.create(
        department=province.stttt, measured_on=date(2019, 10, 31), staff_reduced=4
    )
    lock_2019 = lock_stttt_2019(province)
    data_unlock(user=province.inspector, lock=lock_2019, reason="Sửa số liệu tinh giản")
    client.force_login(province.staff_stttt)
    # The edit's reads, the data lock over the day asked for (none, the lock is lifted), the checks, the
    # declaration and its history written.
    with django_assert_num_queries(DECLARATION_EDIT + 1 + CHECKS + 2):
        response = client.post(
            reverse("reporting:declaration_edit", kwargs={"code": "STTTT", "pk": declaration.pk}),
            {"measured_on": "31/10/2019", "staff_reduced": "5"},
        )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.staff_reduced == 5


def test_a_periodic_report_due_in_a_locked_period_cannot_be_recorded_or_changed(
    client, province, django_assert_num_queries
):
    report = PeriodicReport.objects.create(
        department=province.stttt, name="Báo cáo quý III", deadline_on=date(2019, 9, 15)
    )
    lock_stttt_2019(province)
    client.force_login(province.staff_stttt)
    # The session, the user, the department, the user's departments, the lock over the deadline and its
    # department (named in the message).
    with django_assert_num_queries(6):
        added = client.post(
            reverse("reporting:report_add", kwargs={"code": "STTTT"}),
            {"name": "Báo cáo quý IV", "deadline_on": "15/12/2019", "submitted_on": "10/12/2019"},
        )
    # The same, and the report, its department and the report as it was.
    with django_assert_num_queries(9):
        changed = client.post(
            reverse("reporting:report_edit", kwargs={"code": "STTTT", "pk": report.pk}),
            {"name": "Báo cáo quý III", "deadline_on": "15/09/2019", "submitted_on": "10/09/2019"},
        )
    responses = [added, changed]
    assert all(LOCKED in response.content.decode() for response in responses)
    report.refresh_from_db()
    assert (PeriodicReport.objects.count(), report.submitted_on) == (1, None)


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    )
    # The admin finds a model's content type through a cache kept for the whole process; read it now, so
    # that the queries counted do not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(Declaration)
    return client


def test_an_administrator_cannot_change_or_delete_a_locked_declaration_in_the_admin(
    admin_client, province, django_assert_num_queries
):
    declaration = Declaration.objects.create(department=province.stttt, measured_on=date(2019, 10, 31))
    lock_stttt_2019(province)
    # The session, the user, the declaration, its department, and the data lock over its day once for
    # each of the admin's permission checks on the page (seven).
    with django_assert_num_queries(11):
        change = admin_client.get(reverse("admin:reporting_declaration_change", args=[declaration.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    # The session, the user; in the admin's savepoint the declaration, its department and the data lock,
    # the rollback and release.
    with django_assert_num_queries(8):
        deleted = admin_client.post(
            reverse("admin:reporting_declaration_delete", args=[declaration.pk]), {"post": "yes"}
        )
    assert deleted.status_code == 403
    # The session, the user, the list's department filter, counts and page, the declarations selected,
    # their department and the data lock covering them.
    with django_assert_num_queries(9):
        admin_client.post(
            reverse("admin:reporting_declaration_changelist"),
            {"action": "delete_selected", "_selected_action": [declaration.pk], "post": "yes"},
        )
    assert Declaration.objects.filter(pk=declaration.pk).exists()


def test_an_administrator_cannot_add_a_declaration_for_a_locked_period_in_the_admin(
    admin_client, province, lock_2019, django_assert_num_queries
):
    # The session, the user; in the admin's savepoint the department chosen, the lock over the day and
    # its department (named in the message), the department again, the day's uniqueness and the nine
    # check constraints (each in a savepoint); the department choices to show the form again.
    with django_assert_num_queries(37):
        response = admin_client.post(
            reverse("admin:reporting_declaration_add"),
            {"department": province.stttt.pk, "measured_on": "31/10/2019"},
        )
    assert LOCKED in response.content.decode()
    assert not Declaration.objects.exists()
