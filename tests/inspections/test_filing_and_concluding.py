"""An inspection is filed under the plan of the year it is carried out in, on every path; concluding, which
freezes the figures, is confirmed on a page of its own before it is done."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Inspection, InspectionPlan
from tests.factories import add_strength

pytestmark = pytest.mark.django_db

REFUSED_2026_UNDER_2025 = (
    "Đợt kiểm tra dự kiến từ 06/07/2026 đến 10/07/2026 không thuộc kế hoạch năm 2025: thời gian kiểm tra "
    "phải nằm trong năm của kế hoạch. Hãy chọn kế hoạch năm 2026."
)


def inspection_data(province, plan, **fields) -> dict:
    return {
        "plan": plan.pk,
        "department": province.stttt.pk,
        "scope_start": "01/01/2026",
        "scope_end": "30/06/2026",
        "planned_start": "06/07/2026",
        "planned_end": "10/07/2026",
        "lead": province.inspector.pk,
        **fields,
    }


def test_an_inspection_of_2026_is_refused_under_the_2025_plan_on_its_page(
    client, province, plan, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user, the plan, department and lead checked; the service refuses in its savepoint
    # (opened, rolled back, released); then the form's choices shown again with the refusal (plans,
    # departments, lead and members).
    with django_assert_num_queries(12):
        response = client.post(reverse("inspections:create"), inspection_data(province, plan))
    assert response.status_code == 200
    assert response.context["form"].errors["plan"] == [REFUSED_2026_UNDER_2025]
    assert REFUSED_2026_UNDER_2025 in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_same_inspection_is_filed_under_the_2026_plan(client, province, plan):
    plan_2026 = InspectionPlan.objects.create(year=2026, title="Kế hoạch kiểm tra CCHC năm 2026")
    client.force_login(province.inspector)
    response = client.post(reverse("inspections:create"), inspection_data(province, plan_2026), follow=True)
    inspection = Inspection.objects.get()
    assert inspection.plan == plan_2026
    assert "Đã lưu đợt kiểm tra: Sở Thông tin và Truyền thông (01/01/2026 – 30/06/2026)." in (
        response.content.decode()
    )


def test_an_inspection_spanning_two_years_fits_no_plan(province, plan):
    with pytest.raises(ValidationError) as refused:
        services.inspection_create(
            plan=plan,
            department=province.stttt,
            scope_start=date(2025, 1, 1),
            scope_end=date(2025, 11, 30),
            planned_start=date(2025, 12, 29),
            planned_end=date(2026, 1, 2),
            lead=province.inspector,
            members=[],
        )
    assert refused.value.message_dict["plan"][0].startswith(
        "Đợt kiểm tra dự kiến từ 29/12/2025 đến 02/01/2026 không thuộc kế hoạch năm 2025"
    )


def test_the_admin_refuses_to_file_an_inspection_under_another_years_plan(
    admin_client, province, plan, django_assert_max_num_queries
):
    data = {**inspection_data(province, plan), "findings-TOTAL_FORMS": "0", "findings-INITIAL_FORMS": "0"}
    # The session, the user; in the admin's savepoint the plan, department and lead read and checked, the
    # two date constraints in savepoints of their own, the releases; then the choices shown again with the
    # refusal. The first admin page of a run also reads the content types: one more.
    with django_assert_max_num_queries(21):
        response = admin_client.post(reverse("admin:inspections_inspection_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["plan"] == [REFUSED_2026_UNDER_2025]
    assert not Inspection.objects.exists()


def test_the_admin_refuses_to_move_a_plan_to_a_year_its_inspections_are_not_in(
    admin_client, inspection, plan
):
    response = admin_client.post(
        reverse("admin:inspections_inspectionplan_change", args=[plan.pk]),
        {"year": "2019", "title": plan.title, "decision": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == [
        "Kế hoạch có đợt kiểm tra dự kiến từ 07/07/2025 đến 11/07/2025 (Sở Thông tin và Truyền thông), "
        "ngoài năm 2019; hãy chuyển đợt kiểm tra đó sang kế hoạch của năm nó diễn ra trước."
    ]
    plan.refresh_from_db()
    assert plan.year == 2025


def test_opening_the_conclusion_shows_what_it_freezes_and_changes_nothing(
    client, province, inspection, django_assert_num_queries
):
    add_strength(inspection, province.inspector, text="Giải quyết hồ sơ đúng hạn.")
    services.recommendation_add(
        inspection=inspection,
        user=province.inspector,
        text="Tăng tỷ lệ hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
        indicator="online_rate",
    )
    client.force_login(province.inspector)
    url = reverse("inspections:conclude", kwargs={"pk": inspection.pk})
    # The session, the user, the inspection, and its findings and recommendations counted in one query.
    with django_assert_num_queries(4):
        page = client.get(url, {"concluded_on": "15/07/2025", "number": "12/KL-ĐKT"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Các chỉ số và nhận xét chung của kỳ kiểm tra (01/01/2025 – 30/06/2025) được lưu cố định" in html
    assert "1 nội dung đánh giá và 1 kiến nghị được chốt" in html
    assert "giá trị chỉ số của 1 kiến nghị gắn với chỉ số được ghi lại" in html
    assert "Không thể hủy kết luận." in html
    assert 'value="15/07/2025"' in html and 'value="12/KL-ĐKT"' in html
    assert 'method="post"' in html and "Xác nhận kết luận" in html
    inspection.refresh_from_db()
    assert (inspection.status, inspection.concluded_on, inspection.concluded_indicators) == (
        "in_progress",
        None,
        None,
    )


def test_the_inspections_page_asks_for_the_confirmation_rather_than_concluding(client, province, inspection):
    client.force_login(province.inspector)
    html = client.get(inspection.get_absolute_url()).content.decode()
    form = html[html.index('id="conclude-form"') - 160 : html.index('id="conclude-form"')]
    assert 'method="get"' in form and reverse("inspections:conclude", kwargs={"pk": inspection.pk}) in form


def test_confirming_concludes_and_says_what_was_saved(client, province, inspection):
    client.force_login(province.inspector)
    response = client.post(
        reverse("inspections:conclude", kwargs={"pk": inspection.pk}),
        {"concluded_on": "15/07/2025", "number": "12/KL-ĐKT"},
        follow=True,
    )
    inspection.refresh_from_db()
    assert (inspection.status, inspection.concluded_on, inspection.conclusion_number) == (
        "concluded",
        date(2025, 7, 15),
        "12/KL-ĐKT",
    )
    assert "Đã lưu kết luận kiểm tra: Sở Thông tin và Truyền thông (01/01/2025 – 30/06/2025)." in (
        response.content.decode()
    )


def test_a_concluded_inspection_offers_no_second_confirmation(client, province, recommendation):
    client.force_login(province.inspector)
    page = client.get(reverse("inspections:conclude", kwargs={"pk": recommendation.inspection_id}))
    html = page.content.decode()
    assert "Chỉ kết luận được đợt kiểm tra đang tiến hành. Đợt kiểm tra này: đã kết luận." in html
    assert "Xác nhận kết luận" not in html


def test_staff_cannot_open_the_confirmation(client, province, inspection):
    client.force_login(province.staff_stttt)
    assert client.get(reverse("inspections:conclude", kwargs={"pk": inspection.pk})).status_code == 403
