"""Every date a person types is within the portal's years (2000-2100): declarations, periodic reports,
inspections, recommendations and their follow-up refuse any other on their pages, in the admin and over
the API, with the same message next to the field, and write nothing; the first and last days pass."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Inspection, InspectionPlan, ProgressReport, Recommendation
from procedures.models import Dossier
from reporting.models import Declaration, PeriodicReport

pytestmark = pytest.mark.django_db
DAY_OUT_OF_RANGE = "Ngày phải trong khoảng từ năm 2000 đến năm 2100."
TIME_OUT_OF_RANGE = "Thời điểm phải trong khoảng từ năm 2000 đến năm 2100."
OUTSIDE = ["01/01/0001", "31/12/9999", "31/12/1999", "01/01/2101"]
EDGES = ["01/01/2000", "31/12/2100"]


@pytest.fixture
def plan() -> InspectionPlan:
    return InspectionPlan.objects.create(year=2025, title="Kế hoạch kiểm tra CCHC năm 2025")


@pytest.fixture
def running(province, plan) -> Inspection:
    inspection = services.inspection_create(
        plan=plan,
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 6, 30),
        planned_start=date(2025, 7, 7),
        planned_end=date(2025, 7, 11),
        lead=province.inspector,
        members=[],
    )
    return services.inspection_start(inspection=inspection, user=province.inspector)


@pytest.fixture
def concluded_recommendation(province, running) -> Recommendation:
    recommendation = services.recommendation_add(
        inspection=running,
        user=province.inspector,
        text="Tăng tỷ lệ hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
    )
    services.inspection_conclude(
        inspection=running, user=province.inspector, concluded_on=date(2025, 7, 15), number="12/KL-ĐKT"
    )
    return recommendation


# -- Declarations and periodic reports ------------------------------------------------------------------


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


# -- Inspections, recommendations and their follow-up ---------------------------------------------------


def inspection_data(province, plan, **dates) -> dict:
    return {
        "plan": plan.pk,
        "department": province.stttt.pk,
        "scope_start": "01/01/2025",
        "scope_end": "30/06/2025",
        "planned_start": "07/07/2025",
        "planned_end": "11/07/2025",
        "lead": province.inspector.pk,
        **dates,
    }


@pytest.mark.parametrize("field", ["scope_start", "scope_end", "planned_start", "planned_end"])
@pytest.mark.parametrize("day", OUTSIDE)
def test_an_inspection_dated_outside_the_portals_years_is_refused_on_its_page(
    client, province, plan, field, day
):
    client.force_login(province.inspector)
    response = client.post(reverse("inspections:create"), inspection_data(province, plan, **{field: day}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [DAY_OUT_OF_RANGE]
    assert DAY_OUT_OF_RANGE in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_inspection_over_the_whole_of_the_portals_years_is_saved(client, province, plan):
    client.force_login(province.inspector)
    data = {"scope_start": "01/01/2000", "scope_end": "31/12/2100"}
    response = client.post(reverse("inspections:create"), inspection_data(province, plan, **data))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.scope_start, inspection.scope_end) == (date(2000, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize("field", ["scope_start", "planned_end"])
@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_an_inspection_dated_outside_the_portals_years(
    admin_client, province, plan, field, day
):
    data = {
        **inspection_data(province, plan, **{field: day}),
        "findings-TOTAL_FORMS": "0",
        "findings-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:inspections_inspection_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [DAY_OUT_OF_RANGE]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("year", ["1999", "2101", "9999"])
def test_an_inspection_plan_for_a_year_outside_the_portals_years_is_refused(client, province, year):
    client.force_login(province.inspector)
    response = client.post(reverse("inspections:plan_create"), {"year": year, "title": "Kế hoạch"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert not InspectionPlan.objects.exists()


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_recommendation_due_outside_the_portals_years_is_refused_on_the_inspection_page(
    client, province, running, day
):
    client.force_login(province.inspector)
    response = client.post(
        reverse("inspections:recommendation_add", kwargs={"pk": running.pk}),
        {
            "text": "Tăng tỷ lệ hồ sơ trực tuyến",
            "area": "e_government",
            "responsible": province.stttt.pk,
            "deadline": day,
        },
        follow=True,
    )
    assert f"Thời hạn: {DAY_OUT_OF_RANGE}" in response.content.decode()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("day", EDGES)
def test_a_recommendation_due_on_the_first_or_last_day_is_saved(client, province, running, day):
    client.force_login(province.inspector)
    client.post(
        reverse("inspections:recommendation_add", kwargs={"pk": running.pk}),
        {
            "text": "Tăng tỷ lệ hồ sơ trực tuyến",
            "area": "e_government",
            "responsible": province.stttt.pk,
            "deadline": day,
        },
    )
    assert Recommendation.objects.get().deadline.strftime("%d/%m/%Y") == day


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_a_recommendation_due_outside_the_portals_years(
    admin_client, province, running, day
):
    data = {
        "inspection": running.pk,
        "text": "Tăng tỷ lệ hồ sơ trực tuyến",
        "area": "e_government",
        "responsible": province.stttt.pk,
        "deadline": day,
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:inspections_recommendation_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["deadline"] == [DAY_OUT_OF_RANGE]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_conclusion_dated_outside_the_portals_years_is_refused(client, province, running, day):
    client.force_login(province.inspector)
    response = client.post(
        reverse("inspections:conclude", kwargs={"pk": running.pk}), {"concluded_on": day}, follow=True
    )
    assert f"Ngày kết luận: {DAY_OUT_OF_RANGE}" in response.content.decode()
    running.refresh_from_db()
    assert (running.status, running.concluded_on) == ("in_progress", None)


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_progress_report_dated_outside_the_portals_years_is_refused(
    client, province, concluded_recommendation, day
):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("inspections:recommendation_report", kwargs={"pk": concluded_recommendation.pk}),
        {"reported_on": day, "text": "Đã triển khai"},
        follow=True,
    )
    assert f"Ngày báo cáo: {DAY_OUT_OF_RANGE}" in response.content.decode()
    assert not ProgressReport.objects.exists()
    concluded_recommendation.refresh_from_db()
    assert concluded_recommendation.status == "open"


def test_a_progress_report_on_the_first_day_of_the_portals_years_is_saved(
    client, province, concluded_recommendation
):
    client.force_login(province.staff_stttt)
    client.post(
        reverse("inspections:recommendation_report", kwargs={"pk": concluded_recommendation.pk}),
        {"reported_on": "01/01/2000", "text": "Đã triển khai"},
    )
    assert ProgressReport.objects.get().reported_on == date(2000, 1, 1)


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_verification_dated_outside_the_portals_years_is_refused(
    client, province, concluded_recommendation, day
):
    services.recommendation_report(
        recommendation=concluded_recommendation,
        user=province.staff_stttt,
        reported_on=timezone.localdate(),
        text="Đã triển khai",
    )
    client.force_login(province.inspector)
    response = client.post(
        reverse("inspections:recommendation_verify", kwargs={"pk": concluded_recommendation.pk}),
        {"decision": "close", "on": day, "text": "Đạt"},
        follow=True,
    )
    assert f"Ngày xác minh: {DAY_OUT_OF_RANGE}" in response.content.decode()
    concluded_recommendation.refresh_from_db()
    assert (concluded_recommendation.status, concluded_recommendation.closed_on) == ("reported", None)


# -- The API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received_at": "1999-12-31T23:59:00+07:00"}, "received_at", TIME_OUT_OF_RANGE),
        ({"received_at": "2101-01-01T00:00:00+07:00"}, "received_at", TIME_OUT_OF_RANGE),
        ({"received_at": "9999-12-31T00:00:00"}, "received_at", TIME_OUT_OF_RANGE),
        ({"due_on": "1999-12-31"}, "due_on", DAY_OUT_OF_RANGE),
        ({"due_on": "2101-01-01"}, "due_on", DAY_OUT_OF_RANGE),
        ({"due_on": "0001-01-01"}, "due_on", DAY_OUT_OF_RANGE),
    ],
)
def test_the_api_refuses_a_receipt_outside_the_portals_years_naming_the_field(
    client, province, change, field, message
):
    client.force_login(province.staff_stttt)
    data = {"code": "HS-1", "procedure": "1.004227", "department": "STTTT", "channel": "direct"}
    data |= {"received_at": "2025-03-03T09:00:00", **change}
    response = client.post(reverse("api:dossier-list"), data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not Dossier.objects.exists()


def test_the_api_takes_a_receipt_on_the_first_day_and_a_due_date_on_the_last(client, province):
    client.force_login(province.staff_stttt)
    for code, received_at, due_on in (
        ("HS-1", "2000-01-01T00:00:00+07:00", "2000-01-01"),
        ("HS-2", "2025-03-03T09:00:00+07:00", "2100-12-31"),
    ):
        data = {"code": code, "procedure": "1.004227", "department": "STTTT", "channel": "direct"}
        data |= {"received_at": received_at, "due_on": due_on}
        response = client.post(reverse("api:dossier-list"), data, content_type="application/json")
        assert response.status_code == 201, response.json()
    assert Dossier.objects.count() == 2
