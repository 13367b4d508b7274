"""The scorecard's workflow through its services: who may do each step, in which state, with which
message, and that a refused step changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import Finding, Inspection, InspectionPlan
from scorecards import services
from scorecards.models import Assessment, FindingCitation, Score
from scorecards.scoring import assessment_scorecard
from tests.factories import local, make_dossier, make_scorecard_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(province):
    return make_scorecard_year([province.stttt, province.sxd])


def assessment_of(department) -> Assessment:
    return Assessment.objects.get(department=department)


def leaf(department, code: str) -> Score:
    return Score.objects.select_related("criterion").get(
        assessment__department=department, criterion__code=code
    )


def self_score_all(province, department=None, user=None) -> Assessment:
    department, user = department or province.stttt, user or province.staff_stttt
    services.score_self(
        user=user, score=leaf(department, "1.1"), points=Decimal("4"), note="Đã ban hành kế hoạch."
    )
    services.score_self(
        user=user, score=leaf(department, "1.2"), points=Decimal("5.5"), note="Báo cáo đủ 4 quý."
    )
    return services.assessment_submit(user=user, assessment=assessment_of(department))


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_staff_self_score_their_own_unit_with_evidence(province, year):
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4")
    score = services.score_self(
        user=province.staff_stttt,
        score=leaf(province.stttt, "1.1"),
        points=Decimal("3.5"),
        note="Có kế hoạch.",
        files=[pdf],
    )
    score.refresh_from_db()
    assert (score.self_points, score.self_note) == (Decimal("3.5"), "Có kế hoạch.")
    assert [e.filename for e in score.evidence.all()] == ["ke-hoach.pdf"]
    assert score.history.first().history_user == province.staff_stttt


def test_staff_of_another_unit_and_the_council_cannot_self_score(province, year):
    for user in (province.staff_sxd, province.inspector, province.leader):
        with pytest.raises(ValidationError) as error:
            services.score_self(user=user, score=leaf(province.stttt, "1.1"), points=Decimal("1"), note="")
        assert message(error.value) == "Chỉ công chức của đơn vị được đánh giá mới tự chấm được phiếu này."
    assert leaf(province.stttt, "1.1").self_points is None


def test_points_above_the_leaf_maximum_are_refused(province, year):
    with pytest.raises(ValidationError) as error:
        services.score_self(
            user=province.staff_stttt, score=leaf(province.stttt, "1.2"), points=Decimal("6.5"), note=""
        )
    assert error.value.message_dict == {"points": ["Điểm phải từ 0 đến 6."]}


def test_a_file_of_another_type_is_refused_and_nothing_is_saved(province, year):
    script = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        services.score_self(
            user=province.staff_stttt,
            score=leaf(province.stttt, "1.1"),
            points=Decimal("1"),
            note="",
            files=[script],
        )
    assert leaf(province.stttt, "1.1").self_points is None


def test_submitting_needs_every_manual_leaf_and_then_locks_the_unit_out(province, year):
    services.score_self(
        user=province.staff_stttt, score=leaf(province.stttt, "1.1"), points=Decimal("4"), note=""
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(user=province.staff_stttt, assessment=assessment_of(province.stttt))
    assert message(error.value) == "Chưa tự chấm các tiêu chí: 1.2."
    services.score_self(
        user=province.staff_stttt, score=leaf(province.stttt, "1.2"), points=Decimal("6"), note=""
    )
    services.assessment_submit(user=province.staff_stttt, assessment=assessment_of(province.stttt))
    assert assessment_of(province.stttt).status == "submitted"
    with pytest.raises(ValidationError) as error:
        services.score_self(
            user=province.staff_stttt, score=leaf(province.stttt, "1.1"), points=Decimal("1"), note=""
        )
    assert message(error.value) == (
        "Phiếu chấm đã gửi Hội đồng thẩm định; đơn vị chỉ giải trình được tiêu chí bị trả lại."
    )
    assert leaf(province.stttt, "1.1").self_points == Decimal("4")


def test_only_the_council_appraises_and_only_a_submitted_scorecard(province, year):
    with pytest.raises(ValidationError) as error:
        services.score_appraise(
            user=province.inspector, score=leaf(province.stttt, "1.1"), points=Decimal("3"), note=""
        )
    assert message(error.value) == "Chỉ thẩm định được phiếu chấm đơn vị đã gửi."
    self_score_all(province)
    with pytest.raises(ValidationError) as error:
        services.score_appraise(
            user=province.staff_stttt, score=leaf(province.stttt, "1.1"), points=Decimal("4"), note=""
        )
    assert message(error.value) == "Chỉ Hội đồng thẩm định (cán bộ kiểm tra, lãnh đạo) mới thẩm định được."
    services.score_appraise(
        user=province.leader, score=leaf(province.stttt, "1.1"), points=Decimal("3"), note="Thiếu"
    )
    assert leaf(province.stttt, "1.1").appraised_points == Decimal("3")


def test_a_returned_leaf_is_the_only_one_the_unit_may_answer(province, year):
    self_score_all(province)
    services.score_return(
        user=province.inspector, score=leaf(province.stttt, "1.2"), note="Thiếu báo cáo quý IV."
    )
    with pytest.raises(ValidationError) as error:
        services.score_clarify(user=province.staff_stttt, score=leaf(province.stttt, "1.1"), note="X")
    assert message(error.value) == "Tiêu chí này không bị trả lại để giải trình."
    with pytest.raises(ValidationError) as error:
        services.score_appraise(
            user=province.inspector, score=leaf(province.stttt, "1.2"), points=Decimal("5"), note=""
        )
    assert message(error.value) == "Tiêu chí đang chờ đơn vị giải trình."
    services.score_clarify(
        user=province.staff_stttt,
        score=leaf(province.stttt, "1.2"),
        note="Bổ sung báo cáo quý IV.",
        points=Decimal("6"),
    )
    answered = leaf(province.stttt, "1.2")
    assert (answered.returned, answered.self_points, answered.clarification) == (
        False,
        Decimal("6"),
        "Bổ sung báo cáo quý IV.",
    )


def test_overriding_an_auto_score_needs_a_reason_and_counts_over_it(province, year):
    make_dossier(province.stttt_procedure, received_at=local(2025, 3, 3), finished_at=local(2025, 3, 5))
    self_score_all(province)
    auto = leaf(province.stttt, "2.1")
    assert assessment_scorecard(assessment_of(province.stttt)).leaves[2].auto == Decimal("10.00")
    with pytest.raises(ValidationError) as error:
        services.score_override(user=province.inspector, score=auto, points=Decimal("8"), reason=" ")
    assert error.value.message_dict == {"reason": ["Hãy ghi lý do điều chỉnh điểm tự động."]}
    with pytest.raises(ValidationError) as error:
        services.score_override(
            user=province.inspector, score=leaf(province.stttt, "1.1"), points=Decimal("1"), reason="X"
        )
    assert message(error.value) == "Tiêu chí này không chấm tự động; hãy nhập điểm thẩm định."
    services.score_override(
        user=province.inspector, score=auto, points=Decimal("8"), reason="Số liệu chưa đồng bộ."
    )
    assert assessment_scorecard(assessment_of(province.stttt)).leaves[2].final == Decimal("8")


def appraise_all(province, department=None) -> None:
    department = department or province.stttt
    services.score_appraise(
        user=province.inspector, score=leaf(department, "1.1"), points=Decimal("4"), note=""
    )
    services.score_appraise(
        user=province.inspector, score=leaf(department, "1.2"), points=Decimal("5"), note=""
    )
    services.score_override(
        user=province.inspector, score=leaf(department, "2.1"), points=Decimal("7"), reason="Không có hồ sơ."
    )


def test_closing_the_appraisal_needs_every_leaf_scored_and_none_returned(province, year):
    self_score_all(province)
    services.score_appraise(
        user=province.inspector, score=leaf(province.stttt, "1.1"), points=Decimal("4"), note=""
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_close_appraisal(user=province.inspector, assessment=assessment_of(province.stttt))
    # No dossier in 2025: the on-time rate has no figure, so the auto leaf has no points either.
    assert message(error.value) == "Chưa thẩm định các tiêu chí: 1.2, 2.1."
    services.score_return(user=province.inspector, score=leaf(province.stttt, "1.2"), note="Giải trình")
    with pytest.raises(ValidationError) as error:
        services.assessment_close_appraisal(user=province.inspector, assessment=assessment_of(province.stttt))
    assert message(error.value) == "Các tiêu chí đang chờ đơn vị giải trình: 1.2."
    services.score_clarify(user=province.staff_stttt, score=leaf(province.stttt, "1.2"), note="Đã bổ sung")
    appraise_all(province)
    services.assessment_close_appraisal(user=province.inspector, assessment=assessment_of(province.stttt))
    assert assessment_of(province.stttt).status == "appraised"


def test_finalising_needs_the_survey_then_nobody_edits_the_scorecard(province, year):
    self_score_all(province)
    appraise_all(province)
    assessment = services.assessment_close_appraisal(
        user=province.inspector, assessment=assessment_of(province.stttt)
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_finalise(user=province.inspector, assessment=assessment)
    assert message(error.value) == "Chưa nhập điểm điều tra xã hội học của đơn vị."
    with pytest.raises(ValidationError) as error:
        services.survey_set(user=province.inspector, assessment=assessment, points=Decimal("11"))
    assert error.value.message_dict == {"points": ["Điểm phải từ 0 đến 10."]}
    services.survey_set(user=province.inspector, assessment=assessment, points=Decimal("8.25"))
    services.assessment_finalise(user=province.leader, assessment=assessment)
    card = assessment_scorecard(assessment_of(province.stttt))
    assert (card.total, card.rank) == (Decimal("24.25"), 1)
    final = "Phiếu chấm đã chốt kết quả; không ai sửa được nữa."
    steps = [
        lambda: services.score_self(
            user=province.staff_stttt, score=leaf(province.stttt, "1.1"), points=Decimal("1"), note=""
        ),
        lambda: services.score_appraise(
            user=province.inspector, score=leaf(province.stttt, "1.1"), points=Decimal("1"), note=""
        ),
        lambda: services.score_override(
            user=province.inspector, score=leaf(province.stttt, "2.1"), points=Decimal("1"), reason="X"
        ),
        lambda: services.score_return(user=province.inspector, score=leaf(province.stttt, "1.1"), note="X"),
        lambda: services.survey_set(user=province.inspector, assessment=assessment, points=Decimal("1")),
        lambda: services.assessment_finalise(user=province.inspector, assessment=assessment),
    ]
    for step in steps:
        with pytest.raises(ValidationError) as error:
            step()
        assert message(error.value) == final
    assert assessment_scorecard(assessment_of(province.stttt)).total == Decimal("24.25")


def test_publishing_needs_every_unit_final(province, year):
    self_score_all(province)
    appraise_all(province)
    assessment = services.assessment_close_appraisal(
        user=province.inspector, assessment=assessment_of(province.stttt)
    )
    services.survey_set(user=province.inspector, assessment=assessment, points=Decimal("8"))
    services.assessment_finalise(user=province.inspector, assessment=assessment)
    with pytest.raises(ValidationError) as error:
        services.criteria_set_publish(user=province.inspector, criteria_set=year, on=date(2026, 2, 1))
    assert message(error.value) == "Chưa chốt kết quả của các đơn vị: SXD."
    with pytest.raises(ValidationError):
        services.criteria_set_publish(user=province.staff_stttt, criteria_set=year, on=date(2026, 2, 1))
    year.refresh_from_db()
    assert year.published_on is None


def test_deadlines_flag_the_units_that_let_them_pass(province, year):
    services.criteria_set_deadlines(
        user=province.inspector,
        criteria_set=year,
        self_assessment_due_on=date(2026, 1, 15),
        appraisal_due_on=date(2026, 2, 15),
    )
    self_score_all(province)
    stttt, sxd = assessment_of(province.stttt), assessment_of(province.sxd)
    assert services.overdue_step(sxd, on=date(2026, 1, 15)) == ""
    assert services.overdue_step(sxd, on=date(2026, 1, 16)) == "Quá hạn tự đánh giá"
    assert services.overdue_step(stttt, on=date(2026, 1, 16)) == ""
    assert services.overdue_step(stttt, on=date(2026, 2, 16)) == "Quá hạn thẩm định"
    with pytest.raises(ValidationError) as error:
        services.criteria_set_deadlines(
            user=province.inspector,
            criteria_set=year,
            self_assessment_due_on=date(2026, 1, 15),
            appraisal_due_on=date(2026, 1, 1),
        )
    assert error.value.message_dict == {
        "appraisal_due_on": ["Hạn thẩm định không được trước hạn tự đánh giá."]
    }


def test_the_council_cites_a_finding_of_the_unit_under_a_criterion(province, year):
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
        text="Kế hoạch ban hành chậm",
        created_by=province.inspector,
    )
    criterion = leaf(province.stttt, "1.1").criterion
    with pytest.raises(ValidationError) as error:
        services.finding_cite(
            user=province.inspector,
            assessment=assessment_of(province.sxd),
            finding=finding,
            criterion=criterion,
        )
    assert error.value.message_dict == {
        "finding": ["Nội dung đánh giá không thuộc đợt kiểm tra của đơn vị này."]
    }
    services.finding_cite(
        user=province.inspector,
        assessment=assessment_of(province.stttt),
        finding=finding,
        criterion=criterion,
    )
    assert FindingCitation.objects.get().cited_by == province.inspector
