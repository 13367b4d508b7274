"""The sentence a unit's generated paragraph says of its national index (766): its total, its rank, and
its strongest and weakest group by the share of the points it could have had."""

from reporting.index766_rules import Measure, assemble, default_settings
from reporting.summary import index766_sentence


def result(measures: dict[str, Measure] | None = None):
    return assemble(measures or {}, default_settings())


def test_the_sentence_tells_the_total_rank_and_the_strongest_and_weakest_group():
    figures = result({"1.4": Measure(1, 2), "2.1": Measure(9, 10), "3.3": Measure(1, 10)})
    assert index766_sentence(figures, rank=3, ranked=12, among="sở, ban, ngành") == (
        "Theo Bộ chỉ số 766, đơn vị đạt 22,2/32 điểm, xếp thứ 3/12 sở, ban, ngành; mạnh nhất là nhóm "
        "“Tiến độ, kết quả giải quyết” (18/20 điểm), yếu nhất là nhóm “Cung cấp dịch vụ trực tuyến” "
        "(1,2/6 điểm)."
    )


def test_a_group_is_judged_by_the_indicators_that_have_data_not_by_its_whole_maximum():
    # 1.4 alone in "Công khai" (6 of 6) beats 2.1's 18 of 20, though 6 is a third of the group's 18.
    figures = result({"1.4": Measure(2, 2), "2.1": Measure(9, 10)})
    assert "mạnh nhất là nhóm “Công khai, minh bạch” (6/6 điểm)" in index766_sentence(figures)


def test_a_unit_not_ranked_or_with_one_group_says_only_what_it_has():
    assert index766_sentence(result({"2.1": Measure(1, 2)})) == "Theo Bộ chỉ số 766, đơn vị đạt 10/20 điểm."


def test_a_unit_without_points_has_no_sentence():
    assert index766_sentence(result()) == ""
