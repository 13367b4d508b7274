"""What reporting answers with: a period, an indicator, a department's set of them, a table row.

Plain values with no behaviour beyond reading themselves, in a module that imports nothing else of
reporting's but the definitions, so that every other module (the counting, the formatting, the pages'
assembly) can name them without importing one another."""

from dataclasses import dataclass, field
from datetime import date

from departments.models import Department
from reporting.definitions import Definition, Source


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("period starts after it ends")


# Not frozen, with slots: fifty are made for each unit whenever the data changed, and a frozen
# dataclass's __init__ (object.__setattr__ per field) made that a third of the figures' Python time.
@dataclass(slots=True)
class Indicator:
    definition: Definition
    value: int | float | None
    numerator: int | float | None = None
    denominator: int | float | None = None
    # What a figure is shown beside: a target, the date it was measured.
    context: dict[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return str(self.definition.label)


@dataclass
class IndicatorSet:
    department: Department | None
    period: Period
    indicators: dict[str, Indicator]
    # "current" or "historical" (procedures.organisation): whose records the figures add up.
    structure: str = "current"

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def values(self) -> dict[str, int | float | None]:
        return {code: indicator.value for code, indicator in self.indicators.items()}

    def by_source(self, source: Source) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.definition.source == source]


@dataclass(frozen=True)
class IndicatorRow:
    """One line of an indicator table: the figure, and the list of the records behind it, if any."""

    indicator: Indicator
    url: str | None


@dataclass(frozen=True)
class RankingRow:
    """A department's place in the overview's ranking, its figures and its dossiers overdue today."""

    rank: int
    department: Department
    indicators: IndicatorSet
    overdue_now: int
