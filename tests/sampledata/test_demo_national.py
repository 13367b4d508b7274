"""The demo's data for the national index (sampledata.demo_national): each figure worked out again here
from the rows and the working-day calendar, and every row judged by the model's own rules."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from procedures.calendar import WorkingCalendar
from procedures.models import Petition, Procedure, PublicationDecision, PublicationItem
from procedures.selectors import load_calendar
from reporting.models import Declaration

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=StringIO())


def fee_counts(**filters: object) -> tuple[int, int, int]:
    """(procedures, with fees, with fees integrated for online payment) among those filtered."""
    counts = Procedure.objects.filter(**filters).aggregate(
        total=Count("pk"),
        fees=Count("pk", filter=Q(has_fees=True)),
        integrated=Count("pk", filter=Q(fees_integrated=True)),
    )
    return counts["total"], counts["fees"], counts["integrated"]


def test_about_a_third_of_provincial_procedures_charge_fees_taken_online_by_skhdt_and_hardly_by_sxd(demo):
    assert fee_counts(level=Procedure.Level.PROVINCE) == (363, 114, 67)
    assert fee_counts(units__code="SKHDT") == (28, 10, 10)
    assert fee_counts(units__code="SXD") == (38, 11, 0)


def test_procedure_facts_have_realistic_shares_and_follow_the_online_level(demo):
    procedures = Procedure.objects.all()

    assert procedures.count() == 384
    # Most need a paper result; commune procedures are all for citizens, provincial ones mostly not.
    assert procedures.filter(requires_paper_result=True).count() == 334
    assert fee_counts(level=Procedure.Level.COMMUNE)[0] == 17
    assert procedures.filter(level=Procedure.Level.COMMUNE, serves_citizens=True).count() == 17
    assert procedures.filter(level=Procedure.Level.PROVINCE, serves_citizens=True).count() == 160
    # Eligible for fully online service exactly where the procedure is offered at level 4.
    assert not procedures.filter(Q(fully_online_eligible=True) ^ Q(online_level=4)).exists()
    assert procedures.filter(fully_online_eligible=True).count() == 76
    # Completeness on the national database: unknown for 36, known incomplete for 34, complete for the rest.
    assert Counter(procedures.values_list("published_complete", flat=True)) == {
        None: 36,
        False: 34,
        True: 314,
    }


def late_decision(item: PublicationItem, calendar: WorkingCalendar) -> bool:
    """Indicator 1.1's test: decided later than the legal basis' effective date less 5 working days."""
    return calendar.add_working_days(item.decision.decided_on, 5) > item.basis_effective_on


def public_on_time(item: PublicationItem, calendar: WorkingCalendar) -> bool:
    """Indicator 1.2's test: public on the national database within 5 working days of the decision."""
    return item.published_on is not None and item.published_on <= calendar.add_working_days(
        item.decision.decided_on, 5
    )


def test_publication_decisions_of_2025_and_2026_are_on_time_and_late_for_indicators_1_1_and_1_2(demo):
    calendar = load_calendar()
    figures = {}
    for year in (2025, 2026):
        items = list(
            PublicationItem.objects.filter(decision__decided_on__year=year).select_related("decision")
        )
        figures[year] = {
            "decisions": len({item.decision_id for item in items}),
            "procedures": len({item.procedure_id for item in items}),
            "decided_late": sum(late_decision(item, calendar) for item in items),
            "public_on_time": sum(public_on_time(item, calendar) for item in items),
            "not_public": sum(item.published_on is None for item in items),
        }

    # 2025: 45/QĐ-UBND (SKHDT, 6), 318/QĐ-UBND (STNMT, 8, decided 3 working days before its basis, 2
    # public late) and 1020/QĐ-UBND (communes, 5).
    assert figures[2025] == {
        "decisions": 3,
        "procedures": 19,
        "decided_late": 8,
        "public_on_time": 17,
        "not_public": 0,
    }
    # 2026: 125/QĐ-UBND (SXD, 6, decided 2 working days before its basis, 3 public late and 1 not yet),
    # 486/QĐ-UBND (SYT, 5, 1 public late) and 905/QĐ-UBND (communes, 4).
    assert figures[2026] == {
        "decisions": 3,
        "procedures": 15,
        "decided_late": 6,
        "public_on_time": 10,
        "not_public": 1,
    }
    assert set(PublicationItem.objects.values_list("kind", flat=True)) == set(PublicationItem.Kind.values)
    assert PublicationDecision.objects.get(decided_on=date(2026, 1, 20)).number == "125/QĐ-UBND"


def petition_state(petition: Petition, calendar: WorkingCalendar) -> str:
    """Where a petition stands, judged against indicator 5.2's limits in working days."""
    received = timezone.localdate(petition.received_at)
    if petition.refused_at:
        within = timezone.localdate(petition.refused_at) <= calendar.add_working_days(received, 2)
        return "refused on time" if within else "refused late"
    if petition.finished_at:
        within = timezone.localdate(petition.finished_at) <= calendar.add_working_days(received, 15)
        return "finished on time" if within else "finished late"
    if petition.supplement_requested_at:
        within = timezone.localdate(petition.supplement_requested_at) <= calendar.add_working_days(
            received, 5
        )
        return "supplement on time" if within else "supplement late"
    return "in progress"


def test_a_commune_has_a_dozen_petitions_in_2026_in_every_state_and_a_department_a_few(demo):
    calendar = load_calendar()
    petitions = Petition.objects.filter(received_at__year=2026).select_related("department", "dossier")
    by_unit = {code: [p for p in petitions if p.department.code == code] for code in ("XA-TANHOA", "SXD")}

    assert petitions.count() == 15
    commune = by_unit["XA-TANHOA"]
    assert Counter(petition_state(p, calendar) for p in commune) == {
        "finished on time": 5,
        "finished late": 3,
        "refused on time": 2,
        "supplement on time": 1,
        "in progress": 1,
    }
    assert Counter(p.category for p in commune) == {"regulation": 8, "conduct": 4}
    assert Counter(p.rating for p in commune) == {"": 6, "satisfied": 3, "dissatisfied": 3}
    # Three are about one of the commune's own dossiers, received before them, of the petition's procedure.
    about_dossiers = [p for p in commune if p.dossier]
    assert len(about_dossiers) == 3
    for petition in about_dossiers:
        assert petition.dossier.department_id == petition.department_id
        assert petition.dossier.received_at < petition.received_at
        assert petition.dossier.procedure_id == petition.procedure_id
    # Those about regulations name a procedure; those about conduct, only with a dossier.
    assert all(p.procedure_id for p in commune if p.category == Petition.Category.REGULATION)
    assert Counter(petition_state(p, calendar) for p in by_unit["SXD"]) == {
        "finished on time": 1,
        "finished late": 1,
        "in progress": 1,
    }
    assert [p.rating for p in by_unit["SXD"] if p.rating] == ["dissatisfied", "satisfied"]


def test_communes_declare_e_certified_copies_one_does_not_offer_them_and_of_departments_stp_offers_from_2026(
    demo,
):
    declared = Declaration.objects.filter(measured_on__year__gte=2025).exclude(e_certified_copies="")
    by_choice = {
        choice: sorted(
            set(declared.filter(e_certified_copies=choice).values_list("department__code", flat=True))
        )
        for choice in Declaration.CertifiedCopies.values
    }

    assert by_choice["offered"] == [
        "PHUONG-LONGTHANH",
        "STP",
        "TT-LONGTHANH",
        "XA-ANTHANH",
        "XA-BINHAN",
        "XA-HOABINH",
        "XA-MYLOC",
        "XA-PHUOCHUNG",
        "XA-TANHOA",
        "XA-TANPHU",
    ]
    assert by_choice["not_offered"] == ["STP", "XA-PHUOCTHANH"]
    assert declared.get(department__code="STP", e_certified_copies="offered").measured_on.year == 2026
    assert "SXD" in by_choice["not_certifying"] and "HUYEN-TANPHU" in by_choice["not_certifying"]
    # Before 2025 the index did not ask: nothing declared.
    assert not Declaration.objects.filter(measured_on__year__lt=2025).exclude(e_certified_copies="").exists()


def test_every_national_record_of_the_demo_passes_the_models_rules(demo):
    records = [
        *Procedure.objects.all(),
        *PublicationDecision.objects.all(),
        *PublicationItem.objects.all(),
        *Petition.objects.all(),
        *Declaration.objects.exclude(e_certified_copies=""),
    ]

    for record in records:
        record.full_clean()
    assert len(records) == 384 + 6 + 34 + 15 + 41
