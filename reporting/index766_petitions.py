"""The national index's petition indicators (5.2, 5.3): each petition judged on time or late at a
period's end, and the petitions behind each unit's figures and the province's (under
DossierCount.PROVINCE), in either reporting structure. reporting.index766_records gathers these with the
other measures no dossier holds."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from departments.models import Department
from procedures.calendar import WorkingCalendar, configured_cutoff_hour, due_date, province_time
from procedures.models import Petition
from procedures.organisation import FieldSet, Organisation
from procedures.selectors import load_calendar
from reporting.cache import organisation as current_organisation
from reporting.conditions import records_scope_q
from reporting.index766_rules import Behind, Records
from reporting.models import DossierCount
from reporting.results import Period
from reporting.structures import scope_units

# A petition is handled within 15 working days of its receipt; refused within 2; a supplement asked for
# within 5.
PETITION_DAYS, REFUSAL_DAYS, SUPPLEMENT_DAYS = 15, 2, 5


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class _Judged:
    """One petition as the period's petition indicators see it."""

    pk: int
    department_id: int
    field_id: int | None
    counted: bool  # received or processed in the period: 5.2's denominator
    on_time: bool
    received_in_period: bool
    dissatisfied: bool


def judge_petition(
    *,
    received_at: datetime,
    refused_at: datetime | None,
    supplement_requested_at: datetime | None,
    finished_at: datetime | None,
    period: Period,
    calendar: WorkingCalendar,
    cutoff_hour: int | None = None,
) -> tuple[bool, bool]:
    """(counted, on time) of a petition at the end of the period (indicator 5.2).

    Counted: received by the period's end, and refused or finished within the period or still open at
    its end. On time: refused within 2 working days of its receipt; finished within 15; still open with
    the 15th not passed at the period's end; and, where a supplement was asked for (by then), asked
    within 5. Working days count as a dossier's do (procedures.calendar.due_date: from the day of receipt,
    or the next working day). The time the petitioner took to supply is not held, so it is not left out."""

    def day_of(moment: datetime | None) -> date | None:
        return None if moment is None else province_time(moment).date()

    def deadline(days: int) -> date:
        return due_date(received_at, days, calendar, cutoff_hour=cutoff_hour)

    received_on = day_of(received_at)
    closed_on = day_of(refused_at or finished_at)
    if received_on > period.end:
        return False, False
    still_open = closed_on is None or closed_on > period.end
    if not still_open and closed_on < period.start:
        return False, False
    judged_on = period.end if still_open else closed_on
    asked_on = day_of(supplement_requested_at)
    if asked_on is not None and asked_on <= judged_on and asked_on > deadline(SUPPLEMENT_DAYS):
        return True, False
    if refused_at is not None and not still_open:
        return True, closed_on <= deadline(REFUSAL_DAYS)
    return True, judged_on <= deadline(PETITION_DAYS)


def _judged_petitions(period: Period, calendar: WorkingCalendar) -> list[_Judged]:
    """Every petition the period's figures can count, judged one by one. Petitions are few (hundreds a
    year in a province), so that reading them once and working out each one's limits in Python is cheap;
    what each unit counts is worked out without a query (petition_records)."""
    after_end = _start_of(period.end + timedelta(days=1))
    starts = _start_of(period.start)
    rows = (
        Petition.objects.filter(received_at__lt=after_end)
        .filter(
            Q(refused_at__isnull=True, finished_at__isnull=True)
            | Q(refused_at__gte=starts)
            | Q(finished_at__gte=starts)
        )
        .order_by()
        .values_list(
            "pk",
            "department_id",
            "procedure__field_id",
            "received_at",
            "refused_at",
            "supplement_requested_at",
            "finished_at",
            "rating",
        )
    )
    cutoff = configured_cutoff_hour()
    judged = []
    for pk, department_id, field_id, received_at, refused_at, asked_at, finished_at, rating in rows:
        counted, on_time = judge_petition(
            received_at=received_at,
            refused_at=refused_at,
            supplement_requested_at=asked_at,
            finished_at=finished_at,
            period=period,
            calendar=calendar,
            cutoff_hour=cutoff,
        )
        received_on = province_time(received_at).date()
        judged.append(
            _Judged(
                pk,
                department_id,
                field_id,
                counted,
                on_time,
                period.start <= received_on <= period.end,
                rating == Petition.Rating.DISSATISFIED,
            )
        )
    return judged


def _petition_records(petitions: list[_Judged]) -> dict[str, Behind]:
    counted = {p.pk for p in petitions if p.counted}
    on_time = {p.pk for p in petitions if p.counted and p.on_time}
    # Received in the period is within 5.2's count; one both late and rated dissatisfied is taken away
    # once.
    received = {p.pk for p in petitions if p.received_in_period}
    good = {p.pk for p in petitions if p.received_in_period and p.on_time and not p.dissatisfied}
    return {"5.2": (frozenset(on_time), frozenset(counted)), "5.3": (frozenset(good), frozenset(received))}


def _counts_for(fields: FieldSet, field_id: int | None) -> bool:
    """A petition about no procedure goes with its unit's records in every field but those passed to
    some other unit by name: as records_scope_q has it."""
    if field_id is None:
        return fields.only is None
    return field_id in fields


def petition_records(
    targets: list[Department],
    period: Period,
    structure: str,
    *,
    organisation: Organisation | None = None,
    calendar: WorkingCalendar | None = None,
) -> Records:
    """The petitions behind 5.2 and 5.3 of each target: the petitions of its subtree and, in the current structure, of its
    predecessors in the fields that passed to it (reporting.structures.scope_units, as dossiers are
    counted); the province counts every petition. petition_scope_q lists the same petitions."""
    organisation = organisation or current_organisation()
    calendar = calendar or load_calendar()
    judged = _judged_petitions(period, calendar)
    reached: dict[int, list[tuple[int, FieldSet]]] = defaultdict(list)
    for target in targets:
        for unit_id, fields in scope_units(organisation, target.pk, structure).items():
            reached[unit_id].append((target.pk, fields))
    by_target: dict[int, list[_Judged]] = {target.pk: [] for target in targets}
    for petition in judged:
        for target_id, fields in reached.get(petition.department_id, ()):
            if _counts_for(fields, petition.field_id):
                by_target[target_id].append(petition)
    answers: Records = {pk: _petition_records(petitions) for pk, petitions in by_target.items()}
    answers[DossierCount.PROVINCE] = _petition_records(judged)
    return answers


def petition_scope_q(department: Department, *, structure: str, organisation: Organisation) -> Q:
    """The petitions a unit's 5.2 and 5.3 count, as a condition over petitions (for a list of them beside
    petition_records' ids): the dossiers' condition, which names a petition's unit and its procedure's
    field as it does a dossier's."""
    return records_scope_q(department, structure=structure, organisation=organisation)
