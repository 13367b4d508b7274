"""The generated paragraph reads like an inspection report and states only what the indicators hold."""

from datetime import date

import pytest

from reporting.definitions import DEFINITIONS_BY_CODE
from reporting.results import Indicator, IndicatorSet, Period
from reporting.summary import dossier_sentence, procedure_sentence, summary_paragraph

PERIOD = Period(date(2019, 1, 1), date(2019, 10, 31))
# What an IndicatorSet holds for a department with no records: zero counts, and nothing declared.
ZERO = {code: None if d.source == "declarations" else 0 for code, d in DEFINITIONS_BY_CODE.items()}


def figures(**values) -> IndicatorSet:
    merged = {**ZERO, "on_time_rate": None, "satisfaction_rate": None, "reduced_share": None}
    merged.update(values)
    return IndicatorSet(
        None, PERIOD, {code: Indicator(DEFINITIONS_BY_CODE[code], value) for code, value in merged.items()}
    )


def test_sample_department_reads_like_the_inspection_report():
    result = figures(
        received=42,
        resolved=38,
        resolved_early=20,
        resolved_on_time=18,
        in_progress_within_deadline=3,
        withdrawn=1,
        rated=30,
        satisfied=30,
        satisfaction_rate=100.0,
    )
    assert dossier_sentence(result) == (
        "Trong kỳ, đơn vị đã tiếp nhận 42 hồ sơ, có 38 hồ sơ giải quyết đúng và trước hạn, 3 hồ sơ còn trong "
        "thời hạn xử lý, 1 hồ sơ rút, không có hồ sơ giải quyết trễ hạn; mức độ hài lòng của tổ chức, cá nhân "
        "đạt 100%."
    )


def test_nothing_received_says_so_without_figures():
    assert dossier_sentence(figures()) == (
        "Trong kỳ, đơn vị không tiếp nhận hồ sơ nào và không có hồ sơ kỳ trước chuyển sang."
    )


def test_late_dossiers_and_apologies_are_named_and_no_rating_means_no_satisfaction_claim():
    result = figures(received=1, resolved=1, resolved_late=1, late_with_apology=1)
    sentence = dossier_sentence(result)
    assert sentence == (
        "Trong kỳ, đơn vị đã tiếp nhận 1 hồ sơ, chưa có hồ sơ nào giải quyết đúng hạn, 1 hồ sơ giải quyết trễ hạn "
        "(1 hồ sơ có phiếu xin lỗi và hẹn lại ngày trả kết quả)."
    )
    assert "hài lòng" not in sentence


def test_procedure_sentence_uses_the_vietnamese_percentage():
    result = figures(
        procedures_total=37,
        procedures_reduced=34,
        reduced_share=91.89,
        procedures_level3=34,
        procedures_level4=3,
    )
    assert procedure_sentence(result) == (
        "Đơn vị có 37 TTHC, đã cắt giảm thời gian giải quyết của 34/37 TTHC, tỷ lệ 91,89%; 34 TTHC cung cấp "
        "mức độ 3 và 3 TTHC cung cấp mức độ 4."
    )


def test_undeclared_figures_are_left_out_of_the_paragraph():
    paragraph = summary_paragraph(figures(received=2, resolved=2, resolved_on_time=2, procedures_total=1))
    assert "tinh giản" not in paragraph and "giải ngân" not in paragraph


@pytest.mark.parametrize("carried", [1, 5])
def test_carried_over_dossiers_are_mentioned(carried):
    assert f"ngoài ra có {carried} hồ sơ kỳ trước chuyển sang" in dossier_sentence(
        figures(received=3, carried_over=carried)
    )
