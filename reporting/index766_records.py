"""The indicators of the national index (spec/index766.md) that no dossier holds: publication of
procedures (1.1, 1.2, 1.3), petitions (5.2, 5.3) and the declared electronic certified copies (4.2b).

Each function takes the target units, a period and a reporting structure, and answers each target's
measures (reporting.index766_rules.Measure) by department pk, and the whole province's under
DossierCount.PROVINCE (0). The queries are the same in number for one unit or all of them, whatever the
records: rows are read once, and what each unit counts is worked out in Python over the organisation.

Indicators 1.2, 1.3 and 4.2b are taken for a whole provincial department or commune (whole_unit): a
sub-unit (a division, a unit under a department) is answered its whole unit's figure."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from departments.models import Department
from procedures.calendar import WorkingCalendar, configured_cutoff_hour, due_date, province_time
from procedures.models import Petition, Procedure, PublicationItem
from procedures.organisation import FieldSet, Organisation, Unit
from procedures.selectors import load_calendar
from reporting.cache import organisation as current_organisation
from reporting.conditions import records_scope_q
from reporting.index766_rules import Measure
from reporting.models import Declaration, DossierCount
from reporting.procedure_counts import Group, carried_by
from reporting.results import Period
from reporting.structures import scope_units

PROVINCE = DossierCount.PROVINCE
Measures = dict[int, dict[str, Measure]]
# The records behind a measure, for the lists its figures open: the ids of those its numerator counts and
# of those its denominator counts (procedures for 1.1-1.3, petitions for 5.2 and 5.3).
Behind = tuple[frozenset[int], frozenset[int]]
Records = dict[int, dict[str, Behind]]

# Quyết định 766's limits, in working days: a decision published at least this long before its legal
# basis takes effect, and made public on the national database at most this long after it.
PUBLICATION_DAYS = 5
# A petition is handled within 15 working days of its receipt; refused within 2; a supplement asked for
# within 5.
PETITION_DAYS, REFUSAL_DAYS, SUPPLEMENT_DAYS = 15, 2, 5
# The kinds of unit whose figure 1.2, 1.3 and 4.2b are: a department, a commune (a district before 2025),
# the service centre.
WHOLE_KINDS = frozenset(
    {
        Department.Kind.AGENCY,
        Department.Kind.COMMUNE,
        Department.Kind.DISTRICT,
        Department.Kind.SERVICE_CENTRE,
    }
)


def record_measures(
    targets: list[Department], period: Period, structure: str, *, organisation: Organisation | None = None
) -> Measures:
    """Every measure of this module (1.1, 1.2, 1.3, 4.2b, 5.2, 5.3) of each target and the province."""
    organisation = organisation or current_organisation()
    calendar = load_calendar()
    answers: Measures = {pk: {} for pk in [*(t.pk for t in targets), PROVINCE]}
    for part in (
        publication_measures(targets, period, structure, organisation=organisation, calendar=calendar),
        petition_measures(targets, period, structure, organisation=organisation, calendar=calendar),
        certified_copy_measures(targets, period, structure, organisation=organisation),
    ):
        for pk, measures in part.items():
            answers[pk].update(measures)
    return answers


def whole_unit_of(organisation: Organisation, unit_id: int) -> int:
    """The department, commune (district) or service centre a unit is part of: itself when it is one;
    the root of its tree where none is above it."""
    chain = organisation.ancestors_and_self(organisation.units[unit_id])
    whole = [unit for unit in chain if unit.kind in WHOLE_KINDS]
    return (whole[-1] if whole else chain[0]).id


# -- 1.1, 1.2, 1.3: publication of procedures --------------------------------------------------------------------


def _working_days_before(calendar: WorkingCalendar, first: date, day: date) -> int:
    """Working days from `first` up to the day before `day`: a decision dated `first` came at least N
    working days before `day` ("ngày có hiệu lực − N ngày làm việc") when these are N or more."""
    return calendar.working_days_between(first - timedelta(days=1), day - timedelta(days=1))


@dataclass(frozen=True)
class _Publications:
    """The procedures in the period's decisions, those of them decided or made public late (any late
    decision makes the procedure late), and those public by the period's end, complete or not."""

    in_period: frozenset[int]
    decided_late: frozenset[int]
    public_late: frozenset[int]
    public: frozenset[int]
    complete: frozenset[int]


def _publications(period: Period, calendar: WorkingCalendar) -> tuple[_Publications, list[Group]]:
    """Three queries: the period's decision items, the procedures that can count (those in the period's
    decisions, and those whose completeness is known) with the count of their items, and their units."""
    in_period_items = PublicationItem.objects.filter(
        decision__decided_on__gte=period.start, decision__decided_on__lte=period.end
    )
    in_period, decided_late, public_late = set(), set(), set()
    for procedure_id, decided_on, effective_on, published_on in in_period_items.values_list(
        "procedure_id", "decision__decided_on", "basis_effective_on", "published_on"
    ):
        in_period.add(procedure_id)
        if _working_days_before(calendar, decided_on, effective_on) < PUBLICATION_DAYS:
            decided_late.add(procedure_id)
        if published_on is None or published_on > calendar.add_working_days(decided_on, PUBLICATION_DAYS):
            public_late.add(procedure_id)
    counted = Q(published_complete__isnull=False) | Q(pk__in=in_period_items.values("procedure_id"))
    rows = (
        Procedure.objects.filter(counted)
        .order_by()
        .values_list("pk", "level", "field_id", "published_complete")
        .annotate(
            items=Count("publications", filter=Q(publications__decision__decided_on__lte=period.end)),
            published=Count("publications", filter=Q(publications__published_on__lte=period.end)),
        )
    )
    units: dict[int, set[int]] = defaultdict(set)
    through = Procedure.units.through.objects.filter(
        Q(procedure__published_complete__isnull=False)
        | Q(procedure_id__in=in_period_items.values("procedure_id"))
    )
    for procedure_id, department_id in through.values_list("procedure_id", "department_id"):
        units[procedure_id].add(department_id)
    groups, public, complete = [], set(), set()
    for pk, level, field_id, published_complete, items, published in rows:
        # One group a procedure (shared_pk names it), for reporting.procedure_counts to say who carries it.
        groups.append(Group(frozenset(units[pk]), level, field_id, pk, ()))
        # A procedure no decision of the period's end or before names is taken as public since before the
        # records began; one that such decisions name, once one of them made it public by then.
        if published_complete is not None and (items == 0 or published > 0):
            public.add(pk)
            if published_complete:
                complete.add(pk)
    found = _Publications(
        frozenset(in_period),
        frozenset(decided_late),
        frozenset(public_late),
        frozenset(public),
        frozenset(complete),
    )
    return found, groups


def _as_measures(records: Records) -> Measures:
    return {
        pk: {
            code: Measure(len(numerator), len(denominator))
            for code, (numerator, denominator) in behind.items()
        }
        for pk, behind in records.items()
    }


def _publication_records(found: _Publications, own: set[int], whole: set[int]) -> dict[str, Behind]:
    decided = found.in_period & own
    published = found.in_period & whole
    public = found.public & whole
    return {
        "1.1": (decided - found.decided_late, decided),
        "1.2": (published - found.public_late, published),
        "1.3": (public & found.complete, public),
    }


def publication_measures(
    targets: list[Department],
    period: Period,
    structure: str,
    *,
    organisation: Organisation | None = None,
    calendar: WorkingCalendar | None = None,
) -> Measures:
    """1.1, 1.2 and 1.3 of each target and the province (publication_records, counted)."""
    return _as_measures(
        publication_records(targets, period, structure, organisation=organisation, calendar=calendar)
    )


def publication_records(
    targets: list[Department],
    period: Period,
    structure: str,
    *,
    organisation: Organisation | None = None,
    calendar: WorkingCalendar | None = None,
) -> Records:
    """The procedures behind 1.1, 1.2 and 1.3: each procedure once per unit, among those the unit carries out on the period's
    last day (reporting.procedure_counts' rules: its subtree, and in the current structure its
    predecessors in the fields that passed to it; a commune-level procedure listing no unit is every
    commune's); the province counts every procedure."""
    organisation = organisation or current_organisation()
    calendar = calendar or load_calendar()
    found, groups = _publications(period, calendar)
    wholes = {t.pk: whole_unit_of(organisation, t.pk) for t in targets}
    ids = list(dict.fromkeys([*(t.pk for t in targets), *wholes.values()]))
    carried = carried_by(organisation, groups, ids, period.end, structure) if ids else None
    carried_ids = {pk: {group.shared_pk for group in carried.by_target[pk]} for pk in ids} if carried else {}
    answers: Records = {
        t.pk: _publication_records(found, carried_ids[t.pk], carried_ids[wholes[t.pk]]) for t in targets
    }
    everything = {group.shared_pk for group in groups}
    answers[PROVINCE] = _publication_records(found, everything, everything)
    return answers


# -- 5.2, 5.3: petitions ------------------------------------------------------------------------------------------


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
    what each unit counts is worked out without a query (petition_measures)."""
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


def petition_measures(
    targets: list[Department],
    period: Period,
    structure: str,
    *,
    organisation: Organisation | None = None,
    calendar: WorkingCalendar | None = None,
) -> Measures:
    """5.2 and 5.3 of each target and the province (petition_records, counted)."""
    return _as_measures(
        petition_records(targets, period, structure, organisation=organisation, calendar=calendar)
    )


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
    answers[PROVINCE] = _petition_records(judged)
    return answers


def petition_scope_q(department: Department, *, structure: str, organisation: Organisation) -> Q:
    """The petitions a unit's 5.2 and 5.3 count, as a condition over petitions (for a list of them beside
    petition_records' ids): the dossiers' condition, which names a petition's unit and its procedure's
    field as it does a dossier's."""
    return records_scope_q(department, structure=structure, organisation=organisation)


# -- 4.2b: electronic certified copies --------------------------------------------------------------------------


def _latest_declared(period: Period) -> dict[int, str]:
    """Each unit's latest answer by the period's end. An answer stands until the unit declares again;
    a declaration that leaves it blank (declaring other figures) does not take it back."""
    rows = (
        Declaration.objects.filter(measured_on__lte=period.end)
        .exclude(e_certified_copies="")
        .order_by("department_id", "-measured_on")
        .values_list("department_id", "e_certified_copies")
    )
    latest: dict[int, str] = {}
    for department_id, declared in rows:
        latest.setdefault(department_id, declared)
    return latest


def certified_copy_measures(
    targets: list[Department], period: Period, structure: str, *, organisation: Organisation | None = None
) -> Measures:
    """4.2b: each target's whole unit's latest declaration by the period's end (in either structure: a
    declaration stays with the unit that made it). The province: the units in being at the period's end
    that offer, over those that certify copies and said whether they offer (a share, where a unit's
    figure is all or nothing); no data where none did."""
    organisation = organisation or current_organisation()
    latest = _latest_declared(period)
    answers: Measures = {
        t.pk: {"4.2b": Measure(declared=latest.get(whole_unit_of(organisation, t.pk), ""))} for t in targets
    }
    answering = [
        declared
        for pk, declared in latest.items()
        if declared in (Declaration.CertifiedCopies.OFFERED, Declaration.CertifiedCopies.NOT_OFFERED)
        and _in_being(organisation.units.get(pk), period.end)
    ]
    offering = answering.count(Declaration.CertifiedCopies.OFFERED)
    answers[PROVINCE] = {"4.2b": Measure(offering, len(answering)) if answering else Measure()}
    return answers


def _in_being(unit: Unit | None, day: date) -> bool:
    return unit is not None and unit.exists_on(day)
