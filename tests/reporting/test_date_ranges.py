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


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_declaration_dated_outside_the_portals_years_is_refused_on_its_page(client, province, day):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
        {"measured_on": day, "staff_baseline": "32"},
    )
    assert response.status_code == 200
    assert DAY_OUT_OF_RANGE in response.content.decode()
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("day", EDGES)
def test_a_declaration_on_the_first_or_last_day_of_the_portals_years_is_saved(client, province, day):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": day}
    )
    assert response.status_code == 302
    assert Declaration.objects.get().measured_on.strftime("%d/%m/%Y") == day


def test_a_reduction_target_year_outside_the_portals_years_is_refused(client, province):
    client.force_login(province.staff_stttt)
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
    client, province, field, day
):
    client.force_login(province.staff_stttt)
    data = {"name": "Báo cáo CCHC quý I", "deadline_on": "15/03/2019", "submitted_on": "20/03/2019"}
    response = client.post(reverse("reporting:report_add", kwargs={"code": "STTTT"}), {**data, field: day})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [DAY_OUT_OF_RANGE]
    assert not PeriodicReport.objects.exists()


def test_a_periodic_report_due_and_submitted_on_the_edges_of_the_portals_years_is_saved(client, province):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:report_add", kwargs={"code": "STTTT"}),
        {"name": "Báo cáo CCHC", "deadline_on": "01/01/2000", "submitted_on": "31/12/2100"},
    )
    assert response.status_code == 302
    report = PeriodicReport.objects.get()
    assert (report.deadline_on, report.submitted_on) == (date(2000, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_a_declaration_dated_outside_the_portals_years(admin_client, province, day):
    response = admin_client.post(
        reverse("admin:reporting_declaration_add"), {"department": province.stttt.pk, "measured_on": day}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["measured_on"] == [DAY_OUT_OF_RANGE]
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_a_periodic_report_dated_outside_the_portals_years(admin_client, province, day):
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


def test_the_admin_saves_declarations_on_the_first_and_last_days(admin_client, province):
    for day in EDGES:
        response = admin_client.post(
            reverse("admin:reporting_declaration_add"), {"department": province.stttt.pk, "measured_on": day}
        )
        assert response.status_code == 302
    assert sorted(Declaration.objects.values_list("measured_on", flat=True)) == [
        date(2000, 1, 1),
        date(2100, 12, 31),
    ]
