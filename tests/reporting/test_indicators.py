"""Each indicator on hand-built data, against values worked out by hand in the comments."""

from datetime import date

import pytest
from django.db import connection

from procedures.models import Dossier
from procedures.services import dossier_request_supplement
from reporting.conditions import dossier_records
from reporting.form_06a import form_06a
from reporting.indicators import (
    indicators_for_department,
    indicators_for_departments,
    indicators_with_total,
    percent,
)
from reporting.models import Declaration, PeriodicReport
from reporting.results import Period
from reporting.trend import monthly_trend, overdue_now
from tests.factories import local, make_department, make_dossier, make_procedure

pytestmark = pytest.mark.django_db

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))
DIRECT, ONLINE, POSTAL = Dossier.Channel.DIRECT, Dossier.Channel.ONLINE, Dossier.Channel.POSTAL


@pytest.fixture
def health(db):
    """Sở Y tế and its office, with March 2025 dossiers of every kind (letters as in the comments)."""
    syt = make_department("SYT", name="Sở Y tế")
    office = make_department("SYT-VP", name="Văn phòng Sở Y tế", parent=syt)
    other = make_department("SXD", name="Sở Xây dựng")
    plain = make_procedure(syt, statutory_days=10, online_level=2)
    halved = make_procedure(office, statutory_days=10, reduced_days=5, online_level=3, accepts_postal=True)
    make_procedure(syt, statutory_days=20, reduced_days=15, online_level=4)
    make_procedure(syt, statutory_days=8, reduced_days=8, online_level=1)
    elsewhere = make_procedure(other, statutory_days=5, reduced_days=1, online_level=4)

    def dossier(code, received, due, *, finished=None, procedure=plain, channel=DIRECT, **fields):
        return make_dossier(
            procedure,
            code=code,
            received_at=local(*received),
            due_on=date(*due),
            channel=channel,
            finished_at=local(*finished, 15) if finished else None,
            **fields,
        )

    dossier(
        "A",
        (2025, 3, 3),
        (2025, 3, 14),
        finished=(2025, 3, 10),
        channel=ONLINE,
        satisfaction="very_satisfied",
    )
    dossier("B", (2025, 3, 3), (2025, 3, 14), finished=(2025, 3, 14), satisfaction="dissatisfied")
    dossier(
        "C",
        (2025, 3, 4),
        (2025, 3, 14),
        finished=(2025, 3, 20),
        channel=POSTAL,
        satisfaction="satisfied",
        apology_issued_on=date(2025, 3, 13),
        apology_due_on=date(2025, 3, 20),
    )
    dossier("D", (2025, 3, 5), (2025, 3, 19), finished=(2025, 3, 18), status=Dossier.Status.WITHDRAWN)
    dossier(
        "E", (2025, 3, 5), (2025, 3, 19), finished=(2025, 3, 6), channel=ONLINE, status=Dossier.Status.REFUSED
    )
    dossier("F", (2025, 3, 25), (2025, 4, 8))
    dossier("G", (2025, 3, 10), (2025, 3, 24), channel=ONLINE)
    # Waiting for a supplement asked for through the service, as staff ask for one.
    dossier_request_supplement(
        dossier=dossier("H", (2025, 3, 10), (2025, 3, 24)), requested_on=date(2025, 3, 20), reason=""
    )
    dossier("I", (2025, 2, 20), (2025, 3, 6), finished=(2025, 3, 5), procedure=halved, department=office)
    dossier("J", (2025, 2, 10), (2025, 2, 24), finished=(2025, 2, 28))
    dossier("K", (2025, 4, 2), (2025, 4, 16))
    dossier("L", (2025, 3, 3), (2025, 3, 14), procedure=elsewhere)
    dossier("M", (2025, 2, 25), (2025, 3, 11), procedure=halved, department=office)
    return syt, office, other


def test_dossier_counts_follow_the_timeliness_rules(health):
    values = indicators_for_department(health[0], MARCH).values()
    # Received in March: A B C D E F G H; by channel online A E G, direct B D F H, postal C.
    assert (
        values["received"],
        values["received_online"],
        values["received_direct"],
        values["received_postal"],
    ) == (8, 3, 4, 1)
    # Received in February and not finished before 1 March: I (finished 5 March) and M (still open); not J.
    assert values["carried_over"] == 2
    # Finished with a result in March: A and I early, B on its due date, C late (with an apology slip).
    assert (
        values["resolved"],
        values["resolved_early"],
        values["resolved_on_time"],
        values["resolved_late"],
    ) == (4, 2, 1, 1)
    assert values["late_with_apology"] == 1
    assert (values["withdrawn"], values["refused"]) == (1, 1)
    # Open at the end of 31 March: F (due 8 April), H (paused on 20 March, before its due date 24 March),
    # G and M (due 24 and 11 March).
    assert (values["in_progress"], values["in_progress_within_deadline"], values["in_progress_overdue"]) == (
        4,
        2,
        2,
    )


def test_rates_and_score_from_the_counts(health):
    values = indicators_for_department(health[0], MARCH).values()
    assert values["on_time_rate"] == 75.0  # (2 + 1) / 4
    assert values["online_rate"] == 37.5  # 3 / 8
    assert values["postal_rate"] == 12.5  # 1 / 8
    # Rated among the resolved: A, B, C (I has no rating); satisfied A and C.
    assert (values["rated"], values["satisfied"], values["satisfaction_rate"]) == (3, 2, 66.67)
    # By the DVCQG rule: of the six finished (A, B, C, I resolved, D withdrawn, E refused) all but C ended
    # by their due time (C's apology does not move it); of the four unfinished at 31/03, F is before its
    # due time and H waits for its only supplement, asked for in time, while G and M are past theirs.
    assert values["progress_score"] == 14.0  # 20 × (5 + 2) / (6 + 4)


def test_rate_carries_its_numerator_and_denominator(health):
    on_time = indicators_for_department(health[0], MARCH)["on_time_rate"]
    assert (on_time.numerator, on_time.denominator, on_time.value) == (3, 4, 75.0)
    assert on_time.label == "Tỷ lệ giải quyết đúng hạn"


def test_procedure_indicators_of_the_subtree(health):
    values = indicators_for_department(health[0], MARCH).values()
    # Four procedures in SYT and its office; 10→5 (50%) and 20→15 (25%) are reduced, 8→8 is not.
    assert (values["procedures_total"], values["procedures_reduced"], values["reduced_share"]) == (4, 2, 50.0)
    assert values["avg_reduction_pct"] == 37.5
    assert (values["procedures_level3"], values["procedures_level4"], values["online_procedure_share"]) == (
        1,
        1,
        50.0,
    )
    assert values["procedures_postal"] == 1


def test_a_sub_unit_counts_only_its_own_records(health):
    values = indicators_for_department(health[1], MARCH).values()
    assert (
        values["received"],
        values["carried_over"],
        values["resolved_early"],
        values["in_progress_overdue"],
    ) == (0, 2, 1, 1)
    assert values["procedures_total"] == 1
    assert values["online_rate"] is None


def test_empty_period_gives_null_rates_not_errors(health):
    values = indicators_for_department(health[0], Period(date(2020, 1, 1), date(2020, 12, 31))).values()
    assert values["received"] == 0 and values["resolved"] == 0
    for code in ("on_time_rate", "online_rate", "postal_rate", "satisfaction_rate", "progress_score"):
        assert values[code] is None, code
    # The catalogue is the current one whatever the period.
    assert values["procedures_total"] == 4


def test_declared_figures_are_null_until_reported(health):
    values = indicators_for_department(health[0], MARCH).values()
    assert values["staff_reduction_rate"] is None
    assert values["disbursement_rate"] is None
    assert values["reports_late"] is None


def test_latest_declaration_of_the_period_is_used(health):
    syt = health[0]
    Declaration.objects.create(
        department=syt, measured_on=date(2025, 3, 1), staff_baseline=40, staff_reduced=1
    )
    Declaration.objects.create(
        department=syt,
        measured_on=date(2025, 3, 31),
        staff_baseline=32,
        staff_reduced=4,
        staff_reduction_target_pct=10,
        investment_planned=10000,
        investment_disbursed=2065,
        digital_signatures_issued=4,
        digital_signatures_in_use=4,
        divisions_before=6,
        divisions_after=4,
    )
    result = indicators_for_department(syt, MARCH)
    assert result["staff_reduction_rate"].value == 12.5
    assert result["staff_reduction_rate"].context["target_pct"] == 10.0
    assert result["disbursement_rate"].value == 20.65
    assert result["disbursement_rate"].context["measured_on"] == date(2025, 3, 31)
    assert (result["divisions_before"].value, result["divisions_after"].value) == (6, 4)


def test_late_and_missing_periodic_reports_count_as_late(health):
    syt = health[0]
    PeriodicReport.objects.create(
        department=syt, name="Quý I", deadline_on=date(2025, 3, 10), submitted_on=date(2025, 3, 9)
    )
    PeriodicReport.objects.create(
        department=syt, name="Tháng 3", deadline_on=date(2025, 3, 15), submitted_on=date(2025, 3, 17)
    )
    PeriodicReport.objects.create(department=syt, name="Chuyên đề", deadline_on=date(2025, 3, 20))
    assert indicators_for_department(syt, MARCH)["reports_late"].value == 2


def test_drill_down_lists_exactly_the_counted_records(health):
    queryset = Dossier.objects.for_department_tree(health[0])
    codes = lambda code: sorted(dossier_records(queryset, code, MARCH).values_list("code", flat=True))  # noqa: E731
    assert codes("resolved_early") == ["A", "I"]
    assert codes("in_progress_overdue") == ["G", "M"]
    assert codes("carried_over") == ["I", "M"]
    assert codes("withdrawn") == ["D"]


def test_many_departments_cost_the_same_queries_as_one(health, django_assert_num_queries):
    syt, office, other = health
    indicators_for_departments([other], MARCH)
    # (On PostgreSQL the data version, reporting.cache, and the organisation kept for it by the call
    # above; on SQLite the organisation's units and successions,) dossier counts, procedure counts,
    # report counts, declarations.
    queries = 5 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(queries):
        one = indicators_for_departments([syt], MARCH)
    with django_assert_num_queries(queries):
        many = indicators_for_departments([syt, office, other], MARCH)
    assert one[syt.pk].values() == many[syt.pk].values()
    assert many[other.pk]["received"].value == 1


def test_province_totals_include_every_department(health):
    syt, office, other = health
    province, ranking = indicators_with_total([syt, other], MARCH, whole_province=True)
    assert province["received"].value == 9
    assert province["procedures_total"].value == 5
    assert ranking[other.pk]["received"].value == 1


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (34, 37, 91.89),
        (1, 8, 12.5),
        (2, 3, 66.67),
        (1, 200, 0.5),
        (1, 400, 0.25),
        (1, 800, 0.13),
        (0, 5, 0.0),
        (3, 0, None),
    ],
)
def test_percent_rounds_half_away_from_zero(numerator, denominator, expected):
    assert percent(numerator, denominator) == expected


def test_form_06a_counts_each_column_with_withdrawn_and_refused_as_on_time(health):
    rows, total = form_06a(health[0], MARCH)
    assert [row.field for row in rows] == ["Lĩnh vực chung"]
    # A–I and M are in scope: received 8 in March (online A E G; direct or postal B C D F H) + 2 carried over;
    # finished I A (early), B D E (on time: withdrawn and refused go here), C (late); open F H within, G M overdue.
    assert total.values == {
        "received_total": 10,
        "received_online": 3,
        "received_direct_postal": 5,
        "carried_over": 2,
        "finished_total": 6,
        "early": 2,
        "on_time": 3,
        "late": 1,
        "in_progress_total": 4,
        "within_deadline": 2,
        "overdue": 2,
    }


def test_monthly_trend_counts_each_month_of_the_period(health):
    months = monthly_trend([health[0]], Period(date(2025, 2, 1), date(2025, 4, 30)))
    assert [m.month for m in months] == [date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]
    february, march, april = months
    # Received in February: I, J, M; J was returned on 28/02, after its due date 24/02.
    assert (february.received, february.resolved_early, february.resolved_late) == (3, 0, 1)
    assert (
        march.received,
        march.resolved_early,
        march.resolved_on_time,
        march.resolved_late,
        march.no_result,
    ) == (8, 2, 1, 1, 2)
    assert march.on_time_rate == 75.0
    assert (april.received, april.on_time_rate) == (1, None)


def test_overdue_now_rolls_up_sub_units(health):
    syt, office, other = health
    counts, total = overdue_now([syt, office, other], today=date(2025, 3, 31), whole_province=False)
    assert counts == {syt.pk: 2, office.pk: 1, other.pk: 1}
    # SYT already holds its office's dossier: the total counts it once.
    assert total == 3


def test_total_of_nested_departments_counts_each_record_once(health):
    syt, office, _ = health
    total, _ = indicators_with_total([syt, office], MARCH, whole_province=False)
    assert total["received"].value == 8
    assert total["carried_over"].value == 2
