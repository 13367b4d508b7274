"""How the demo loader and the province generator draw their values: weighted picks, the working days to
receive dossiers on, applicants' names, and the national facts of procedures and dossiers (spec/index766.md)
with the moments in office hours they happen at."""

import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import accumulate

from django.utils import timezone

from procedures.calendar import WorkingCalendar, province_time
from procedures.dvcqg import STATUS_OF_PORTAL, NationalStatus
from procedures.models import Dossier, SupplementRequest
from procedures.office_hours import OfficeHours
from sampledata.demo_names import COMPANY_NAMES, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, SUPPLEMENT_REASONS


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


@dataclass(frozen=True)
class DigitalShares:
    """How often a unit's dossiers carry each national fact (spec/index766.md) once the index is in force;
    earlier years carry a part of it (`growth` in dossier_facts)."""

    electronic_result: float  # of dossiers resolved
    digitised: float
    reused_data: float  # of digitised dossiers
    dvcqg_store: float
    # Of online dossiers; a third of that at the counter, where few applicants show their VNeID.
    population_data: float
    paid_online: float  # of fees due, where the procedure takes them online
    fee_exempt: float  # of dossiers of a procedure with fees, exempted from them (fee 0)


def dossier_facts(
    rng: random.Random,
    *,
    shares: DigitalShares,
    growth: float,
    resolved: bool,
    online: bool,
    fee: int | None,
    fees_integrated: bool,
) -> dict[str, object]:
    """A dossier's digital facts and fee: `fee` is its procedure's (None: the procedure charges none), paid
    online only where the procedure takes fees online. Always seven draws, so that a change of one share
    moves no other fact."""
    result, digitised, reused, store, population, exempt, paid = (rng.random() for _ in range(7))
    reach = 1 if online else 1 / 3
    fee_amount = None if fee is None else 0 if exempt < shares.fee_exempt else fee
    is_digitised = digitised < shares.digitised * growth
    return {
        "electronic_result": resolved and result < shares.electronic_result * growth,
        "digitised": is_digitised,
        "reused_data": is_digitised and reused < shares.reused_data,
        "dvcqg_store": store < shares.dvcqg_store * growth,
        "population_data": population < shares.population_data * growth * reach,
        "fee_amount": fee_amount,
        "paid_online": bool(fee_amount) and fees_integrated and paid < shares.paid_online * growth,
    }


# Fees as the provincial council sets them, in đồng: a commune's are small (a copy certified, an extract
# of civil status), a department's run from a hundred thousand to a few million.
LOCAL_FEES = (5_000, 8_000, 10_000, 15_000, 20_000, 30_000, 50_000)
PROVINCIAL_FEES = (50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000)


def procedure_fee(rng: random.Random, *, local: bool) -> int:
    return rng.choice(LOCAL_FEES if local else PROVINCIAL_FEES)


@cache
def _day_length(hours: OfficeHours) -> timedelta:
    # The property sums the sessions afresh on each call: a tenth of the time the demo's facts took.
    return hours.day_length


# A moment drawn is a whole second of an office day, so these take a few tens of thousands of values; each
# worked out afresh took a third of the time the province generator's national facts took (1,000,000
# dossiers: 850,000 moments).
@cache
def _elapsed(hours: OfficeHours, clock: time) -> timedelta:
    return hours.elapsed(clock)


@cache
def _clock_after(hours: OfficeHours, offset: timedelta) -> timedelta:
    return hours.clock_after(offset)


def office_now(now: datetime, calendar: WorkingCalendar, hours: OfficeHours) -> datetime:
    """`now` in office time; otherwise the close of the last office session before it (the end of the
    morning at noon, the previous working day's close at night or on a day off). The demo stands as at
    that moment, so that each request and supply it draws falls in office hours whenever it is loaded:
    loaded at half past midnight, today's supplies were drawn at half past midnight."""
    local = province_time(now)
    day = local.date()
    if calendar.is_working_day(day) and (elapsed := hours.elapsed(local.time())):
        return min(now, datetime.combine(day, time(), tzinfo=local.tzinfo) + hours.clock_after(elapsed))
    day -= timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, time(), tzinfo=local.tzinfo) + hours.clock_after(hours.day_length)


def office_moment(
    rng: random.Random,
    day: date,
    hours: OfficeHours,
    *,
    earliest: datetime | None = None,
    latest: datetime | None = None,
) -> datetime:
    """A moment of office time on `day`, in whole seconds, not before `earliest` nor after `latest`; where
    no office time lies between them (a receipt at closing time), the nearest bound."""
    start, end = timedelta(), _day_length(hours)
    if earliest is not None and (local := province_time(earliest)).date() == day:
        start = _elapsed(hours, local.time())
    if latest is not None and (local := province_time(latest)).date() == day:
        end = _elapsed(hours, local.time())
    first = math.ceil(start.total_seconds())
    offset = timedelta(seconds=rng.randint(first, max(first, int(end.total_seconds()))))
    moment = datetime.combine(day, time(), tzinfo=timezone.get_default_timezone()) + _clock_after(
        hours, offset
    )
    # A bound between sessions or outside office hours has no office time next to it: the bound then.
    if latest is not None and moment > latest:
        moment = latest
    return earliest if earliest is not None and moment < earliest else moment


def processing_completed(
    rng: random.Random,
    *,
    since: datetime,
    finished_at: datetime,
    calendar: WorkingCalendar,
    hours: OfficeHours,
) -> datetime | None:
    """When a resolved dossier's processing was complete, after `since` (its receipt, or the last supplement
    it waited for): mostly hours before its return, often a day or two before (the result waits to be
    collected), now and then not given apart from the return."""
    roll = rng.random()
    if roll >= 0.85:
        return None
    first, day = province_time(since).date(), province_time(finished_at).date()
    if roll >= 0.55:
        days = calendar.working_days_between(first, day)
        day = calendar.add_working_days(first, max(0, days - rng.randint(1, 2)))
    return office_moment(rng, day, hours, earliest=since, latest=finished_at)


def pause_moments(
    rng: random.Random,
    days: list[tuple[date, date | None]],
    *,
    received_at: datetime,
    latest: datetime,
    hours: OfficeHours,
) -> list[tuple[datetime, datetime | None]]:
    """The moments of a dossier's supplement requests, given by their days (asked for, supplied or None),
    in order: in office hours on those days, each after the receipt and the moment before, none after
    `latest` (the return, or now)."""
    moments: list[tuple[datetime, datetime | None]] = []
    earliest = received_at
    for requested_on, supplied_on in days:
        requested = earliest = office_moment(rng, requested_on, hours, earliest=earliest, latest=latest)
        supplied = None
        if supplied_on is not None:
            supplied = earliest = office_moment(rng, supplied_on, hours, earliest=earliest, latest=latest)
        moments.append((requested, supplied))
    return moments


def asked_again_on(
    rng: random.Random, requested_on: date, supplied_on: date, *, share: float, calendar: WorkingCalendar
) -> date | None:
    """The working day within a pause of two working days or more on which, `share` of the time, the
    supplement came back incomplete and was asked for again: the two pauses then add up to the one."""
    span = calendar.working_days_between(requested_on, supplied_on)
    if span < 2 or rng.random() >= share:
        return None
    return calendar.add_working_days(requested_on, rng.randint(1, span - 1))


def national_status(rng: random.Random, status: str, *, fee_unpaid: bool, first_day: bool) -> int:
    """The national status a dossier's portal status stands for; one in progress is merely received in
    its first working day, and one with a fee unpaid may be waiting for it."""
    national = STATUS_OF_PORTAL[status]
    if national != NationalStatus.IN_PROGRESS:
        return national
    if fee_unpaid and rng.random() < 0.3:
        return NationalStatus.FINANCIAL_OBLIGATION
    return NationalStatus.RECEIVED if first_day else national


# The part of a unit's shares (DigitalShares) a year before 2025, when the index came into force, reached,
# and the share of its dossiers synced to DVCQG (from 2025, most).
DIGITAL_GROWTH = {2019: 0.2, 2020: 0.3, 2021: 0.45, 2022: 0.6, 2023: 0.75, 2024: 0.9}
SYNCED_SHARE = {2019: 0.0, 2020: 0.3, 2021: 0.5, 2022: 0.65, 2023: 0.75, 2024: 0.85}
SYNCED_LATER = 0.96
# A supplement answered over two working days or more came back incomplete and was asked for again this
# often (the DVCQG rule makes such a dossier late).
ASKED_AGAIN = 0.12


def growth(year: int) -> float:
    return DIGITAL_GROWTH.get(year, 1.0)


def synced_share(year: int) -> float:
    return SYNCED_SHARE.get(year, SYNCED_LATER)


def national_draw(
    rng: random.Random,
    dossier: Dossier,
    pauses: list[SupplementRequest],
    *,
    shares: DigitalShares,
    synced: float,
    fee: int | None,
    fees_integrated: bool,
    first_day: bool,
    calendar: WorkingCalendar,
    hours: OfficeHours,
    now: datetime,
) -> None:
    """A dossier's national facts (spec/index766.md, "Data the index needs"), set on it in the order the
    demo and the province generator both draw them: the digital facts and the fee, synced to DVCQG with
    the share `synced`, the national status, its supplement requests' moments (the one answered asked for
    again now and then, appended to `pauses`) and, once resolved, when its processing was complete. What
    Biểu 06a counts is left as drawn: a second request splits the first's pause on a working day, so the
    days paused stay the same. The DVCQG standing, which reads all of it, is the caller's to derive last."""
    resolved = dossier.status == Dossier.Status.RESOLVED
    facts = dossier_facts(
        rng,
        shares=shares,
        growth=growth(dossier.received_on.year),
        resolved=resolved,
        online=dossier.channel == Dossier.Channel.ONLINE,
        fee=fee,
        fees_integrated=fees_integrated,
    )
    facts["synced_to_dvcqg"] = rng.random() < synced
    for name, value in facts.items():
        setattr(dossier, name, value)
    dossier.national_status = national_status(
        rng,
        dossier.status,
        fee_unpaid=bool(dossier.fee_amount) and not dossier.paid_online,
        first_day=first_day,
    )
    _pauses_draw(rng, dossier, pauses, calendar=calendar, hours=hours, now=now)
    if resolved:
        dossier.processing_completed_at = processing_completed(
            rng,
            since=pauses[-1].supplied_at if pauses else dossier.received_at,
            finished_at=dossier.finished_at,
            calendar=calendar,
            hours=hours,
        )


def _pauses_draw(
    rng: random.Random,
    dossier: Dossier,
    pauses: list[SupplementRequest],
    *,
    calendar: WorkingCalendar,
    hours: OfficeHours,
    now: datetime,
) -> None:
    if len(pauses) == 1 and pauses[0].supplied_on is not None:
        first = pauses[0]
        again = asked_again_on(
            rng, first.requested_on, first.supplied_on, share=ASKED_AGAIN, calendar=calendar
        )
        if again is not None:
            reason = rng.choice(SUPPLEMENT_REASONS)
            pauses.append(
                SupplementRequest(
                    dossier=dossier, requested_on=again, supplied_on=first.supplied_on, reason=reason
                )
            )
            first.supplied_on = again
    if not pauses:
        return
    moments = pause_moments(
        rng,
        [(pause.requested_on, pause.supplied_on) for pause in pauses],
        received_at=dossier.received_at,
        latest=dossier.finished_at or now,
        hours=hours,
    )
    for pause, (requested_at, supplied_at) in zip(pauses, moments, strict=True):
        pause.requested_at, pause.supplied_at = requested_at, supplied_at
