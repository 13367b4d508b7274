"""How the demo loader and the province generator draw their values: weighted picks, the working days to
receive dossiers on, and applicants' names."""

import random
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

from procedures.calendar import WorkingCalendar
from sampledata.demo_names import COMPANY_NAMES, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES


def weights(rng: random.Random, count: int, skew: float) -> list[float]:
    """Zipf-like cumulative weights in random order: a few departments or procedures take most dossiers."""
    drawn = [1 / (rank**skew) for rank in range(1, count + 1)]
    rng.shuffle(drawn)
    return list(accumulate(drawn))


def pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect_right(cumulative, rng.random() * cumulative[-1])


def working_days(calendar: WorkingCalendar, first: date, last: date) -> list[date]:
    """The calendar's working days from first to last, both included: the days a dossier is received on."""
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if calendar.is_working_day(first + timedelta(days=n))
    ]


def applicant(rng: random.Random) -> str:
    """A company three times in ten, otherwise a person."""
    if rng.random() < 0.3:
        return f"Công ty {rng.choice(('TNHH', 'Cổ phần', 'TNHH MTV'))} {rng.choice(COMPANY_NAMES)}"
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def procedure_facts(
    rng: random.Random, *, level: str, online_level: int, integrated: float
) -> dict[str, bool | None]:
    """A procedure's facts for the national index (spec/index766.md): about a third of provincial
    procedures and a fifth of local ones charge fees, `integrated` of those take them online; most need a
    paper result; most provincial procedures serve businesses, most local ones citizens; level 4 is
    eligible for fully online service; one in ten is not yet known to be published complete, one in twelve
    is known not to be. Always five draws, so that a change of one share moves no other procedure's."""
    fees, online_fees, paper, citizens, published = (rng.random() for _ in range(5))
    local = level != "province"
    has_fees = fees < (0.2 if local else 0.33)
    return {
        "has_fees": has_fees,
        "fees_integrated": has_fees and online_fees < integrated,
        "requires_paper_result": paper < 0.85,
        "fully_online_eligible": online_level == 4,
        "serves_citizens": citizens < (0.9 if local else 0.45),
        "published_complete": None if published < 0.1 else published >= 0.18,
    }
