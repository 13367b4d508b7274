"""The national service-quality index's table (Quyết định 766/QĐ-TTg): its six groups and every
indicator with its formula, default maximum and threshold, and how it is scored (its kind). Data only;
reporting.index766_rules scores and assembles what is measured against it."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_lazy as _

IndexKind = Literal["ratio", "full_when_empty", "declaration", "shown", "complement"]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndexGroupDefinition:
    code: str
    label: str


@dataclass(frozen=True)
class IndexDefinition:
    code: str
    group: str
    label: str
    formula: str
    default_max: Decimal
    default_threshold: Decimal = HUNDRED
    kind: IndexKind = "ratio"
    # Taken for a whole provincial department or commune, never for one of its sub-units.
    whole_unit: bool = False


GROUPS: list[IndexGroupDefinition] = [
    IndexGroupDefinition("cong_khai", _("Công khai, minh bạch")),
    IndexGroupDefinition("tien_do", _("Tiến độ, kết quả giải quyết")),
    IndexGroupDefinition("dvctt", _("Cung cấp dịch vụ trực tuyến")),
    IndexGroupDefinition("thanh_toan", _("Thanh toán trực tuyến")),
    IndexGroupDefinition("so_hoa", _("Số hóa hồ sơ")),
    IndexGroupDefinition("hai_long", _("Mức độ hài lòng")),
]


def _i(
    code: str,
    group: str,
    label: str,
    formula: str,
    default_max: int,
    default_threshold: int = 100,
    kind: IndexKind = "ratio",
    whole_unit: bool = False,
) -> IndexDefinition:
    return IndexDefinition(
        code, group, label, formula, Decimal(default_max), Decimal(default_threshold), kind, whole_unit
    )


INDICATORS: list[IndexDefinition] = [
    _i(
        "1.1",
        "cong_khai",
        _("TTHC công bố đúng hạn"),
        _(
            "TTHC trong quyết định công bố ban hành trong kỳ, quyết định trước ngày văn bản quy định có hiệu "
            "lực ít nhất 5 ngày làm việc / TTHC trong quyết định công bố ban hành trong kỳ"
        ),
        6,
    ),
    _i(
        "1.2",
        "cong_khai",
        _("TTHC công khai đúng hạn"),
        _(
            "TTHC công khai trên CSDL quốc gia chậm nhất 5 ngày làm việc sau ngày quyết định công bố / TTHC "
            "trong quyết định công bố ban hành trong kỳ"
        ),
        4,
        whole_unit=True,
    ),
    _i(
        "1.3",
        "cong_khai",
        _("TTHC công khai đầy đủ nội dung"),
        _("TTHC công khai đủ 7 bộ phận trên CSDL quốc gia / TTHC đã công khai tính đến cuối kỳ"),
        2,
        whole_unit=True,
    ),
    _i(
        "1.4",
        "cong_khai",
        _("Hồ sơ đồng bộ lên DVCQG"),
        _("Hồ sơ tiếp nhận trong kỳ đã đồng bộ lên DVCQG / hồ sơ tiếp nhận trong kỳ"),
        6,
    ),
    _i(
        "2.1",
        "tien_do",
        _("Hồ sơ xử lý trước hạn, đúng hạn"),
        _(
            "Hồ sơ kết thúc xử lý đúng hạn + đang xử lý chưa quá hạn, theo quy tắc DVCQG / hồ sơ đã kết "
            "thúc trong kỳ + đang xử lý"
        ),
        20,
    ),
    _i(
        "2.2",
        "tien_do",
        _("Thời gian giải quyết trung bình"),
        _(
            "Số ngày làm việc từ tiếp nhận đến kết thúc xử lý, trung bình trên hồ sơ tiếp nhận trong kỳ đã "
            "có kết quả (chỉ hiển thị, không tính điểm)"
        ),
        0,
        kind="shown",
    ),
    _i(
        "3.1",
        "dvctt",
        _("TTHC cung cấp DVCTT"),
        _("TTHC cung cấp dịch vụ công trực tuyến (một phần hoặc toàn trình) / TTHC đơn vị thực hiện"),
        2,
        80,
    ),
    _i(
        "3.2",
        "dvctt",
        _("DVCTT có phát sinh hồ sơ"),
        _("TTHC cung cấp DVCTT có ít nhất một hồ sơ trực tuyến tiếp nhận trong kỳ / TTHC cung cấp DVCTT"),
        4,
    ),
    _i(
        "3.3",
        "dvctt",
        _("Hồ sơ nộp trực tuyến"),
        _(
            "Hồ sơ trực tuyến tiếp nhận trong kỳ (TTHC yêu cầu kết quả bản giấy: chỉ hồ sơ có kết quả điện "
            "tử) / hồ sơ tiếp nhận trong kỳ"
        ),
        6,
        50,
    ),
    _i(
        "3.5",
        "thanh_toan",
        _("TTHC có phí được tích hợp thanh toán trực tuyến"),
        _("TTHC có phí, lệ phí đã tích hợp thanh toán trực tuyến / TTHC có phí, lệ phí"),
        2,
        80,
    ),
    _i(
        "3.5b",
        "thanh_toan",
        _("TTHC có giao dịch thanh toán trực tuyến"),
        _("TTHC có phí, lệ phí có ít nhất một hồ sơ thanh toán trực tuyến trong kỳ / TTHC có phí, lệ phí"),
        2,
    ),
    _i(
        "3.6",
        "thanh_toan",
        _("Hồ sơ thanh toán trực tuyến"),
        _(
            "Hồ sơ tiếp nhận trong kỳ đã thanh toán trực tuyến / hồ sơ tiếp nhận trong kỳ của TTHC có phí, lệ "
            "phí (trừ hồ sơ được miễn phí)"
        ),
        6,
    ),
    _i(
        "4.1",
        "so_hoa",
        _("Hồ sơ có kết quả điện tử"),
        _("Hồ sơ có kết quả điện tử / hồ sơ tiếp nhận trong kỳ của TTHC yêu cầu kết quả bản giấy"),
        6,
    ),
    _i(
        "4.2",
        "so_hoa",
        _("Hồ sơ số hóa"),
        _(
            "Hồ sơ có thành phần số hóa (và kết quả điện tử, nếu TTHC yêu cầu kết quả bản giấy) / hồ sơ tiếp "
            "nhận trong kỳ"
        ),
        4,
        80,
    ),
    _i(
        "4.2b",
        "so_hoa",
        _("Chứng thực bản sao điện tử"),
        _(
            "Đơn vị có cung cấp dịch vụ chứng thực bản sao điện tử: đủ điểm nếu có, 0 điểm nếu không (theo "
            "kê khai của đơn vị)"
        ),
        2,
        kind="declaration",
        whole_unit=True,
    ),
    _i(
        "4.3",
        "so_hoa",
        _("Tái sử dụng dữ liệu số hóa"),
        _("Hồ sơ tái sử dụng dữ liệu số hóa / hồ sơ tiếp nhận trong kỳ"),
        2,
        80,
    ),
    _i(
        "4.4",
        "so_hoa",
        _("Kết nối kho dữ liệu DVCQG"),
        _(
            "Hồ sơ có thành phần lấy từ, hoặc kết quả gửi vào, kho dữ liệu của công dân trên DVCQG / hồ sơ "
            "tiếp nhận trong kỳ"
        ),
        4,
    ),
    _i(
        "4.5b",
        "so_hoa",
        _("Hồ sơ dùng dữ liệu dân cư"),
        _("Hồ sơ xác thực bằng VNeID hoặc dùng CSDL quốc gia về dân cư / hồ sơ tiếp nhận trong kỳ"),
        2,
    ),
    _i(
        "4.5a",
        "so_hoa",
        _("TTHC kết nối dữ liệu dân cư"),
        _(
            "TTHC cho công dân có ít nhất một hồ sơ dùng dữ liệu dân cư trong kỳ / TTHC có đối tượng thực "
            "hiện là công dân"
        ),
        2,
    ),
    _i(
        "5.2",
        "hai_long",
        _("PAKN xử lý đúng hạn"),
        _(
            "PAKN xử lý xong trong kỳ trong 15 ngày làm việc (từ chối trong 2, yêu cầu bổ sung trong 5) + "
            "đang xử lý chưa quá 15 ngày làm việc / PAKN tiếp nhận hoặc xử lý trong kỳ"
        ),
        6,
    ),
    _i(
        "5.3",
        "hai_long",
        _("Hài lòng trong xử lý PAKN"),
        _(
            "(PAKN tiếp nhận trong kỳ − PAKN bị đánh giá không hài lòng − PAKN xử lý quá hạn) / PAKN tiếp "
            "nhận trong kỳ; đủ điểm nếu không có PAKN"
        ),
        6,
        kind="full_when_empty",
    ),
    _i(
        "5.4",
        "hai_long",
        _("Hài lòng trong tiếp nhận, giải quyết TTHC"),
        _(
            "100% − (tỷ lệ hồ sơ kết thúc trong kỳ bị quá hạn + tỷ lệ hồ sơ tiếp nhận trong kỳ có PAKN hoặc "
            "bị đánh giá không hài lòng)"
        ),
        6,
        90,
        kind="complement",
    ),
]
DEFINITIONS_BY_CODE: dict[str, IndexDefinition] = {definition.code: definition for definition in INDICATORS}
CODES = [definition.code for definition in INDICATORS]
