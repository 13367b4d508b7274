"""The national service-quality index (Quyết định 766/QĐ-TTg, spec/index766.md): the scoring rule of the
indicators in reporting.index766_table, the maxima and thresholds in force on a day, and the assembly of a
unit's measures into groups, a total and a score out of 100.

Pure Python but settings_in_force (one query): reporting.index766 measures each indicator and calls
assemble() with what it found. Points are worked out in exact fractions and rounded once, half up, so
that 2 × 60/80 is 1.50 and never 1.4999…; results hold floats (two decimals), as the JSON contract and the
pages need plain numbers."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from reporting.index766_table import CODES, GROUPS, INDICATORS, IndexDefinition
from reporting.models import IndexSetting

# The maximum points and the threshold (percent) of each indicator code.
IndexSettings = dict[str, tuple[Decimal, Decimal]]

OFFERED, NOT_OFFERED = "offered", "not_offered"


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


# The measures of each unit by department pk, each indicator's by its code.
Measures = dict[int, dict[str, Measure]]
# The records behind a measure, for the lists its figures open: the ids of those its numerator counts and
# of those its denominator counts (procedures for 1.1-1.3, petitions for 5.2 and 5.3).
Behind = tuple[frozenset[int], frozenset[int]]
Records = dict[int, dict[str, Behind]]


def measures_of(records: Records) -> Measures:
    """Each unit's measures as the counts of the records behind them."""
    return {
        pk: {
            code: Measure(len(numerator), len(denominator))
            for code, (numerator, denominator) in behind.items()
        }
        for pk, behind in records.items()
    }


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
