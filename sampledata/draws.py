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
