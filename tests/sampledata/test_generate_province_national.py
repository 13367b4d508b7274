"""The province generator's data for the national index (sampledata.province_national and the dossiers'
facts drawn by sampledata.draws.national_draw): every fact filled with a share that varies, consistent
with the rulebook, and units that differ."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from departments.models import Department
from procedures.calendar import province_time
from procedures.dvcqg import STATUS_OF_PORTAL, NationalStatus
from procedures.dvcqg_stored import dvcqg_standing
from procedures.models import Dossier, Petition, Procedure, PublicationDecision, PublicationItem
from procedures.selectors import load_calendar
from reporting.models import Declaration

pytestmark = pytest.mark.django_db

ARGS = (
    "--departments", "5", "--communes", "10", "--procedures", "40", "--dossiers", "1500",
    "--until", "2026-06-30", "--seed", "4",
)  # fmt: skip
FACTS = (
    "electronic_result",
    "digitised",
    "reused_data",
    "dvcqg_store",
    "population_data",
    "paid_online",
    "synced_to_dvcqg",
)


@pytest.fixture
def generated() -> None:
    call_command("generate_province", *ARGS, stdout=StringIO())


def test_every_dossier_fact_is_filled_for_some_dossiers_and_not_for_others(generated):
    dossiers = Dossier.objects.all()
    total = dossiers.count()
    counts = dossiers.aggregate(
        **{name: Count("pk", filter=Q(**{name: True})) for name in FACTS},
        completed=Count("pk", filter=Q(processing_completed_at__isnull=False)),
        resolved=Count("pk", filter=Q(status=Dossier.Status.RESOLVED)),
        no_fee=Count("pk", filter=Q(fee_amount__isnull=True)),
        free=Count("pk", filter=Q(fee_amount=0)),
        fee=Count("pk", filter=Q(fee_amount__gt=0)),
        national=Count("pk", filter=Q(national_status__isnull=False)),
    )

    assert total == 1500
    for name in FACTS:
        assert 0 < counts[name] < total, name
    assert 0 < counts["completed"] < counts["resolved"]
    assert counts["no_fee"] > 0 and counts["free"] > 0 and counts["fee"] > 0
    assert counts["national"] == total
    # A procedure's dossiers all carry its fee, or none where it charges none.
    fees = dossiers.values("procedure").annotate(
        amounts=Count("fee_amount", distinct=True, filter=Q(fee_amount__gt=0))
    )
    assert {row["amounts"] for row in fees} <= {0, 1}
    assert not dossiers.filter(procedure__has_fees=False, fee_amount__isnull=False).exists()
    assert not dossiers.filter(procedure__has_fees=True, fee_amount__isnull=True).exists()


def test_national_status_stands_for_the_portal_status(generated):
    allowed = {
        status: {int(national)}
        | (
            {NationalStatus.RECEIVED, NationalStatus.FINANCIAL_OBLIGATION}
            if national == NationalStatus.IN_PROGRESS
            else set()
        )
        for status, national in STATUS_OF_PORTAL.items()
    }

    found: dict[str, set[int]] = {}
    for status, national in Dossier.objects.values_list("status", "national_status").distinct():
        found.setdefault(status, set()).add(national)

    for status, nationals in found.items():
        assert nationals <= allowed[status], status
    assert NationalStatus.RETURNED in found[Dossier.Status.RESOLVED]


def test_paid_online_only_where_a_fee_is_due_and_taken_online_and_processing_completes_by_the_return(
    generated,
):
    dossiers = Dossier.objects.all()

    assert not dossiers.filter(paid_online=True).exclude(fee_amount__gt=0).exists()
    assert not dossiers.filter(paid_online=True, procedure__fees_integrated=False).exists()
    assert dossiers.filter(fee_amount__gt=0, procedure__fees_integrated=True, paid_online=False).exists()
    assert not dossiers.filter(reused_data=True, digitised=False).exists()
    assert not dossiers.filter(electronic_result=True).exclude(status=Dossier.Status.RESOLVED).exists()
    completed = dossiers.filter(processing_completed_at__isnull=False)
    assert not completed.exclude(status=Dossier.Status.RESOLVED).exists()
    assert not completed.filter(processing_completed_at__gt=F("finished_at")).exists()
    assert not completed.filter(processing_completed_at__lt=F("received_at")).exists()
    # Processing completes after the last supplement came back.
    assert not completed.filter(supplements__supplied_at__gt=F("processing_completed_at")).exists()


def test_supplement_requests_have_their_moments_on_their_days_some_asked_twice(generated):
    dossiers = Dossier.objects.filter(supplements__isnull=False).distinct().prefetch_related("supplements")

    asked = Counter()
    for dossier in dossiers:
        pauses = list(dossier.supplements.all())
        asked[len(pauses)] += 1
        for pause in pauses:
            assert province_time(pause.requested_at).date() == pause.requested_on
            assert pause.requested_at >= dossier.received_at
            if pause.supplied_on is None:
                assert pause.supplied_at is None
            else:
                assert province_time(pause.supplied_at).date() == pause.supplied_on
                assert pause.supplied_at >= pause.requested_at
    assert asked[1] > 0 and asked[2] > 0 and set(asked) == {1, 2}
    # A dossier asked twice and finished is late by the DVCQG rule.
    twice = [d for d in dossiers if len(d.supplements.all()) == 2 and d.finished_at]
    assert twice and not any(d.dvcqg_on_time for d in twice)


def test_every_dossiers_stored_dvcqg_standing_is_the_rules_from_its_facts_and_requests(generated):
    calendar = load_calendar()
    dossiers = list(Dossier.objects.prefetch_related("supplements"))

    for dossier in dossiers:
        found = dvcqg_standing(dossier, list(dossier.supplements.all()), calendar)
        assert (dossier.dvcqg_on_time, dossier.dvcqg_late_on) == (found.on_time, found.late_on), dossier.code
    on_time = Counter(d.dvcqg_on_time for d in dossiers)
    assert on_time[True] > on_time[False] > 0 and on_time[None] > 0
    # Their processing complete before the due date, some returned late are on time by the DVCQG rule.
    assert any(
        d.dvcqg_on_time and d.finished_on > d.effective_due_on and d.processing_completed_at for d in dossiers
    )


def shares_by_unit(fact: str) -> dict[str, float]:
    """Each top-level agency's share of its dossiers received in 2026 with the fact, in percent."""
    rows = (
        Dossier.objects.filter(received_on__year=2026, department__kind=Department.Kind.AGENCY)
        .annotate(top=F("department__path"))
        .values_list("top", fact)
    )
    seen: dict[str, list[int]] = {}
    for path, value in rows:
        seen.setdefault(path.split("/")[1], []).append(bool(value))
    return {code: 100 * sum(values) / len(values) for code, values in seen.items() if len(values) >= 30}


def test_agencies_differ_on_online_service_and_on_digitisation(generated):
    e_result, digitised = shares_by_unit("electronic_result"), shares_by_unit("digitised")

    assert max(e_result.values()) - min(e_result.values()) > 25
    assert max(digitised.values()) - min(digitised.values()) > 25
    # One agency is strong on electronic results and weak on digitisation.
    assert any(e_result[code] > 60 and digitised[code] < 30 for code in e_result)


def test_publication_decisions_are_a_few_dozen_a_year_some_late_some_published_late(generated):
    calendar = load_calendar()
    items = list(PublicationItem.objects.select_related("decision"))
    by_year = Counter(d.decided_on.year for d in PublicationDecision.objects.all())

    assert set(by_year) == {2024, 2025, 2026}
    assert all(24 <= n <= 40 for n in by_year.values())
    decided_late = [
        i for i in items if calendar.add_working_days(i.decision.decided_on, 5) > i.basis_effective_on
    ]
    published_late = [
        i
        for i in items
        if i.published_on and i.published_on > calendar.add_working_days(i.decision.decided_on, 5)
    ]
    assert 0 < len(decided_late) < len(items)
    assert 0 < len(published_late) < len(items)
    assert any(i.published_on is None for i in items)
    assert set(i.kind for i in items) == set(PublicationItem.Kind.values)
    # District-level procedures are published only while the districts are in being.
    assert not PublicationItem.objects.filter(
        procedure__level=Procedure.Level.DISTRICT, decision__decided_on__gt=date(2025, 6, 30)
    ).exists()
    for record in [*PublicationDecision.objects.all(), *items]:
        record.full_clean()


def test_petitions_pass_the_rules_some_late_some_dissatisfied_some_about_a_dossier(generated):
    calendar, now = load_calendar(), timezone.now()
    petitions = list(Petition.objects.select_related("dossier", "department"))

    # At this size about one dossier in 12 draws a petition, on a unit of mean propensity; they gather on
    # a few units.
    assert len(petitions) == 90
    for petition in petitions:
        petition.full_clean()
        assert petition.received_at <= now
        assert petition.department.parent_id is None
    late = [
        p
        for p in petitions
        if p.finished_at
        and timezone.localdate(p.finished_at)
        > calendar.add_working_days(timezone.localdate(p.received_at), 15)
    ]
    about_dossier = [p for p in petitions if p.dossier]
    ratings = Counter(p.rating for p in petitions)
    assert 0 < len(late) < len(petitions)
    assert 0 < ratings[Petition.Rating.DISSATISFIED] < len(petitions) and ratings[""] > 0
    assert 0 < len(about_dossier) < len(petitions)
    for petition in about_dossier:
        assert petition.dossier.received_at <= petition.received_at
        assert petition.procedure_id == petition.dossier.procedure_id
        assert petition.dossier.department.path.startswith(petition.department.path)
    assert any(p.refused_at for p in petitions) and any(p.supplement_requested_at for p in petitions)
    # Received by 30/06/2026, each was settled or refused by now.
    assert all(p.refused_at or p.finished_at for p in petitions)
    # Petitions gather on some units more than others.
    per_unit = Counter(p.department_id for p in petitions).most_common()
    assert per_unit[0][1] >= 3 * per_unit[-1][1]


def test_units_declare_electronic_certified_copies_from_2025_communes_offering_them_or_not(generated):
    declared = Declaration.objects.filter(measured_on__year__gte=2025)
    communes = Counter(
        declared.filter(department__kind=Department.Kind.COMMUNE).values_list("e_certified_copies", flat=True)
    )
    agencies = declared.filter(department__kind=Department.Kind.AGENCY).values_list(
        "e_certified_copies", flat=True
    )

    assert (
        communes[Declaration.CertifiedCopies.OFFERED] > communes[Declaration.CertifiedCopies.NOT_OFFERED] > 0
    )
    # Of the agencies only the judicial department (the first, S01) certifies copies, and offers them.
    assert set(agencies.exclude(department__code="S01")) <= {"", Declaration.CertifiedCopies.NOT_CERTIFYING}
    assert set(agencies.filter(department__code="S01")) == {Declaration.CertifiedCopies.OFFERED}
    assert not Declaration.objects.filter(measured_on__year__lt=2025).exclude(e_certified_copies="").exists()
