"""The sample department's 2019 inspection (spec/source-report-vi.txt): findings and recommendations as
the report words them, concluded, with some recommendations still open."""

from datetime import date

from accounts.models import User
from departments.models import Department
from inspections.models import Finding, Inspection, InspectionPlan, ProgressReport, Recommendation
from inspections.services import inspection_freeze_figures

S, L = Finding.Kind.STRENGTH, Finding.Kind.LIMITATION
FINDINGS = [
    (
        S,
        "direction",
        "",
        "Lãnh đạo Sở quan tâm, chỉ đạo thường xuyên công tác CCHC; ban hành đầy đủ kế hoạch công "
        "tác năm, kế hoạch tuyên truyền và kiểm soát TTHC, kế hoạch tổ chức hội nghị đối thoại về TTHC, kế hoạch kiểm "
        "tra CCHC, kế hoạch rà soát, đánh giá TTHC và kế hoạch ứng dụng công nghệ thông tin.",
    ),
    (
        S,
        "direction",
        "",
        "Công tác tuyên truyền được thực hiện qua nhiều kênh: trực tiếp khi người dân đến liên hệ "
        "giải quyết TTHC; phối hợp các cơ quan báo chí đăng tin, bài trên trang thông tin điện tử của các đơn vị, trên "
        "Cổng thông tin điện tử của tỉnh.",
    ),
    (
        S,
        "procedures",
        "",
        "Thực hiện tốt công tác rà soát, đơn giản hóa TTHC: 34/37 TTHC được cắt giảm thời gian "
        "giải quyết (91,89%), với thời gian cắt giảm từ 20 – 40%; tham mưu công bố quy trình nội bộ, quy trình liên "
        "thông giải quyết TTHC.",
    ),
    (
        S,
        "organisation",
        "",
        "Sắp xếp các phòng chuyên môn thuộc Sở từ 6 phòng còn 4 (giảm 2 phòng); tổ chức lại "
        "Trung tâm Công nghệ TT&TT từ 3 phòng, sắp xếp lại không thành lập phòng.",
    ),
    (
        S,
        "civil_service",
        "",
        "Số lượng công chức, viên chức thực hiện đúng quy định, không vượt chỉ tiêu biên chế; "
        "tinh giản biên chế được 4 công chức, đạt 12,5% (kế hoạch đến năm 2021 là 10%); kế hoạch đào tạo, bồi dưỡng "
        "năm 2019 đạt 100%.",
    ),
    (
        S,
        "e_government",
        "",
        "Tỷ lệ văn bản đi, đến được xử lý trên VIC đạt 100%; tỷ lệ công chức sử dụng VIC "
        "thường xuyên đạt 100%; có 34 TTHC cung cấp mức độ 3 và 3 TTHC cung cấp mức độ 4; Sở được cấp 4 chữ ký số, tất "
        "cả đều được sử dụng thường xuyên.",
    ),
    (
        L,
        "procedures",
        "serious",
        "Chưa có giải pháp hiệu quả trong việc tăng tỷ lệ hồ sơ nộp trực tuyến mức độ 3, 4 "
        "và việc tiếp nhận hồ sơ qua dịch vụ bưu chính công ích (tiêu chí nhiều năm liền không đạt điểm theo kết quả "
        "công bố của Bộ Nội vụ).",
    ),
    (
        L,
        "direction",
        "moderate",
        "Báo cáo định kỳ công tác CCHC tuy đúng thời gian quy định nhưng chất lượng chưa "
        "cao, số liệu báo cáo chưa đầy đủ.",
    ),
    (
        L,
        "institutions",
        "moderate",
        "Vẫn còn trường hợp trình công bố TTHC trễ thời gian quy định (Luật Báo chí có "
        "hiệu lực thi hành từ ngày 01/01/2017).",
    ),
    (
        L,
        "direction",
        "minor",
        "Có ban hành Kế hoạch kiểm tra CCHC đối với đơn vị trực thuộc nhưng chưa thực hiện "
        "kiểm tra theo Kế hoạch đề ra.",
    ),
    (
        L,
        "civil_service",
        "minor",
        "Vẫn còn trường hợp lưu trữ hồ sơ công chức chưa đúng quy định (thiếu văn bằng, "
        "chứng chỉ có liên quan).",
    ),
    (
        L,
        "public_finance",
        "serious",
        "Giải ngân vốn đầu tư còn chậm so với quy định (đến ngày 31/10/2019 chỉ giải "
        "ngân đạt 20,65% kế hoạch vốn); thời gian báo cáo quyết toán ngân sách hằng năm còn chậm.",
    ),
]
# (text, area, indicator, deadline, outcome): outcome "closed", "reported" or "open".
RECOMMENDATIONS = [
    (
        "Tập trung chấn chỉnh ngay những tồn tại, hạn chế về CCHC trên cơ sở kết luận của Đoàn kiểm tra; đề cao vai "
        "trò, trách nhiệm của người đứng đầu trong chỉ đạo, điều hành và triển khai công tác CCHC.",
        "direction",
        "",
        date(2019, 12, 31),
        "closed",
    ),
    (
        "Nghiên cứu, tham mưu giải pháp nâng cao Chỉ số thành phần về hiện đại hóa nền hành chính (năm 2018 xếp hạng "
        "52/63), đặc biệt hiệu quả sử dụng dịch vụ công trực tuyến trên địa bàn tỉnh.",
        "e_government",
        "online_rate",
        date(2020, 6, 30),
        "reported",
    ),
    (
        "Đẩy mạnh tuyên truyền, phổ biến dịch vụ công trực tuyến bằng các hình thức phù hợp, hiệu quả, nhất là ứng "
        "dụng Zalo trong giải quyết TTHC và dịch vụ công trực tuyến mức độ 3, 4.",
        "e_government",
        "online_procedure_share",
        date(2020, 3, 31),
        "closed",
    ),
    (
        "Có giải pháp tăng số hồ sơ tiếp nhận và trả kết quả qua dịch vụ bưu chính công ích.",
        "procedures",
        "postal_rate",
        date(2020, 12, 31),
        "open",
    ),
    (
        "Nâng cao chất lượng giải quyết TTHC, tác phong, thái độ giao tiếp của công chức; xử lý nghiêm những cá nhân "
        "cố tình gây phiền hà cho tổ chức, cá nhân.",
        "procedures",
        "satisfaction_rate",
        date(2020, 3, 31),
        "open",
    ),
    (
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công và báo cáo quyết toán ngân sách đúng thời hạn.",
        "public_finance",
        "disbursement_rate",
        date(2019, 12, 31),
        "closed",
    ),
]
SCOPE = (date(2019, 1, 1), date(2019, 10, 31))


def load_sample_inspection(*, department: Department, lead: User, staff: User) -> int:
    """Create the 2019 plan and the sample inspection unless they exist; returns how many were created.
    Its figures are frozen as a conclusion freezes them (inspections.services.inspection_freeze_figures)."""
    if InspectionPlan.objects.filter(year=2019).exists():
        return 0
    plan = InspectionPlan.objects.create(
        year=2019,
        title="Kế hoạch kiểm tra công tác CCHC năm 2019",
        decision="Kế hoạch số 25/KH-UBND ngày 20/02/2019 của UBND tỉnh",
    )
    inspection = Inspection(
        plan=plan,
        department=department,
        scope_start=SCOPE[0],
        scope_end=SCOPE[1],
        planned_start=date(2019, 11, 11),
        planned_end=date(2019, 11, 15),
        lead=lead,
        status=Inspection.Status.CONCLUDED,
        concluded_on=date(2019, 11, 29),
        conclusion_number="125/KL-ĐKT",
    )
    recommendations = [
        Recommendation(
            inspection=inspection,
            text=text,
            area=area,
            responsible=department,
            deadline=deadline,
            indicator=indicator,
        )
        for text, area, indicator, deadline, _outcome in RECOMMENDATIONS
    ]
    inspection_freeze_figures(inspection, recommendations)
    inspection.save()
    Finding.objects.bulk_create(
        [
            Finding(
                inspection=inspection, kind=kind, area=area, severity=severity, text=text, created_by=lead
            )
            for kind, area, severity, text in FINDINGS
        ]
    )
    for recommendation, (*_, outcome) in zip(recommendations, RECOMMENDATIONS, strict=True):
        recommendation.save()
        _follow_up(recommendation, outcome, lead=lead, staff=staff)
    return 1


def _follow_up(recommendation: Recommendation, outcome: str, *, lead: User, staff: User) -> None:
    """The department's report and the inspector's verification, as far as the outcome went."""
    deadline = recommendation.deadline
    if outcome in ("closed", "reported"):
        ProgressReport.objects.create(
            recommendation=recommendation,
            kind=ProgressReport.Kind.PROGRESS,
            reported_on=deadline.replace(day=1),
            author=staff,
            text="Sở đã ban hành kế hoạch khắc phục và triển khai thực hiện.",
        )
    if outcome == "closed":
        ProgressReport.objects.create(
            recommendation=recommendation,
            kind=ProgressReport.Kind.CLOSED,
            reported_on=deadline,
            author=lead,
            text="Đã kiểm tra, xác minh hoàn thành.",
        )
        recommendation.status, recommendation.closed_on = Recommendation.Status.CLOSED, deadline
    elif outcome == "reported":
        recommendation.status = Recommendation.Status.REPORTED
    recommendation.save()
