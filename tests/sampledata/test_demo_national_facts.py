"""The demo dossiers' national facts (sampledata.demo_national.dossier_facts_draw): the contrasts a leader
reads on the index, facts the rulebook accepts, and supplement requests with their moments, some twice."""

import random
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from departments.models import Department
from procedures import rules
from procedures.calendar import province_time
from procedures.dvcqg import NationalStatus
from procedures.dvcqg_stored import dvcqg_standing
from procedures.models import Dossier, SupplementRequest
from procedures.office_hours import OfficeHours
from procedures.selectors import load_calendar
from sampledata.draws import office_moment, office_now

pytestmark = pytest.mark.django_db

# The index is read from 2025: the demo's facts reach their full shares then.
INDEX_FROM = date(2025, 1, 1)


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=StringIO())


def shares(dossiers: QuerySet[Dossier]) -> dict[str, float | None]:
    """Each fact's share in percent, over the dossiers the index divides it by (None: there are none)."""
    counts = dossiers.aggregate(
        total=Count("pk"),
        online=Count("pk", filter=Q(channel=Dossier.Channel.ONLINE)),
        resolved=Count("pk", filter=Q(status=Dossier.Status.RESOLVED)),
        electronic_result=Count("pk", filter=Q(electronic_result=True)),
        digitised=Count("pk", filter=Q(digitised=True)),
        reused_data=Count("pk", filter=Q(reused_data=True)),
        dvcqg_store=Count("pk", filter=Q(dvcqg_store=True)),
        population_data=Count("pk", filter=Q(population_data=True)),
        fee_due=Count("pk", filter=Q(fee_amount__gt=0, procedure__fees_integrated=True)),
        paid_online=Count("pk", filter=Q(paid_online=True)),
    )
    per = {"electronic_result": "resolved", "paid_online": "fee_due"}
    return {
        name: round(100 * counts[name] / whole, 1) if (whole := counts[per.get(name, "total")]) else None
        for name in counts
        if name not in ("total", "resolved", "fee_due")
    }


def since_2025(code: str) -> QuerySet[Dossier]:
    return Dossier.objects.for_department_tree(Department.objects.get(code=code)).filter(
        received_on__gte=INDEX_FROM
    )


def test_skhdt_is_strong_online_and_weak_on_digitisation_and_sxd_the_reverse(demo):
    skhdt, sxd = shares(since_2025("SKHDT")), shares(since_2025("SXD"))

    # Online service: the channel, electronic results, fees paid online, VNeID.
    assert skhdt["online"] >= 45 > 10 >= sxd["online"]
    assert skhdt["electronic_result"] >= 80 > 40 >= sxd["electronic_result"]
    # SXD takes no fee online (sampledata.demo_national.FEES_INTEGRATED).
    assert skhdt["paid_online"] >= 80 and sxd["paid_online"] is None
    assert skhdt["population_data"] >= 55 > 15 >= sxd["population_data"]
    # Digitisation: digitised components, their reuse, the citizen's DVCQG store.
    assert sxd["digitised"] >= 80 > 30 >= skhdt["digitised"]
    assert sxd["reused_data"] >= 40 > 10 >= skhdt["reused_data"]
    assert sxd["dvcqg_store"] > skhdt["dvcqg_store"]


def test_communes_take_dossiers_at_the_counter_with_small_fees_or_none(demo):
    dossiers = Dossier.objects.filter(department__kind=Department.Kind.COMMUNE, received_on__gte=INDEX_FROM)
    fees = dossiers.aggregate(
        total=Count("pk"),
        direct=Count("pk", filter=Q(channel=Dossier.Channel.DIRECT)),
        none=Count("pk", filter=Q(fee_amount__isnull=True)),
        free=Count("pk", filter=Q(fee_amount=0)),
        small=Count("pk", filter=Q(fee_amount__gt=0, fee_amount__lte=50_000)),
        larger=Count("pk", filter=Q(fee_amount__gt=50_000)),
    )

    assert fees["direct"] >= 0.7 * fees["total"]
    assert fees["none"] > fees["small"] > fees["free"] > 0
    assert fees["larger"] == 0


def test_national_facts_follow_the_portal_status_and_pass_the_rulebook(demo):
    now = timezone.now()
    dossiers = Dossier.objects.select_related("procedure")
    by_status = set(dossiers.values_list("status", "national_status").distinct())

    # A dossier in progress is merely received on its first working day, or may wait for its fee.
    assert by_status - {
        (Dossier.Status.IN_PROGRESS, NationalStatus.RECEIVED),
        (Dossier.Status.IN_PROGRESS, NationalStatus.FINANCIAL_OBLIGATION),
    } == {
        (Dossier.Status.RESOLVED, NationalStatus.RETURNED),
        (Dossier.Status.WITHDRAWN, NationalStatus.WITHDRAWN),
        (Dossier.Status.REFUSED, NationalStatus.STOPPED),
        (Dossier.Status.AWAITING_SUPPLEMENT, NationalStatus.SUPPLEMENT_REQUESTED),
        (Dossier.Status.IN_PROGRESS, NationalStatus.IN_PROGRESS),
    }
    for dossier in dossiers:
        facts = {name: getattr(dossier, name) for name in rules.NATIONAL_FACTS}
        assert not rules.national_problems(
            received_at=dossier.received_at, finished_at=dossier.finished_at, now=now, facts=facts
        ), dossier.code
        # Paid online only where there was a fee to pay and the procedure takes fees online.
        assert not dossier.paid_online or (dossier.fee_amount > 0 and dossier.procedure.fees_integrated)
        assert (dossier.fee_amount is None) == (not dossier.procedure.has_fees), dossier.code
    # Processing complete before the return for most resolved dossiers, a day or two before for some.
    resolved = dossiers.filter(status=Dossier.Status.RESOLVED)
    completed = resolved.filter(processing_completed_at__isnull=False)
    assert completed.count() >= 0.75 * resolved.count()
    assert not dossiers.exclude(status=Dossier.Status.RESOLVED).filter(processing_completed_at__isnull=False)
    days_before = [
        (province_time(d.finished_at).date() - province_time(d.processing_completed_at).date()).days
        for d in completed
    ]
    assert days_before.count(0) > len(days_before) / 2 and max(days_before) >= 2
    # Synced to DVCQG: most dossiers since 2025, none in 2019.
    synced = Dossier.objects.aggregate(
        new=Count("pk", filter=Q(received_on__gte=INDEX_FROM)),
        new_synced=Count("pk", filter=Q(received_on__gte=INDEX_FROM, synced_to_dvcqg=True)),
        first_year=Count("pk", filter=Q(received_on__year=2019, synced_to_dvcqg=True)),
    )
    assert synced["new_synced"] >= 0.9 * synced["new"] and synced["first_year"] == 0


def test_each_dossier_stores_the_dvcqg_standing_of_its_facts_and_requests(demo):
    calendar = load_calendar()
    dossiers = Dossier.objects.select_related("procedure").prefetch_related("supplements")

    for dossier in dossiers:
        found = dvcqg_standing(dossier, dossier.supplements.all(), calendar)
        assert (dossier.dvcqg_on_time, dossier.dvcqg_late_on) == (found.on_time, found.late_on), dossier.code
    # The two rules disagree on some dossiers both ways: a due time earlier than the close of office, a
    # pause counted in office time rather than days, processing complete before a late return.
    finished = Dossier.objects.filter(status=Dossier.Status.RESOLVED)
    assert finished.filter(dvcqg_on_time=False, finished_on__lte=F("effective_due_on")).exists()
    assert finished.filter(dvcqg_on_time=True, finished_on__gt=F("effective_due_on")).exists()


def in_office_hours(moment: datetime) -> bool:
    local = province_time(moment).time()
    return time(7, 30) <= local <= time(11, 30) or time(13, 30) <= local <= time(17)


def test_some_dossiers_ask_for_a_supplement_twice_and_every_moment_is_in_office_hours_on_its_day(demo):
    calendar = load_calendar()
    twice = Dossier.objects.annotate(requests=Count("supplements")).filter(requests=2)

    assert twice.count() >= 20
    # The DVCQG rule finds a dossier asked twice late, whatever Biểu 06a says of it.
    assert not twice.filter(finished_at__isnull=False).exclude(dvcqg_on_time=False).exists()
    for dossier in twice.prefetch_related("supplements"):
        first, second = dossier.supplements.all()
        # Asked again on the day the first came back: the working days paused are the one pause's.
        assert first.supplied_on == second.requested_on
        assert dossier.paused_days == calendar.working_days_between(first.requested_on, second.supplied_on)
        assert first.supplied_at <= second.requested_at
    for pause in SupplementRequest.objects.select_related("dossier"):
        dossier = pause.dossier
        assert province_time(pause.requested_at).date() == pause.requested_on
        assert in_office_hours(pause.requested_at) and pause.requested_at >= dossier.received_at
        if pause.supplied_on is None:
            assert pause.supplied_at is None
            continue
        assert province_time(pause.supplied_at).date() == pause.supplied_on
        assert in_office_hours(pause.supplied_at) and pause.supplied_at >= pause.requested_at
        assert dossier.finished_at is None or pause.supplied_at <= dossier.finished_at
        # Processing goes on once the supplement is in.
        completed = dossier.processing_completed_at
        assert completed is None or completed >= pause.supplied_at
    # Some dossiers of 2026 have a due time (NgayHenTra) on their due day; the same-day certified copies
    # have theirs from their limit in hours or half a day, every year.
    timed = Dossier.objects.filter(due_at__isnull=False).exclude(procedure__code__in=["2.000908", "2.000884"])
    assert timed.exists()
    assert not timed.filter(received_on__lt=date(2026, 1, 1)).exists()
    assert not timed.filter(due_at__lt=F("received_at")).exists()
    for dossier in timed:
        assert province_time(dossier.due_at).date() == dossier.due_on
        assert in_office_hours(dossier.due_at)


HOURS = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17))))


@pytest.mark.parametrize(
    ("earliest", "latest"),
    [(time(11, 45), None), (None, time(7, 0)), (time(16, 59, 59), None), (time(9), time(9, 0, 30))],
)
def test_an_office_moment_keeps_within_its_bounds_even_between_sessions(earliest, latest):
    day = date(2026, 3, 10)
    zone = timezone.get_default_timezone()

    def at(clock: time | None) -> datetime | None:
        return datetime.combine(day, clock, tzinfo=zone) if clock else None

    for seed in range(50):
        moment = office_moment(random.Random(seed), day, HOURS, earliest=at(earliest), latest=at(latest))
        assert earliest is None or moment >= at(earliest)
        assert latest is None or moment <= at(latest)


def test_the_communes_certified_copies_are_due_within_hours_and_the_dvcqg_rule_judges_them_by_the_clock(demo):
    copies = Dossier.objects.filter(procedure__code="2.000908")  # Chứng thực bản sao: 4 giờ làm việc
    signatures = Dossier.objects.filter(procedure__code="2.000884")  # Chứng thực chữ ký: 0,5 ngày
    assert copies.exists() and signatures.exists()
    assert (
        not copies.filter(due_at__isnull=True).exists()
        and not signatures.filter(due_at__isnull=True).exists()
    )
    # Half a day ends at the close of the morning session, 11:30, of the next working day.
    assert {province_time(d.due_at).time() for d in signatures} == {time(11, 30)}
    # Both verdicts appear: most copies are handed over in time, a few are not.
    assert copies.filter(dvcqg_on_time=True).exists() or signatures.filter(dvcqg_on_time=True).exists()
    assert Dossier.objects.filter(procedure__code__in=["2.000908", "2.000884"], dvcqg_on_time=False).exists()


@pytest.mark.parametrize(
    ("now", "stands_at"),
    [
        # In office hours, the moment itself.
        (datetime(2026, 11, 30, 9, 15), datetime(2026, 11, 30, 9, 15)),
        # At noon, the end of the morning; at half past midnight, the previous working day's close.
        (datetime(2026, 11, 30, 12, 40), datetime(2026, 11, 30, 11, 30)),
        (datetime(2026, 12, 1, 0, 37), datetime(2026, 11, 30, 17, 0)),
        # Before Monday's opening, Friday's close.
        (datetime(2026, 11, 30, 7, 0), datetime(2026, 11, 27, 17, 0)),
    ],
)
def test_the_demo_loaded_outside_office_hours_stands_as_at_the_last_office_moment(db, now, stands_at):
    zone = timezone.get_default_timezone()
    hours = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17))))
    moment = office_now(now.replace(tzinfo=zone), load_calendar(), hours)
    assert province_time(moment).replace(tzinfo=None) == stands_at
