"""Inspections, recommendations, conclusions, progress reports and verifications are dated within the
portal's years (2000-2100): their pages and the admin refuse any other date next to the field with the
dossiers' message and write nothing; the first and last days pass."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Inspection, InspectionPlan, ProgressReport, Recommendation
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db
DAY_OUT_OF_RANGE = "Ngày phải trong khoảng từ năm 2000 đến năm 2100."
OUTSIDE = ["01/01/0001", "31/12/9999", "31/12/1999", "01/01/2101"]
EDGES = ["01/01/2000", "31/12/2100"]
# The inspection's page after a refused step: the session, the user, the inspection, the organisation
# (units; successions with their fields), the department's dossier counts, the catalogue's units and
# levels, its report counts and declarations, its dossiers, recommendations, the
# history of the inspection, its findings and evidence, the users named there, the findings and the
# departments to choose from. PostgreSQL first reads the data version keying the kept figures.
INSPECTION_PAGE = 17 + DATA_VERSION


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
    client, province, plan, field, day, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user, then the plans, departments and users read twice each (the form's choices are
    # checked, then shown again with the refusal) and the lead's choices once more.
    with django_assert_num_queries(9):
        response = client.post(reverse("inspections:create"), inspection_data(province, plan, **{field: day}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [DAY_OUT_OF_RANGE]
    assert DAY_OUT_OF_RANGE in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_inspection_over_the_whole_of_the_portals_years_is_saved(
    client, province, plan, django_assert_num_queries
):
    client.force_login(province.inspector)
    data = {"scope_start": "01/01/2000", "scope_end": "31/12/2100"}
    # The session, the user, the plan, the department and the lead checked; in a savepoint the inspection
    # and its history written, the lead read for the history, the release.
    with django_assert_num_queries(10):
        response = client.post(reverse("inspections:create"), inspection_data(province, plan, **data))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.scope_start, inspection.scope_end) == (date(2000, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize("field", ["scope_start", "planned_end"])
@pytest.mark.parametrize("day", OUTSIDE)
def test_the_admin_refuses_an_inspection_dated_outside_the_portals_years(
    admin_client, province, plan, field, day, django_assert_max_num_queries
):
    data = {
        **inspection_data(province, plan, **{field: day}),
        "findings-TOTAL_FORMS": "0",
        "findings-INITIAL_FORMS": "0",
    }
    # The session, the user; in the admin's savepoint the plan, department and lead checked and read again,
    # the date constraint checked in its own savepoint, the releases; then the choices shown again with the
    # refusal. The first admin page of a run also reads the content types: one more.
    with django_assert_max_num_queries(18):
        response = admin_client.post(reverse("admin:inspections_inspection_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [DAY_OUT_OF_RANGE]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("year", ["1999", "2101", "9999"])
def test_an_inspection_plan_for_a_year_outside_the_portals_years_is_refused(
    client, province, year, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session and the user: the year is refused before anything else is read.
    with django_assert_num_queries(2):
        response = client.post(reverse("inspections:plan_create"), {"year": year, "title": "Kế hoạch"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert not InspectionPlan.objects.exists()


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_recommendation_due_outside_the_portals_years_is_refused_on_the_inspection_page(
    client, province, inspection, day, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user, the inspection and the departments to choose from, then its page.
    with django_assert_num_queries(4 + INSPECTION_PAGE):
        response = client.post(
            reverse("inspections:recommendation_add", kwargs={"pk": inspection.pk}),
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
def test_a_recommendation_due_on_the_first_or_last_day_is_saved(
    client, province, inspection, day, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user, the inspection and the departments to choose from; in a savepoint the
    # inspection again, the recommendation and its history written, the release.
    with django_assert_num_queries(9):
        client.post(
            reverse("inspections:recommendation_add", kwargs={"pk": inspection.pk}),
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
    admin_client, province, inspection, day, django_assert_max_num_queries
):
    data = {
        "inspection": inspection.pk,
        "text": "Tăng tỷ lệ hồ sơ trực tuyến",
        "area": "e_government",
        "responsible": province.stttt.pk,
        "deadline": day,
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }
    # The session, the user; in the admin's savepoint the inspection and the department checked and read
    # again, the release; then the choices shown again with the refusal. The first admin page of a run
    # also reads the content types: one more.
    with django_assert_max_num_queries(12):
        response = admin_client.post(reverse("admin:inspections_recommendation_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["deadline"] == [DAY_OUT_OF_RANGE]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_conclusion_dated_outside_the_portals_years_is_refused(
    client, province, inspection, day, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user and the inspection, then what the confirmation page counts (one query): the
    # refused date is shown there, next to its field.
    with django_assert_num_queries(4):
        response = client.post(
            reverse("inspections:conclude", kwargs={"pk": inspection.pk}), {"concluded_on": day}, follow=True
        )
    assert response.templates[0].name == "inspections/conclude_confirm.html"
    assert DAY_OUT_OF_RANGE in response.content.decode()
    inspection.refresh_from_db()
    assert (inspection.status, inspection.concluded_on) == ("in_progress", None)


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_progress_report_dated_outside_the_portals_years_is_refused(
    client, province, recommendation, day, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # Twice (the refused form, then the recommendation's page): the session, the user, the user's
    # departments, the recommendation and its progress reports.
    with django_assert_num_queries(5 + 5):
        response = client.post(
            reverse("inspections:recommendation_report", kwargs={"pk": recommendation.pk}),
            {"reported_on": day, "text": "Đã triển khai"},
            follow=True,
        )
    assert f"Ngày báo cáo: {DAY_OUT_OF_RANGE}" in response.content.decode()
    assert not ProgressReport.objects.exists()
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


def test_a_progress_report_on_the_first_day_of_the_portals_years_is_saved(
    client, province, recommendation, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the recommendation and its progress reports; in a
    # savepoint the recommendation again, the report and its history written, the recommendation and its
    # history written, the release.
    with django_assert_num_queries(12):
        client.post(
            reverse("inspections:recommendation_report", kwargs={"pk": recommendation.pk}),
            {"reported_on": "01/01/2000", "text": "Đã triển khai"},
        )
    assert ProgressReport.objects.get().reported_on == date(2000, 1, 1)


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_verification_dated_outside_the_portals_years_is_refused(
    client, province, recommendation, day, django_assert_num_queries
):
    services.recommendation_report(
        recommendation=recommendation,
        user=province.staff_stttt,
        reported_on=timezone.localdate(),
        text="Đã triển khai",
    )
    client.force_login(province.inspector)
    # The refused form reads the session, the user, the recommendation, its progress reports, their
    # authors and its evidence (6); the recommendation's page reads the same and the history of the
    # recommendation, its reports and its evidence (9).
    with django_assert_num_queries(6 + 9):
        response = client.post(
            reverse("inspections:recommendation_verify", kwargs={"pk": recommendation.pk}),
            {"decision": "close", "on": day, "text": "Đạt"},
            follow=True,
        )
    assert f"Ngày xác minh: {DAY_OUT_OF_RANGE}" in response.content.decode()
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.closed_on) == ("reported", None)
