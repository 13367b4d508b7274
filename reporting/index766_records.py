"""The indicators of the national index (spec/index766.md) that no dossier holds: publication of
procedures (1.1, 1.2, 1.3), petitions (5.2, 5.3, measured in reporting.index766_petitions) and the declared
electronic certified copies (4.2b).

Each function takes the target units, a period and a reporting structure, and answers each target's
measures (reporting.index766_rules.Measure) by department pk, and the whole province's under
DossierCount.PROVINCE (0). The queries are the same in number for one unit or all of them, whatever the
records: rows are read once, and what each unit counts is worked out in Python over the organisation.

Indicators 1.2, 1.3 and 4.2b are taken for a whole provincial department or commune (whole_unit): a
sub-unit (a division, a unit under a department) is answered its whole unit's figure."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from departments.models import Department
from procedures.calendar import WorkingCalendar
from procedures.models import Procedure, PublicationItem
from procedures.organisation import Organisation, Unit
from procedures.selectors import load_calendar
from reporting.cache import organisation as current_organisation
from reporting.index766_petitions import petition_records
from reporting.index766_rules import Behind, Measure, Measures, Records, measures_of
from reporting.models import Declaration, DossierCount
from reporting.procedure_counts import Group, carried_by
from reporting.results import Period

PROVINCE = DossierCount.PROVINCE

# Quyết định 766's limits, in working days: a decision published at least this long before its legal
# basis takes effect, and made public on the national database at most this long after it.
PUBLICATION_DAYS = 5
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
        measures_of(
            publication_records(targets, period, structure, organisation=organisation, calendar=calendar)
        ),
        measures_of(
            petition_records(targets, period, structure, organisation=organisation, calendar=calendar)
        ),
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


def _publication_records(found: _Publications, own: set[int], whole: set[int]) -> dict[str, Behind]:
    decided = found.in_period & own
    published = found.in_period & whole
    public = found.public & whole
    return {
        "1.1": (decided - found.decided_late, decided),
        "1.2": (published - found.public_late, published),
        "1.3": (public & found.complete, public),
    }


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
