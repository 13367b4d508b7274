"""The national index (766) of a hand-built agency, every indicator worked out by hand: the dossier
summary's flows, the catalogue, the procedures with a dossier of a kind, the petitions and the scoring."""

from datetime import date

import pytest
from django.http import QueryDict

from accounts.models import Role
from reporting.index766 import unit_index766
from reporting.index766_procedures import PROCEDURE_CODES, procedure_rows
from reporting.results import Period
from reporting.selectors import record_listing
from tests.factories import local, make_department, make_dossier, make_petition, make_procedure, make_user

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def agency():
    agency = make_department("SA", name="Sở A")
    online_fees = make_procedure(
        agency, online_level=4, has_fees=True, fees_integrated=True, requires_paper_result=True
    )
    offline = make_procedure(agency, online_level=2, requires_paper_result=False, serves_citizens=False)
    partly_online = make_procedure(agency, online_level=3, has_fees=True, requires_paper_result=True)
    paper = make_procedure(agency, online_level=1, requires_paper_result=True)
    # Early, online, with its electronic result, paid online, synced, digitised, with population data.
    make_dossier(
        online_fees, channel="online", received_at=local(2026, 3, 2), finished_at=local(2026, 3, 4),
        electronic_result=True, fee_amount=50000, paid_online=True, synced_to_dvcqg=True, digitised=True,
        population_data=True,
    )  # fmt: skip
    # Online without the electronic result its paper result needs; its fee not paid online.
    make_dossier(
        online_fees, channel="online", received_at=local(2026, 3, 23), fee_amount=50000,
        synced_to_dvcqg=True, digitised=True,
    )  # fmt: skip
    # Free of charge, reusing data taken from the citizen's DVCQG store.
    make_dossier(
        online_fees, received_at=local(2026, 3, 24), electronic_result=True, fee_amount=0,
        synced_to_dvcqg=True, reused_data=True, dvcqg_store=True,
    )  # fmt: skip
    make_dossier(
        offline, channel="online", received_at=local(2026, 3, 25), synced_to_dvcqg=True, digitised=True
    )
    make_dossier(offline, received_at=local(2026, 3, 25))
    make_dossier(
        partly_online,
        received_at=local(2026, 3, 26),
        fee_amount=20000,
        paid_online=True,
        population_data=True,
    )
    make_dossier(
        partly_online,
        channel="online",
        received_at=local(2026, 3, 27),
        electronic_result=True,
        synced_to_dvcqg=True,
    )
    # Late, and rated dissatisfied.
    make_dossier(
        paper, code="HS-LATE", received_at=local(2026, 3, 2), finished_at=local(2026, 3, 31),
        synced_to_dvcqg=True, satisfaction="dissatisfied",
    )  # fmt: skip
    petitioned = make_dossier(paper, received_at=local(2026, 3, 25))
    make_dossier(paper, received_at=local(2026, 3, 2), finished_at=local(2026, 3, 5), status="withdrawn")
    make_petition(agency, procedure=paper, dossier=petitioned, received_at=local(2026, 3, 26))
    return agency


def figures(index) -> dict[str, tuple]:
    return {i.code: (i.numerator, i.denominator, i.ratio, i.points) for i in index.result.indicators}


def test_every_dossier_and_catalogue_indicator_of_an_agency_is_the_one_worked_out_by_hand(agency):
    shown = figures(unit_index766(agency, MARCH))
    assert shown["1.4"] == (6, 10, 60.0, 3.6)
    # Finished: one early, one late, one withdrawn before its due date; seven in progress, none late.
    assert shown["2.1"] == (9, 10, 90.0, 18.0)
    # Shown, not scored: 2 working days (Monday to Wednesday) and 21 (2 to 31 March), over 2 dossiers.
    days = next(i for i in unit_index766(agency, MARCH).result.indicators if i.code == "2.2")
    assert (days.numerator, days.denominator, days.value, days.points) == (23, 2, 11.5, None)
    # Two of four procedures offered online, against a threshold of 80%: 2 × 50/80.
    assert shown["3.1"] == (2, 4, 50.0, 1.25)
    assert shown["3.2"] == (2, 2, 100.0, 4.0)
    # Online with the result it needs: the paper procedure's online dossier without one does not count.
    assert shown["3.3"] == (3, 10, 30.0, 3.6)
    assert shown["3.5"] == (1, 2, 50.0, 1.25)
    assert shown["3.5b"] == (2, 2, 100.0, 2.0)
    # Fees due: the free dossier is left out, the one whose fee is not given stays in.
    assert shown["3.6"] == (2, 4, 50.0, 3.0)
    assert shown["4.1"] == (3, 8, 37.5, 2.25)
    assert shown["4.2"] == (2, 10, 20.0, 1.0)
    assert shown["4.3"] == (1, 10, 10.0, 0.25)
    assert shown["4.4"] == (1, 10, 10.0, 0.4)
    assert shown["4.5b"] == (2, 10, 20.0, 0.4)
    assert shown["4.5a"] == (2, 3, 66.67, 1.33)
    assert shown["5.2"][2:] == (100.0, 6.0)
    # 100% − (1 late of 3 finished + 2 of 10 received with a petition or a dissatisfied rating).
    assert shown["5.4"][2:] == (46.67, 3.11)


def test_the_province_is_the_sum_of_its_units_records(agency):
    province = figures(unit_index766(None, MARCH))
    assert province == figures(unit_index766(agency, MARCH))


def test_a_period_without_dossiers_has_no_dossier_points_never_zero(agency):
    shown = unit_index766(agency, Period(date(2026, 1, 1), date(2026, 1, 31)))
    by_code = {i.code: i for i in shown.result.indicators}
    for code in ("1.4", "2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b", "5.4"):
        assert by_code[code].points is None, code
    # The catalogue is there all the same.
    assert by_code["3.1"].points == 1.25


def listed(user, code: str, period: Period = MARCH, **extra) -> set[str]:
    records = (
        "procedures"
        if code.split(":")[1] in ("3.1", "3.2", "3.5", "3.5b", "4.5a", "1.1", "1.2", "1.3")
        else "dossiers"
    )
    params = QueryDict(mutable=True)
    params.update(
        {"indicator": code, "from": period.start.isoformat(), "to": period.end.isoformat(), **extra}
    )
    listing = record_listing(user=user, params=params, records=records)
    assert listing.error == ""
    return set(listing.rows.values_list("code", flat=True))


def test_each_count_opens_exactly_the_records_it_counted(agency):
    leader = make_user("lanh-dao", role=Role.LEADER)
    index = {i.code: i for i in unit_index766(agency, MARCH).result.indicators}
    for code in (
        "1.4",
        "2.1",
        "3.3",
        "3.6",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "4.5b",
        "3.1",
        "3.2",
        "3.5",
        "3.5b",
        "4.5a",
    ):
        numerator = listed(leader, f"766:{code}:numerator", department="SA")
        denominator = listed(leader, f"766:{code}:denominator", department="SA")
        gap = listed(leader, f"766:{code}:gap", department="SA")
        assert (len(numerator), len(denominator)) == (index[code].numerator, index[code].denominator), code
        assert gap == denominator - numerator, code
    # What stands in the way of 4.1's points: the paper-result dossiers without an electronic result.
    assert len(listed(leader, "766:4.1:gap", department="SA")) == 5
    assert listed(leader, "766:5.4:late", department="SA") == {"HS-LATE"}
    assert len(listed(leader, "766:5.4:flagged", department="SA")) == 2
    assert len(listed(leader, "766:5.4:received")) == 10


def test_a_count_of_a_unit_the_user_may_not_see_lists_nothing(agency):
    other = make_department("SB", name="Sở B")
    staff = make_user("nhan-vien", departments=(other,))
    params = QueryDict(mutable=True)
    params.update(
        {"indicator": "766:1.4:denominator", "department": "SA", "from": "2026-03-01", "to": "2026-03-31"}
    )
    listing = record_listing(user=staff, params=params, records="dossiers")
    assert listing.error == "Không tìm thấy đơn vị có mã “SA”."
    assert not listing.rows.exists()


def test_the_per_procedure_table_splits_the_units_dossier_indicators(agency, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows = procedure_rows(agency, MARCH)
    assert len(rows) == 4
    online_fees = rows[0].indicators
    assert (online_fees["3.3"].numerator, online_fees["3.3"].denominator, online_fees["3.3"].ratio) == (
        1,
        3,
        33.33,
    )
    assert (online_fees["4.1"].numerator, online_fees["4.1"].denominator) == (2, 3)
    # A procedure with no paper result has no 4.1 to score, never 0.
    offline = rows[1].indicators
    assert offline["4.1"].denominator == 0 and offline["4.1"].points is None
    unit = {i.code: i for i in unit_index766(agency, MARCH).result.indicators}
    for code in PROCEDURE_CODES:
        assert sum(row.indicators[code].numerator for row in rows) == unit[code].numerator, code
        assert sum(row.indicators[code].denominator for row in rows) == unit[code].denominator, code
