"""Dashboards as a leader or inspector sees them: real figures, links that list what was counted,
and query counts that do not grow with the data."""

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from procedures.models import Dossier
from reporting.periods import select_period
from tests.factories import local, make_department, make_dossier, make_procedure
from tests.queries import DATA_VERSION, INDEX766_SENTENCE

pytestmark = pytest.mark.django_db

YEAR_2025 = {"kind": "year", "year": "2025"}
# The overview of 2025 as a leader or inspector sees it: the session, the user, the top departments, the
# organisation (units; successions with their fields), for this period and the one before read together
# the dossier counts, the catalogue's units and levels, the report counts and the declarations, the
# monthly trend, the overdue counts today (2), the overdue dossiers and the overdue recommendations.
OVERVIEW = 14 + DATA_VERSION
# This year's overview ends today: its own figures give today's overdue counts, one query fewer.
OVERVIEW_THIS_YEAR = OVERVIEW - 1
# A staff member's overview also reads the departments they belong to (and those they took over), for
# the overdue dossiers and again for the overdue recommendations.
STAFF_OVERVIEW = OVERVIEW + 2
# The units and successions (with their fields) that figures in the current structure and the pages'
# units over time are worked out over.
ORGANISATION = 2
# A department's page as an inspector sees it: the session, the user, the department and its tree, the
# organisation, its dossier counts, the procedures carried out, its reports and declarations, the trend,
# Biểu 06a counts and fields, the dossiers it received for others, its procedures, its children, its
# recent dossiers, its open recommendations (with those of the units it took over), its unfinished
# inspections, its history and its data locks.
DEPARTMENT_PAGE = 18 + ORGANISATION + DATA_VERSION + INDEX766_SENTENCE
# A list a figure links to: the session, the user, the department filtered on and the organisation (its
# records in the figure's structure), the count, the department and field choices, and the page of
# records when there is one.
DRILL_DOWN = 7 + ORGANISATION + DATA_VERSION


@pytest.fixture
def year_2025(province):
    p = province
    make_dossier(
        p.stttt_procedure,
        code="T-EARLY",
        received_at=local(2025, 3, 3),
        finished_at=local(2025, 3, 4),
        channel=Dossier.Channel.ONLINE,
        satisfaction="satisfied",
    )
    make_dossier(
        p.stttt_procedure,
        code="T-LATE",
        received_at=local(2025, 3, 3),
        finished_at=local(2025, 4, 1),
        satisfaction="dissatisfied",
    )
    make_dossier(p.stttt_procedure, code="T-OPEN", department=p.stttt_office, received_at=local(2025, 12, 1))
    make_dossier(
        p.sxd_procedure,
        code="X-ONTIME",
        received_at=local(2025, 6, 2),
        due_on=date(2025, 6, 10),
        finished_at=local(2025, 6, 10),
    )
    return p


def test_overview_shows_province_figures_and_ranking(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.leader)
    with django_assert_num_queries(OVERVIEW):
        response = client.get(reverse("home"), YEAR_2025)
    assert response.status_code == 200
    data = response.context["data"]
    assert data.province["received"].value == 4
    assert data.province["on_time_rate"].value == 66.67  # T-EARLY and X-ONTIME of 3 resolved
    # Ranked by on-time rate: SXD 100%, STTTT 50%.
    assert [row.department.code for row in data.ranking] == ["SXD", "STTTT"]
    page = response.content.decode()
    assert "66,67%" in page
    assert "Năm 2025" in page


def test_ranking_can_be_sorted_by_online_rate(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    # Sorting is done on the figures already read: the overview's queries, no more.
    with django_assert_num_queries(OVERVIEW):
        data = client.get(reverse("home"), {**YEAR_2025, "sort": "online_rate"}).context["data"]
    assert [row.department.code for row in data.ranking] == ["STTTT", "SXD"]
    assert data.ranking[0].indicators["online_rate"].value == 33.33


def test_unknown_sort_falls_back_to_on_time_rate(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    with django_assert_num_queries(OVERVIEW_THIS_YEAR):
        response = client.get(reverse("home"), {"sort": "drop table"})
    assert response.context["data"].sort == "on_time_rate"


def test_every_count_on_the_department_page_lists_exactly_its_records(
    client, year_2025, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(year_2025.inspector)
    url = reverse("dashboards:department", kwargs={"code": "STTTT"})
    with django_assert_num_queries(DEPARTMENT_PAGE):
        dashboard = client.get(url, YEAR_2025).context["dashboard"]
    checked = 0
    for row in dashboard.rows["dossiers"]:
        if row.url is None or row.indicator.definition.kind != "count":
            continue
        # An empty list reads no page of dossiers.
        with django_assert_max_num_queries(DRILL_DOWN):
            listed = client.get(row.url).context["page"].paginator.count
        assert listed == row.indicator.value, row.indicator.code
        checked += 1
    assert checked == 19
    for row in dashboard.rows["procedures"]:
        if row.url:
            # The same for procedures, which also reads the catalogue's units and levels (who carries
            # out each procedure on the figure's day) and the listed procedures' units.
            with django_assert_max_num_queries(DRILL_DOWN + 2):
                listed = client.get(row.url).context["page"].paginator.count
            assert listed == row.indicator.value, row.indicator.code


def test_drill_down_link_names_the_figure_and_period(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    url = (
        reverse("dashboards:dossier_list")
        + "?indicator=resolved_late&department=STTTT&from=2025-01-01&to=2025-12-31"
    )
    with django_assert_num_queries(DRILL_DOWN):
        response = client.get(url)
    assert [d.code for d in response.context["page"].object_list] == ["T-LATE"]
    assert "Hồ sơ đã giải quyết quá hạn" in response.content.decode()


def test_drill_down_with_a_bad_period_explains_itself(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    # The session, the user, the department and field choices: nothing is counted for a bad period.
    with django_assert_num_queries(4):
        response = client.get(
            reverse("dashboards:dossier_list"),
            {"indicator": "received", "from": "2025-12-01", "to": "2025-01-01"},
        )
    assert response.status_code == 200
    assert "Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to)." in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_department_page_shows_summary_form_06a_and_formulas(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    with django_assert_num_queries(DEPARTMENT_PAGE):
        response = client.get(reverse("dashboards:department", kwargs={"code": "STTTT"}), YEAR_2025)
    page = response.content.decode()
    assert "Trong kỳ, đơn vị đã tiếp nhận 3 hồ sơ" in page
    assert "(Trước hạn + đúng hạn) / đã giải quyết × 100" in page
    assert (
        "?indicator=06a:received_total&amp;from=2025-01-01&amp;to=2025-12-31&amp;structure=current"
        "&amp;department=STTTT" in page
    )
    assert "<svg" in page


def test_staff_overview_shows_only_their_department(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.staff_sxd)
    with django_assert_num_queries(STAFF_OVERVIEW):
        data = client.get(reverse("home"), YEAR_2025).context["data"]
    assert [row.department.code for row in data.ranking] == ["SXD"]
    assert data.province["received"].value == 1


def test_quality_page_flags_a_typed_due_date_and_links_to_it(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    # The session, the user, the department, the organisation (its dossiers in the structure), and every
    # check counted in one query over its dossiers.
    with django_assert_num_queries(4 + ORGANISATION + DATA_VERSION):
        response = client.get(reverse("dashboards:quality", kwargs={"code": "SXD"}), YEAR_2025)
    counts = {result.check.code: result.count for result in response.context["results"]}
    assert counts["due_date_differs"] == 1
    assert counts["satisfaction_unfinished"] == 0
    # PostgreSQL keeps the organisation the quality page read.
    with django_assert_num_queries(DRILL_DOWN - 2 * DATA_VERSION):
        listed = client.get(
            reverse("dashboards:dossier_list"),
            {"quality": "due_date_differs", "department": "SXD", "from": "2025-01-01", "to": "2025-12-31"},
        )
    assert [d.code for d in listed.context["page"].object_list] == ["X-ONTIME"]


def test_period_picker_defaults_to_this_year_so_far_and_compares_with_last_year():
    selected = select_period({}, today=date(2026, 11, 28))
    assert (selected.period.start, selected.period.end) == (date(2026, 1, 1), date(2026, 11, 28))
    assert (selected.previous.start, selected.previous.end) == (date(2025, 1, 1), date(2025, 11, 28))
    assert selected.label == "Năm 2026 (đến 28/11/2026)"


@pytest.mark.parametrize(
    ("params", "period", "previous", "label"),
    [
        (
            {"kind": "quarter", "year": "2025", "quarter": "1"},
            (date(2025, 1, 1), date(2025, 3, 31)),
            (date(2024, 10, 1), date(2024, 12, 31)),
            "Quý I/2025",
        ),
        (
            {"kind": "month", "year": "2024", "month": "3"},
            (date(2024, 3, 1), date(2024, 3, 31)),
            (date(2024, 2, 1), date(2024, 2, 29)),
            "Tháng 3/2024",
        ),
        (
            {"kind": "custom", "start": "10/03/2025", "end": "19/03/2025"},
            (date(2025, 3, 10), date(2025, 3, 19)),
            (date(2025, 2, 28), date(2025, 3, 9)),
            "Từ 10/03/2025 đến 19/03/2025",
        ),
    ],
    ids=["quarter", "month-into-leap-february", "custom-range"],
)
def test_each_kind_of_period_gives_its_dates_the_period_before_and_its_label(params, period, previous, label):
    selected = select_period(params, today=date(2026, 11, 28))
    assert (selected.period.start, selected.period.end) == period
    assert (selected.previous.start, selected.previous.end) == previous
    assert selected.label == label


def test_period_picker_refuses_a_reversed_custom_range_in_vietnamese():
    selected = select_period(
        {"kind": "custom", "start": "19/03/2025", "end": "10/03/2025"}, today=date(2026, 11, 28)
    )
    assert selected.form.non_field_errors() == ["Ngày kết thúc phải từ ngày bắt đầu trở về sau."]
    assert selected.period.start == date(2026, 1, 1)


def test_overview_query_count_does_not_grow_with_departments_or_dossiers(
    client, province, django_assert_max_num_queries
):
    def grow(n: int) -> None:
        for i in range(n):
            department = make_department(f"G{i}-{n}", name=f"Sở {i}")
            procedure = make_procedure(department)
            for j in range(3):
                make_dossier(procedure, received_at=local(2025, 2, 3 + j), finished_at=local(2025, 2, 10))

    client.force_login(province.leader)
    grow(2)
    # session, user, then for this and the previous period: department paths, dossier, procedure and
    # report counts, declarations (5 × 2); top departments, overdue counts with paths, trend (2), overdue
    # dossiers, overdue recommendations.
    with django_assert_max_num_queries(19):
        small = client.get(reverse("home"), YEAR_2025)
    grow(15)
    with django_assert_max_num_queries(19):
        large = client.get(reverse("home"), YEAR_2025)
    assert len(large.context["data"].ranking) == len(small.context["data"].ranking) + 15


def test_department_page_query_count_does_not_grow_with_dossiers(
    client, province, django_assert_max_num_queries
):
    client.force_login(province.inspector)
    url = reverse("dashboards:department", kwargs={"code": "STTTT"})
    with django_assert_max_num_queries(DEPARTMENT_PAGE):
        client.get(url, YEAR_2025)
    for i in range(40):
        make_dossier(
            province.stttt_procedure, received_at=local(2025, 5, 5), finished_at=local(2025, 5, 6 + i % 3)
        )
    # The department page's queries, however many dossiers.
    with django_assert_max_num_queries(DEPARTMENT_PAGE):
        response = client.get(url, YEAR_2025)
    assert response.context["dashboard"].indicators["received"].value == 40


def test_drill_down_parameters_survive_the_filter_form(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.inspector)
    url = reverse("dashboards:dossier_list") + "?indicator=received&from=2025-01-01&to=2025-12-31"
    # A list a figure links to, with no department to read nor units to place its records by.
    with django_assert_num_queries(DRILL_DOWN - 1 - ORGANISATION):
        page = client.get(url).content.decode()
    assert '<input type="hidden" name="indicator" value="received">' in page


def test_kpi_links_carry_the_period(client, year_2025, django_assert_num_queries):
    client.force_login(year_2025.leader)
    with django_assert_num_queries(OVERVIEW):
        kpi = client.get(reverse("home"), YEAR_2025).context["data"].kpis[0]
    params = parse_qs(urlparse(kpi.url).query)
    assert params == {"indicator": ["received"], "from": ["2025-01-01"], "to": ["2025-12-31"]}


def test_every_form_06a_cell_lists_exactly_its_dossiers(
    client, year_2025, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(year_2025.inspector)
    with django_assert_num_queries(DEPARTMENT_PAGE):
        response = client.get(reverse("dashboards:department", kwargs={"code": "STTTT"}), YEAR_2025)
    page = response.content.decode()
    links = re.findall(r'href="(/ho-so/\?indicator=06a:[^"]+)">([\d.]+)</a>', page)
    assert len(links) >= 8
    for url, shown in links:
        # A list a figure links to, and the field a cell of the form counts when it counts one field.
        with django_assert_max_num_queries(DRILL_DOWN + 1):
            listed = client.get(url.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(shown.replace(".", "")), url


@pytest.mark.parametrize("start", ["01/01/1000", "01/01/0001"])
def test_a_custom_range_in_the_distant_past_is_refused_not_a_server_error(
    client, province, start, django_assert_num_queries
):
    client.force_login(province.leader)
    # The refused range falls back to this year, whose figures the overview reads as usual.
    with django_assert_num_queries(OVERVIEW_THIS_YEAR):
        response = client.get(reverse("home"), {"kind": "custom", "start": start, "end": "01/01/2020"})
    assert response.status_code == 200
    assert "Hãy chọn ngày trong khoảng 01/01/2000 – 31/12/2100." in response.content.decode()


def test_nested_memberships_count_an_overdue_dossier_once(client, province, django_assert_num_queries):
    make_dossier(
        province.stttt_procedure, code="LATE", department=province.stttt_office, received_at=local(2025, 3, 3)
    )
    province.staff_stttt.departments.add(province.stttt_office)
    client.force_login(province.staff_stttt)
    with django_assert_num_queries(STAFF_OVERVIEW - 1):  # this year, as OVERVIEW_THIS_YEAR
        data = client.get(reverse("home")).context["data"]
    assert data.overdue_total == 1
    assert [d.code for d in data.overdue_dossiers] == ["LATE"]
