"""The province-sized generator behind `make bench`, at a size a test can afford."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import User
from departments.models import Department
from procedures import rules
from procedures.models import (
    Dossier,
    Field,
    Petition,
    Procedure,
    PublicationDecision,
    Succession,
    SupplementRequest,
)
from procedures.selectors import load_calendar, load_organisation
from procedures.services import dossier_register
from reporting.models import Declaration, PeriodicReport
from sampledata.bench_pages import bench_units, carried_procedure
from sampledata.demo_organisation import dossier_errors, succession_errors

pytestmark = pytest.mark.django_db

ARGS = (
    "--departments",
    "5",
    "--communes",
    "10",
    "--procedures",
    "40",
    "--dossiers",
    "600",
    "--until",
    "2026-06-30",
)


def generate(*extra: str) -> str:
    out = StringIO()
    call_command("generate_province", *ARGS, *extra, stdout=out)
    return out.getvalue()


def snapshot() -> list[list[tuple]]:
    return [
        list(
            Dossier.objects.order_by("code").values_list(
                "code", "procedure__code", "department__code", "received_at", "finished_at", "status",
                "effective_due_on", "paused_on", *rules.NATIONAL_FACTS, "dvcqg_on_time", "dvcqg_late_on",
            )
        ),
        list(
            SupplementRequest.objects.order_by("dossier__code", "requested_on").values_list(
                "dossier__code", "requested_on", "supplied_on", "requested_at", "supplied_at"
            )
        ),
        list(
            Petition.objects.order_by("code").values_list(
                "code", "department__code", "dossier__code", "procedure__code", "category", "received_at",
                "refused_at", "supplement_requested_at", "finished_at", "published_at", "rating",
            )
        ),
        list(
            PublicationDecision.objects.order_by("number").values_list(
                "number", "decided_on", "items__procedure__code", "items__kind", "items__basis_effective_on",
                "items__published_on",
            )
        ),
        list(Declaration.objects.order_by("department__code", "measured_on").values_list(
            "department__code", "measured_on", "e_certified_copies"
        )),
    ]  # fmt: skip


def _empty_the_database() -> None:
    for model in (
        Petition,
        PublicationDecision,
        Dossier,
        SupplementRequest,
        PeriodicReport,
        Declaration,
        User,
        Succession,
        Procedure,
        Field,
    ):
        model.objects.all().delete()
    Department.objects.filter(parent__isnull=False).delete()
    Department.objects.all().delete()


def test_the_same_seed_gives_the_same_province():
    generate("--seed", "7")
    first = snapshot()
    assert len(first[0]) == 600
    assert all(first), "every kind of record is generated"
    _empty_the_database()
    generate("--seed", "7")
    assert snapshot() == first
    _empty_the_database()
    generate("--seed", "8")
    assert snapshot() != first


def test_generated_departments_have_their_tree_paths_and_dossiers_their_stored_dates():
    generate()
    for department in Department.objects.select_related("parent"):
        expected = f"{department.parent.path if department.parent else '/'}{department.code}/"
        assert department.path == expected
    # The stored dates are those the model would compute itself.
    calendar = load_calendar()
    for dossier in Dossier.objects.select_related("procedure").order_by("?")[:50]:
        stored = (dossier.received_on, dossier.finished_on, dossier.computed_due_on, dossier.effective_due_on)
        dossier.fill_derived(calendar)
        assert stored == (
            dossier.received_on, dossier.finished_on, dossier.computed_due_on, dossier.effective_due_on
        )  # fmt: skip


def test_generating_into_a_database_that_has_data_is_refused(province):
    with pytest.raises(CommandError, match="đã có đơn vị"):
        generate()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_bench_refuses_a_database_that_is_not_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench")


def test_bench_refuses_an_empty_database():
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the bench refuses before it looks at the data")
    with pytest.raises(CommandError, match="generate_province"):
        call_command("bench")


def top_level_on(day: date, kind: str) -> int:
    return Department.objects.existing_on(day).filter(parent__isnull=True, kind=kind).count()


def test_the_generated_province_has_districts_and_small_communes_before_july_2025_and_fewer_agencies_after_march():
    generate()

    agency, commune, district = Department.Kind.AGENCY, Department.Kind.COMMUNE, Department.Kind.DISTRICT
    # --departments 5: one of them the merger on 01/03/2025 of two agencies that ended the day before.
    assert (top_level_on(date(2025, 2, 28), agency), top_level_on(date(2025, 3, 1), agency)) == (6, 5)
    # --communes 10: 30 smaller communes under one district until 30/06/2025, 10 top-level ones from 01/07.
    before, after = date(2025, 6, 30), date(2025, 7, 1)
    assert Department.objects.existing_on(before).filter(kind=commune, parent__kind=district).count() == 30
    assert (top_level_on(before, district), top_level_on(before, commune)) == (1, 0)
    assert (top_level_on(after, district), top_level_on(after, commune)) == (0, 10)
    assert Department.objects.filter(kind=Department.Kind.SERVICE_CENTRE).count() == 1
    # Two agencies into one, each old commune into its new one, the district into its seat's commune.
    assert Succession.objects.count() == 2 + 30 + 1
    assert Succession.objects.get(predecessor__kind=district).fields.count() == 4
    assert succession_errors(load_organisation(), dict(Field.objects.values_list("pk", "name"))) == []


def test_every_generated_dossier_passes_the_rulebook_and_commune_level_ones_follow_the_communes_in_being():
    generate()
    dossiers = Dossier.objects.all()
    carried = {
        p.pk: p.carried([u.pk for u in p.units.all()]) for p in Procedure.objects.prefetch_related("units")
    }

    assert (
        dossier_errors(list(dossiers), organisation=load_organisation(), carried=carried, now=timezone.now())
        == []
    )
    communal = dossiers.filter(procedure__level=Procedure.Level.COMMUNE)
    assert set(
        communal.filter(received_on__lt=date(2025, 7, 1)).values_list("department__parent__kind", flat=True)
    ) == {"district"}
    assert set(
        communal.filter(received_on__gte=date(2025, 7, 1)).values_list("department__parent", flat=True)
    ) == {None}
    assert not Procedure.units.through.objects.exclude(procedure__level=Procedure.Level.PROVINCE).exists()
    assert not dossiers.filter(
        procedure__level=Procedure.Level.DISTRICT, received_on__gt=date(2025, 6, 30)
    ).exists()
    assert dossiers.filter(receiving_unit__kind=Department.Kind.SERVICE_CENTRE).exists()
    assert not dossiers.filter(department__valid_to__lt=F("received_on")).exists()


def test_the_bench_measures_a_merged_agency_and_a_merged_commune_and_registers_dossiers_under_them():
    generate()

    agency, commune = bench_units()

    assert (agency.code, agency.valid_from, agency.inherited.count()) == ("S05", date(2025, 3, 1), 2)
    # Three old communes and the district at its seat.
    assert (commune.code, commune.valid_from, commune.inherited.count()) == ("X001", date(2025, 7, 1), 4)
    for unit in (agency, commune):
        dossier = dossier_register(
            code=f"BENCH-{unit.code}",
            procedure=carried_procedure(unit),
            department=unit,
            channel=Dossier.Channel.ONLINE,
            received_at=timezone.now(),
        )
        assert dossier.department == unit


def test_generated_procedures_carry_the_national_index_facts_each_by_the_models_rules():
    generate()
    procedures = Procedure.objects.all()

    for procedure in procedures:
        procedure.full_clean()
    assert not procedures.filter(Q(fully_online_eligible=True) ^ Q(online_level=4)).exists()
    facts = procedures.aggregate(
        fees=Count("pk", filter=Q(has_fees=True)),
        integrated=Count("pk", filter=Q(fees_integrated=True)),
        paper=Count("pk", filter=Q(requires_paper_result=True)),
        citizens=Count("pk", filter=Q(serves_citizens=True)),
        unknown=Count("pk", filter=Q(published_complete=None)),
    )
    # Of the 40 procedures drawn with the default seed: fees for 16, taken online for 10 of them.
    assert facts == {"fees": 16, "integrated": 10, "paper": 33, "citizens": 20, "unknown": 3}
