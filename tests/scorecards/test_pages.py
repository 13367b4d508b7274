"""The scorecard's pages: who sees which scorecard and which buttons, each step posted from the page with
its message, the printable page and the workbooks, and what each page costs in queries."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import Finding, Inspection, InspectionPlan, Recommendation
from scorecards import services
from scorecards.models import Assessment, CriteriaSet, FindingCitation, Score
from tests.factories import local, make_department, make_dossier, make_scorecard_year
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(province):
    return make_scorecard_year([province.stttt, province.sxd])


def assessment_of(department) -> Assessment:
    return Assessment.objects.get(department=department, criteria_set__year=2025)


def leaf(department, code: str) -> Score:
    return Score.objects.select_related("criterion").get(
        assessment__department=department, assessment__criteria_set__year=2025, criterion__code=code
    )


def submitted(province, department, user) -> Assessment:
    for code, points in (("1.1", "4"), ("1.2", "5.5")):
        services.score_self(user=user, score=leaf(department, code), points=Decimal(points), note="")
    return services.assessment_submit(user=user, assessment=assessment_of(department))


def finalised(province, department, user, *, survey: str = "8") -> Assessment:
    assessment = submitted(province, department, user)
    services.score_appraise(
        user=province.inspector, score=leaf(department, "1.1"), points=Decimal("4"), note=""
    )
    services.score_appraise(
        user=province.inspector, score=leaf(department, "1.2"), points=Decimal("5"), note=""
    )
    services.score_override(
        user=province.inspector, score=leaf(department, "2.1"), points=Decimal("7"), reason="Không có hồ sơ."
    )
    services.assessment_close_appraisal(user=province.inspector, assessment=assessment)
    services.survey_set(user=province.inspector, assessment=assessment, points=Decimal(survey))
    return services.assessment_finalise(user=province.inspector, assessment=assessment)


def texts(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# What the unit's scorecard costs: the session and the user; the assessment in the user's scope (a staff
# member's units first); the scoring engine for the whole set: its assessments, criteria and scores, then the
# on-time rate of every unit not final, read at once (the units, the successions, the catalogue's units and
# levels, the reports, the declarations, the dossier counts; on PostgreSQL the data version first); the tree
# again for the rows; the cited findings; the evidence files; for staff whether they may self-assess; for the
# council the findings and leaves it may cite; for inspectors the audit trail. However many units, leaves,
# files or citations.
SCORECARD_QUERIES = {
    "staff_stttt": 18 + DATA_VERSION,
    "inspector": 17 + DATA_VERSION,
    "leader": 16 + DATA_VERSION,
}


@pytest.mark.parametrize("role", ["staff_stttt", "inspector", "leader"])
def test_the_unit_its_council_and_leaders_open_the_scorecard_within_its_queries(
    client, province, year, role, django_assert_max_num_queries
):
    client.force_login(getattr(province, role))
    url = reverse("scorecards:detail", kwargs={"pk": assessment_of(province.stttt).pk})
    with django_assert_max_num_queries(SCORECARD_QUERIES[role]):
        response = client.get(url)
    assert response.status_code == 200
    page = texts(response)
    assert "Chỉ số CCHC năm 2025: Sở Thông tin và Truyền thông" in page
    assert ('id="submit-assessment"' in page) is (role == "staff_stttt")


def test_another_units_staff_cannot_see_the_scorecard_nor_post_to_it(client, province, year):
    client.force_login(province.staff_sxd)
    stttt = assessment_of(province.stttt)
    assert client.get(reverse("scorecards:detail", kwargs={"pk": stttt.pk})).status_code == 404
    response = client.post(
        reverse("scorecards:score_self", kwargs={"pk": leaf(province.stttt, "1.1").pk}), {"points": "4"}
    )
    assert response.status_code == 404
    assert client.post(reverse("scorecards:submit", kwargs={"pk": stttt.pk})).status_code == 404
    assert leaf(province.stttt, "1.1").self_points is None


def test_staff_score_a_leaf_with_a_file_and_submit_from_the_page(client, province, year):
    client.force_login(province.staff_stttt)
    score = leaf(province.stttt, "1.1")
    response = client.post(
        reverse("scorecards:score_self", kwargs={"pk": score.pk}),
        {"points": "3,5", "note": "Kế hoạch số 12/KH", "files": [SimpleUploadedFile("kh.pdf", b"%PDF")]},
        follow=True,
    )
    assert messages_of(response) == ["Đã lưu điểm tự chấm tiêu chí 1.1."]
    assert leaf(province.stttt, "1.1").self_points == Decimal("3.5")
    assert "kh.pdf" in texts(response)
    response = client.post(reverse("scorecards:submit", kwargs={"pk": score.assessment_id}), follow=True)
    assert messages_of(response) == ["Chưa tự chấm các tiêu chí: 1.2."]
    response = client.post(
        reverse("scorecards:score_self", kwargs={"pk": leaf(province.stttt, "1.2").pk}),
        {"points": "7", "note": ""},
        follow=True,
    )
    assert messages_of(response) == ["Điểm tự chấm: Điểm phải từ 0 đến 6."]
    assert leaf(province.stttt, "1.2").self_points is None


def test_the_unit_cannot_appraise_and_the_council_cannot_self_score(client, province, year):
    submitted(province, province.stttt, province.staff_stttt)
    client.force_login(province.staff_stttt)
    url = reverse("scorecards:score_appraise", kwargs={"pk": leaf(province.stttt, "1.1").pk})
    assert client.post(url, {"points": "4"}).status_code == 403
    assert (
        client.post(
            reverse("scorecards:finalise", kwargs={"pk": assessment_of(province.stttt).pk})
        ).status_code
        == 403
    )
    client.force_login(province.inspector)
    response = client.post(
        reverse("scorecards:score_self", kwargs={"pk": leaf(province.stttt, "1.1").pk}),
        {"points": "1"},
        follow=True,
    )
    assert messages_of(response) == ["Chỉ công chức của đơn vị được đánh giá mới tự chấm được phiếu này."]
    assert leaf(province.stttt, "1.1").self_points == Decimal("4")


def test_the_council_returns_a_leaf_and_the_unit_answers_it_from_the_page(client, province, year):
    submitted(province, province.stttt, province.staff_stttt)
    client.force_login(province.leader)
    response = client.post(
        reverse("scorecards:score_return", kwargs={"pk": leaf(province.stttt, "1.2").pk}),
        {"note": "Thiếu báo cáo quý IV"},
        follow=True,
    )
    assert messages_of(response) == ["Đã trả lại tiêu chí 1.2 để đơn vị giải trình."]
    client.force_login(province.staff_stttt)
    page = texts(client.get(reverse("scorecards:detail", kwargs={"pk": assessment_of(province.stttt).pk})))
    assert page.count("clarify-form") == 1
    response = client.post(
        reverse("scorecards:score_clarify", kwargs={"pk": leaf(province.stttt, "1.2").pk}),
        {"note": "Đã bổ sung báo cáo quý IV", "points": "6"},
        follow=True,
    )
    assert messages_of(response) == ["Đã gửi giải trình tiêu chí 1.2."]
    assert leaf(province.stttt, "1.2").self_points == Decimal("6")


def test_nobody_edits_a_final_scorecard_from_its_pages(client, province, year):
    finalised(province, province.stttt, province.staff_stttt)
    url = reverse("scorecards:detail", kwargs={"pk": assessment_of(province.stttt).pk})
    for user in (province.staff_stttt, province.inspector):
        client.force_login(user)
        page = texts(client.get(url))
        assert "self-form" not in page and "appraise-form" not in page and "survey-form" not in page
    response = client.post(
        reverse("scorecards:score_appraise", kwargs={"pk": leaf(province.stttt, "1.1").pk}),
        {"points": "1", "note": ""},
        follow=True,
    )
    assert messages_of(response) == ["Phiếu chấm đã chốt kết quả; không ai sửa được nữa."]
    assert leaf(province.stttt, "1.1").appraised_points == Decimal("4")


def test_the_appraisal_screen_shows_the_findings_and_open_recommendations_citing_a_criterion(
    client, province, year
):
    plan = InspectionPlan.objects.create(year=2025, title="Kế hoạch 2025")
    inspection = Inspection.objects.create(
        plan=plan,
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 6, 30),
        planned_start=date(2025, 7, 1),
        planned_end=date(2025, 7, 5),
        lead=province.inspector,
    )
    finding = Finding.objects.create(
        inspection=inspection,
        kind="limitation",
        severity="minor",
        area="direction",
        text="Kế hoạch CCHC ban hành chậm",
        created_by=province.inspector,
    )
    Recommendation.objects.create(
        inspection=inspection,
        text="Ban hành kế hoạch CCHC trước 31/01",
        area="direction",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
    )
    client.force_login(province.inspector)
    pk = assessment_of(province.stttt).pk
    response = client.post(
        reverse("scorecards:cite", kwargs={"pk": pk}),
        {"finding": finding.pk, "criterion": leaf(province.stttt, "1.1").criterion_id},
        follow=True,
    )
    assert messages_of(response) == ["Đã viện dẫn nội dung đánh giá cho tiêu chí."]
    assert FindingCitation.objects.count() == 1
    page = texts(response)
    assert "Kế hoạch CCHC ban hành chậm" in page
    assert "Kiến nghị chưa xong: <a" in page and "Ban hành kế hoạch CCHC trước 31/01" in page


# The list: the session, the user, the chosen set, the sets for the picker, a staff member's units, the
# set's assessments in the user's scope.
LIST_QUERIES = 6


def test_the_list_shows_a_staff_member_only_their_units_scorecard_and_flags_overdue(
    client, province, year, django_assert_max_num_queries
):
    year.self_assessment_due_on = date(2025, 1, 10)
    year.save()
    client.force_login(province.staff_stttt)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("scorecards:list"), {"year": "2025", "kind": "agency"})
    page = texts(response)
    assert "Sở Thông tin và Truyền thông" in page and "Sở Xây dựng" not in page
    assert "Quá hạn tự đánh giá" in page
    client.force_login(province.inspector)
    page = texts(client.get(reverse("scorecards:list"), {"year": "abc"}))
    assert "Năm “abc” không hợp lệ" in page and "Sở Xây dựng" in page


# The ranking: the session, the user, the set, then the scoring engine for this year's set and for last
# year's (each its assessments, criteria and scores, and the auto figures of its units not final: seven
# queries, and the data version on PostgreSQL), last year's set, the tree's areas, the sets for the picker.
RANKING_QUERIES = 24 + 2 * DATA_VERSION


def test_the_ranking_orders_final_units_with_the_change_from_last_year(
    client, province, year, django_assert_max_num_queries
):
    last = make_scorecard_year([province.stttt, province.sxd], year=2024)
    finalised(province, province.stttt, province.staff_stttt, survey="9")
    finalised(province, province.sxd, province.staff_sxd, survey="6")
    # Last year's STTTT scored 10 less.
    Assessment.objects.filter(criteria_set=last).update(
        status="final",
        submitted_at=local(2025, 1, 5),
        finalised_at=local(2025, 2, 1),
        survey_points=Decimal("5"),
    )
    Score.objects.filter(assessment__criteria_set=last).update(appraised_points=Decimal("2"))
    client.force_login(province.leader)
    with django_assert_max_num_queries(RANKING_QUERIES):
        response = client.get(reverse("scorecards:ranking"), {"year": "2025", "kind": "agency"})
    rows = response.context["table"].rows
    assert [(r.card.assessment.department.code, r.card.rank, r.card.total) for r in rows] == [
        ("STTTT", 1, Decimal("25")),
        ("SXD", 2, Decimal("22")),
    ]
    assert (rows[0].previous_total, rows[0].previous_rank, rows[0].change) == (
        Decimal("11"),
        1,
        Decimal("14"),
    )
    response = client.get(reverse("scorecards:ranking_xlsx"), {"year": "2025", "kind": "agency"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:3] == [1, "STTTT", "Sở Thông tin và Truyền thông"]


def test_staff_see_the_ranking_only_once_published(client, province, year):
    finalised(province, province.stttt, province.staff_stttt)
    finalised(province, province.sxd, province.staff_sxd)
    client.force_login(province.staff_sxd)
    response = client.get(reverse("scorecards:ranking"), {"year": "2025", "kind": "agency"})
    assert response.context["table"] is None
    assert "chưa được công bố" in texts(response)
    assert client.get(reverse("scorecards:ranking_xlsx"), {"year": "2025"}).status_code == 404
    client.force_login(province.inspector)
    response = client.post(
        reverse("scorecards:publish", kwargs={"pk": year.pk}), {"on": "01/02/2026"}, follow=True
    )
    assert messages_of(response) == ["Đã công bố kết quả chỉ số CCHC."]
    assert CriteriaSet.objects.get(pk=year.pk).published_on == date(2026, 2, 1)
    client.force_login(province.staff_sxd)
    response = client.get(reverse("scorecards:ranking"), {"year": "2025", "kind": "agency"})
    assert [r.card.assessment.department.code for r in response.context["table"].rows] == ["STTTT", "SXD"]


def test_the_printable_page_and_the_workbook_hold_self_appraised_and_final(client, province, year):
    make_dossier(province.stttt_procedure, received_at=local(2025, 3, 3), finished_at=local(2025, 3, 5))
    finalised(province, province.stttt, province.staff_stttt)
    client.force_login(province.staff_stttt)
    pk = assessment_of(province.stttt).pk
    page = texts(client.get(reverse("scorecards:print", kwargs={"pk": pk})))
    assert "PHIẾU CHẤM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025" in page
    assert 'id="print-total">24<' in page
    response = client.get(reverse("scorecards:xlsx", kwargs={"pk": pk}))
    rows = [
        [cell.value for cell in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows()
    ]
    assert rows[2][:8] == ["1.1", "Kế hoạch CCHC năm", 4, None, 4, 4, 4, 0]
    assert rows[-1][1:7] == ["TỔNG ĐIỂM", None, None, None, None, 24]


def test_the_scorecard_costs_no_more_with_more_units_files_and_citations(
    client, province, year, django_assert_max_num_queries
):
    client.force_login(province.inspector)
    url = reverse("scorecards:detail", kwargs={"pk": assessment_of(province.stttt).pk})
    with django_assert_max_num_queries(SCORECARD_QUERIES["inspector"]):
        client.get(url)
    other = make_department("SNV", name="Sở Nội vụ")
    Assessment.objects.create(criteria_set=year, department=other)
    for code in ("1.1", "1.2"):
        services.score_self(
            user=province.staff_stttt,
            score=leaf(province.stttt, code),
            points=Decimal("1"),
            note="",
            files=[SimpleUploadedFile(f"{code}.pdf", b"%PDF"), SimpleUploadedFile(f"{code}.png", b"PNG")],
        )
    with django_assert_max_num_queries(SCORECARD_QUERIES["inspector"]):
        response = client.get(url)
    assert texts(response).count(".pdf</a>") == 2
