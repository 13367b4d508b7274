"""The national index's figures that no dossier holds (reporting.index766_records and
reporting.index766_petitions): publication of procedures (1.1, 1.2, 1.3), petitions (5.2, 5.3) and
declared electronic certified copies (4.2b), on a small province worked out by hand. March 2025 has no
holiday: its working days are Monday to Friday."""

from dataclasses import dataclass
from datetime import date

import pytest

from departments.models import Department
from procedures.models import Petition, Procedure, PublicationDecision, PublicationItem
from procedures.organisation import CURRENT, HISTORICAL
from procedures.selectors import load_calendar, load_organisation
from reporting.index766_petitions import judge_petition, petition_records, petition_scope_q
from reporting.index766_records import (
    PROVINCE,
    certified_copy_measures,
    publication_records,
    record_measures,
    whole_unit_of,
)
from reporting.index766_rules import Measure, assemble, default_settings, measures_of
from reporting.models import Declaration
from reporting.results import Period
from tests.factories import local, make_department, make_field, make_petition, make_procedure, make_succession

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


@dataclass
class Units:
    sxd: Department
    sxd_division: Department
    xa_a: Department
    xa_b: Department
    stttt: Department
    skhcn: Department
    svhttdl: Department


@pytest.fixture
def units(db) -> Units:
    """SXD with a division; two communes; STTTT, ended on 28/02/2025, whose press field goes to SVHTTDL
    and every other field to SKHCN."""
    stttt = make_department("STTTT", valid_to=date(2025, 2, 28))
    skhcn, svhttdl = make_department("SKHCN"), make_department("SVHTTDL")
    make_succession(stttt, svhttdl, fields=(make_field("Báo chí"),))
    make_succession(stttt, skhcn)
    sxd = make_department("SXD")
    return Units(
        sxd=sxd,
        sxd_division=make_department("SXD-P1", parent=sxd),
        xa_a=make_department("XA-A", kind=Department.Kind.COMMUNE),
        xa_b=make_department("XA-B", kind=Department.Kind.COMMUNE),
        stttt=stttt,
        skhcn=skhcn,
        svhttdl=svhttdl,
    )


def _targets(units: Units) -> list[Department]:
    return [units.sxd, units.sxd_division, units.xa_a, units.xa_b, units.stttt, units.skhcn, units.svhttdl]


def _pair(measure: Measure) -> tuple[int | None, int | None]:
    return measure.numerator, measure.denominator


def test_a_sub_unit_is_answered_for_its_whole_department_or_commune(units):
    organisation = load_organisation()
    assert whole_unit_of(organisation, units.sxd_division.pk) == units.sxd.pk
    assert whole_unit_of(organisation, units.sxd.pk) == units.sxd.pk
    assert whole_unit_of(organisation, units.xa_a.pk) == units.xa_a.pk


# -- 5.2, 5.3 -----------------------------------------------------------------------------------------------------


def test_petition_deadlines_count_working_days_from_the_day_of_receipt(db):
    calendar = load_calendar()

    def judged(received_at, **times):
        times = {"refused_at": None, "supplement_requested_at": None, "finished_at": None, **times}
        return judge_petition(received_at=received_at, period=MARCH, calendar=calendar, **times)

    monday = local(2025, 3, 3)
    # 15 working days after Monday 3/3: 4-7/3 (4), 10-14/3 (9), 17-21/3 (14), 24/3 (15).
    assert judged(monday, finished_at=local(2025, 3, 24, 16)) == (True, True)
    assert judged(monday, finished_at=local(2025, 3, 25)) == (True, False)
    # Refused within 2 (by 5/3), a supplement asked for within 5 (by 10/3).
    assert judged(monday, refused_at=local(2025, 3, 5)) == (True, True)
    assert judged(monday, refused_at=local(2025, 3, 6)) == (True, False)
    assert judged(monday, supplement_requested_at=local(2025, 3, 10), finished_at=local(2025, 3, 20)) == (
        True,
        True,
    )
    assert judged(monday, supplement_requested_at=local(2025, 3, 11), finished_at=local(2025, 3, 20)) == (
        True,
        False,
    )
    # Received on Saturday 8/3, it counts from Monday 10/3: refused on 12/3 is within 2 (11/3, 12/3).
    assert judged(local(2025, 3, 8), refused_at=local(2025, 3, 12)) == (True, True)
    # Open on 31/3: received 20/3, its 15th working day is 10/4, on time; received 3/2, long past.
    assert judged(local(2025, 3, 20)) == (True, True)
    assert judged(local(2025, 2, 3)) == (True, False)
    # A supplement asked for after the period is not judged in it.
    assert judged(local(2025, 3, 20), supplement_requested_at=local(2025, 4, 10)) == (True, True)
    # Finished before the period, or received after it: not counted.
    assert judged(local(2025, 2, 3), finished_at=local(2025, 2, 28)) == (False, False)
    assert judged(local(2025, 4, 1)) == (False, False)


@pytest.fixture
def petitions(units):
    """SXD's petitions of March 2025 (each commented with its verdict), one of its division's, and three
    of the ended STTTT."""
    sxd = units.sxd
    make_petition(sxd, finished_at=local(2025, 3, 24))  # on time
    make_petition(sxd, finished_at=local(2025, 3, 25))  # late
    make_petition(sxd, refused_at=local(2025, 3, 5))  # on time
    make_petition(sxd, refused_at=local(2025, 3, 6))  # late
    # Supplement asked for late (11/3).
    make_petition(sxd, supplement_requested_at=local(2025, 3, 11), finished_at=local(2025, 3, 20))
    # On time, but rated dissatisfied.
    make_petition(
        sxd,
        supplement_requested_at=local(2025, 3, 10),
        finished_at=local(2025, 3, 20),
        rating=Petition.Rating.DISSATISFIED,
    )
    make_petition(sxd, received_at=local(2025, 3, 20))  # open, on time
    make_petition(sxd, received_at=local(2025, 3, 8), refused_at=local(2025, 3, 12))  # on time
    make_petition(sxd, received_at=local(2025, 2, 3))  # received before, open and late: 5.2 only
    make_petition(sxd, received_at=local(2025, 2, 3), finished_at=local(2025, 3, 4))  # late: 5.2 only
    make_petition(sxd, received_at=local(2025, 2, 3), finished_at=local(2025, 2, 28))  # not counted
    make_petition(sxd, received_at=local(2025, 4, 1))  # not counted
    # The division's: on time, rated satisfied.
    make_petition(units.sxd_division, finished_at=local(2025, 3, 14), rating=Petition.Rating.SATISFIED)
    # STTTT's, received before it ended: about press (SVHTTDL's now), about another field and about no
    # procedure (SKHCN's now), all open on 31/3 and late.
    press = make_procedure(units.stttt, field=make_field("Báo chí"))
    make_petition(units.stttt, received_at=local(2025, 2, 3), procedure=press, code="PAKN-BAOCHI")
    make_petition(
        units.stttt, received_at=local(2025, 2, 3), procedure=make_procedure(units.stttt), code="PAKN-KHAC"
    )
    make_petition(units.stttt, received_at=local(2025, 2, 3), code="PAKN-CANBO")


def test_petitions_handled_on_time_and_satisfaction_of_each_unit_and_the_province(units, petitions):
    measures = measures_of(petition_records(_targets(units), MARCH, CURRENT))
    # SXD (its division's too): counted 10 + 1, on time 5 + 1. Received in March 8 + 1, of which on time
    # and not rated dissatisfied 4 + 1.
    assert _pair(measures[units.sxd.pk]["5.2"]) == (6, 11)
    assert _pair(measures[units.sxd.pk]["5.3"]) == (5, 9)
    assert _pair(measures[units.sxd_division.pk]["5.2"]) == (1, 1)
    # No petition at all: 5.3 has nothing to divide by, and takes the full points.
    assert _pair(measures[units.xa_a.pk]["5.3"]) == (0, 0)
    assert assemble(measures[units.xa_a.pk], default_settings()).groups[-1].indicators[1].points == 6.0
    # STTTT's three are late; the press one goes to SVHTTDL, the two others to SKHCN (the one about no
    # procedure with the unit's every other field).
    assert _pair(measures[units.stttt.pk]["5.2"]) == (0, 3)
    assert _pair(measures[units.svhttdl.pk]["5.2"]) == (0, 1)
    assert _pair(measures[units.skhcn.pk]["5.2"]) == (0, 2)
    assert _pair(measures[units.skhcn.pk]["5.3"]) == (0, 0)
    # The province: 11 + 3 counted, 6 on time; 9 received in March, 5 good.
    assert _pair(measures[PROVINCE]["5.2"]) == (6, 14)
    assert _pair(measures[PROVINCE]["5.3"]) == (5, 9)
    # The petitions behind SKHCN's figures: STTTT's two, both late.
    behind = petition_records([units.skhcn], MARCH, CURRENT)[units.skhcn.pk]
    codes = dict(Petition.objects.values_list("pk", "code"))
    assert sorted(codes[pk] for pk in behind["5.2"][1]) == ["PAKN-CANBO", "PAKN-KHAC"]
    assert behind["5.2"][0] == frozenset()
    historical = measures_of(petition_records([units.skhcn, units.svhttdl, units.stttt], MARCH, HISTORICAL))
    assert _pair(historical[units.skhcn.pk]["5.2"]) == (0, 0)
    assert _pair(historical[units.stttt.pk]["5.2"]) == (0, 3)


def test_the_petitions_a_figure_lists_are_those_it_counted(units, petitions):
    organisation = load_organisation()

    def listed(unit: Department, structure: str) -> list[str]:
        scope = petition_scope_q(unit, structure=structure, organisation=organisation)
        return sorted(
            Petition.objects.filter(scope, code__in=["PAKN-BAOCHI", "PAKN-KHAC", "PAKN-CANBO"]).values_list(
                "code", flat=True
            )
        )

    assert listed(units.skhcn, CURRENT) == ["PAKN-CANBO", "PAKN-KHAC"]
    assert listed(units.svhttdl, CURRENT) == ["PAKN-BAOCHI"]
    assert listed(units.skhcn, HISTORICAL) == []
    assert listed(units.stttt, HISTORICAL) == ["PAKN-BAOCHI", "PAKN-CANBO", "PAKN-KHAC"]


def test_each_units_petition_count_is_the_number_its_list_holds(units, petitions):
    organisation = load_organisation()
    # Counted in March by the province: all but the one finished in February and the one of April.
    counted = Petition.objects.exclude(finished_at__lt=local(2025, 3, 1)).exclude(
        received_at__gte=local(2025, 4, 1)
    )
    assert counted.count() == 14
    for structure in (CURRENT, HISTORICAL):
        measures = measures_of(petition_records(_targets(units), MARCH, structure))
        for unit in _targets(units):
            scope = petition_scope_q(unit, structure=structure, organisation=organisation)
            assert counted.filter(scope).count() == measures[unit.pk]["5.2"].denominator, (
                unit.code,
                structure,
            )


# -- 1.1, 1.2, 1.3 ------------------------------------------------------------------------------------------------


def _decision(number: str, decided_on: date, *items: tuple[Procedure, date, date | None]) -> None:
    decision = PublicationDecision.objects.create(number=number, decided_on=decided_on)
    for procedure, effective_on, published_on in items:
        PublicationItem.objects.create(
            decision=decision,
            procedure=procedure,
            kind=PublicationItem.Kind.ADDED,
            basis_effective_on=effective_on,
            published_on=published_on,
        )


@pytest.fixture
def publications(units):
    """Procedures of SXD (p1, p2, p5), of its division (p3), of every commune (c1), of SKHCN (p4) and of
    the ended STTTT (p6, SKHCN's since 01/03/2025), and four decisions."""
    p1, p2, p5 = (make_procedure(units.sxd) for _ in range(3))
    p3 = make_procedure(units.sxd_division)
    c1 = make_procedure(level=Procedure.Level.COMMUNE)
    p4, p6 = make_procedure(units.skhcn), make_procedure(units.stttt)
    Procedure.objects.filter(pk__in=[p1.pk, c1.pk, p4.pk, p5.pk]).update(published_complete=True)
    Procedure.objects.filter(pk=p2.pk).update(published_complete=False)
    # Monday 3/3: 5 working days before 10/3 (3-7/3), public by 10/3 (its 5th working day after).
    _decision(
        "1/QĐ-UBND",
        date(2025, 3, 3),
        (p1, date(2025, 3, 10), date(2025, 3, 10)),  # on time, public on time
        (p2, date(2025, 3, 7), date(2025, 3, 11)),  # decided 4 working days before: late; public late
        (c1, date(2025, 3, 10), None),  # on time, not public
        (p6, date(2025, 3, 10), date(2025, 3, 4)),  # on time, public on time
    )
    # Wednesday 5/3: p1 again, decided the day before its basis takes effect: late; public by 12/3.
    _decision(
        "2/QĐ-UBND",
        date(2025, 3, 5),
        (p1, date(2025, 3, 6), date(2025, 3, 6)),
        (p3, date(2025, 3, 20), date(2025, 3, 7)),  # on time, public on time
    )
    # Before the period: p4 is not counted in 1.1 and 1.2, and, public only in April, not in 1.3.
    _decision("3/QĐ-UBND", date(2025, 2, 20), (p4, date(2025, 3, 10), date(2025, 4, 1)))
    # After it: not counted.
    _decision("4/QĐ-UBND", date(2025, 4, 1), (p5, date(2025, 4, 15), date(2025, 4, 2)))
    return p1, p2, p3, p4, p5, p6, c1


def test_procedures_published_on_time_in_each_unit_and_the_province(units, publications):
    measures = measures_of(publication_records(_targets(units), MARCH, CURRENT))
    sxd, division = measures[units.sxd.pk], measures[units.sxd_division.pk]
    # SXD carries out p1, p2 and (its division) p3: p1 late by its second decision, p2 late.
    assert _pair(sxd["1.1"]) == (1, 3)
    # Public within 5 working days: p1 (both decisions) and p3; p2 on 11/3, a day late.
    assert _pair(sxd["1.2"]) == (2, 3)
    # Public with the seven parts among those public by 31/3 whose completeness is known: p1 and p5 (no
    # decision names it: public since before) of p1, p2, p5 (p3 unknown; p5's April decision does not
    # matter).
    assert _pair(sxd["1.3"]) == (2, 3)
    # The division's own procedure for 1.1; its department's figures for 1.2 and 1.3.
    assert _pair(division["1.1"]) == (1, 1)
    assert (_pair(division["1.2"]), _pair(division["1.3"])) == ((2, 3), (2, 3))
    # Every commune carries out c1: decided on time, never made public; not public, it is not in 1.3.
    for commune in (units.xa_a, units.xa_b):
        assert _pair(measures[commune.pk]["1.1"]) == (1, 1)
        assert _pair(measures[commune.pk]["1.2"]) == (0, 1)
        assert _pair(measures[commune.pk]["1.3"]) == (0, 0)
    # p6 is listed for STTTT, which ended before the period's last day: SKHCN carries it out then, in
    # either structure, and p4 is its own (public only in April).
    assert _pair(measures[units.skhcn.pk]["1.1"]) == (1, 1)
    assert _pair(measures[units.skhcn.pk]["1.3"]) == (0, 0)
    assert _pair(measures[units.stttt.pk]["1.1"]) == (0, 0)
    # The province: p1, p2, p3, p6, c1 decided in March, p1 and p2 late; p2 and c1 public late.
    assert _pair(measures[PROVINCE]["1.1"]) == (3, 5)
    assert _pair(measures[PROVINCE]["1.2"]) == (3, 5)
    # Public by 31/3 and known: p1, p2, p5 (p6 and c1 unknown or not public, p4 only in April).
    assert _pair(measures[PROVINCE]["1.3"]) == (2, 3)
    # The procedures behind each figure, for its lists.
    p1, p2, p3, p4, p5, p6, c1 = publications
    records = publication_records([units.sxd], MARCH, CURRENT)[units.sxd.pk]
    assert records["1.1"] == ({p3.pk}, {p1.pk, p2.pk, p3.pk})
    assert records["1.3"] == ({p1.pk, p5.pk}, {p1.pk, p2.pk, p5.pk})


# -- 4.2b ---------------------------------------------------------------------------------------------------------


def _declare(unit: Department, day: date, answer: str) -> None:
    Declaration.objects.create(department=unit, measured_on=day, e_certified_copies=answer)


def test_certified_copies_read_each_whole_units_latest_answer_by_the_periods_end(units):
    offered, not_offered = Declaration.CertifiedCopies.OFFERED, Declaration.CertifiedCopies.NOT_OFFERED
    _declare(units.sxd, date(2025, 1, 15), offered)
    _declare(units.sxd, date(2025, 3, 10), "")  # other figures declared: the answer stands
    _declare(units.xa_a, date(2025, 3, 5), not_offered)
    _declare(units.xa_a, date(2025, 4, 2), offered)  # after the period
    _declare(units.xa_b, date(2025, 3, 5), Declaration.CertifiedCopies.NOT_CERTIFYING)
    _declare(units.stttt, date(2024, 6, 1), offered)  # ended before the period's end
    measures = certified_copy_measures(_targets(units), MARCH, CURRENT)
    declared = {pk: answer["4.2b"].declared for pk, answer in measures.items() if pk != PROVINCE}
    assert declared == {
        units.sxd.pk: "offered",
        units.sxd_division.pk: "offered",
        units.xa_a.pk: "not_offered",
        units.xa_b.pk: "not_certifying",
        units.stttt.pk: "offered",
        units.skhcn.pk: "",
        units.svhttdl.pk: "",
    }
    points = {
        pk: assemble(answer, default_settings()).groups[4].indicators[2].points
        for pk, answer in measures.items()
    }
    assert (points[units.sxd.pk], points[units.xa_a.pk], points[units.xa_b.pk], points[units.skhcn.pk]) == (
        2.0,
        0.0,
        None,
        None,
    )
    # The province: of the units in being on 31/3 that said whether they offer, SXD does, XA-A does not.
    assert _pair(measures[PROVINCE]["4.2b"]) == (1, 2)
    assert points[PROVINCE] == 1.0


def test_no_declaration_anywhere_leaves_the_province_without_data(units):
    measures = certified_copy_measures([units.sxd], MARCH, CURRENT)
    assert measures[PROVINCE]["4.2b"] == Measure()


# -- Queries ------------------------------------------------------------------------------------------------------


def test_every_measure_of_many_units_costs_the_queries_of_one(
    units, petitions, publications, django_assert_max_num_queries
):
    _declare(units.sxd, date(2025, 3, 3), Declaration.CertifiedCopies.OFFERED)
    # The organisation (units, successions), the calendar; the decisions' items, the procedures' units,
    # the procedures; the petitions; the declarations (and on PostgreSQL the data versions).
    with django_assert_max_num_queries(9):
        one = record_measures([units.sxd], MARCH, CURRENT)
    with django_assert_max_num_queries(9):
        every = record_measures(_targets(units), MARCH, CURRENT)
    assert one[units.sxd.pk] == every[units.sxd.pk]
    assert sorted(every[units.sxd.pk]) == ["1.1", "1.2", "1.3", "4.2b", "5.2", "5.3"]
    assert sorted(every[PROVINCE]) == ["1.1", "1.2", "1.3", "4.2b", "5.2", "5.3"]
