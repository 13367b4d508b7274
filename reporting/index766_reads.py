"""The national index's reads of the dossiers kept across writes by unit and field (the summary's notes
of the pairs a write changed, reporting.cache.SummaryReads): 2.2, the mean processing time, for the
province; the procedures with a dossier of a kind (3.2, 3.5b, 4.5a); the dossiers a petition names
(5.4)."""

from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from departments.models import Department
from procedures.models import Dossier, Petition
from procedures.querysets import working_days_between
from procedures.selectors import load_calendar
from reporting.cache import memoised_catalogue, summary_reads
from reporting.cache import organisation as current_organisation
from reporting.conditions import records_scope_q
from reporting.index766_rules import Measure
from reporting.models import DossierCount
from reporting.results import Period


def refreshed(kept: dict, changed: set[tuple[int, int]], read: Callable[[Q], dict], prefix: str) -> dict:
    """A reading by (unit, field) with the pairs a write noted read again (`read` given the condition on
    them, `prefix` leading to the dossier). Every dossier written notes its own unit and field (and all
    fields, 0, and the units above it, which hold no dossier of theirs in that field or none at all)."""
    pairs = {(pk, field_id) for pk, field_id in changed if field_id != DossierCount.ALL_FIELDS}
    if not pairs:
        return kept
    among = Q(pk__in=[])
    for pk, field_id in sorted(pairs):
        among |= Q(**{f"{prefix}department_id": pk, f"{prefix}procedure__field_id": field_id})
    fresh = read(among)
    if all(kept.get(pair) == fresh.get(pair) for pair in pairs):
        # Nothing the write changed falls in the period: the same reading, which _index_now knows again.
        return kept
    result = {key: value for key, value in kept.items() if key not in pairs}
    result.update(fresh)
    return result


def processing_days(
    department: Department | None, period: Period, structure: str, *, by_procedure: bool = False
) -> dict[int | None, Measure]:
    """2.2: working days from receipt to the end of processing (its completion, else the return), less
    the days waiting for a supplement, of the dossiers received in the period and resolved with a result,
    their total over their number (None: all procedures; with `by_procedure`, each procedure's too).

    Summed by the database, each dossier's days looked up on the working-day calendar's ranks. The
    province's, by unit and field, is kept across writes as the summary's reads are: a dossier saved
    reads its own unit and field again, not a year of the province (350,000 dossiers: 0.4 s)."""
    if department is None and not by_procedure:
        days = count = 0
        for pair_days, pair_count in _processing_pairs(period).values():
            days, count = days + pair_days, count + pair_count
        return {None: Measure(days, count, value=mean(days, count))}
    scope = (
        Q()
        if department is None
        else records_scope_q(department, structure=structure, organisation=current_organisation())
    )
    key = "procedure_id" if by_procedure else "status"
    # Without procedures, grouped by the status the filter holds to one value: one row.
    rows = _processed(scope, period).values_list(key).annotate(days=Sum("spent"), dossiers=Count("pk"))
    found = {pk: (int(days or 0), dossiers) for pk, days, dossiers in rows}
    total = (sum(days for days, _n in found.values()), sum(n for _days, n in found.values()))
    measures = {None: Measure(*total, value=mean(*total))}
    if by_procedure:
        measures |= {pk: Measure(days, n, value=mean(days, n)) for pk, (days, n) in found.items()}
    return measures


def _processed(among: Q, period: Period):
    """The dossiers 2.2 counts, each with its working days spent."""
    ended = Coalesce(
        TruncDate("processing_completed_at", tzinfo=timezone.get_default_timezone()), F("finished_on")
    )
    calendar = memoised_catalogue(("calendar",), load_calendar)
    # No dossier ends after today (the rulebook refuses a future return or completion).
    last = max(period.end, timezone.localdate())
    working = working_days_between(F("received_on"), ended, calendar=calendar, first=period.start, last=last)
    return (
        Dossier.objects.filter(
            among,
            status=Dossier.Status.RESOLVED,
            finished_on__isnull=False,
            received_on__gte=period.start,
            received_on__lte=period.end,
        )
        .order_by()
        .annotate(spent=Greatest(Value(0), working - F("paused_days")))
    )


def _processing_pairs(period: Period) -> dict[tuple[int, int], tuple[int, int]]:
    return summary_reads.get(
        ("index766_processing", period.start, period.end),
        lambda: _read_processing(period, Q()),
        lambda kept, changed: refreshed(kept, changed, lambda among: _read_processing(period, among), ""),
        until=period.end,
    )


def _read_processing(period: Period, among: Q) -> dict[tuple[int, int], tuple[int, int]]:
    rows = (
        _processed(among, period)
        .values_list("department_id", "procedure__field_id")
        .annotate(days=Sum("spent"), dossiers=Count("pk"))
    )
    return {(unit, field_id): (int(days or 0), dossiers) for unit, field_id, days, dossiers in rows}


def mean(total: int, count: int) -> float | None:
    """Two decimals, half up."""
    return float((Fraction(total, count) * 100 + Fraction(1, 2)) // 1 / 100) if count else None


# -- The procedures with a dossier of a kind, and the petitioned dossiers -----------------------------------


KINDS = {
    "online": Q(channel=Dossier.Channel.ONLINE),
    "paid_online": Q(paid_online=True),
    "population": Q(population_data=True),
}
# (unit, field) → procedure → the kinds of KINDS it had a dossier of in the period.
Activity = dict[tuple[int, int], dict[str, frozenset[int]]]


def kinds_received(period: Period) -> Activity:
    """The procedures with a dossier of each kind received in the period, by the dossiers' unit and
    field. Kept across writes as the summary's reads are (reporting.cache.SummaryReads): a dossier saved
    notes its unit and field, and only those are read again (a year of a province: 350,000 dossiers read
    in 0.3 s whole, a few dozen after a write)."""
    return summary_reads.get(
        ("index766_activity", period.start, period.end),
        lambda: _read_activity(period, Q()),
        lambda kept, changed: refreshed(kept, changed, lambda among: _read_activity(period, among), ""),
        until=period.end,
    )


def _read_activity(period: Period, among: Q) -> Activity:
    rows = (
        Dossier.objects.filter(among, received_on__gte=period.start, received_on__lte=period.end)
        .filter(KINDS["online"] | KINDS["paid_online"] | KINDS["population"])
        .order_by()
        .values_list("department_id", "procedure__field_id", "procedure_id")
        .annotate(**{kind: Count("pk", filter=q) for kind, q in KINDS.items()})
    )
    found: dict[tuple[int, int], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for department_id, field_id, procedure_id, *counts in rows:
        for kind, count in zip(KINDS, counts, strict=True):
            if count:
                found[(department_id, field_id)][kind].add(procedure_id)
    return {key: {kind: frozenset(ids) for kind, ids in kinds.items()} for key, kinds in found.items()}


def petition_groups(period: Period) -> dict[tuple[int, int], int]:
    """For 5.4: the dossiers received in the period that a petition names and that were not rated
    dissatisfied (those the summary counts already), by unit and field, kept across writes as the
    procedures with a dossier of a kind are: a dossier saved is read again for its unit and field, a
    petition written reads all again (it moves the catalogue version)."""
    return summary_reads.get(
        ("index766_petitioned", period.start, period.end),
        lambda: _read_petitioned(period, Q()),
        lambda kept, changed: refreshed(
            kept, changed, lambda among: _read_petitioned(period, among), "dossier__"
        ),
        until=period.end,
    )


def _read_petitioned(period: Period, among: Q) -> dict[tuple[int, int], int]:
    rows = (
        Petition.objects.filter(
            among, dossier__received_on__gte=period.start, dossier__received_on__lte=period.end
        )
        .exclude(dossier__satisfaction=Dossier.Satisfaction.DISSATISFIED)
        .order_by()
        .values_list("dossier__department_id", "dossier__procedure__field_id")
        .annotate(dossiers=Count("dossier", distinct=True))
    )
    return {(department_id, field_id): dossiers for department_id, field_id, dossiers in rows}
