"""An inspection from plan to conclusion, and its recommendations followed until verified closed."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from inspections import services
from inspections.models import Finding, Inspection, InspectionPlan, Recommendation
from tests.factories import add_strength, local, make_dossier
from tests.queries import DATA_VERSION, ORGANISATION_KEPT

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(province):
    plan = InspectionPlan.objects.create(year=2025, title="Kế hoạch kiểm tra CCHC năm 2025")
    for day in (3, 4, 5):
        make_dossier(
            province.stttt_procedure,
            received_at=local(2025, 3, day),
            finished_at=local(2025, 3, day + 1),
            channel="online" if day == 3 else "direct",
            satisfaction="satisfied",
        )
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
    services.inspection_start(inspection=inspection, user=province.inspector)
    return inspection


def conclude(inspection, user):
    return services.inspection_conclude(
        inspection=inspection, user=user, concluded_on=date(2025, 7, 15), number="12/KL-ĐKT"
    )


def test_conclusion_freezes_the_figures_against_later_dossiers(
    client, inspection, province, django_assert_num_queries
):
    services.recommendation_add(
        inspection=inspection,
        user=province.inspector,
        text="Tăng tỷ lệ hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
        indicator="online_rate",
    )
    conclude(inspection, province.inspector)
    inspection.refresh_from_db()
    assert inspection.concluded_indicators["received"]["value"] == 3
    assert inspection.concluded_indicators["online_rate"]["value"] == 33.33
    assert inspection.concluded_summary.startswith("Trong kỳ, đơn vị đã tiếp nhận 3 hồ sơ")
    assert Recommendation.objects.get().indicator_at_conclusion == 33.33
    make_dossier(province.stttt_procedure, received_at=local(2025, 4, 1), channel="online")
    inspection.refresh_from_db()
    assert inspection.concluded_indicators["received"]["value"] == 3
    client.force_login(province.leader)
    # The session, the user, the inspection, the organisation (units; successions with their fields), the
    # department's dossier counts, the catalogue's units and levels, its report counts and declarations,
    # its dossiers, recommendations, the users named and the findings. PostgreSQL first reads the data
    # version keying the kept figures.
    # PostgreSQL keeps from the conclusion what the dossier saved since does not change: the organisation,
    # the catalogue's units and levels, the report counts and the declarations (kept for the catalogue's
    # version, reporting.cache).
    with django_assert_num_queries(13 + DATA_VERSION - 5 * DATA_VERSION):
        page = client.get(inspection.get_absolute_url())
    assert page.context["now"]["received"].value == 4
    html = page.content.decode()
    assert '<td class="text-end frozen">3</td>' in html and '<td class="text-end now">4</td>' in html


def test_conclusion_docx_opens_and_holds_the_departments_figures(
    client, inspection, province, django_assert_num_queries
):
    services.finding_add(
        inspection=inspection,
        user=province.inspector,
        kind="strength",
        area="procedures",
        severity="",
        text="Giải quyết hồ sơ đúng hạn.",
    )
    services.finding_add(
        inspection=inspection,
        user=province.inspector,
        kind="limitation",
        area="e_government",
        severity="moderate",
        text="Tỷ lệ hồ sơ trực tuyến còn thấp.",
    )
    services.recommendation_add(
        inspection=inspection,
        user=province.inspector,
        text="Tăng tỷ lệ hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt_office,
        deadline=date(2025, 12, 31),
    )
    conclude(inspection, province.inspector)
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the inspection, its findings (strengths and
    # limitations) and its recommendations: the figures are the ones frozen at the conclusion.
    with django_assert_num_queries(7):
        response = client.get(reverse("inspections:docx", kwargs={"pk": inspection.pk}))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾT LUẬN KIỂM TRA" in text
    assert "Công tác cải cách hành chính tại Sở Thông tin và Truyền thông" in text
    assert "Trong kỳ, đơn vị đã tiếp nhận 3 hồ sơ, có 3 hồ sơ giải quyết đúng và trước hạn" in text
    assert "Giải quyết hồ sơ đúng hạn." in text and "Tỷ lệ hồ sơ trực tuyến còn thấp." in text
    assert "1. Tăng tỷ lệ hồ sơ trực tuyến (Đơn vị thực hiện: Văn phòng Sở; thời hạn: 31/12/2025)." in text
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert cells["Tỷ lệ hồ sơ trực tuyến"] == "33,33%" and cells["Hồ sơ tiếp nhận trong kỳ"] == "3"
    header = document.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and "Số: 12/KL-ĐKT" in header[0].text


def test_only_the_lead_concludes_and_a_concluded_inspection_takes_no_more_findings(inspection, province):
    with pytest.raises(ValidationError, match="Chỉ trưởng đoàn"):
        conclude(inspection, province.leader)
    conclude(inspection, province.inspector)
    with pytest.raises(ValidationError, match="đã kết luận"):
        services.finding_add(
            inspection=inspection,
            user=province.inspector,
            kind="strength",
            area="procedures",
            severity="",
            text="Thêm sau",
        )


def test_a_limitation_needs_its_severity(inspection, province):
    with pytest.raises(ValidationError) as error:
        services.finding_add(
            inspection=inspection,
            user=province.inspector,
            kind="limitation",
            area="procedures",
            severity="",
            text="Hồ sơ trễ hạn",
        )
    assert error.value.message_dict == {"severity": ["Hãy chọn mức độ của hạn chế, tồn tại."]}


def test_evidence_files_are_limited_in_type_and_size(inspection, province):
    script = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError, match="không thuộc loại được nhận"):
        add_strength(inspection, province.inspector, [script])
    big = SimpleUploadedFile("bien-ban.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="lớn hơn 10 MB"):
        add_strength(inspection, province.inspector, [big])
    assert not Finding.objects.exists()


def test_a_refused_file_leaves_none_of_the_others_on_disk(inspection, province, settings):
    good = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError, match="không thuộc loại được nhận"):
        add_strength(inspection, province.inspector, [good, bad])
    stored = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert stored == []


@pytest.fixture
def recommendation(inspection, province):
    recommendation = services.recommendation_add(
        inspection=inspection,
        user=province.inspector,
        text="Tăng tỷ lệ hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
        indicator="online_rate",
    )
    conclude(inspection, province.inspector)
    return recommendation


def test_overdue_is_the_day_after_the_deadline_until_closed(recommendation, province):
    deadline = recommendation.deadline
    assert not recommendation.is_overdue(on=deadline)
    assert recommendation.is_overdue(on=deadline + timedelta(days=1))
    services.recommendation_report(
        recommendation=recommendation, user=province.staff_stttt, reported_on=date(2026, 1, 2), text="Đã làm"
    )
    services.recommendation_verify(
        recommendation=recommendation,
        user=province.inspector,
        closed=True,
        on=date(2026, 1, 5),
        text="Đã đạt",
    )
    recommendation.refresh_from_db()
    assert not recommendation.is_overdue(on=deadline + timedelta(days=1))


def test_staff_report_progress_and_the_inspector_closes_then_reopens(
    client, recommendation, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 minh chung")
    # The session, the user, the user's departments, the recommendation and its progress reports; in a
    # savepoint the recommendation again, the report, its evidence and the recommendation written, each
    # with its history, the release.
    with django_assert_num_queries(14):
        client.post(
            reverse("inspections:recommendation_report", kwargs={"pk": recommendation.pk}),
            {"reported_on": "20/11/2025", "text": "Đã triển khai Zalo OA", "files": [pdf]},
        )
    recommendation.refresh_from_db()
    assert recommendation.status == "reported"
    evidence = recommendation.reports.get().evidence.get()
    download = client.get(reverse("inspections:evidence", kwargs={"pk": evidence.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minh chung"
    client.force_login(province.staff_sxd)
    assert client.get(reverse("inspections:evidence", kwargs={"pk": evidence.pk})).status_code == 404
    assert client.get(recommendation.get_absolute_url()).status_code == 404
    client.force_login(province.inspector)
    client.post(
        reverse("inspections:recommendation_verify", kwargs={"pk": recommendation.pk}),
        {"decision": "close", "on": "25/11/2025", "text": "Đã xác minh"},
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.closed_on) == ("closed", date(2025, 11, 25))
    client.post(
        reverse("inspections:recommendation_verify", kwargs={"pk": recommendation.pk}),
        {"decision": "reopen", "on": "26/11/2025", "text": "Số liệu chưa đạt"},
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.closed_on) == ("open", None)
    assert [r.kind for r in recommendation.reports.all()] == ["progress", "closed", "reopened"]


def test_recommendation_page_shows_its_indicator_then_and_now(
    client, recommendation, province, django_assert_num_queries
):
    client.force_login(province.leader)
    # The session, the user, the recommendation, its progress reports, the organisation (units;
    # successions with their fields), the department's dossier counts, the catalogue's units and levels,
    # its report counts and declarations. PostgreSQL first reads the data version.
    with django_assert_num_queries(10 + DATA_VERSION - ORGANISATION_KEPT):
        page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Khi kết luận: <strong>33,33%</strong>" in page


def test_overdue_recommendations_show_on_the_overview_and_the_department_page(
    client, recommendation, province, django_assert_num_queries
):
    Recommendation.objects.filter(pk=recommendation.pk).update(deadline=date(2025, 1, 31))
    client.force_login(province.leader)
    # The overview: the session, the user, the departments, the organisation (units; successions with
    # their fields), for this period and the one before read together the dossier counts, the catalogue's
    # units and levels, the report counts and declarations, the trend, the overdue counts, the overdue
    # dossiers and the overdue recommendations. PostgreSQL first reads the data version.
    with django_assert_num_queries(13 + DATA_VERSION - ORGANISATION_KEPT):
        overview = client.get(reverse("home"))
    assert [r.pk for r in overview.context["overdue_recommendations"]] == [recommendation.pk]
    client.force_login(province.staff_stttt)
    page = client.get(reverse("dashboards:department", kwargs={"code": "STTTT"})).content.decode()
    assert 'id="department-overdue-recommendations"' in page


def test_staff_open_only_their_departments_inspection_and_the_inspector_adds_a_finding(
    client, inspection, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    assert client.get(inspection.get_absolute_url()).status_code == 200
    assert client.get(reverse("inspections:create")).status_code == 403
    client.force_login(province.staff_sxd)
    assert client.get(inspection.get_absolute_url()).status_code == 404
    client.force_login(province.inspector)
    # The session, the user, the inspection; in a savepoint the inspection again, the finding and its
    # history written, the release.
    with django_assert_num_queries(8):
        response = client.post(
            reverse("inspections:finding_add", kwargs={"pk": inspection.pk}),
            {"kind": "strength", "area": "procedures", "text": "Tốt"},
        )
    assert response.status_code == 302 and Finding.objects.count() == 1
    assert Inspection.objects.get().status == "in_progress"


def test_the_inspector_concludes_on_the_page_and_a_second_conclusion_is_refused_in_vietnamese(
    client, inspection, province, django_assert_max_num_queries
):
    client.force_login(province.inspector)
    client.post(
        reverse("inspections:conclude", kwargs={"pk": inspection.pk}),
        {"concluded_on": "15/07/2025", "number": "12/KL-ĐKT"},
    )
    inspection.refresh_from_db()
    assert inspection.status == "concluded"
    # The refusal reads the session, the user, the inspection and, in a savepoint, the inspection again
    # before rolling back (7); the confirmation page then counts the findings and recommendations (1).
    with django_assert_max_num_queries(7 + 1):
        response = client.post(
            reverse("inspections:conclude", kwargs={"pk": inspection.pk}),
            {"concluded_on": "15/07/2025"},
            follow=True,
        )
    assert "Chỉ kết luận được đợt kiểm tra đang tiến hành." in response.content.decode()


def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", password="x", role="administrator")


def test_a_recommendation_never_reported_on_cannot_be_closed_even_by_a_superuser(
    recommendation, django_user_model
):
    with pytest.raises(ValidationError, match="chỉ xác minh hoàn thành được sau khi đơn vị báo cáo"):
        services.recommendation_verify(
            recommendation=recommendation,
            user=superuser(django_user_model),
            closed=True,
            on=date(2025, 11, 25),
            text="Đóng luôn",
        )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.closed_on) == ("open", None)
    assert not recommendation.reports.exists()


def test_the_inspector_is_told_why_an_unreported_recommendation_stays_open(
    client, recommendation, province, django_assert_max_num_queries
):
    client.force_login(province.inspector)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert 'id="verify-form"' not in page
    assert "Chờ đơn vị báo cáo kết quả thực hiện trước khi xác minh." in page
    # The refusal reads the session, the user, the recommendation, its progress reports and, in a
    # savepoint, the recommendation again before rolling back (8); its page then reads 13, the department's
    # figures among them. PostgreSQL serves those figures from the ones kept by the first load: at most 21.
    with django_assert_max_num_queries(8 + 13):
        response = client.post(
            reverse("inspections:recommendation_verify", kwargs={"pk": recommendation.pk}),
            {"decision": "close", "on": "25/11/2025", "text": "Đóng luôn"},
            follow=True,
        )
    assert "chỉ xác minh hoàn thành được sau khi đơn vị báo cáo" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


def test_a_reopened_recommendation_needs_a_new_report_before_it_is_closed_again(recommendation, province):
    def verify(closed: bool, day: int) -> None:
        services.recommendation_verify(
            recommendation=recommendation,
            user=province.inspector,
            closed=closed,
            on=date(2025, 11, day),
            text="Xác minh",
        )

    services.recommendation_report(
        recommendation=recommendation,
        user=province.staff_stttt,
        reported_on=date(2025, 11, 20),
        text="Đã làm",
    )
    verify(closed=False, day=21)
    with pytest.raises(ValidationError, match="chỉ xác minh hoàn thành được sau khi đơn vị báo cáo"):
        verify(closed=True, day=22)
    services.recommendation_report(
        recommendation=recommendation,
        user=province.staff_stttt,
        reported_on=date(2025, 11, 23),
        text="Làm lại",
    )
    verify(closed=True, day=24)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.closed_on) == ("closed", date(2025, 11, 24))


def test_an_inspection_never_started_cannot_be_concluded_even_by_a_superuser(province, django_user_model):
    inspection = services.inspection_create(
        plan=InspectionPlan.objects.create(year=2025, title="Kế hoạch 2025"),
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 6, 30),
        planned_start=date(2025, 7, 7),
        planned_end=date(2025, 7, 11),
        lead=province.inspector,
        members=[],
    )
    with pytest.raises(ValidationError, match="Chỉ kết luận được đợt kiểm tra đang tiến hành."):
        conclude(inspection, superuser(django_user_model))
    inspection.refresh_from_db()
    assert (inspection.status, inspection.concluded_indicators) == ("planned", None)


def test_the_admin_shows_statuses_without_letting_anyone_change_them(
    client, recommendation, django_user_model, django_assert_max_num_queries
):
    client.force_login(superuser(django_user_model))
    # Each page reads the session, the user, the object and its inline rows, its choices and the content
    # type its history link names (read once a run, hence at most): 8 for the recommendation, 11 for the
    # inspection with its findings, plan and users.
    with django_assert_max_num_queries(8 + 11):
        pages = [
            client.get(reverse("admin:inspections_recommendation_change", args=[recommendation.pk])),
            client.get(reverse("admin:inspections_inspection_change", args=[recommendation.inspection_id])),
        ]
    for page in pages:
        assert page.status_code == 200
        assert 'name="status"' not in page.content.decode()
    assert "Chưa thực hiện xong" in pages[0].content.decode()
