"""The rules of units over time (procedures.organisation), on a small province written out by hand:

STTTT (ends 28/02/2025) → SKHCN every field but press; press → SVHTT
SLDTBXH (ends 28/02/2025) split: labour → SNV, health → SYT, the rest → SGDDT
XA1, XA2 (communes under huyện H1, all three end 30/06/2025) → XAMOI (from 01/07/2025); H1 → XAMOI
SKHCN-VP: a division of SKHCN"""

from datetime import date

import pytest

from procedures.organisation import (
    EVERYTHING,
    CarriedProcedure,
    FieldSet,
    Link,
    Organisation,
    Share,
    Unit,
)
from procedures.organisation_rules import succession_problems, unit_problem

PRESS, LABOUR, HEALTH, SCIENCE, CIVIL = 1, 2, 3, 4, 5
MERGED, ABOLISHED, NEW = date(2025, 2, 28), date(2025, 6, 30), date(2025, 7, 1)

UNITS = [
    Unit(1, "STTTT", "Sở Thông tin và Truyền thông", "/STTTT/", "agency", None, MERGED),
    Unit(2, "SKHCN", "Sở Khoa học và Công nghệ", "/SKHCN/", "agency"),
    Unit(3, "SVHTT", "Sở Văn hóa, Thể thao và Du lịch", "/SVHTT/", "agency"),
    Unit(4, "SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "/SLDTBXH/", "agency", None, MERGED),
    Unit(5, "SNV", "Sở Nội vụ", "/SNV/", "agency"),
    Unit(6, "SYT", "Sở Y tế", "/SYT/", "agency"),
    Unit(7, "SGDDT", "Sở Giáo dục và Đào tạo", "/SGDDT/", "agency"),
    Unit(8, "H1", "UBND huyện Một", "/H1/", "district", None, ABOLISHED),
    Unit(9, "XA1", "UBND xã Một", "/H1/XA1/", "commune", None, ABOLISHED),
    Unit(10, "XA2", "UBND xã Hai", "/H1/XA2/", "commune", None, ABOLISHED),
    Unit(11, "XAMOI", "UBND xã Mới", "/XAMOI/", "commune", NEW, None),
    Unit(12, "SKHCN-VP", "Văn phòng Sở KH&CN", "/SKHCN/SKHCN-VP/", "division"),
]
LINKS = [
    Link(1, 2, date(2025, 3, 1)),
    Link(1, 3, date(2025, 3, 1), frozenset({PRESS})),
    Link(4, 5, date(2025, 3, 1), frozenset({LABOUR})),
    Link(4, 6, date(2025, 3, 1), frozenset({HEALTH})),
    Link(4, 7, date(2025, 3, 1)),
    Link(9, 11, NEW),
    Link(10, 11, NEW),
    Link(8, 11, NEW),
]


@pytest.fixture
def province() -> Organisation:
    return Organisation.of(UNITS, LINKS)


def test_a_merged_unit_reports_its_predecessor_in_every_field_but_the_one_passed_elsewhere(province):
    assert province.sources(2) == [Share(1, FieldSet(None, frozenset({PRESS})))]
    assert province.sources(3) == [Share(1, FieldSet(frozenset({PRESS})))]


def test_a_unit_split_by_field_passes_each_field_to_one_successor_and_the_rest_to_the_fieldless_one(province):
    assert province.sources(5) == [Share(4, FieldSet(frozenset({LABOUR})))]
    assert province.sources(6) == [Share(4, FieldSet(frozenset({HEALTH})))]
    [(source, rest, _away)] = province.sources(7)
    assert source == 4
    assert [field in rest for field in (LABOUR, HEALTH, SCIENCE, CIVIL)] == [False, False, True, True]


def test_a_commune_merged_from_two_reports_both_and_their_abolished_district_once(province):
    # The district's subtree less its communes (which pass their own records), and each commune: every
    # record once.
    assert province.sources(11) == [
        Share(8, EVERYTHING, ((9, EVERYTHING), (10, EVERYTHING))),
        Share(9, EVERYTHING),
        Share(10, EVERYTHING),
    ]


def test_a_districts_successor_does_not_take_the_records_of_communes_that_went_elsewhere():
    units = [
        Unit(1, "H", "UBND huyện", "/H/", "district", None, ABOLISHED),
        Unit(2, "XA", "UBND xã A", "/H/XA/", "commune", None, ABOLISHED),
        Unit(3, "XB", "UBND xã B", "/H/XB/", "commune", None, ABOLISHED),
        Unit(4, "SEAT", "UBND xã Trung tâm", "/SEAT/", "commune", NEW),
        Unit(5, "OTHER", "UBND xã Khác", "/OTHER/", "commune", NEW),
    ]
    links = [Link(1, 4, NEW), Link(2, 4, NEW), Link(3, 5, NEW)]
    split = Organisation.of(units, links)
    assert split.sources(4) == [
        Share(1, EVERYTHING, ((2, EVERYTHING), (3, EVERYTHING))),
        Share(2, EVERYTHING),
    ]
    assert split.sources(5) == [Share(3, EVERYTHING)]


def test_successions_chain_so_that_the_last_successor_reports_the_first_unit():
    units = [
        Unit(1, "A", "A", "/A/", "agency", None, date(2025, 2, 28)),
        Unit(2, "B", "B", "/B/", "agency", date(2025, 3, 1), date(2025, 6, 30)),
        Unit(3, "C", "C", "/C/", "agency", date(2025, 7, 1)),
    ]
    chain = Organisation.of(
        units, [Link(1, 2, date(2025, 3, 1)), Link(2, 3, date(2025, 7, 1), frozenset({HEALTH}))]
    )
    assert chain.sources(3) == [
        Share(1, FieldSet(frozenset({HEALTH}))),
        Share(2, FieldSet(frozenset({HEALTH}))),
    ]
    assert chain.effective_unit(1, HEALTH, date(2025, 8, 1)) == 3
    # Nobody took A's other fields past B.
    assert chain.effective_unit(1, PRESS, date(2025, 8, 1)) is None
    # Open work follows the chain to its end, through the only successor B has.
    assert chain.final_successor(1).code == "C"


def test_a_listed_unit_that_ended_passes_its_procedures_to_the_successor_of_their_field(province):
    press = CarriedProcedure("province", PRESS, frozenset({1}))
    science = CarriedProcedure("province", SCIENCE, frozenset({1}))
    assert province.carriers_on(press, date(2024, 5, 1)) == {1}
    assert province.carriers_on(press, date(2025, 5, 1)) == {3}
    assert province.carriers_on(science, date(2025, 5, 1)) == {2}
    # A division carries out its agency's procedures.
    assert province.carries(science, 12, date(2025, 5, 1))
    assert not province.carries(science, 12, date(2024, 5, 1))


def test_a_commune_procedure_listing_no_unit_is_carried_out_by_every_commune_in_being(province):
    birth = CarriedProcedure("commune", CIVIL)
    assert province.carriers_on(birth, date(2025, 6, 30)) == {9, 10}
    assert province.carriers_on(birth, date(2025, 7, 1)) == {11}
    assert province.carries(birth, 9, date(2025, 6, 30))
    assert not province.carries(birth, 2, date(2025, 6, 30))


def test_who_carries_a_procedure_follows_each_day_asked_in_any_order_around_a_unit_s_end(province):
    # carries() keeps its answers by stretch of days between units' beginnings and ends: a day asked
    # after another on the other side of an end still gets its own answer.
    birth = CarriedProcedure("commune", CIVIL)
    days = [date(2025, 6, 30), date(2025, 7, 1), date(2025, 6, 1), date(2025, 12, 31), date(2025, 6, 30)]
    assert [province.carries(birth, 9, day) for day in days] == [True, False, True, False, True]
    assert [province.carries(birth, 11, day) for day in days] == [False, True, False, True, False]


def test_a_unit_given_an_end_stops_carrying_its_procedures_from_the_day_after(province):
    birth = CarriedProcedure("commune", CIVIL)
    assert province.carries(birth, 11, date(2025, 9, 1))
    ended = province.with_end(11, date(2025, 8, 31))
    assert not ended.carries(birth, 11, date(2025, 9, 1))
    assert ended.carries(birth, 11, date(2025, 8, 31))
    # The province it was made from is as it was.
    assert province.carries(birth, 11, date(2025, 9, 1))


def test_a_dossier_received_after_its_unit_ended_names_the_successor(province):
    science = CarriedProcedure("province", SCIENCE, frozenset({1}))
    assert unit_problem(province, 1, science, date(2025, 3, 1)) == (
        "Sở Thông tin và Truyền thông đã kết thúc hoạt động từ ngày 01/03/2025: hãy ghi hồ sơ cho đơn vị kế "
        "thừa Sở Khoa học và Công nghệ."
    )
    assert unit_problem(province, 1, science, date(2025, 2, 28)) is None
    assert unit_problem(province, 11, CarriedProcedure("commune", CIVIL), date(2025, 6, 30)) == (
        "UBND xã Mới chỉ hoạt động từ ngày 01/07/2025."
    )


def test_a_dossier_under_a_unit_that_does_not_carry_out_its_procedure_that_day_is_refused(province):
    science = CarriedProcedure("province", SCIENCE, frozenset({2}))
    assert unit_problem(province, 6, science, date(2025, 5, 1)) == (
        "Sở Y tế không thực hiện thủ tục này vào ngày tiếp nhận 01/05/2025."
    )


def test_a_succession_that_loops_is_refused(province):
    problems = succession_problems(province, Link(2, 1, date(2025, 3, 1)))
    assert problems["successor"] == (
        "Kế thừa tạo thành vòng: Sở Thông tin và Truyền thông đã (trực tiếp hoặc gián tiếp) kế thừa "
        "Sở Khoa học và Công nghệ."
    )


def test_a_field_given_to_two_successors_is_refused_naming_it(province):
    problems = succession_problems(
        province, Link(4, 2, date(2025, 3, 1), frozenset({HEALTH})), field_names={HEALTH: "Y tế"}
    )
    assert problems == {
        "fields": "Lĩnh vực Y tế đã giao cho một đơn vị kế thừa khác của Sở Lao động – Thương binh và Xã hội."
    }


def test_a_second_successor_taking_every_other_field_is_refused(province):
    problems = succession_problems(province, Link(4, 2, date(2025, 3, 1)))
    assert problems["fields"].startswith("Sở Lao động – Thương binh và Xã hội đã có một đơn vị kế thừa nhận")


def test_a_succession_takes_effect_the_day_after_the_predecessor_ends(province):
    problems = succession_problems(province, Link(9, 2, date(2025, 6, 1), frozenset({SCIENCE})))
    assert problems == {
        "effective_on": "Ngày hiệu lực phải là ngày sau ngày kết thúc của UBND xã Một (01/07/2025)."
    }


@pytest.mark.parametrize(
    ("left", "right", "union", "minus"),
    [
        (
            FieldSet(frozenset({1, 2})),
            FieldSet(frozenset({2, 3})),
            FieldSet(frozenset({1, 2, 3})),
            FieldSet(frozenset({1})),
        ),
        (
            FieldSet(None, frozenset({1})),
            FieldSet(frozenset({1, 2})),
            EVERYTHING,
            FieldSet(None, frozenset({1, 2})),
        ),
        (
            FieldSet(None, frozenset({1, 2})),
            FieldSet(None, frozenset({2, 3})),
            FieldSet(None, frozenset({2})),
            FieldSet(frozenset({3})),
        ),
    ],
)
def test_field_sets_add_up_and_take_away_as_sets_of_fields(left, right, union, minus):
    fields = range(1, 6)
    assert [f in left.union(right) for f in fields] == [f in union for f in fields]
    assert [f in left.minus(right) for f in fields] == [f in minus for f in fields]
