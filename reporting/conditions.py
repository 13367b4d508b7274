"""The conditions behind every count: the timeliness rules of spec/domain.md, written once as Q objects.

The same condition serves the drill-down list of a figure (the records it counted) and the check of
the summary table against the raw rows; the summary's triggers (reporting.dossier_counts) restate
them as events."""

from datetime import date

from django.db.models import F, Q, QuerySet

from departments.models import Department
from procedures.models import Dossier, Procedure
from procedures.organisation import FieldSet, Organisation
from reporting.results import Period
from reporting.structures import scope_units

RESOLVED, WITHDRAWN, REFUSED = Dossier.Status.RESOLVED, Dossier.Status.WITHDRAWN, Dossier.Status.REFUSED
SATISFIED_VALUES = [Dossier.Satisfaction.VERY_SATISFIED, Dossier.Satisfaction.SATISFIED]


def dossier_conditions(period: Period) -> dict[str, Q]:
    """The condition behind every dossier count: the timeliness rules of spec/domain.md."""
    start, end = period.start, period.end
    received = Q(received_on__gte=start, received_on__lte=end)
    finished = Q(finished_on__gte=start, finished_on__lte=end)
    resolved = finished & Q(status=RESOLVED)
    late = resolved & Q(finished_on__gt=F("effective_due_on"))
    open_at_end = Q(received_on__lte=end) & (Q(finished_on__isnull=True) | Q(finished_on__gt=end))
    # A dossier waiting for the applicant at the end of the period has its clock stopped: it is within
    # its deadline if the pause began before the deadline had passed.
    paused_in_time = Q(paused_on__lte=end) & Q(paused_on__lte=F("effective_due_on"))
    not_paused_in_time = (
        Q(paused_on__isnull=True) | Q(paused_on__gt=end) | Q(paused_on__gt=F("effective_due_on"))
    )
    return {
        "received": received,
        "received_online": received & Q(channel=Dossier.Channel.ONLINE),
        "received_direct": received & Q(channel=Dossier.Channel.DIRECT),
        "received_postal": received & Q(channel=Dossier.Channel.POSTAL),
        "carried_over": Q(received_on__lt=start) & (Q(finished_on__isnull=True) | Q(finished_on__gte=start)),
        "resolved": resolved,
        "resolved_early": resolved & Q(finished_on__lt=F("effective_due_on")),
        "resolved_on_time": resolved & Q(finished_on=F("effective_due_on")),
        "resolved_late": late,
        "late_with_apology": late & Q(apology_issued_on__isnull=False),
        "withdrawn": finished & Q(status=WITHDRAWN),
        "refused": finished & Q(status=REFUSED),
        "in_progress": open_at_end,
        "in_progress_within_deadline": open_at_end & (Q(effective_due_on__gte=end) | paused_in_time),
        "in_progress_overdue": open_at_end & Q(effective_due_on__lt=end) & not_paused_in_time,
        "rated": resolved & ~Q(satisfaction=""),
        "satisfied": resolved & Q(satisfaction__in=SATISFIED_VALUES),
        # The DVCQG rule (spec/index766.md, indicator 2.1), on each dossier's stored standing: finished on
        # time whatever the outcome, and unfinished at the end of the period's last day yet late.
        "dvcqg_on_time": finished & Q(dvcqg_on_time=True),
        "dvcqg_in_progress_late": open_at_end & Q(dvcqg_late_on__lte=end),
    }


def index_dossier_conditions(period: Period) -> dict[str, Q]:
    """The dossiers behind the national index's counts (spec/index766.md), each received in the period:
    the summary's index flows (reporting.dossier_counts.FLOWS_INDEX) and the records a count opens."""
    received = Q(received_on__gte=period.start, received_on__lte=period.end)
    paper = Q(procedure__requires_paper_result=True)
    result_if_paper = ~paper | Q(electronic_result=True)
    fee_due = Q(procedure__has_fees=True) & (Q(fee_amount__isnull=True) | ~Q(fee_amount=0))
    return {
        "synced": received & Q(synced_to_dvcqg=True),
        "online_counted": received & Q(channel=Dossier.Channel.ONLINE) & result_if_paper,
        "fee_due": received & fee_due,
        "fee_paid_online": received & fee_due & Q(paid_online=True),
        "paper_required": received & paper,
        "paper_e_result": received & paper & Q(electronic_result=True),
        "digitised_complete": received & Q(digitised=True) & result_if_paper,
        "reused": received & Q(reused_data=True),
        "from_store": received & Q(dvcqg_store=True),
        "population": received & Q(population_data=True),
        "dissatisfied_received": received & Q(satisfaction=Dossier.Satisfaction.DISSATISFIED),
    }


def relevant_dossiers(period: Period) -> Q:
    """Every dossier any count of the period can include: received by its end, not finished before it."""
    return Q(received_on__lte=period.end) & (Q(finished_on__isnull=True) | Q(finished_on__gte=period.start))


def procedure_conditions() -> dict[str, Q]:
    reduced = Q(reduced_days__isnull=False, reduced_days__lt=F("statutory_days"))
    return {
        "procedures_total": Q(),
        "procedures_reduced": reduced,
        "procedures_level3": Q(online_level=3),
        "procedures_level4": Q(online_level=4),
        "procedures_postal": Q(accepts_postal=True),
    }


def index_procedure_conditions() -> dict[str, Q]:
    """The procedures behind the national index's catalogue counts (3.1, 3.2, 3.5, 3.5b, 4.5a)."""
    return {
        "carried": Q(),
        "offered_online": Q(online_level__gte=Procedure.OnlineLevel.PARTLY_ONLINE),
        "with_fees": Q(has_fees=True),
        "fees_integrated": Q(has_fees=True, fees_integrated=True),
        "for_citizens": Q(serves_citizens=True),
    }


DOSSIER_CODES = list(dossier_conditions(Period(date.min, date.min)))
PROCEDURE_CODES = list(procedure_conditions())


def dossier_records(queryset: QuerySet, code: str, period: Period) -> QuerySet:
    """The records behind a dossier count: the drill-down from any figure."""
    return queryset.filter(relevant_dossiers(period) & dossier_conditions(period)[code])


def procedure_records(queryset: QuerySet, code: str) -> QuerySet:
    return queryset.filter(procedure_conditions()[code])


def overdue_dossiers_now(queryset: QuerySet, *, today: date) -> QuerySet:
    """The records behind today's overdue count. Open today means not finished (a return date after
    today is refused on entry), which lets the open dossiers' index find them by deadline."""
    return queryset.filter(
        dossier_conditions(Period(today, today))["in_progress_overdue"], finished_on__isnull=True
    )


def subtree_scope(departments: list[Department] | None, *, prefix: str = "department__") -> Q:
    """Records held by any of the departments or their sub-units; None means the whole province."""
    if departments is None:
        return Q()
    scope = Q(pk__in=[])
    for department in departments:
        scope |= Q(**{f"{prefix}path__startswith": department.path})
    return scope


def records_scope_q(
    department: Department, *, structure: str, organisation: Organisation, prefix: str = ""
) -> Q:
    """The dossiers a unit's figures count in a structure, as a condition for the list behind a figure:
    its subtree's, and in the current structure each predecessor's subtree's (Organisation.sources) in
    the fields that passed to it. `prefix` leads from the listed model to the dossier ("" for dossiers).
    Pages (dashboards) filter their record lists with it, so that a list holds exactly what was counted.

    Written by unit ids, grouped by the fields they count in (reporting.structures.scope_units): a
    handful of `department_id IN (…)` that PostgreSQL reads through the dossiers' unit index, where
    conditions on the units' paths (a district's subtree less each of its thirty communes) had it read
    every dossier of the district and test each one against them (a merged commune's latest ten at a
    million dossiers: 8,610 rows read for them)."""
    groups: dict[FieldSet, list[int]] = {}
    for unit_id, fields in scope_units(organisation, department.pk, structure).items():
        groups.setdefault(fields, []).append(unit_id)
    scope = Q(pk__in=[])
    for fields, unit_ids in groups.items():
        scope |= Q(**{f"{prefix}department_id__in": sorted(unit_ids)}) & _in_fields(fields, prefix)
    return scope


def _in_fields(fields: FieldSet, prefix: str) -> Q:
    field = f"{prefix}procedure__field_id__in"
    if fields.only is not None:
        return Q(**{field: sorted(fields.only - fields.excluded)})
    if fields.excluded:
        return ~Q(**{field: sorted(fields.excluded)})
    return Q()
