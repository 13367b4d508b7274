"""The catalogue of indicators: code, Vietnamese label, the formula shown on the page, and kind."""

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy as _

Kind = Literal["count", "rate", "score", "value"]
Source = Literal["dossiers", "procedures", "declarations"]


@dataclass(frozen=True)
class Definition:
    code: str
    label: str
    formula: str
    kind: Kind
    source: Source


def _d(code: str, label: str, formula: str, kind: Kind, source: Source) -> Definition:
    return Definition(code, label, formula, kind, source)


DEFINITIONS: list[Definition] = [
    _d(
        "received",
        _("Hồ sơ tiếp nhận trong kỳ"),
        _("Số hồ sơ có ngày tiếp nhận trong kỳ"),
        "count",
        "dossiers",
    ),
    _d(
        "received_online",
        _("Hồ sơ tiếp nhận trong kỳ trực tuyến"),
        _("Hồ sơ tiếp nhận trong kỳ qua kênh trực tuyến"),
        "count",
        "dossiers",
    ),
    _d(
        "received_direct",
        _("Hồ sơ tiếp nhận trong kỳ trực tiếp"),
        _("Hồ sơ tiếp nhận trong kỳ tại bộ phận một cửa"),
        "count",
        "dossiers",
    ),
    _d(
        "received_postal",
        _("Hồ sơ tiếp nhận trong kỳ qua BCCI"),
        _("Hồ sơ tiếp nhận trong kỳ qua dịch vụ bưu chính công ích"),
        "count",
        "dossiers",
    ),
    _d(
        "carried_over",
        _("Hồ sơ kỳ trước chuyển sang"),
        _("Hồ sơ tiếp nhận trước ngày đầu kỳ và chưa trả kết quả trước ngày đầu kỳ"),
        "count",
        "dossiers",
    ),
    _d(
        "resolved",
        _("Hồ sơ đã giải quyết"),
        _("Trước hạn + đúng hạn + quá hạn (có kết quả, trả trong kỳ)"),
        "count",
        "dossiers",
    ),
    _d(
        "resolved_early",
        _("Hồ sơ đã giải quyết trước hạn"),
        _("Trả kết quả trong kỳ, trước hạn giải quyết"),
        "count",
        "dossiers",
    ),
    _d(
        "resolved_on_time",
        _("Hồ sơ đã giải quyết đúng hạn"),
        _("Trả kết quả trong kỳ, đúng ngày hẹn trả"),
        "count",
        "dossiers",
    ),
    _d(
        "resolved_late",
        _("Hồ sơ đã giải quyết quá hạn"),
        _("Trả kết quả trong kỳ, sau ngày hẹn trả ban đầu"),
        "count",
        "dossiers",
    ),
    _d(
        "late_with_apology",
        _("Quá hạn có phiếu xin lỗi"),
        _("Hồ sơ giải quyết quá hạn đã có phiếu xin lỗi"),
        "count",
        "dossiers",
    ),
    _d(
        "withdrawn",
        _("Rút hồ sơ"),
        _("Kết thúc trong kỳ do tổ chức, cá nhân rút hồ sơ (không có kết quả)"),
        "count",
        "dossiers",
    ),
    _d(
        "refused",
        _("Từ chối"),
        _("Kết thúc trong kỳ do từ chối giải quyết (không có kết quả)"),
        "count",
        "dossiers",
    ),
    _d(
        "in_progress",
        _("Hồ sơ đang giải quyết"),
        _("Tiếp nhận đến cuối kỳ và chưa trả kết quả khi hết ngày cuối kỳ"),
        "count",
        "dossiers",
    ),
    _d(
        "in_progress_within_deadline",
        _("Hồ sơ đang giải quyết trong hạn"),
        _(
            "Đang giải quyết, hạn giải quyết từ ngày cuối kỳ trở đi (hồ sơ chờ bổ sung: thời gian chờ không tính)"
        ),
        "count",
        "dossiers",
    ),
    _d(
        "in_progress_overdue",
        _("Hồ sơ đang giải quyết quá hạn"),
        _("Đang giải quyết, hạn giải quyết trước ngày cuối kỳ"),
        "count",
        "dossiers",
    ),
    _d(
        "on_time_rate",
        _("Tỷ lệ giải quyết đúng hạn"),
        _("(Trước hạn + đúng hạn) / đã giải quyết × 100"),
        "rate",
        "dossiers",
    ),
    _d(
        "online_rate",
        _("Tỷ lệ hồ sơ trực tuyến"),
        _("Tiếp nhận trực tuyến / tiếp nhận trong kỳ × 100"),
        "rate",
        "dossiers",
    ),
    _d(
        "postal_rate",
        _("Tỷ lệ hồ sơ qua BCCI"),
        _("Tiếp nhận qua BCCI / tiếp nhận trong kỳ × 100"),
        "rate",
        "dossiers",
    ),
    _d(
        "rated",
        _("Hồ sơ được đánh giá"),
        _("Hồ sơ đã giải quyết trong kỳ có đánh giá mức độ hài lòng"),
        "count",
        "dossiers",
    ),
    _d(
        "satisfied",
        _("Hồ sơ hài lòng"),
        _("Hồ sơ được đánh giá “Rất hài lòng” hoặc “Hài lòng”"),
        "count",
        "dossiers",
    ),
    _d("satisfaction_rate", _("Tỷ lệ hài lòng"), _("Hài lòng / được đánh giá × 100"), "rate", "dossiers"),
    _d(
        "dvcqg_on_time",
        _("Hồ sơ kết thúc đúng hạn theo quy tắc DVCQG"),
        _(
            "Kết thúc trong kỳ (kể cả rút, từ chối, dừng xử lý) và thời điểm kết thúc xử lý không muộn hơn "
            "thời điểm hẹn trả (đã lùi theo thời gian chờ bổ sung); yêu cầu bổ sung quá một lần là quá hạn"
        ),
        "count",
        "dossiers",
    ),
    _d(
        "dvcqg_in_progress_late",
        _("Hồ sơ đang giải quyết quá hạn theo quy tắc DVCQG"),
        _("Chưa kết thúc khi hết ngày cuối kỳ và thời điểm hẹn trả đã qua (so sánh ngày giờ)"),
        "count",
        "dossiers",
    ),
    _d(
        "progress_score",
        _("Điểm tiến độ giải quyết (Bộ chỉ số 766, tối đa 20)"),
        _(
            "20 × (kết thúc đúng hạn + đang giải quyết chưa quá hạn, theo quy tắc DVCQG) / (đã kết thúc "
            "+ đang giải quyết)"
        ),
        "score",
        "dossiers",
    ),
    _d(
        "procedures_total",
        _("Tổng số TTHC"),
        _("Số TTHC của đơn vị (danh mục hiện hành)"),
        "count",
        "procedures",
    ),
    _d(
        "procedures_reduced",
        _("TTHC được cắt giảm thời gian"),
        _("TTHC có thời hạn cắt giảm ngắn hơn thời hạn quy định"),
        "count",
        "procedures",
    ),
    _d(
        "reduced_share",
        _("Tỷ lệ TTHC cắt giảm thời gian"),
        _("TTHC được cắt giảm / tổng số TTHC × 100"),
        "rate",
        "procedures",
    ),
    _d(
        "avg_reduction_pct",
        _("Mức cắt giảm bình quân"),
        _(
            "Trung bình của (thời hạn quy định − thời hạn cắt giảm) / thời hạn quy định × 100, trên các TTHC được cắt giảm"
        ),
        "rate",
        "procedures",
    ),
    _d(
        "procedures_level3",
        _("TTHC mức độ 3"),
        _("TTHC cung cấp dịch vụ công trực tuyến mức độ 3 (một phần)"),
        "count",
        "procedures",
    ),
    _d(
        "procedures_level4",
        _("TTHC mức độ 4"),
        _("TTHC cung cấp dịch vụ công trực tuyến mức độ 4 (toàn trình)"),
        "count",
        "procedures",
    ),
    _d(
        "online_procedure_share",
        _("Tỷ lệ TTHC trực tuyến mức độ 3, 4"),
        _("(Mức độ 3 + mức độ 4) / tổng số TTHC × 100"),
        "rate",
        "procedures",
    ),
    _d(
        "procedures_postal",
        _("TTHC tiếp nhận qua BCCI"),
        _("TTHC có tiếp nhận hồ sơ qua bưu chính công ích"),
        "count",
        "procedures",
    ),
    _d(
        "staff_reduction_rate",
        _("Tỷ lệ tinh giản biên chế"),
        _("Số đã tinh giản / biên chế tại thời điểm gốc × 100"),
        "rate",
        "declarations",
    ),
    _d(
        "divisions_before",
        _("Số phòng trước sắp xếp"),
        _("Theo số liệu đơn vị báo cáo"),
        "value",
        "declarations",
    ),
    _d(
        "divisions_after",
        _("Số phòng sau sắp xếp"),
        _("Theo số liệu đơn vị báo cáo"),
        "value",
        "declarations",
    ),
    _d(
        "training_completion_rate",
        _("Kế hoạch đào tạo, bồi dưỡng"),
        _("Tỷ lệ hoàn thành theo đơn vị báo cáo"),
        "rate",
        "declarations",
    ),
    _d(
        "e_office_document_rate",
        _("Văn bản xử lý trên môi trường mạng"),
        _("Theo số liệu đơn vị báo cáo"),
        "rate",
        "declarations",
    ),
    _d(
        "e_office_staff_rate",
        _("Công chức sử dụng thường xuyên hệ thống"),
        _("Theo số liệu đơn vị báo cáo"),
        "rate",
        "declarations",
    ),
    _d(
        "digital_signatures_issued",
        _("Chữ ký số được cấp"),
        _("Theo số liệu đơn vị báo cáo"),
        "value",
        "declarations",
    ),
    _d(
        "digital_signatures_in_use",
        _("Chữ ký số đang sử dụng"),
        _("Theo số liệu đơn vị báo cáo"),
        "value",
        "declarations",
    ),
    _d(
        "disbursement_rate",
        _("Tỷ lệ giải ngân vốn đầu tư"),
        _("Vốn đã giải ngân / kế hoạch vốn × 100, tại ngày báo cáo"),
        "rate",
        "declarations",
    ),
    _d(
        "reports_late",
        _("Báo cáo định kỳ nộp trễ"),
        _("Báo cáo có hạn nộp trong kỳ, nộp sau hạn hoặc đến cuối kỳ vẫn chưa nộp"),
        "count",
        "declarations",
    ),
]
DEFINITIONS_BY_CODE = {definition.code: definition for definition in DEFINITIONS}
CODES = [definition.code for definition in DEFINITIONS]
