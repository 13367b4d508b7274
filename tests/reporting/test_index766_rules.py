"""The national index's table and scoring (reporting.index766_table, reporting.index766_rules), every figure worked out by hand."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.index766_rules import (
    Measure,
    assemble,
    default_settings,
    points_to_gain,
    score,
    settings_in_force,
)
from reporting.index766_table import CODES, DEFINITIONS_BY_CODE, GROUPS, INDICATORS
from reporting.models import IndexSetting


def _indicator(result, code):
    return next(indicator for indicator in result.indicators if indicator.code == code)


def test_the_table_has_the_six_groups_and_their_indicators_in_the_specs_order():
    assert [group.code for group in GROUPS] == [
        "cong_khai",
        "tien_do",
        "dvctt",
        "thanh_toan",
        "so_hoa",
        "hai_long",
    ]
    assert [definition.code for definition in INDICATORS] == [
        *("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3", "3.5", "3.5b", "3.6"),
        *("4.1", "4.2", "4.2b", "4.3", "4.4", "4.5b", "4.5a", "5.2", "5.3", "5.4"),
    ]
    maxima = {group.code: sum(d.default_max for d in INDICATORS if d.group == group.code) for group in GROUPS}
    assert maxima == {
        "cong_khai": 18,
        "tien_do": 20,
        "dvctt": 12,
        "thanh_toan": 10,
        "so_hoa": 22,
        "hai_long": 18,
    }
    thresholds = {d.code: d.default_threshold for d in INDICATORS if d.default_threshold != 100}
    assert thresholds == {"3.1": 80, "3.3": 50, "3.5": 80, "4.2": 80, "4.3": 80, "5.4": 90}
    assert [d.code for d in INDICATORS if d.whole_unit] == ["1.2", "1.3", "4.2b"]
    kinds = {d.code: d.kind for d in INDICATORS if d.kind != "ratio"}
    assert kinds == {"2.2": "shown", "4.2b": "declaration", "5.3": "full_when_empty", "5.4": "complement"}
    assert str(DEFINITIONS_BY_CODE["5.2"].label) == "PAKN xử lý đúng hạn"


def test_eighty_percent_threshold_three_of_five_online_procedures_give_one_and_a_half_points():
    # 3.1: 3 of 5 = 60%; 2 × 60/80 = 1.50.
    assert score(3, 5, Decimal(2), Decimal(80)) == (60.0, 1.5)
    # At 80% and above, the whole 2 points.
    assert score(4, 5, Decimal(2), Decimal(80)) == (80.0, 2.0)
    assert score(5, 5, Decimal(2), Decimal(80)) == (100.0, 2.0)


def test_fifty_percent_threshold_is_scored_from_the_unrounded_ratio():
    # 3.3: 6 of 17 = 35.294…% (shown 35.29); 6 × 35.294…/50 = 4.2352… → 4.24, where the rounded ratio
    # would give 6 × 35.29/50 = 4.2348 → 4.23.
    assert score(6, 17, Decimal(6), Decimal(50)) == (35.29, 4.24)
    assert score(11, 20, Decimal(6), Decimal(50)) == (55.0, 6.0)


def test_ninety_percent_threshold_of_satisfaction():
    # 5.4: 81% → 6 × 81/90 = 5.40; 95% → the whole 6.
    assert score(81, 100, Decimal(6), Decimal(90)) == (81.0, 5.4)
    assert score(95, 100, Decimal(6), Decimal(90)) == (95.0, 6.0)
    # Late and complained-of shares above 100% together leave no points, not fewer.
    assert score(-5, 100, Decimal(6), Decimal(90))[1] == 0.0


def test_satisfaction_with_procedures_is_a_hundred_percent_less_the_late_and_complained_of_shares():
    settings = default_settings()

    def scored(*parts):
        indicator = _indicator(assemble({"5.4": Measure(parts=parts)}, settings), "5.4")
        return indicator.ratio, indicator.points

    # 1 of 20 finished late (5%), 2 of 25 received with a petition or a dissatisfied rating (8%): 87%;
    # 6 × 87/90 = 5.80.
    assert scored((1, 20), (2, 25)) == (87.0, 5.8)
    # Nothing finished: only the second share is taken away; 1 of 10: 90%, the whole 6.
    assert scored((0, 0), (1, 10)) == (90.0, 6.0)
    # 75% late and 50% complained of: nothing left, no points.
    assert scored((3, 4), (1, 2)) == (0.0, 0.0)
    assert scored((0, 0), (0, 0)) == (None, None)


def test_ratio_and_points_are_rounded_half_up():
    # 1 of 160 = 0.625% → 0.63 (half up, not to even); 6 × 0.625/100 = 0.0375 → 0.04.
    assert score(1, 160, Decimal(6), Decimal(100)) == (0.63, 0.04)
    # 7 of 48 = 14.583…% → 14.58; 6 × 7/48 = 0.875 → 0.88, where the rounded ratio would give 0.8748 → 0.87.
    assert score(7, 48, Decimal(6), Decimal(100)) == (14.58, 0.88)


def test_zero_denominator_has_neither_ratio_nor_points():
    assert score(0, 0, Decimal(6), Decimal(100)) == (None, None)
    assert score(None, None, Decimal(6), Decimal(100)) == (None, None)


def test_no_petition_gives_full_points_for_satisfaction_with_petitions_but_no_data_is_not_full():
    result = assemble({"5.3": Measure(0, 0)}, default_settings())
    indicator = _indicator(result, "5.3")
    assert (indicator.ratio, indicator.points, indicator.max) == (None, 6.0, 6.0)
    assert result.max_available == 6.0
    assert _indicator(assemble({}, default_settings()), "5.3").points is None


def test_certified_copies_offered_not_offered_and_not_certifying():
    settings = default_settings()
    offered = _indicator(assemble({"4.2b": Measure(declared="offered")}, settings), "4.2b")
    assert (offered.numerator, offered.denominator, offered.ratio, offered.points) == (1, 1, 100.0, 2.0)
    refused = _indicator(assemble({"4.2b": Measure(declared="not_offered")}, settings), "4.2b")
    assert (refused.ratio, refused.points) == (0.0, 0.0)
    for declared in ("not_certifying", ""):
        result = assemble({"4.2b": Measure(declared=declared)}, settings)
        assert _indicator(result, "4.2b").points is None
        assert result.max_available == 0.0
    # The province's share of units offering: 3 of 4 → 2 × 75% = 1.50.
    province = _indicator(assemble({"4.2b": Measure(3, 4)}, settings), "4.2b")
    assert (province.ratio, province.points) == (75.0, 1.5)


def test_mean_processing_time_is_shown_and_never_scored():
    result = assemble({"2.2": Measure(value=4.37)}, default_settings())
    indicator = _indicator(result, "2.2")
    assert (indicator.value, indicator.points, indicator.max) == (4.37, None, 0.0)
    assert indicator.as_json()["value"] == 4.37
    assert "value" not in _indicator(result, "2.1").as_json()


def test_groups_total_max_available_and_score_out_of_a_hundred():
    measures = {
        "1.1": Measure(3, 4),  # 75% of 6 = 4.50
        "1.4": Measure(0, 0),  # không phát sinh: left out
        "2.1": Measure(9, 10),  # 90% of 20 = 18.00
        "3.1": Measure(3, 5),  # 60%/80% of 2 = 1.50
        "5.3": Measure(0, 0),  # no petition: 6.00
    }
    result = assemble(measures, default_settings())
    by_group = {group.code: group for group in result.groups}
    assert by_group["cong_khai"].points == 4.5
    assert by_group["cong_khai"].max == 18.0
    assert by_group["tien_do"].points == 18.0
    assert by_group["dvctt"].points == 1.5
    assert by_group["thanh_toan"].points is None
    assert by_group["hai_long"].points == 6.0
    assert result.total == 30.0
    # 6 + 20 + 2 + 6 = 34 points had data; 30/34 = 88.235…% → 88.24.
    assert result.max_available == 34.0
    assert result.score_100 == 88.24
    answer = result.as_json()
    assert list(answer) == ["groups", "total", "max_available", "score_100"]
    assert answer["groups"][0]["indicators"][0] == {
        "code": "1.1",
        "label": "TTHC công bố đúng hạn",
        "numerator": 3,
        "denominator": 4,
        "ratio": 75.0,
        "points": 4.5,
        "max": 6.0,
        "threshold": 100.0,
    }
    assert answer["groups"][0]["indicators"][3]["ratio"] is None


def test_nothing_measured_has_no_total_and_no_score():
    result = assemble({}, default_settings())
    assert (result.total, result.max_available, result.score_100) == (None, 0.0, None)


def test_points_to_gain_are_the_shortfalls_largest_first():
    result = assemble(
        {
            "1.1": Measure(3, 4),
            "2.1": Measure(9, 10),
            "3.1": Measure(3, 5),
            "4.2b": Measure(declared="offered"),
        },
        default_settings(),
    )
    gains = [(indicator.code, points) for indicator, points in points_to_gain(result)]
    assert gains == [("2.1", 2.0), ("1.1", 1.5), ("3.1", 0.5)]


@pytest.mark.django_db
def test_settings_changed_from_a_day_score_the_periods_from_that_day_only(django_assert_num_queries):
    IndexSetting.objects.create(code="3.1", valid_from=date(2025, 7, 1), max_points=4, threshold=60)
    IndexSetting.objects.create(code="3.1", valid_from=date(2026, 1, 1), max_points=3, threshold=75)
    with django_assert_num_queries(1):
        before = settings_in_force(date(2025, 6, 30))
    assert before["3.1"] == (Decimal(2), Decimal(80))
    july = settings_in_force(date(2025, 7, 1))
    assert july["3.1"] == (Decimal(4), Decimal(60))
    assert july["3.3"] == (Decimal(6), Decimal(50))
    assert settings_in_force(date(2026, 3, 1))["3.1"] == (Decimal(3), Decimal(75))
    # 3 of 5 = 60%: 2 × 60/80 = 1.50 under the old values, the whole 4 under July's.
    assert _indicator(assemble({"3.1": Measure(3, 5)}, before), "3.1").points == 1.5
    assert _indicator(assemble({"3.1": Measure(3, 5)}, july), "3.1").points == 4.0


@pytest.mark.django_db
def test_the_seeded_settings_are_the_tables_values():
    seed = importlib.import_module("reporting.migrations.0018_index_settings_seed")
    seeded = {
        code: (Decimal(max_points), Decimal(threshold)) for code, max_points, threshold in seed.SETTINGS
    }
    assert seeded == default_settings()
    assert list(seeded) == CODES
    # Migrated (unless a committing test flushed the table before), they are in force from QĐ 766's day.
    rows = IndexSetting.objects.filter(valid_from=date(2022, 6, 23)).values_list(
        "code", "max_points", "threshold"
    )
    assert {code: (max_points, threshold) for code, max_points, threshold in rows} in ({}, seeded)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    client.force_login(user)
    return client


def _form(**values):
    return {
        "code": "3.3",
        "valid_from": "01/01/2026",
        "max_points": "6",
        "threshold": "40",
        "note": "",
        **values,
    }


@pytest.mark.django_db
def test_administrator_changes_a_threshold_and_the_history_keeps_it(admin_client):
    setting = IndexSetting.objects.create(code="3.3", valid_from=date(2026, 1, 1), max_points=6, threshold=50)
    url = reverse("admin:reporting_indexsetting_change", args=[setting.pk])
    response = admin_client.post(url, _form(threshold="40", note="Công văn điều chỉnh"))
    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.threshold == Decimal(40)
    history = list(
        setting.history.order_by("history_date").values_list(
            "threshold", "history_type", "history_user__username"
        )
    )
    assert history == [(Decimal(50), "+", None), (Decimal(40), "~", "quantri")]
    assert settings_in_force(date(2026, 2, 1))["3.3"] == (Decimal(6), Decimal(40))


@pytest.mark.django_db
def test_the_admin_refuses_a_code_not_in_the_index(admin_client):
    response = admin_client.post(reverse("admin:reporting_indexsetting_add"), _form(code="3.4"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"] == [
        "“3.4” không phải mã chỉ số của Bộ chỉ số 766 (các mã: " + ", ".join(CODES) + ")."
    ]
    assert not IndexSetting.objects.filter(code="3.4").exists()
