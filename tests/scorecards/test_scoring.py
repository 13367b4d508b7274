"""The scoring engine, checked by hand on a small tree: two areas, two leaves the council appraises and two
scored from the records (the on-time rate, linear 80–100%; the share of procedures with a reduced time
limit, in steps), for three agencies of 2025.

By hand, from the records of 2025:
- STTTT resolved four dossiers, three on time (75%: 0 of 6 on 2.1) and carries out one procedure, not
  reduced (0%: 0 of 4 on 2.2). The council appraises 1.1 at 3 and 1.2 at 5 and overrides 2.1 at 3 with a
  reason; survey 7,5. Total 3 + 5 + 3 + 0 + 7,5 = 18,5.
- SXD resolved one dossier on time (100%: 6 of 6) and its one procedure is reduced (100%: 4 of 4). The
  council appraises 1.1 at 2, 1.2 at 3 and 2.2 at 2 (its appraisal beats the auto points); survey 5,5.
  Total 2 + 3 + 6 + 2 + 5,5 = 18,5: a tie, both ranked 1.
- STC, still in draft, has no records: no auto points, no final points, total 0, no rank."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from scorecards.models import Assessment, CriteriaSet, Criterion, Score
from scorecards.rules import parse_rule, rule_points
from scorecards.scoring import Figure, auto_figures, freeze_auto, ranks, set_scorecards
from tests.factories import local, make_department, make_dossier, make_succession
from tests.queries import DATA_VERSION, ORGANISATION_KEPT

D = Decimal


def _criterion(criteria_set, code, max_points, parent=None, indicator="", rule=""):
    return Criterion.objects.create(
        criteria_set=criteria_set,
        code=code,
        title=f"Tiêu chí {code}",
        parent=parent,
        max_points=max_points,
        auto_indicator=indicator,
        auto_rule=rule,
        rule=parse_rule(rule) if rule else None,
        order=Criterion.objects.count() + 1,
    )


@pytest.fixture
def year(province):
    criteria_set = CriteriaSet.objects.create(year=2025, kind="agency", survey_max_points=10)
    one = _criterion(criteria_set, "1", 10)
    _criterion(criteria_set, "1.1", 4, one)
    _criterion(criteria_set, "1.2", 6, one)
    two = _criterion(criteria_set, "2", 10)
    _criterion(criteria_set, "2.1", 6, two, "on_time_rate", "tuyến tính 80-100")
    _criterion(criteria_set, "2.2", 4, two, "reduced_share", "≥100:1; ≥50:0,5; ≥0:0")
    # STTTT's procedure takes 5 days: three dossiers finished the next day, one three months late.
    for finished in (local(2025, 3, 4), local(2025, 3, 4), local(2025, 3, 4), local(2025, 6, 2)):
        make_dossier(province.stttt_procedure, received_at=local(2025, 3, 3), finished_at=finished)
    make_dossier(province.sxd_procedure, received_at=local(2025, 5, 5), finished_at=local(2025, 5, 6))
    units = [province.stttt, province.sxd, make_department("STC", name="Sở Tài chính")]
    assessments = {}
    for unit in units:
        assessment = Assessment.objects.create(criteria_set=criteria_set, department=unit)
        Score.objects.bulk_create(
            Score(assessment=assessment, criterion=leaf) for leaf in _leaves(criteria_set)
        )
        assessments[unit.code] = assessment
    return criteria_set, assessments


def _leaves(criteria_set):
    return Criterion.objects.filter(criteria_set=criteria_set, children__isnull=True)


def _score(assessment, code, **points):
    Score.objects.filter(assessment=assessment, criterion__code=code).update(**points)


def _finalise(assessment, user, survey):
    now = timezone.now()
    assessment.survey_points = D(survey)
    assessment.submitted_at = assessment.finalised_at = now
    freeze_auto(assessment, user=user)
    assessment.status = Assessment.Status.FINAL
    assessment.save()


def _score_by_hand(assessments, user):
    stttt, sxd = assessments["STTTT"], assessments["SXD"]
    _score(stttt, "1.1", self_points=4, appraised_points=3)
    _score(stttt, "1.2", self_points=6, appraised_points=5)
    _score(stttt, "2.1", override_points=3, override_reason="Số liệu quý I nhập muộn")
    _score(sxd, "1.1", self_points=3, appraised_points=2)
    _score(sxd, "1.2", self_points=6, appraised_points=3)
    _score(sxd, "2.2", appraised_points=2)
    _finalise(stttt, user, "7.5")
    _finalise(sxd, user, "5.5")


def _finals(card) -> dict[str, tuple]:
    return {
        leaf.criterion.code: (leaf.auto, leaf.self_points, leaf.appraised, leaf.final) for leaf in card.leaves
    }


def test_a_small_tree_scored_by_hand(year, province, django_assert_num_queries):
    criteria_set, assessments = year
    _score_by_hand(assessments, province.inspector)

    # Assessments, criteria, scores: the two final ones read their frozen auto points, the draft's are
    # computed from the records in reporting's queries, the same for one unit as for all of them (units,
    # successions, the catalogue's groups, late reports, declarations, the dossier summary; on PostgreSQL
    # the data version first, and the units and successions kept from the scoring just done).
    with django_assert_num_queries(9 + DATA_VERSION - ORGANISATION_KEPT):
        cards = set_scorecards(criteria_set)

    stttt, sxd, stc = (cards[assessments[code].pk] for code in ("STTTT", "SXD", "STC"))
    assert _finals(stttt) == {
        "1.1": (None, D(4), D(3), D(3)),
        "1.2": (None, D(6), D(5), D(5)),
        "2.1": (D("0.00"), None, None, D(3)),
        "2.2": (D("0.00"), None, None, D("0.00")),
    }
    assert [leaf.auto_value for leaf in stttt.leaves[2:]] == [D("75.0000"), D("0.0000")]
    assert _finals(sxd) == {
        "1.1": (None, D(3), D(2), D(2)),
        "1.2": (None, D(6), D(3), D(3)),
        "2.1": (D("6.00"), None, None, D("6.00")),
        "2.2": (D("4.00"), None, D(2), D(2)),
    }
    assert (stttt.survey, stttt.total, stttt.rank) == (D("7.5"), D("18.5"), 1)
    assert (sxd.survey, sxd.total, sxd.rank) == (D("5.5"), D("18.5"), 1)
    assert [(area.area.code, area.self_points, area.appraised, area.final) for area in stttt.areas] == [
        ("1", D(10), D(8), D(8)),
        ("2", D(0), D(0), D(3)),
    ]
    assert _finals(stc) == dict.fromkeys(["1.1", "1.2", "2.1", "2.2"], (None, None, None, None))
    assert (stc.total, stc.rank) == (D(0), None)


def test_a_final_scorecard_keeps_its_auto_points_when_records_arrive_later(year, province):
    criteria_set, assessments = year
    _score_by_hand(assessments, province.inspector)
    # A late import brings three more dossiers of 2025 finished on time: 6 of 7 (85,71%), which would give
    # 6 × 5,71 / 20 = 1,71 points on 2.1; STTTT's final card keeps the 75% and 0 points it was closed with.
    for _ in range(3):
        make_dossier(province.stttt_procedure, received_at=local(2025, 9, 1), finished_at=local(2025, 9, 2))
    on_time = Criterion.objects.get(criteria_set=criteria_set, code="2.1")

    card = set_scorecards(criteria_set)[assessments["STTTT"].pk]

    assert (card.leaves[2].auto_value, card.leaves[2].auto) == (D("75.0000"), D("0.00"))
    assert auto_figures([on_time], [province.stttt], 2025)[(province.stttt.pk, on_time.pk)] == Figure(
        D("85.71"), D("1.71")
    )


def test_rules_round_half_up_to_two_decimals():
    linear, steps = parse_rule("tuyến tính 80-100"), parse_rule("≥100:1; ≥95:0,75; ≥0:0")

    assert rule_points(linear, D("80"), D(6)) == D("0.00")
    assert rule_points(linear, D("79"), D(6)) == D("0.00")
    assert rule_points(linear, D("120"), D(6)) == D("6.00")
    # 3 × 1,5/20 = 0,225: half up to 0,23, not to the even 0,22.
    assert rule_points(linear, D("81.5"), D(3)) == D("0.23")
    assert rule_points(steps, D("100"), D(2)) == D("2.00")
    assert rule_points(steps, D("99.99"), D(2)) == D("1.50")
    assert rule_points(steps, D("94.99"), D(2)) == D("0.00")
    assert parse_rule("≥ 90 : 1 ; >= 50 : 0,5") == {"kind": "steps", "steps": [["90", "1"], ["50", "0.5"]]}
    assert rule_points(parse_rule("≥90:1; ≥50:0,5"), D("10"), D(2)) == D("0.00")


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    assert ranks({1: D("18.5"), 2: D("20"), 3: D("18.5"), 4: D("3")}) == {2: 1, 1: 2, 3: 2, 4: 4}


def test_a_successor_is_scored_on_its_predecessors_records_of_the_year(
    province, django_assert_max_num_queries
):
    province.stttt.valid_to = date(2025, 2, 28)
    province.stttt.save()
    skhcn = make_department("SKHCN", name="Sở Khoa học và Công nghệ")
    make_succession(province.stttt, skhcn)
    make_dossier(province.stttt_procedure, received_at=local(2025, 2, 3), finished_at=local(2025, 2, 4))
    criteria_set = CriteriaSet.objects.create(year=2025, kind="agency")
    _criterion(criteria_set, "1", 6, indicator="on_time_rate", rule="tuyến tính 80-100")
    assessment = Assessment.objects.create(criteria_set=criteria_set, department=skhcn)

    card = set_scorecards(criteria_set)[assessment.pk]

    assert (card.leaves[0].auto_value, card.leaves[0].auto, card.total) == (
        D("100.0000"),
        D("6.00"),
        D("6.00"),
    )
