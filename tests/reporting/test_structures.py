"""Figures in both reporting structures (spec/organisation.md), against values worked out by hand in the
comments: a merger, a split by field, a chain of successions, a commune-level procedure shared by two
communes, and a dossier received by the service centre for a department."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import Role
from departments.models import Department
from procedures.models import Dossier, Procedure
from procedures.organisation import CURRENT, HISTORICAL
from procedures.selectors import load_organisation
from reporting.conditions import DOSSIER_CODES, dossier_conditions, records_scope_q, relevant_dossiers
from reporting.form_06a import form_06a
from reporting.indicators import indicators_for_department, indicators_for_departments, indicators_with_total
from reporting.procedure_counts import carried_by, catalogue_groups, procedure_scope_q
from reporting.results import Period
from reporting.selectors import province_overview, record_listing
from reporting.structures import unit_sources
from reporting.trend import monthly_trend, overdue_now
from tests.factories import (
    local,
    make_department,
    make_dossier,
    make_field,
    make_procedure,
    make_succession,
    make_user,
)

pytestmark = pytest.mark.django_db

SINCE_2024 = Period(date(2024, 1, 1), date(2025, 12, 31))
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
COMMUNE = Department.Kind.COMMUNE


def ended(code: str, last_day: date, **fields) -> Department:
    return make_department(code, valid_to=last_day, **fields)


def begun(code: str, first_day: date, **fields) -> Department:
    return make_department(code, valid_from=first_day, **fields)


def figures(department: Department, period: Period, structure: str) -> dict:
    return indicators_for_department(department, period, structure=structure).values()


def dossiers(procedure: Procedure, department: Department, *days: tuple[int, int, int]) -> None:
    for day in days:
        make_dossier(procedure, department=department, received_at=local(*day))


@pytest.fixture
def merger(db):
    """Sở A and Sở B end on 28/02/2025 and merge into Sở C from 01/03/2025."""
    a, b = ended("SA", date(2025, 2, 28)), ended("SB", date(2025, 2, 28))
    c = begun("SC", date(2025, 3, 1))
    make_succession(a, c)
    make_succession(b, c)
    health, roads = make_field("Y tế"), make_field("Giao thông")
    of_a = make_procedure(a, field=health)
    of_b = make_procedure(b, field=roads, online_level=4)
    of_c = make_procedure(c, field=health, reduced_days=5)
    dossiers(of_a, a, (2024, 5, 6), (2024, 6, 3))
    dossiers(of_b, b, (2024, 7, 1))
    dossiers(of_c, c, (2025, 4, 1))
    return a, b, c


def test_a_merged_unit_reports_its_predecessors_records_in_the_current_structure_only(merger):
    a, b, c = merger
    # C: its own dossier of 01/04/2025, and A's two and B's one of 2024 in the current structure.
    assert figures(c, SINCE_2024, CURRENT)["received"] == 4
    assert figures(c, SINCE_2024, HISTORICAL)["received"] == 1
    # A ended, and keeps its own records in either structure.
    assert figures(a, SINCE_2024, CURRENT)["received"] == 2
    assert figures(a, SINCE_2024, HISTORICAL)["received"] == 2
    # The monthly trend and Biểu 06a add the same records: 2024 is A's and B's in the current structure.
    trend = {m.month: m.received for m in monthly_trend([c], YEAR_2024, structure=CURRENT)}
    assert (trend[date(2024, 5, 1)], trend[date(2024, 7, 1)], sum(trend.values())) == (1, 1, 3)
    assert sum(m.received for m in monthly_trend([c], YEAR_2024, structure=HISTORICAL)) == 0
    rows, total = form_06a(c, SINCE_2024, structure=CURRENT)
    assert {row.field: row.values["received_total"] for row in rows} == {"Giao thông": 1, "Y tế": 3}
    assert form_06a(c, SINCE_2024, structure=HISTORICAL)[1].values["received_total"] == 1


def test_procedures_are_counted_on_the_periods_last_day_for_whoever_carries_them_out(merger):
    a, b, c = merger
    # On 31/12/2025 C carries out its own procedure and, as their successor, A's and B's: 3, in either
    # structure (who carries a procedure out on a day does not depend on the structure); A none.
    assert figures(c, SINCE_2024, CURRENT)["procedures_total"] == 3
    assert figures(c, SINCE_2024, HISTORICAL)["procedures_total"] == 3
    assert figures(c, SINCE_2024, CURRENT)["procedures_level4"] == 1
    assert figures(a, SINCE_2024, HISTORICAL)["procedures_total"] == 0
    # On 31/12/2024 C did not exist: A and B carried out theirs, which C reports only in the current
    # structure; C's own procedure was carried out by nobody yet.
    assert figures(c, YEAR_2024, CURRENT)["procedures_total"] == 2
    assert figures(c, YEAR_2024, HISTORICAL)["procedures_total"] == 0
    assert figures(a, YEAR_2024, HISTORICAL)["procedures_total"] == 1
    assert figures(c, YEAR_2024, CURRENT)["procedures_reduced"] == 0


def test_the_ranking_in_the_current_structure_lists_only_units_in_being_on_the_last_day(merger):
    a, b, c = merger
    total, results = indicators_with_total([a, b, c], SINCE_2024, whole_province=True, structure=CURRENT)
    # The province counts each record once, whatever the structure: 4 dossiers, 3 procedures carried out.
    assert (total["received"].value, total["procedures_total"].value) == (4, 3)
    historical_total, _ = indicators_with_total(
        [a, b, c], SINCE_2024, whole_province=True, structure=HISTORICAL
    )
    assert historical_total["received"].value == 4
    # Added up over the units (not the whole province), C's predecessors are counted once too.
    total, _ = indicators_with_total([a, c], SINCE_2024, whole_province=False, structure=CURRENT)
    assert total["received"].value == 4
    total, _ = indicators_with_total([a, c], SINCE_2024, whole_province=False, structure=HISTORICAL)
    assert total["received"].value == 3
    in_being = [d.code for d in (a, b, c) if d.exists_on(SINCE_2024.end)]
    assert in_being == ["SC"]


@pytest.fixture
def split(db):
    """Sở P ends on 28/02/2025: field f1 goes to Sở Q, every other field to Sở R."""
    f1, f2, f3 = make_field("Báo chí"), make_field("Xuất bản"), make_field("Viễn thông")
    p = ended("SP", date(2025, 2, 28))
    q, r = make_department("SQ"), make_department("SR")
    make_succession(p, q, fields=(f1,))
    make_succession(p, r)
    press, publishing, telecom = (make_procedure(p, field=f) for f in (f1, f2, f3))
    dossiers(press, p, (2024, 3, 4), (2024, 3, 5))
    dossiers(publishing, p, (2024, 4, 1))
    dossiers(telecom, p, (2024, 4, 2))
    dossiers(make_procedure(q, field=f1), q, (2025, 3, 3))
    return p, q, r


def test_a_split_passes_each_field_to_its_successor(split):
    p, q, r = split
    # Q: its own dossier and P's two press dossiers; R: P's publishing and telecom dossiers.
    assert figures(q, SINCE_2024, CURRENT)["received"] == 3
    assert figures(r, SINCE_2024, CURRENT)["received"] == 2
    assert (
        figures(q, SINCE_2024, HISTORICAL)["received"],
        figures(r, SINCE_2024, HISTORICAL)["received"],
    ) == (1, 0)
    # Both read in one query, as one of them.
    both = indicators_for_departments([q, r], SINCE_2024, structure=CURRENT)
    assert (both[q.pk]["received"].value, both[r.pk]["received"].value) == (3, 2)
    rows, _total = form_06a(r, SINCE_2024, structure=CURRENT)
    assert {row.field: row.values["received_total"] for row in rows} == {"Viễn thông": 1, "Xuất bản": 1}
    # Procedures on 31/12/2024: P's press procedure counts for Q (beside Q's own, Q being in being then),
    # publishing and telecom for R, in the current structure only.
    assert figures(q, YEAR_2024, CURRENT)["procedures_total"] == 2
    assert figures(q, YEAR_2024, HISTORICAL)["procedures_total"] == 1
    assert figures(r, YEAR_2024, CURRENT)["procedures_total"] == 2
    assert figures(r, YEAR_2024, HISTORICAL)["procedures_total"] == 0
    assert figures(p, YEAR_2024, HISTORICAL)["procedures_total"] == 3
    # On 31/12/2025 the successors carry them out: Q its own and P's press procedure, R the other two.
    assert figures(q, SINCE_2024, HISTORICAL)["procedures_total"] == 2
    assert figures(r, SINCE_2024, HISTORICAL)["procedures_total"] == 2


def test_a_figures_drill_down_lists_exactly_the_records_it_counted(split):
    p, q, r = split
    organisation = load_organisation()

    def listed(unit: Department, structure: str) -> list[str]:
        scope = records_scope_q(unit, structure=structure, organisation=organisation)
        return sorted(Dossier.objects.filter(scope).values_list("procedure__field__name", flat=True))

    assert listed(r, CURRENT) == ["Viễn thông", "Xuất bản"]
    assert listed(q, CURRENT) == ["Báo chí", "Báo chí", "Báo chí"]
    assert listed(q, HISTORICAL) == ["Báo chí"]
    groups = catalogue_groups()
    carried = carried_by(organisation, groups, [q.pk, r.pk], YEAR_2024.end, CURRENT)
    procedures = Procedure.objects.filter(procedure_scope_q(carried.by_target[r.pk]))
    assert sorted(procedures.values_list("field__name", flat=True)) == ["Viễn thông", "Xuất bản"]


def test_the_list_a_figure_opens_holds_its_predecessors_records_in_the_current_structure(split):
    p, q, r = split
    leader = make_user("lanhdao", role=Role.LEADER)
    params = {"indicator": "received", "from": "2024-01-01", "to": "2025-12-31", "department": "SR"}

    def listed(records: str, **extra: str) -> list[str]:
        listing = record_listing(user=leader, params={**params, **extra}, records=records)
        assert listing.error == "" and listing.department == r
        return sorted(
            listing.rows.values_list(
                "procedure__field__name" if records == "dossiers" else "field__name", flat=True
            )
        )

    assert listed("dossiers") == ["Viễn thông", "Xuất bản"]
    assert listed("dossiers", structure="historical") == []
    # R's procedure figure for 2024 (taken on 31/12/2024): P's publishing and telecom procedures.
    assert listed("procedures", indicator="procedures_total", to="2024-12-31") == ["Viễn thông", "Xuất bản"]


def test_a_chain_of_successions_passes_the_first_units_records_to_the_last(db):
    # A ends on 28/02/2025 → B, which ends on 30/06/2025 → C.
    a = ended("CA", date(2025, 2, 28))
    b = make_department("CB", valid_from=date(2025, 3, 1), valid_to=date(2025, 6, 30))
    c = begun("CC", date(2025, 7, 1))
    make_succession(a, b)
    make_succession(b, c)
    of_a = make_procedure(a)
    dossiers(of_a, a, (2024, 9, 3))
    dossiers(make_procedure(b), b, (2025, 4, 1))
    dossiers(make_procedure(c), c, (2025, 8, 1), (2025, 8, 4))
    # C: its two, B's one and (through B) A's one; B: its own and A's.
    assert figures(c, SINCE_2024, CURRENT)["received"] == 4
    assert figures(b, SINCE_2024, CURRENT)["received"] == 2
    assert figures(c, SINCE_2024, HISTORICAL)["received"] == 2
    # On 31/12/2025 C carries out all three procedures; on 31/05/2025 B carries out A's and its own.
    assert figures(c, SINCE_2024, HISTORICAL)["procedures_total"] == 3
    spring = Period(date(2025, 1, 1), date(2025, 5, 31))
    assert figures(b, spring, HISTORICAL)["procedures_total"] == 2
    assert figures(c, spring, CURRENT)["procedures_total"] == 2
    assert figures(c, spring, HISTORICAL)["procedures_total"] == 0


@pytest.fixture
def communes(db):
    """Huyện H holds the communes X and Y; a birth registration (commune level, no unit listed) is carried
    out by both; a second commune-level procedure lists X only; a provincial one lists X and Y both."""
    h = make_department("HH", kind=Department.Kind.DISTRICT)
    x = make_department("XX", parent=h, kind=COMMUNE)
    y = make_department("XY", parent=h, kind=COMMUNE)
    agency = make_department("SNV")
    births = make_procedure(level=Procedure.Level.COMMUNE, online_level=4)
    make_procedure(x, level=Procedure.Level.COMMUNE)
    make_procedure(x, units=(y,), accepts_postal=True)
    make_procedure(agency)
    dossiers(births, x, (2025, 3, 3))
    dossiers(births, y, (2025, 3, 4), (2025, 3, 5))
    return h, x, y, agency


def test_a_procedure_carried_out_by_several_communes_counts_once_for_each_and_once_above(communes):
    h, x, y, agency = communes
    march = Period(date(2025, 3, 1), date(2025, 3, 31))
    counts = {
        unit.code: (result["procedures_total"].value, result["procedures_level4"].value)
        for unit, result in zip(
            (h, x, y, agency),
            indicators_for_departments([h, x, y, agency], march).values(),
            strict=True,
        )
    }
    # X: births, its own, the shared provincial one; Y: births and the shared one; H: those three once;
    # the agency its own.
    assert counts == {"HH": (3, 1), "XX": (3, 1), "XY": (2, 1), "SNV": (1, 0)}
    total, _ = indicators_with_total([h, agency], march, whole_province=True)
    assert (total["procedures_total"].value, total["procedures_postal"].value) == (4, 1)
    assert (total["received"].value, figures(h, march, CURRENT)["received"]) == (3, 3)


def test_many_units_cost_the_same_queries_as_one(communes, django_assert_max_num_queries):
    h, x, y, agency = communes
    march = Period(date(2025, 3, 1), date(2025, 3, 31))
    # The organisation (units, successions), dossier counts, procedure counts, report counts,
    # declarations (and on PostgreSQL the data version).
    with django_assert_max_num_queries(7):
        indicators_for_departments([x], march, structure=CURRENT)
    with django_assert_max_num_queries(7):
        indicators_for_departments([h, x, y, agency], march, structure=CURRENT)
    with django_assert_max_num_queries(3):
        overdue_now([h, x, y, agency], today=march.end, whole_province=True, structure=HISTORICAL)


def test_a_dossier_received_by_the_service_centre_counts_for_the_resolving_unit_only(db):
    centre = make_department("TTPVHCC", kind=Department.Kind.SERVICE_CENTRE)
    agency = make_department("SCT")
    make_dossier(
        make_procedure(agency), department=agency, receiving_unit=centre, received_at=local(2025, 3, 3)
    )
    march = Period(date(2025, 3, 1), date(2025, 3, 31))
    for structure in (CURRENT, HISTORICAL):
        assert figures(agency, march, structure)["received"] == 1
        assert figures(centre, march, structure)["received"] == 0


def test_the_overview_ranks_units_in_being_with_their_predecessors_overdue_dossiers(merger):
    a, b, c = merger
    leader = make_user("lanhdao", role=Role.LEADER)
    today = date(2026, 3, 31)
    period, previous = Period(date(2026, 1, 1), today), Period(date(2025, 1, 1), date(2025, 3, 31))

    def overview(structure: str, end: date = today):
        return province_overview(
            user=leader,
            period=Period(period.start, end),
            previous=previous,
            sort="on_time_rate",
            today=today,
            lists=None,
            structure=structure,
        )

    # Every dossier is still open and past its due date: C has its own and, in the current structure,
    # A's two and B's one; A and B, ended, are not ranked.
    current = overview(CURRENT)
    assert [(row.department.code, row.overdue_now) for row in current.ranking] == [("SC", 4)]
    assert current.overdue_total == 4
    historical = overview(HISTORICAL)
    assert [(row.department.code, row.overdue_now) for row in historical.ranking] == [
        ("SA", 2),
        ("SB", 1),
        ("SC", 1),
    ]
    # A period ending before today counts today's overdue dossiers on their own: the same figures.
    assert [row.overdue_now for row in overview(CURRENT, date(2026, 2, 28)).ranking] == [4]
    assert overdue_now([a, b, c], today=today, whole_province=True, structure=CURRENT) == (
        {a.pk: 2, b.pk: 1, c.pk: 4},
        4,
    )


def test_on_a_generated_province_every_units_figures_are_the_records_its_drill_down_lists(db):
    # The province generator's 2025 reorganisation: agencies merged, districts split by field between
    # communes, communes merged. In either structure each unit's dossier counts (summary rows added and
    # taken away) are those of the raw records records_scope_q lists.
    call_command(
        "generate_province",
        "--departments", "3", "--procedures", "12", "--dossiers", "400", "--seed", "5",
        "--until", "2025-12-31", "--years", "2", "--communes", "6",
        stdout=StringIO(),
    )  # fmt: skip
    organisation = load_organisation()
    units = list(Department.objects.order_by("path"))
    assert any(unit_sources(organisation, unit.pk) for unit in units)
    period = Period(date(2025, 2, 1), date(2025, 9, 30))
    conditions, relevant = dossier_conditions(period), relevant_dossiers(period)
    for structure in (CURRENT, HISTORICAL):
        results = indicators_for_departments(units, period, structure=structure)
        for unit in units:
            scope = records_scope_q(unit, structure=structure, organisation=organisation)
            expected = Dossier.objects.filter(scope).aggregate(
                **{code: Count("pk", filter=relevant & q) for code, q in conditions.items()}
            )
            assert {code: results[unit.pk][code].value for code in DOSSIER_CODES} == expected, (
                unit,
                structure,
            )


def test_an_abolished_districts_successor_counts_its_own_records_not_those_of_communes_merged_elsewhere(db):
    """Huyện H (ends 30/06/2025) passes its own work to xã Trung tâm; its xã A merges into xã Trung tâm
    too, its xã B into xã Khác. By hand for 2024: H's own dossier (1) and xã A's (2) are xã Trung tâm's,
    xã B's (3) xã Khác's; historically both new communes had none. Each of the six dossiers counts once."""
    last, first = date(2025, 6, 30), date(2025, 7, 1)
    district = ended("H", last, name="UBND huyện", kind=Department.Kind.DISTRICT)
    xa = ended("XA", last, parent=district, name="UBND xã A", kind=COMMUNE)
    xb = ended("XB", last, parent=district, name="UBND xã B", kind=COMMUNE)
    seat, other = begun("SEAT", first, kind=COMMUNE), begun("OTHER", first, kind=COMMUNE)
    for predecessor, successor in ((district, seat), (xa, seat), (xb, other)):
        make_succession(predecessor, successor)
    district_level = make_procedure(code="2.000001", level=Procedure.Level.DISTRICT)
    commune_level = make_procedure(code="1.001193", level=Procedure.Level.COMMUNE)
    dossiers(district_level, district, (2024, 3, 4))
    dossiers(commune_level, xa, (2024, 3, 5), (2024, 3, 6))
    dossiers(commune_level, xb, (2024, 3, 7), (2024, 3, 8), (2024, 3, 11))
    assert figures(seat, YEAR_2024, CURRENT)["received"] == 3
    assert figures(other, YEAR_2024, CURRENT)["received"] == 3
    assert figures(seat, YEAR_2024, HISTORICAL)["received"] == 0
    assert figures(district, YEAR_2024, HISTORICAL)["received"] == 6
    organisation = load_organisation()
    listed = Dossier.objects.filter(records_scope_q(seat, structure=CURRENT, organisation=organisation))
    assert sorted(listed.values_list("department__code", flat=True)) == ["H", "XA", "XA"]
