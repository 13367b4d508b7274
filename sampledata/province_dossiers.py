"""The province generator's dossiers: years of receipts drawn from one seeded generator, with every stored
date derived by the rulebook (procedures.rules.derive, the function Dossier.fill_derived calls) and written
by the portal's one bulk writer of dossiers (procedures.writer).

That costs time against the hand-made tuples this replaced, whose dates came from a private index of
working days (generate_province, 200,000 dossiers on PostgreSQL, a shared 2-CPU machine, same rows):
25.4 s of Python CPU before, 38.1 s after. Two derivations per dossier (its due date is needed before its
outcome is drawn), the calendar's day-by-day walks and a model object per row for the writer make the
difference; the wall time, where COPY and the summary triggers weigh too, varied too much with the
machine's load to compare (48-237 s before, 72-320 s after).

Each dossier's national facts (sampledata.draws.national_draw, with the supplement requests' moments and
the petitions it prompts) cost 3.3 s of Python CPU per 200,000 dossiers: 17.5 s for drawing them against
14.2 s without the facts, the writing aside.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from operator import itemgetter

from django.utils import timezone

from departments.models import Department
from procedures import rules
from procedures.calendar import WorkingCalendar, configured_cutoff_hour
from procedures.dvcqg_stored import dvcqg_standing
from procedures.models import Dossier, Petition, Procedure, SupplementRequest
from procedures.office_hours import configured_office_hours
from procedures.organisation import Organisation
from procedures.writer import dossiers_insert, pauses_open
from sampledata.demo_reorganisation import COMMUNES_MERGED, DISTRICTS_END
from sampledata.draws import applicant, national_draw, pick, synced_share, weights, working_days
from sampledata.province_national import (
    petition_draw,
    petition_rate,
    petitions_write,
    procedure_fees,
    unit_profiles,
)
from sampledata.province_units import Shape

CHUNK = 50_000
SUPPLEMENT_REASON = "Bổ sung giấy tờ"
# Dossiers are built positionally, in the model's own column order: three times as fast as keywords,
# which counts at a million rows.
IN_FIELD_ORDER = itemgetter(*(field.attname for field in Dossier._meta.concrete_fields))
# What a dossier holds until something is drawn for it; the primary key comes from the database.
BLANK = {
    **rules.NEW_DOSSIER_DEFAULTS,
    "id": None,
    # Derived from the code and the applicant as the dossier is written (cchc_portal.folding).
    "search_text": "",
    "finished_at": None,
    "satisfaction": "",
    "version": 1,
    "apology_issued_on": None,
    "apology_due_on": None,
    "paused_on": None,
    "paused_days": 0,
    "due_at": None,
    # Filled once the dossier's supplement request is drawn (_dossier).
    "dvcqg_on_time": None,
    "dvcqg_late_on": None,
}
# Share of the agencies' dossiers the provincial service centre takes in.
CENTRE_SHARE = 0.3


def _singles(cumulative: list[float]) -> list[float]:
    """The weights behind cumulative ones."""
    return [b - a for a, b in zip([0.0, *cumulative], cumulative, strict=False)]


@dataclass
class Outcome:
    """How a dossier ends, drawn before its dates: the status it reaches and, for a resolved one, how many
    working days after its deadline (-1 early, 0 on the day, positive late)."""

    status: str
    delay: int | None


def _handlers(departments: dict[str, Department]) -> dict[int, list[Department]]:
    """Each agency's pk with the units that may handle its dossiers: itself, then its sub-units."""
    children: dict[int, list[Department]] = {}
    for department in departments.values():
        if department.parent_id:
            children.setdefault(department.parent_id, []).append(department)
    return {
        d.pk: [d, *children.get(d.pk, [])] for d in departments.values() if d.kind == Department.Kind.AGENCY
    }


class DossierGenerator:
    """Dossiers received on the working days of [first, last], each with its supplement request if any."""

    def __init__(
        self,
        rng: random.Random,
        *,
        procedures: list[Procedure],
        departments: dict[str, Department],
        units: Shape,
        organisation: Organisation,
        first: date,
        last: date,
        now: datetime,
        calendar: WorkingCalendar,
        national: random.Random,
    ) -> None:
        self.rng, self.procedures, self.now, self.calendar = rng, procedures, now, calendar
        # The national facts are drawn from a generator of their own (sampledata.province_national).
        self.national = national
        self.profiles = unit_profiles(national, departments)
        self.fees = procedure_fees(national, procedures)
        self.fees_integrated = {p.pk: p.fees_integrated for p in procedures}
        self.tops = {d.pk: d.parent_id or d.pk for d in departments.values()}
        self.petitions: list[Petition] = []
        self.petition_rate = 0.0
        self.organisation = organisation
        # The calendar walks day by day to count the working days between two dates; the same few
        # thousand spans come back all the time, so each is counted once.
        self.between = cache(calendar.working_days_between)
        self.today = timezone.localdate(now)
        # What timezone.make_aware would use, read once: looking up the active zone for each of two
        # moments per dossier took a tenth of the generator's time.
        self.zone = timezone.get_current_timezone()
        self.receipt_days = working_days(calendar, first, last)
        self.cutoff, self.hours = configured_cutoff_hour(), configured_office_hours()
        self.procedure_weights = weights(rng, len(procedures), 1.1)
        # After the districts ended nobody carries out a district-level procedure: drawn from the others.
        self.later_weights = list(
            accumulate(
                0 if p.level == Procedure.Level.DISTRICT else weight
                for p, weight in zip(procedures, _singles(self.procedure_weights), strict=True)
            )
        )
        self.handlers = _handlers(departments)
        self.local = {
            key: ([departments[code] for code in codes], weights(rng, len(codes), 0.8))
            for key, codes in (
                ("old", units.old_communes),
                ("new", units.new_communes),
                ("district", units.districts),
            )
        }
        self.centre = departments["TTPVHCC"].pk
        self.late_share = {d.pk: rng.uniform(0.02, 0.2) for d in departments.values()}
        self.names = [applicant(rng) for _ in range(5000)]
        self.sequence: dict[tuple[str, int], int] = {}

    def _moment(self, day: date, after: datetime | None = None) -> datetime:
        rng = self.rng
        minute = rng.randrange(450, 690) if rng.random() < 0.6 else rng.randrange(780, 1020)
        moment = datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)), tzinfo=self.zone)
        if after is not None and moment < after:
            moment = after + timedelta(minutes=rng.randint(15, 120))
        return moment

    def _derive(
        self, procedure: Procedure, received_at: datetime, finished_at: datetime | None, paused_days: int
    ) -> rules.Derived:
        return rules.derive(
            received_at=received_at,
            finished_at=finished_at,
            due_on=None,
            limit=procedure.time_limit,
            paused_days=paused_days,
            calendar=self.calendar,
            hours=self.hours,
            cutoff_hour=self.cutoff,
        )

    def chunks(self, count: int) -> Iterator[tuple[list[Dossier], list[SupplementRequest]]]:
        """`count` dossiers in receipt order, CHUNK at a time, with the supplement requests of each chunk."""
        rng = self.rng
        # More dossiers every year: receipt days are drawn with weights growing over the span.
        day_weights = list(
            accumulate(1 + index / len(self.receipt_days) for index in range(len(self.receipt_days)))
        )
        days = sorted(self.receipt_days[pick(rng, day_weights)] for _ in range(count))
        self.petition_rate = petition_rate(count)
        for start in range(0, count, CHUNK):
            dossiers, supplements = [], []
            for day in days[start : start + CHUNK]:
                dossier, pauses = self._dossier(day)
                dossiers.append(dossier)
                supplements += pauses
            yield dossiers, supplements

    def _first_values(self, day: date) -> dict:
        """Procedure, handling department, code, channel and moment of receipt, in the order drawn."""
        rng = self.rng
        later = day > DISTRICTS_END
        procedure = self.procedures[pick(rng, self.later_weights if later else self.procedure_weights)]
        department, top = self._unit(procedure, day)
        key = (top.code, day.year)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        online_share = min(0.9, 0.3 + 0.1 * (day.year - 2022))
        if procedure.online_level >= 3 and rng.random() < online_share:
            channel = Dossier.Channel.ONLINE
        elif procedure.accepts_postal and rng.random() < 0.12:
            channel = Dossier.Channel.POSTAL
        else:
            channel = Dossier.Channel.DIRECT
        receiving = procedure.level == Procedure.Level.PROVINCE and rng.random() < CENTRE_SHARE
        return {
            "procedure": procedure,
            "department": department,
            "receiving_unit_id": self.centre if receiving else None,
            "code": f"{key[0]}-{day.year}-{self.sequence[key]:07d}",
            "channel": channel,
            "received_at": self._moment(day),
        }

    def _unit(self, procedure: Procedure, day: date) -> tuple[Department, Department]:
        """The unit that resolves a dossier of the procedure received on the day, and its top-level unit:
        the listed agency or its successor (and one of its sub-units more often than not), or a commune
        (a district) in being."""
        rng = self.rng
        if procedure.level == Procedure.Level.PROVINCE:
            top_id = self.organisation.effective_unit(procedure.listed_id, procedure.field_id, day)
            handlers = self.handlers[top_id]
            department = handlers[0] if len(handlers) == 1 or rng.random() < 0.4 else rng.choice(handlers[1:])
            return department, handlers[0]
        if procedure.level == Procedure.Level.DISTRICT:
            pool, cumulative = self.local["district"]
        else:
            pool, cumulative = self.local["new" if day >= COMMUNES_MERGED else "old"]
        unit = pool[pick(rng, cumulative)]
        return unit, unit

    def _outcome(self, department: Department) -> Outcome:
        rng = self.rng
        roll = rng.random()
        if roll < 0.035:
            return Outcome(Dossier.Status.WITHDRAWN if roll < 0.02 else Dossier.Status.REFUSED, None)
        if roll < 0.035 + 0.965 * self.late_share[department.pk]:
            return Outcome(
                Dossier.Status.RESOLVED, rng.randint(1, 12) if rng.random() < 0.8 else rng.randint(40, 250)
            )
        return Outcome(Dossier.Status.RESOLVED, -1 if rng.random() < 0.6 else 0)

    def _pause(self, day: date, due: date) -> tuple[date, date] | None:
        """A request to supplement the dossier within its time, and the day the applicant answers it."""
        rng, calendar = self.rng, self.calendar
        if rng.random() >= 0.1:
            return None
        requested = calendar.add_working_days(day, rng.randrange(max(self.between(day, due), 1)))
        answer = rng.randint(2, 10) if rng.random() < 0.7 else rng.randint(20, 60)
        supplied = calendar.add_working_days(requested, answer)
        return (requested, supplied) if requested <= self.today else None

    def _finish_day(self, day: date, outcome: Outcome, effective: date, supplied: date | None) -> date:
        rng, calendar = self.rng, self.calendar
        if outcome.delay is None:
            return calendar.add_working_days(day, rng.randrange(self.between(day, effective) + 1))
        if outcome.delay < 0:
            start = supplied or day
            return calendar.add_working_days(start, rng.randrange(max(self.between(start, effective), 1)))
        return calendar.add_working_days(effective, outcome.delay)

    def _dossier(self, day: date) -> tuple[Dossier, list[SupplementRequest]]:
        dossier, pause = self._drawn(day)
        pauses = [pause] if pause else []
        profile = self.profiles[dossier.department_id]
        national_draw(
            self.national,
            dossier,
            pauses,
            shares=profile.shares,
            synced=synced_share(day.year) * profile.synced,
            fee=self.fees[dossier.procedure_id],
            fees_integrated=self.fees_integrated[dossier.procedure_id],
            first_day=dossier.status == Dossier.Status.IN_PROGRESS and self.between(day, self.today) <= 1,
            calendar=self.calendar,
            hours=self.hours,
            now=self.now,
        )
        # Last, from every fact the rule reads: the bulk writer stores the standing it is given.
        dossier.store_standing(dvcqg_standing(dossier, pauses, self.calendar))
        if self.national.random() < self.petition_rate * profile.petitions:
            petition = petition_draw(
                self.national,
                dossier,
                profile,
                unit_id=self.tops[dossier.department_id],
                sequence=len(self.petitions) + 1,
                calendar=self.calendar,
                hours=self.hours,
                now=self.now,
            )
            if petition is not None:
                self.petitions.append(petition)
        return dossier, pauses

    def _drawn(self, day: date) -> tuple[Dossier, SupplementRequest | None]:
        values = self._first_values(day)
        derived = self._derive(values["procedure"], values["received_at"], None, 0)
        outcome = self._outcome(values["department"])
        pause = self._pause(day, derived.due_on) if outcome.status == Dossier.Status.RESOLVED else None
        if pause and pause[1] > self.today:
            values.update(status=Dossier.Status.AWAITING_SUPPLEMENT, paused_on=pause[0])
            dossier = self._stored(values, derived)
            return dossier, SupplementRequest(
                dossier=dossier, requested_on=pause[0], reason=SUPPLEMENT_REASON
            )
        if pause:
            values["paused_days"] = self.between(*pause)
            derived = self._derive(values["procedure"], values["received_at"], None, values["paused_days"])
        finish_day = self._finish_day(day, outcome, derived.effective_due_on, pause[1] if pause else None)
        self._apology(values, outcome, derived.effective_due_on)
        finished_at = self._moment(finish_day, after=values["received_at"])
        if finished_at <= self.now:
            values.update(status=outcome.status, finished_at=finished_at)
            self._rating(values, outcome)
            derived = self._derive(
                values["procedure"], values["received_at"], finished_at, values.get("paused_days", 0)
            )
        else:
            values["status"] = Dossier.Status.IN_PROGRESS
        dossier = self._stored(values, derived)
        if not pause:
            return dossier, None
        return dossier, SupplementRequest(
            dossier=dossier, requested_on=pause[0], supplied_on=pause[1], reason=SUPPLEMENT_REASON
        )

    def _apology(self, values: dict, outcome: Outcome, effective: date) -> None:
        """A letter of apology for some late results, with a new date for the result."""
        rng = self.rng
        late = outcome.delay is not None and outcome.delay > 0
        if late and effective < self.today and rng.random() < 0.35:
            values["apology_issued_on"] = effective
            values["apology_due_on"] = self.calendar.add_working_days(
                effective, min(outcome.delay, rng.randint(3, 10))
            )

    def _rating(self, values: dict, outcome: Outcome) -> None:
        rng = self.rng
        if outcome.status == Dossier.Status.RESOLVED and rng.random() < 0.65:
            late = outcome.delay is not None and outcome.delay > 0
            values["satisfaction"] = (
                Dossier.Satisfaction.DISSATISFIED
                if rng.random() < (0.08 if late else 0.03)
                else (
                    Dossier.Satisfaction.VERY_SATISFIED
                    if rng.random() < 0.55
                    else Dossier.Satisfaction.SATISFIED
                )
            )

    def _stored(self, values: dict, derived: rules.Derived) -> Dossier:
        """The dossier as stored: what was drawn, an applicant's name, and the dates the rulebook derived."""
        stored = {
            **BLANK,
            "procedure_id": values.pop("procedure").pk,
            "department_id": values.pop("department").pk,
            "applicant": self.names[self.rng.randrange(len(self.names))],
            "received_on": derived.received_on,
            "finished_on": derived.finished_on,
            "due_on": derived.due_on,
            "computed_due_on": derived.computed_due_on,
            "effective_due_on": derived.effective_due_on,
            "due_at": derived.due_at,
            **values,
        }
        return Dossier(*IN_FIELD_ORDER(stored))


def write_dossiers(
    generator: DossierGenerator, count: int, progress: Callable[[int], None]
) -> tuple[int, int, int]:
    """Write the generator's dossiers and their supplement requests through the portal's bulk writer, a
    chunk at a time so that memory stays flat, then the petitions drawn with them; returns how many of
    each were written."""
    written = supplements = 0
    for dossiers, pauses in generator.chunks(count):
        dossiers_insert(dossiers, user=None, reason=None)
        pauses_open(pauses)
        written, supplements = written + len(dossiers), supplements + len(pauses)
        progress(written)
    return written, supplements, petitions_write(generator.petitions)
