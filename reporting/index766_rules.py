"""The national service-quality index (Quyết định 766/QĐ-TTg, spec/index766.md): its table of indicators,
the scoring rule, the maxima and thresholds in force on a day, and the assembly of a unit's measures into
groups, a total and a score out of 100.

Pure Python but settings_in_force (one query): reporting.index766 measures each indicator and calls
assemble() with what it found. Points are worked out in exact fractions and rounded once, half up, so
that 2 × 60/80 is 1.50 and never 1.4999…; results hold floats (two decimals), as the JSON contract and the
pages need plain numbers."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from django.utils.translation import gettext_lazy as _

from reporting.models import IndexSetting

IndexKind = Literal["ratio", "full_when_empty", "declaration", "shown", "complement"]
# The maximum points and the threshold (percent) of each indicator code.
IndexSettings = dict[str, tuple[Decimal, Decimal]]

HUNDRED = Decimal(100)
OFFERED, NOT_OFFERED = "offered", "not_offered"


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


# -- Scoring ---------------------------------------------------------------------------------------------------


def _rounded(value: Fraction) -> float:
    """Two decimals, half away from zero (values here are never negative)."""
    hundredths = value * 100
    whole = (hundredths.numerator * 2 + hundredths.denominator) // (2 * hundredths.denominator)
    return whole / 100


def _exact(value: Decimal | float | int) -> Fraction:
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def score(
    numerator: int | float | None,
    denominator: int | float | None,
    max_points: Decimal | float | int,
    threshold: Decimal | float | int,
) -> tuple[float | None, float | None]:
    """(ratio in percent, points), both rounded half up to two decimals, the points from the unrounded
    ratio: points = max × min(1, ratio / threshold). (None, None) where there is nothing to divide by."""
    if numerator is None or not denominator:
        return None, None
    ratio = _exact(numerator) * 100 / _exact(denominator)
    # 5.4's numerator is 100% less two shares, which can fall below nothing: no points, never fewer.
    share = min(Fraction(1), max(Fraction(0), ratio / _exact(threshold)))
    return _rounded(ratio), _rounded(_exact(max_points) * share)


# -- The values in force ---------------------------------------------------------------------------------------


def default_settings() -> IndexSettings:
    return {d.code: (d.default_max, d.default_threshold) for d in INDICATORS}


def settings_in_force(day: date) -> IndexSettings:
    """Each indicator's maximum and threshold on `day`: its setting with the latest valid_from on or
    before it, else the table's default (one query). A period is scored with those of its first day."""
    in_force = default_settings()
    seen: set[str] = set()
    rows = (
        IndexSetting.objects.filter(valid_from__lte=day, code__in=CODES)
        .order_by("code", "-valid_from")
        .values_list("code", "max_points", "threshold")
    )
    for code, max_points, threshold in rows:
        if code not in seen:
            seen.add(code)
            in_force[code] = (Decimal(max_points), Decimal(threshold))
    return in_force


# -- Results ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """What was counted for one indicator. A declaration (4.2b) carries what was declared
    (Declaration.CertifiedCopies' value, "" when nothing was) and may carry a count of units offering
    over units certifying (the province's); a shown figure (2.2) carries its value (mean working days)."""

    numerator: int | None = None
    denominator: int | None = None
    declared: str = ""
    value: float | None = None
    # A complement (5.4): the (numerator, denominator) of each share taken away from 100%.
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class IndexIndicator:
    definition: IndexDefinition
    numerator: int | None
    denominator: int | None
    ratio: float | None
    points: float | None
    max: float
    threshold: float
    value: float | None = None
    parts: tuple[tuple[int, int], ...] = ()

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return str(self.definition.label)

    @property
    def has_data(self) -> bool:
        return self.points is not None

    def as_json(self) -> dict:
        answer = {
            "code": self.code,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "ratio": self.ratio,
            "points": self.points,
            "max": self.max,
            "threshold": self.threshold,
        }
        if self.definition.kind == "shown":
            answer["value"] = self.value
        if self.definition.kind == "complement":
            answer["parts"] = [{"numerator": n, "denominator": d} for n, d in self.parts]
        return answer


@dataclass(frozen=True)
class IndexGroup:
    code: str
    label: str
    points: float | None
    max: float
    indicators: list[IndexIndicator] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "points": self.points,
            "max": self.max,
            "indicators": [indicator.as_json() for indicator in self.indicators],
        }


@dataclass(frozen=True)
class IndexResult:
    groups: list[IndexGroup]
    total: float | None
    max_available: float
    score_100: float | None

    @property
    def indicators(self) -> list[IndexIndicator]:
        return [indicator for group in self.groups for indicator in group.indicators]

    def as_json(self) -> dict:
        return {
            "groups": [group.as_json() for group in self.groups],
            "total": self.total,
            "max_available": self.max_available,
            "score_100": self.score_100,
        }


def _declared_counts(measure: Measure) -> tuple[int | None, int | None]:
    """A declaration as a count: a unit that offers is 1 of 1, one that does not 0 of 1; one that does
    not certify copies, or has not declared, has no data. Counts given (the province's) are kept."""
    if measure.denominator is not None:
        return measure.numerator, measure.denominator
    if measure.declared == OFFERED:
        return 1, 1
    if measure.declared == NOT_OFFERED:
        return 0, 1
    return None, None


def _indicator(definition: IndexDefinition, measure: Measure | None, settings: Mapping) -> IndexIndicator:
    max_points, threshold = settings.get(
        definition.code, (definition.default_max, definition.default_threshold)
    )
    numerator = denominator = ratio = points = value = None
    if measure is not None:
        numerator, denominator = measure.numerator, measure.denominator
        if definition.kind == "shown":
            value = measure.value
        elif definition.kind == "complement":
            ratio, points = _complement(measure.parts, max_points, threshold)
        else:
            if definition.kind == "declaration":
                numerator, denominator = _declared_counts(measure)
            ratio, points = score(numerator, denominator, max_points, threshold)
            if definition.kind == "full_when_empty" and denominator == 0:
                points = float(max_points)
    return IndexIndicator(
        definition,
        numerator,
        denominator,
        ratio,
        points,
        float(max_points),
        float(threshold),
        value,
        measure.parts if measure is not None else (),
    )


def _complement(
    parts: tuple[tuple[int, int], ...], max_points: Decimal, threshold: Decimal
) -> tuple[float | None, float | None]:
    """100% less each share (a share of nothing takes nothing away), never below 0; no data where every
    share is of nothing. The ratio and the points from the unrounded shares, as score() does."""
    if not any(denominator for _numerator, denominator in parts):
        return None, None
    taken = sum((Fraction(n) / Fraction(d) for n, d in parts if d), Fraction(0))
    exact = max(Fraction(0), 1 - taken) * 100
    return _rounded(exact), _rounded(_exact(max_points) * min(Fraction(1), exact / _exact(threshold)))


def _sum(values: list[float]) -> Decimal:
    return sum((Decimal(str(value)) for value in values), Decimal(0))


def assemble(measures: Mapping[str, Measure], settings: Mapping[str, tuple]) -> IndexResult:
    """The index of one unit and period from what was measured: a code missing from `measures` has no
    data (null, "chưa có dữ liệu"), never 0, and its maximum is left out of max_available."""
    groups = []
    for group in GROUPS:
        indicators = [
            _indicator(definition, measures.get(definition.code), settings)
            for definition in INDICATORS
            if definition.group == group.code
        ]
        scored = [indicator.points for indicator in indicators if indicator.points is not None]
        groups.append(
            IndexGroup(
                group.code,
                str(group.label),
                float(_sum(scored)) if scored else None,
                float(_sum([indicator.max for indicator in indicators])),
                indicators,
            )
        )
    group_points = [group.points for group in groups if group.points is not None]
    total = _sum(group_points) if group_points else None
    available = _sum([i.max for group in groups for i in group.indicators if i.points is not None])
    score_100 = (
        _rounded(Fraction(total) * 100 / Fraction(available)) if total is not None and available else None
    )
    return IndexResult(groups, None if total is None else float(total), float(available), score_100)


def points_to_gain(result: IndexResult) -> list[tuple[IndexIndicator, float]]:
    """ "Điểm có thể tăng thêm": for each indicator with data short of its maximum, the points reaching
    its threshold would add, largest first (the table's order among equals)."""
    gains = [
        (indicator, float(Decimal(str(indicator.max)) - Decimal(str(indicator.points))))
        for indicator in result.indicators
        if indicator.points is not None and indicator.points < indicator.max
    ]
    return sorted(gains, key=lambda pair: -pair[1])
