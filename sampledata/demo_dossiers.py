"""The demo's dossiers: every one received from FIRST_DAY to yesterday, with its supplement requests.

Each dossier's stored dates are derived by the model's fill_derived (the rulebook's procedures.rules.derive),
as on every other path; what is drawn here is only what staff would enter. The sample department is
scripted dossier by dossier for its inspection period so that its figures are exactly the report's;
everything else is random but plausible.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from departments.models import Department
from procedures.calendar import WorkingCalendar
from procedures.models import Dossier, Procedure, SupplementRequest
from procedures.organisation import CarriedProcedure, Organisation
from procedures.selectors import load_calendar
from sampledata.demo_agency import Agency
from sampledata.demo_catalogue import AGENCIES
from sampledata.demo_names import SUPPLEMENT_REASONS
from sampledata.demo_procedures import ProcedureSpec
from sampledata.demo_sample import FIRST_DAY, SAMPLE_DEPARTMENT, SAMPLE_FIGURES, SAMPLE_PERIOD, SEED
from sampledata.draws import applicant, working_days

# A catalogue's procedures with their popularity (the weights its dossiers are drawn with), by the code of
# the department listed for them, or by level for the shared commune and district catalogues.
Catalogue = dict[str, tuple[list[Procedure], list[int]]]

# Share of a department's dossiers taken in by the provincial service centre.
CENTRE_SHARE = 0.3


@dataclass
class DossierBatch:
    dossiers: list[Dossier] = field(default_factory=list)
    supplements: list[SupplementRequest] = field(default_factory=list)


@dataclass
class _Province:
    """What drawing a dossier needs to know of the province: its catalogues, who carries out what on a
    day (the rules of procedures.organisation), each department's sub-units, and where a dossier's code
    is in its year."""

    catalogue: Catalogue
    organisation: Organisation
    carried: Mapping[int, CarriedProcedure]
    departments: Mapping[str, Department]
    handlers: Mapping[str, list[Department]]
    calendar: WorkingCalendar
    now: datetime
    centre: Department | None
    sequence: dict[tuple[str, int], int] = field(default_factory=dict)
    flows: dict[tuple[str, int], int] = field(default_factory=dict)

    def next_code(self, prefix: str, year: int) -> str:
        key = (prefix, year)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        return f"{prefix}-{year}-{self.sequence[key]:06d}"


def dossier_batch(
    *,
    specs: list[ProcedureSpec],
    procedures: Mapping[str, Procedure],
    carried: Mapping[int, CarriedProcedure],
    departments: Mapping[str, Department],
    organisation: Organisation,
    now: datetime,
) -> DossierBatch:
    """Every demo dossier received from FIRST_DAY to yesterday, unsaved, with its supplement requests.

    A year's receipts come from that year's own seed and each dossier's details from its place in its
    unit's flow, so the dossiers of a past day are the same whatever day the demo is loaded on; only
    whether a dossier is finished yet depends on `now`. A unit's flow goes on after the unit ends, under
    the unit that took the procedure's field over on the day (a district's stops: nobody carries out
    district-level procedures after 30/06/2025).
    """
    catalogue: Catalogue = {}
    for spec in specs:
        chosen, popularity = catalogue.setdefault(spec.department or spec.level, ([], []))
        chosen.append(procedures[spec.code])
        popularity.append(spec.popularity)
    province = _Province(
        catalogue=catalogue,
        organisation=organisation,
        carried=carried,
        departments=departments,
        handlers={
            agency.code: [
                departments[f"{agency.code}-{suffix}"] for suffix, _ in agency.divisions + agency.units
            ]
            for agency in AGENCIES
        },
        calendar=load_calendar(),
        now=now,
        centre=next((d for d in departments.values() if d.kind == Department.Kind.SERVICE_CENTRE), None),
    )
    batch = DossierBatch()
    sample_handlers = [departments[SAMPLE_DEPARTMENT], *province.handlers[SAMPLE_DEPARTMENT]]
    for dossier in _sample_dossiers(catalogue[SAMPLE_DEPARTMENT][0], sample_handlers, province.calendar):
        dossier.code = province.next_code(SAMPLE_DEPARTMENT, dossier.received_on.year)
        batch.dossiers.append(dossier)
    for year in range(FIRST_DAY.year, timezone.localdate(now).year + 1):
        _year(batch, year, province)
    return batch


def _year(batch: DossierBatch, year: int, province: _Province) -> None:
    """The year's random dossiers, day by day and flow by flow, added to the batch."""
    year_rng = random.Random(f"{SEED}:{year}")
    last = min(date(year, 12, 31), timezone.localdate(province.now) - timedelta(days=1))
    flows = [agency for agency in AGENCIES if agency.daily]
    for day in working_days(province.calendar, date(year, 1, 1), last):
        for agency in flows:
            count = int(agency.daily) + (year_rng.random() < agency.daily % 1)
            if agency.code == SAMPLE_DEPARTMENT and day <= SAMPLE_PERIOD[1]:
                continue  # scripted by _sample_dossiers()
            for _ in range(count):
                drawn = _flow_dossier(province, agency, day)
                if drawn is None:
                    continue
                dossier, supplement = drawn
                batch.dossiers.append(dossier)
                if supplement:
                    batch.supplements.append(supplement)


def _flow_dossier(
    province: _Province, agency: Agency, day: date
) -> tuple[Dossier, SupplementRequest | None] | None:
    """The next dossier of an agency's flow, filed under the unit that carries its procedure out on the
    day (the agency, or its successor for the procedure's field); None when nobody does any more."""
    key = (agency.code, day.year)
    province.flows[key] = province.flows.get(key, 0) + 1
    rng = random.Random(f"{SEED}:{agency.code}-{day.year}-{province.flows[key]:06d}")
    chosen, popularity = province.catalogue[agency.code if agency.level == "province" else agency.level]
    procedure = rng.choices(chosen, weights=popularity)[0]
    organisation = province.organisation
    top_id = organisation.effective_unit(province.departments[agency.code].pk, procedure.field_id, day)
    if top_id is None or not organisation.carries(province.carried[procedure.pk], top_id, day):
        return None
    top = province.departments[organisation.units[top_id].code]
    sub_units = province.handlers[top.code]
    dossier, supplement = _dossier(
        rng,
        code=province.next_code(top.code, day.year),
        agency=agency,
        procedure=procedure,
        handler=rng.choice(sub_units) if sub_units and rng.random() < 0.6 else top,
        day=day,
        calendar=province.calendar,
        now=province.now,
    )
    centre = province.centre
    if (
        procedure.level == Procedure.Level.PROVINCE
        and centre is not None
        and centre.exists_on(day)
        and rng.random() < CENTRE_SHARE
    ):
        dossier.receiving_unit = centre
    return dossier, supplement


def _dossier(
    rng: random.Random,
    *,
    code: str,
    agency: Agency,
    procedure: Procedure,
    handler: Department,
    day: date,
    calendar: WorkingCalendar,
    now: datetime,
) -> tuple[Dossier, SupplementRequest | None]:
    today = timezone.localdate(now)
    online_share = min(0.9, agency.online + agency.online_growth * (day.year - FIRST_DAY.year))
    dossier = Dossier(
        code=code,
        procedure=procedure,
        department=handler,
        applicant=applicant(rng),
        channel=_channel(rng, procedure, online_share),
        received_at=_office_time(rng, day),
    )
    dossier.fill_derived(calendar)
    status, delay = _outcome(rng, agency)
    late = delay is not None and delay > 0
    supplement = None
    if status == Dossier.Status.RESOLVED and rng.random() < 0.12:
        supplement = _supplement(rng, dossier, calendar, today)
        if dossier.status == Dossier.Status.AWAITING_SUPPLEMENT:
            return dossier, supplement
    due = dossier.effective_due_on
    finish_day = _finish_day(rng, dossier, calendar, delay, supplement)
    if late and due < today and rng.random() < 0.35:
        dossier.apology_issued_on = due
        dossier.apology_due_on = calendar.add_working_days(due, min(delay, rng.randint(3, 10)))

    finished_at = _finish_time(rng, finish_day, dossier.received_at)
    if finished_at > now:
        return dossier, supplement  # still in progress today, within its deadline or overdue
    dossier.status, dossier.finished_at = status, finished_at
    if status == Dossier.Status.RESOLVED and rng.random() < 0.65:
        # A late result is twice as likely to leave the applicant dissatisfied.
        dissatisfied = agency.dissatisfied * (2 if late else 1)
        dossier.satisfaction = (
            Dossier.Satisfaction.DISSATISFIED if rng.random() < dissatisfied else _satisfied(rng)
        )
    dossier.fill_derived(calendar)
    return dossier, supplement


def _outcome(rng: random.Random, agency: Agency) -> tuple[str, int | None]:
    """The status a dossier ends in and, for a resolved one, working days after its deadline: -1 early,
    0 on the day, positive late (a few days mostly; a stuck dossier now and then, which keeps some overdue
    today)."""
    roll = rng.random()
    if roll < 0.035:
        return (Dossier.Status.WITHDRAWN if roll < 0.02 else Dossier.Status.REFUSED), None
    if roll < 0.035 + 0.965 * agency.late:
        return Dossier.Status.RESOLVED, rng.randint(1, 12) if rng.random() < 0.65 else rng.randint(40, 250)
    return Dossier.Status.RESOLVED, -1 if rng.random() < 0.6 else 0


def _supplement(
    rng: random.Random, dossier: Dossier, calendar: WorkingCalendar, today: date
) -> SupplementRequest | None:
    """A request to supplement the dossier within its time: still open today (the dossier waits), or
    answered, the deadline then moving by the working days it was paused, as the supply service does."""
    span = calendar.working_days_between(dossier.received_on, dossier.due_on)
    if not span:
        # Due the day it came in (a limit in hours): done at the desk, never sent back for more.
        return None
    requested = calendar.add_working_days(dossier.received_on, rng.randrange(span))
    supplied = calendar.add_working_days(requested, _supplement_days(rng))
    if requested > today:
        return None
    supplement = SupplementRequest(
        dossier=dossier, requested_on=requested, reason=rng.choice(SUPPLEMENT_REASONS)
    )
    if supplied > today:
        dossier.status, dossier.paused_on = Dossier.Status.AWAITING_SUPPLEMENT, requested
        return supplement
    supplement.supplied_on = supplied
    dossier.paused_days = calendar.working_days_between(requested, supplied)
    dossier.fill_derived(calendar)
    return supplement


def _finish_day(
    rng: random.Random,
    dossier: Dossier,
    calendar: WorkingCalendar,
    delay: int | None,
    supplement: SupplementRequest | None,
) -> date:
    due = dossier.effective_due_on
    if delay is None:
        return _working_day_in(rng, calendar, dossier.received_on, calendar.next_working_day(due))
    if delay < 0:
        start = supplement.supplied_on if supplement else dossier.received_on
        return _working_day_in(rng, calendar, start, due)
    return calendar.add_working_days(due, delay)


def _sample_dossiers(
    procedures: list[Procedure], handlers: list[Department], calendar: WorkingCalendar
) -> list[Dossier]:
    """The sample department's dossiers of its inspection period, outcome by outcome, in receipt order.

    Each is received and settled inside the period, except the ones still in progress at its end: those
    arrive in its last week with a deadline after it, and are resolved in time in the following days.
    """
    rng = random.Random(f"{SEED}:{SAMPLE_DEPARTMENT}")
    start, end = SAMPLE_PERIOD
    outcomes = (
        ["early"] * SAMPLE_FIGURES["resolved_early"]
        + ["on_time"] * SAMPLE_FIGURES["resolved_on_time"]
        + ["withdrawn"] * SAMPLE_FIGURES["withdrawn"]
    )
    rng.shuffle(outcomes)
    # Procedures here take at most 20 working days, so a receipt by 30/09 is settled by 31/10 at the latest.
    settled_days = working_days(calendar, start, date(end.year, 9, 30))
    receipts = list(zip(sorted(rng.sample(settled_days, len(outcomes))), outcomes, strict=True))
    late_days = working_days(calendar, end - timedelta(days=7), end - timedelta(days=1))
    receipts += [
        (rng.choice(late_days), "open") for _ in range(SAMPLE_FIGURES["in_progress_within_deadline"])
    ]
    rated = set(
        rng.sample(
            [i for i, (_, o) in enumerate(receipts) if o in ("early", "on_time")], SAMPLE_FIGURES["rated"]
        )
    )
    dossiers = [
        _sample_dossier(rng, procedures, handlers, calendar, day, outcome, rated=index in rated)
        for index, (day, outcome) in enumerate(receipts)
    ]
    return sorted(dossiers, key=lambda d: d.received_at)


def _sample_dossier(
    rng: random.Random,
    procedures: list[Procedure],
    handlers: list[Department],
    calendar: WorkingCalendar,
    day: date,
    outcome: str,
    *,
    rated: bool,
) -> Dossier:
    # Procedures of at least 6 working days: received in the last week, their deadline falls after it.
    procedure = rng.choice([p for p in procedures if outcome != "open" or p.processing_days >= 6])
    dossier = Dossier(
        procedure=procedure,
        department=rng.choice(handlers),
        applicant=applicant(rng),
        channel=_channel(rng, procedure, online_share=0.1),
        received_at=_office_time(rng, day),
        status=Dossier.Status.WITHDRAWN if outcome == "withdrawn" else Dossier.Status.RESOLVED,
    )
    dossier.fill_derived(calendar)
    due = dossier.effective_due_on
    if outcome == "early":
        finish_day = _working_day_in(rng, calendar, dossier.received_on, due)
    elif outcome == "on_time":
        finish_day = due
    elif outcome == "withdrawn":
        finish_day = _working_day_in(rng, calendar, dossier.received_on, calendar.next_working_day(due))
    else:
        end = SAMPLE_PERIOD[1]
        finish_day = _working_day_in(
            rng, calendar, calendar.next_working_day(end), calendar.next_working_day(due)
        )
    dossier.finished_at = _finish_time(rng, finish_day, dossier.received_at)
    if rated or outcome == "open":
        dossier.satisfaction = _satisfied(rng)
    dossier.fill_derived(calendar)
    return dossier


def _working_day_in(rng: random.Random, calendar: WorkingCalendar, start: date, end: date) -> date:
    """A working day from `start` (a working day) up to, not including, `end`."""
    return calendar.add_working_days(start, rng.randrange(max(1, calendar.working_days_between(start, end))))


def _office_time(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (07:30-11:30, 13:00-17:00 in the province's time zone)."""
    minute = rng.randrange(450, 690) if rng.random() < 0.6 else rng.randrange(780, 1020)
    return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60))))


def _finish_time(rng: random.Random, day: date, received_at: datetime) -> datetime:
    if day == timezone.localtime(received_at).date():
        closing = timezone.make_aware(datetime.combine(day, time(17)))
        return min(received_at + timedelta(minutes=rng.randint(15, 120)), closing)
    return _office_time(rng, day)


def _channel(rng: random.Random, procedure: Procedure, online_share: float) -> str:
    if procedure.online_level >= Procedure.OnlineLevel.PARTLY_ONLINE and rng.random() < online_share:
        return Dossier.Channel.ONLINE
    if procedure.accepts_postal and rng.random() < 0.12:
        return Dossier.Channel.POSTAL
    return Dossier.Channel.DIRECT


def _supplement_days(rng: random.Random) -> int:
    """Working days an applicant takes to supplement a dossier: mostly days, sometimes months."""
    roll = rng.random()
    if roll < 0.6:
        return rng.randint(2, 10)
    return rng.randint(20, 60) if roll < 0.9 else rng.randint(120, 250)


def _satisfied(rng: random.Random) -> str:
    return Dossier.Satisfaction.VERY_SATISFIED if rng.random() < 0.55 else Dossier.Satisfaction.SATISFIED
