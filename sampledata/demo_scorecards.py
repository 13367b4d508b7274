"""The 2025 PAR scorecard of the demo province's agencies: the criteria of the seven reform areas (33
leaves, ten scored from the portal's figures), 70 points for the tree and 30 for the survey; every agency
in being at the end of 2025 has its card, most still in draft, and three are further on, each brought there
through the workflow's services as people would: Sở Khoa học và Công nghệ (which took over STTTT) final,
Sở Nội vụ appraised (after a leaf returned for clarification), Sở Y tế submitted.

The same tree is the workbook tests/fixtures/tieu_chi_so_2025.xlsx, which `manage.py import_criteria`
reads (a test keeps the two the same)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from accounts.models import User
from scorecards import services
from scorecards.criteria import assessments_open, criteria_import_rows
from scorecards.models import Assessment, CriteriaSet, Score
from scorecards.scoring import assessment_scorecard

YEAR = 2025
# Mã, Nội dung, Mã cha, Điểm tối đa, Hướng dẫn chấm, Tài liệu kiểm chứng, Chỉ số tự động, Cách tính điểm.
CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "", "12", "", "", "", ""),
    ("1.1", "Kế hoạch CCHC năm", "1", "3", "", "", "", ""),
    ("1.1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", "1.1", "1", "Ban hành trước ngày 15/12 năm trước: 1 điểm; sau: 0.", "Kế hoạch CCHC năm 2025", "", ""),
    ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC", "1.1", "2", "Hoàn thành 100%: 2 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0.", "Báo cáo kết quả thực hiện kế hoạch", "", ""),
    ("1.2", "Báo cáo CCHC định kỳ đầy đủ, đúng hạn", "1", "2", "Đủ 4 báo cáo đúng hạn: 2 điểm; mỗi báo cáo chậm trừ 0,5 điểm.", "Báo cáo quý, 6 tháng, năm", "", ""),
    ("1.3", "Kiểm tra công tác CCHC tại các đơn vị trực thuộc", "1", "2", "Kiểm tra ít nhất 30% đơn vị trực thuộc: 2 điểm.", "Kế hoạch, kết luận kiểm tra", "", ""),
    ("1.4", "Công tác tuyên truyền CCHC", "1", "2", "", "Kế hoạch tuyên truyền, tin bài", "", ""),
    ("1.5", "Sáng kiến, giải pháp mới trong CCHC", "1", "2", "Có sáng kiến được công nhận: 2 điểm.", "Quyết định công nhận sáng kiến", "", ""),
    ("1.6", "Thực hiện nhiệm vụ UBND tỉnh giao về CCHC", "1", "1", "", "Báo cáo thực hiện nhiệm vụ", "", ""),
    ("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "", "8", "", "", "", ""),
    ("2.1", "Tham mưu ban hành văn bản QPPL thuộc thẩm quyền của tỉnh", "2", "3", "Đúng chương trình, đúng hạn: 3 điểm.", "Danh mục văn bản đã tham mưu", "", ""),
    ("2.2", "Rà soát, hệ thống hóa văn bản QPPL", "2", "2", "", "Báo cáo rà soát", "", ""),
    ("2.3", "Theo dõi thi hành pháp luật", "2", "1.5", "", "Báo cáo theo dõi thi hành pháp luật", "", ""),
    ("2.4", "Kiểm tra, xử lý văn bản QPPL", "2", "1.5", "", "Kết quả kiểm tra, xử lý", "", ""),
    ("3", "Cải cách thủ tục hành chính", "", "14", "", "", "", ""),
    ("3.1", "Tỷ lệ TTHC được cắt giảm thời gian giải quyết", "3", "3", "Tính từ số liệu của Cổng.", "", "reduced_share", "≥90:1; ≥70:0,75; ≥50:0,5; ≥0:0"),
    ("3.2", "Công khai, minh bạch TTHC (nhóm 1 của Bộ chỉ số 766)", "3", "2", "Tính từ số liệu của Cổng.", "", "index766.cong_khai", "tuyến tính 50-100"),
    ("3.3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "3", "4", "Tính từ số liệu của Cổng.", "", "on_time_rate", "tuyến tính 80-100"),
    ("3.4", "Xin lỗi tổ chức, cá nhân khi giải quyết quá hạn", "3", "1", "Mọi hồ sơ quá hạn có phiếu xin lỗi: 1 điểm.", "Phiếu xin lỗi", "", ""),
    ("3.5", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", "3", "1", "", "Sổ theo dõi PAKN", "", ""),
    ("3.6", "Chỉ số phục vụ người dân, doanh nghiệp (Bộ chỉ số 766)", "3", "3", "Tính từ số liệu của Cổng, quy về thang 100.", "", "index766.total", "tuyến tính 50-90"),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", "", "8", "", "", "", ""),
    ("4.1", "Sắp xếp tổ chức bộ máy theo quy định", "4", "3", "", "Quyết định sắp xếp", "", ""),
    ("4.2", "Thực hiện quy định về số lượng cấp phó", "4", "2", "", "Danh sách lãnh đạo", "", ""),
    ("4.3", "Tinh giản biên chế so với năm 2015", "4", "3", "Tính từ số liệu đơn vị tự báo cáo trên Cổng.", "", "staff_reduction_rate", "≥10:1; ≥5:0,5; ≥0:0"),
    ("5", "Cải cách chế độ công vụ", "", "8", "", "", "", ""),
    ("5.1", "Xác định và thực hiện vị trí việc làm", "5", "2", "", "Đề án vị trí việc làm", "", ""),
    ("5.2", "Tuyển dụng, sử dụng công chức, viên chức", "5", "2", "", "Kết quả tuyển dụng", "", ""),
    ("5.3", "Đào tạo, bồi dưỡng công chức, viên chức", "5", "2", "Tính từ số liệu đơn vị tự báo cáo trên Cổng.", "", "training_completion_rate", "tuyến tính 50-100"),
    ("5.4", "Chấp hành kỷ luật, kỷ cương hành chính", "5", "2", "Không có công chức bị kỷ luật: 2 điểm.", "Báo cáo kỷ luật", "", ""),
    ("6", "Cải cách tài chính công", "", "6", "", "", "", ""),
    ("6.1", "Thực hiện dự toán ngân sách được giao", "6", "2", "", "Báo cáo quyết toán", "", ""),
    ("6.2", "Cơ chế tự chủ của đơn vị sự nghiệp công lập", "6", "2", "", "Quyết định giao tự chủ", "", ""),
    ("6.3", "Giải ngân vốn đầu tư công", "6", "2", "Tính từ số liệu đơn vị tự báo cáo trên Cổng.", "", "disbursement_rate", "≥95:1; ≥80:0,75; ≥60:0,5; ≥0:0"),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "", "14", "", "", "", ""),
    ("7.1", "Văn bản điện tử trên hệ thống quản lý văn bản và điều hành", "7", "2", "Tính từ số liệu đơn vị tự báo cáo trên Cổng.", "", "e_office_document_rate", "tuyến tính 50-100"),
    ("7.2", "Sử dụng chữ ký số", "7", "2", "", "Danh sách chứng thư số", "", ""),
    ("7.3", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "7", "3", "Tính từ số liệu của Cổng.", "", "online_rate", "tuyến tính 20-80"),
    ("7.4", "Thanh toán trực tuyến (nhóm 4 của Bộ chỉ số 766)", "7", "2", "Tính từ số liệu của Cổng.", "", "index766.thanh_toan", "tuyến tính 0-100"),
    ("7.5", "Số hóa hồ sơ, kết quả giải quyết TTHC (nhóm 5 của Bộ chỉ số 766)", "7", "3", "Tính từ số liệu của Cổng.", "", "index766.so_hoa", "tuyến tính 0-100"),
    ("7.6", "Bảo đảm an toàn thông tin", "7", "2", "", "Phương án bảo đảm an toàn thông tin", "", ""),
]  # fmt: skip
KEYS = ("code", "title", "parent", "max_points", "guidance", "evidence", "auto_indicator", "auto_rule")
SURVEY_MAX = Decimal(30)
# The units further on than draft, and the survey points each is given.
FINAL, APPRAISED, SUBMITTED = "SKHCN", "SNV", "SYT"
SURVEY = {FINAL: Decimal("24.5"), APPRAISED: Decimal("22.75")}
# The share of a leaf's maximum a unit claims, leaf after leaf; the council gives a little less on some.
CLAIMED = [Decimal(x) for x in ("1", "1", "0.75", "1", "0.5", "1", "1", "0.75")]


def criteria_rows() -> list[tuple[int, dict]]:
    """The tree as the sheet's rows (numbered from 2, under the header)."""
    return [(number, dict(zip(KEYS, row, strict=True))) for number, row in enumerate(CRITERIA, start=2)]


def load_demo_scorecards(*, admin: User, inspector: User) -> int:
    """Create the 2025 agency criteria and cards if missing (idempotent); the number of cards created."""
    if CriteriaSet.objects.filter(year=YEAR, kind=CriteriaSet.Kind.AGENCY).exists():
        return 0
    report = criteria_import_rows(criteria_rows(), year=YEAR, kind=CriteriaSet.Kind.AGENCY, user=admin)
    if not report.ok:
        raise ValueError(f"The demo criteria break the import's rules: {[str(e) for e in report.errors]}")
    criteria_set = report.criteria_set
    criteria_set.survey_max_points = SURVEY_MAX
    criteria_set._history_user = admin
    criteria_set.save()
    services.criteria_set_deadlines(
        user=admin,
        criteria_set=criteria_set,
        self_assessment_due_on=date(2026, 1, 15),
        appraisal_due_on=date(2026, 2, 28),
    )
    opened = assessments_open(user=admin, criteria_set=criteria_set)
    cards = {assessment.department.code: assessment for assessment in opened}
    for code in (FINAL, APPRAISED, SUBMITTED):
        _self_assess(cards[code], admin)
    for code in (FINAL, APPRAISED):
        _appraise(cards[code], inspector, admin)
    services.assessment_finalise(user=inspector, assessment=cards[FINAL])
    return len(opened)


def _scores(assessment: Assessment) -> list[Score]:
    return list(assessment.scores.select_related("criterion", "assessment").order_by("criterion__order"))


def _self_assess(assessment: Assessment, user: User) -> None:
    for index, score in enumerate(s for s in _scores(assessment) if not s.criterion.is_auto):
        share = CLAIMED[index % len(CLAIMED)]
        points = (score.criterion.max_points * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        services.score_self(user=user, score=score, points=points, note="Đã thực hiện; tài liệu kèm theo.")
    services.assessment_submit(user=user, assessment=assessment)


def _appraise(assessment: Assessment, council: User, unit: User) -> None:
    """Leaf by leaf as the council would: one leaf returned and clarified; the self-scores confirmed or
    lowered; an auto leaf without figures appraised, another overridden with a reason."""
    scores = _scores(assessment)
    returned = next(score for score in scores if score.criterion.code == "1.5")
    services.score_return(user=council, score=returned, note="Đề nghị gửi quyết định công nhận sáng kiến.")
    services.score_clarify(
        user=unit,
        score=returned,
        note="Sáng kiến chưa được công nhận trong năm; xin chấm lại.",
        points=Decimal(1),
    )
    card = {leaf.criterion.pk: leaf for leaf in assessment_scorecard(assessment).leaves}
    for index, score in enumerate(_scores(assessment)):
        leaf = card[score.criterion_id]
        if score.criterion.is_auto:
            if leaf.auto is None:
                services.score_appraise(
                    user=council,
                    score=score,
                    points=score.criterion.max_points / 2,
                    note="Chấm theo báo cáo của đơn vị.",
                )
            elif score.criterion.code == "3.3":
                services.score_override(
                    user=council,
                    score=score,
                    points=min(score.criterion.max_points, leaf.auto + 1),
                    reason="Hồ sơ quá hạn do lỗi phần mềm một cửa, đã được xác minh.",
                )
            continue
        lowered = index % 5 == 0 and score.self_points > 0
        points = score.self_points - Decimal("0.5") if lowered else score.self_points
        note = "Tài liệu chưa đủ, trừ 0,5 điểm." if lowered else "Đồng ý với điểm tự chấm."
        services.score_appraise(user=council, score=score, points=max(points, Decimal(0)), note=note)
    services.survey_set(user=council, assessment=assessment, points=SURVEY[assessment.department.code])
    services.assessment_close_appraisal(user=council, assessment=assessment)
