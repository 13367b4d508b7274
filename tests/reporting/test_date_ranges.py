"""Declarations and periodic reports are dated within the portal's years (2000-2100): their pages and
the admin refuse any other date next to the field with the dossiers' message and write nothing; the first
and last days pass."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.models import Declaration, PeriodicReport

pytestmark = pytest.mark.django_db
DAY_OUT_OF_RANGE = "Ngày phải trong khoảng từ năm 2000 đến năm 2100."
OUTSIDE = ["01/01/0001", "31/12/9999", "31/12/1999", "01/01/2101"]
EDGES = ["01/01/2000", "31/12/2100"]
# A declaration's form first reads the session, the user, the department and the user's departments, then
# the data lock over the declaration's day when the day is one the portal takes.
DECLARATION_FORM = 4
# Then the nine check constraints on a declaration, each in a savepoint (three queries each).
CHECKS = 9 * 3


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_declaration_dated_outside_the_portals_years_is_refused_on_its_page(
    client, province, day, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The form without a data lock to read, its checks, and nothing written.
    with django_assert_num_queries(DECLARATION_FORM + CHECKS):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
            {"measured_on": day, "staff_baseline": "32"},
        )
    assert response.status_code == 200
    assert DAY_OUT_OF_RANGE in response.content.decode()
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("day", EDGES)
def test_a_declaration_on_the_first_or_last_day_of_the_portals_years_is_saved(
    client, province, day, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The form with its data lock, its checks, the declaration and its history written.
    with django_assert_num_queries(DECLARATION_FORM + 1 + CHECKS + 2):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": day}
        )
    assert response.status_code == 302
    assert Declaration.objects.get().measured_on.strftime("%d/%m/%Y") == day


def test_a_reduction_target_year_outside_the_portals_years_is_refused(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The form with its data lock and its checks, and nothing written.
    with django_assert_num_queries(DECLARATION_FORM + 1 + CHECKS):
        response = client.post(
            reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
            {"measured_on": "31/10/2019", "staff_reduction_target_year": "9999"},
        )
    assert response.status_code == 200
    assert "2100" in response.context["form"].errors["staff_reduction_target_year"][0]
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("field", ["deadline_on", "submitted_on"])
@pytest.mark.parametrize("day", OUTSIDE)
def test_a_periodic_report_dated_outside_the_portals_years_is_refused_on_its_page(
    client, province, field, day, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    data = {"name": "Báo cáo CCHC quý I", "deadline_on": "15/03/2019", "submitted_on": "20/03/2019"}
    # The session, the user, the department and the user's departments; when the due day passes and only
    # the submission day is refused, the form also reads the data lock over the day the report is due.
    with django_assert_num_queries(4 + (field == "submitted_on")):
        response = client.post(
            reverse("reporting:report_add", kwargs={"code": "STTTT"}), {**data, field: day}
        )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [DAY_OUT_OF_RANGE]
    assert not PeriodicReport.objects.exists()


def test_a_periodic_report_due_and_submitted_on_the_edges_of_the_portals_years_is_saved(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the department, the user's departments, the data lock over the day it is
    # due, the report and its history written.
    with django_assert_num_queries(7):
        response = client.post(
            reverse("reporting:report_add", kwargs={"code": "STTTT"}),
            {"name": "Báo cáo CCHC", "deadline_on": "01/01/2000", "submitted_on": "31/12/2100"},
        )
    assert response.status_code == 302
    report = PeriodicReport.objects.get()
    assert (report.deadline_on, report.submitted_on) == (date(2000, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_a_declaration_dated_outside_the_portals_years(
    admin_client, province, day, django_assert_max_num_queries
):
    # The session, the user; in the admin's savepoint the department checked and read again, the checks,
    # the release; then the departments to choose from. The first admin page of a run also reads the
    # content types: one more.
    with django_assert_max_num_queries(2 + 1 + 2 + CHECKS + 1 + 1 + 1):
        response = admin_client.post(
            reverse("admin:reporting_declaration_add"), {"department": province.stttt.pk, "measured_on": day}
        )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["measured_on"] == [DAY_OUT_OF_RANGE]
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_a_periodic_report_dated_outside_the_portals_years(
    admin_client, province, day, django_assert_max_num_queries
):
    # The session, the user; in the admin's savepoint the department, the data lock, the department again
    # and a report with the same name, the release; then the departments to choose from. The first admin
    # page of a run also reads the content types: one more.
    with django_assert_max_num_queries(10):
        response = admin_client.post(
            reverse("admin:reporting_periodicreport_add"),
            {
                "department": province.stttt.pk,
                "name": "Báo cáo CCHC",
                "deadline_on": "15/03/2019",
                "submitted_on": day,
            },
        )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["submitted_on"] == [DAY_OUT_OF_RANGE]
    assert not PeriodicReport.objects.exists()


def test_the_admin_saves_declarations_on_the_first_and_last_days(
    admin_client, province, django_assert_num_queries
):
    for day in EDGES:
        # The session, the user; in the admin's savepoint the department, the data lock, the department
        # again and a declaration on the same day, the checks, the declaration, its history and the admin's
        # log written, the data lock read again, the release.
        with django_assert_num_queries(2 + 1 + 4 + CHECKS + 3 + 1 + 1):
            response = admin_client.post(
                reverse("admin:reporting_declaration_add"),
                {"department": province.stttt.pk, "measured_on": day},
            )
        assert response.status_code == 302
    assert sorted(Declaration.objects.values_list("measured_on", flat=True)) == [
        date(2000, 1, 1),
        date(2100, 12, 31),
    ]
