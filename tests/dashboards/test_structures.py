"""The switch "Cơ cấu: hiện tại / tại thời điểm phát sinh" and units over time on the pages: a merged
unit's figures with and without its predecessor's dossiers, ended units in the tree, a service centre's
dossiers received for others, and open work that follows a unit to its successor."""

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from departments.models import Department
from departments.selectors import department_list
from tests.dashboards.builders_h4 import merge_stttt_into_skhcn, open_work_of_stttt
from tests.factories import local, make_department, make_dossier, make_succession, make_user
from tests.queries import DATA_VERSION, INDEX766_CATALOGUE_KEPT, INDEX766_SENTENCE, ORGANISATION_KEPT

pytestmark = pytest.mark.django_db

YEAR_2024 = {"kind": "year", "year": "2024"}
HISTORICAL = {"structure": "historical"}
# The units and successions with their fields that a page places units by, kept per data version on
# PostgreSQL (which first reads the version).
ORGANISATION = 2 + DATA_VERSION
# A unit's page as a leader sees it: the session, the user, the unit, the organisation, its dossier
# counts, the catalogue's units and levels, its reports and declarations, the trend and Biểu 06a counts
# (with the names of its rows' fields, when it has rows), the dossiers it received for others, its procedures, its sub-units, its recent dossiers,
# its open recommendations (with those of the units it took over), its unfinished inspections and its
# data locks.
UNIT_PAGE = 16 + ORGANISATION + INDEX766_SENTENCE
FIELD_NAMES = 1


@pytest.fixture
def merger(province):
    return merge_stttt_into_skhcn(province)


def _count(response) -> int:
    return response.context["page"].paginator.count


def _switch_links(page: str) -> dict[str, dict[str, list[str]]]:
    """The switch's two links, each as its query parameters."""
    switch = re.search(r'<nav class="structure-switch.*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="([^"]+)" data-structure="(\w+)"', switch)
    return {value: parse_qs(urlparse(url.replace("&amp;", "&")).query) for url, value in links}


def test_a_merged_units_2024_figures_and_their_lists_hold_its_predecessors_dossiers_only_in_the_current_structure(
    client, province, merger, django_assert_num_queries
):
    client.force_login(province.leader)
    url = reverse("dashboards:department", kwargs={"code": "SKHCN"})
    # In the current structure Biểu 06a has a row, STTTT's field, whose name it reads.
    with django_assert_num_queries(UNIT_PAGE + FIELD_NAMES):
        current = client.get(url, YEAR_2024)
    # PostgreSQL keeps what the first load read of the organisation, of the unit (for a leader) and its
    # procedures, and of the national index's catalogue, none of which a structure changes.
    with django_assert_num_queries(
        UNIT_PAGE - ORGANISATION_KEPT - 2 * DATA_VERSION - INDEX766_CATALOGUE_KEPT
    ):
        historical = client.get(url, {**YEAR_2024, **HISTORICAL})
    assert current.context["dashboard"].indicators["received"].value == 2
    assert historical.context["dashboard"].indicators["received"].value == 0
    # The figure opens exactly its records, in the structure it was read in.
    for response, codes in ((current, ["TT-2024-A", "TT-2024-B"]), (historical, [])):
        row = next(
            r for r in response.context["dashboard"].rows["dossiers"] if r.indicator.code == "received"
        )
        listed = client.get(row.url)
        assert sorted(d.code for d in listed.context["page"].object_list) == codes
    # The list of every dossier of the unit, one link away, does the same.
    page = current.content.decode()
    assert "Kế thừa từ:" in page and "Sở Thông tin và Truyền thông" in page


def test_every_dashboard_has_the_switch_and_it_keeps_the_period_and_filters(client, province, merger):
    client.force_login(province.leader)
    pages = [
        (reverse("home"), YEAR_2024),
        (reverse("dashboards:department_list"), {}),
        (reverse("dashboards:department", kwargs={"code": "SKHCN"}), YEAR_2024),
        (reverse("dashboards:quality", kwargs={"code": "SKHCN"}), YEAR_2024),
        (reverse("dashboards:procedure_list"), {"q": "giấy"}),
        (
            reverse("dashboards:dossier_list"),
            {"indicator": "received", "from": "2024-01-01", "to": "2024-12-31"},
        ),
    ]
    for url, params in pages:
        page = client.get(url, {**params, "page": "1"}).content.decode()
        links = _switch_links(page)
        assert set(links) == {"current", "historical"}, url
        assert links["historical"]["structure"] == ["historical"]
        for key, value in params.items():
            assert links["historical"][key] == [value], url
        # The page number is not kept: the other structure lists other records.
        assert "page" not in links["historical"]


def test_an_unknown_structure_shows_the_current_one(client, province, merger):
    client.force_login(province.leader)
    url = reverse("dashboards:department", kwargs={"code": "SKHCN"})
    response = client.get(url, {**YEAR_2024, "structure": "2019'--"})
    assert response.status_code == 200
    assert response.context["structure"] == "current"
    assert response.context["dashboard"].indicators["received"].value == 2
    assert 'data-structure="current" aria-current="true"' in response.content.decode()


def test_links_from_a_page_keep_the_structure(client, province, merger):
    client.force_login(province.leader)
    overview = client.get(reverse("home"), {**YEAR_2024, **HISTORICAL}).content.decode()
    # The picker sends it again, the ranking's units and counts and the exports carry it.
    assert '<input type="hidden" name="structure" value="historical">' in overview
    assert re.search(r'href="/don-vi/SXD/\?kind=year&amp;year=2024&amp;structure=historical"', overview)
    assert "sort=on_time_rate&amp;structure=historical" in overview
    unit = client.get(
        reverse("dashboards:department", kwargs={"code": "SKHCN"}), {**YEAR_2024, **HISTORICAL}
    ).content.decode()
    assert "/bao-cao/chat-luong-du-lieu/SKHCN/?kind=year&amp;year=2024&amp;structure=historical" in unit
    assert "?department=SKHCN&amp;structure=historical" in unit


def test_the_unit_list_shows_an_ended_unit_under_its_successor_greyed_with_its_dates(
    client, province, merger, django_assert_num_queries
):
    client.force_login(province.leader)
    # The session, the user, the units, the procedures and dossiers held by each, and the organisation
    # the tree is placed by.
    with django_assert_num_queries(5 + ORGANISATION):
        response = client.get(reverse("dashboards:department_list"))
    rows = [
        (row.department.code, row.depth, row.ended, row.dates)
        for row, _procedures, _dossiers in response.context["rows"]
    ]
    assert rows == [
        ("SKHCN", 0, False, "từ 01/03/2025"),
        ("STTTT", 1, True, "01/01/2019 – 28/02/2025"),
        ("STTTT-VP", 2, True, "01/01/2019 – 28/02/2025"),
        ("SXD", 0, False, ""),
        ("TTPVHCC", 0, False, ""),
    ]
    page = response.content.decode()
    assert '<tr id="unit-STTTT" class="unit-ended">' in page
    assert "đã sáp nhập, chia tách vào Sở Khoa học và Công nghệ" in page


def test_the_historical_unit_list_is_the_tree_as_it_was(client, province, merger):
    client.force_login(province.leader)
    response = client.get(reverse("dashboards:department_list"), HISTORICAL)
    rows = [
        (row.department.code, row.depth, row.ended)
        for row, _procedures, _dossiers in response.context["rows"]
    ]
    assert rows == [
        ("SKHCN", 0, False),
        ("STTTT", 0, True),
        ("STTTT-VP", 1, True),
        ("SXD", 0, False),
        ("TTPVHCC", 0, False),
    ]


def test_an_ended_units_page_says_so_and_links_to_its_successor(client, province, merger):
    client.force_login(province.leader)
    page = client.get(reverse("dashboards:department", kwargs={"code": "STTTT"}), YEAR_2024).content.decode()
    assert "Đơn vị đã kết thúc hoạt động</strong> sau ngày 28/02/2025" in page
    assert re.search(
        r'<a href="/don-vi/SKHCN/\?[^"]*" class="unit-successor">Sở Khoa học và Công nghệ</a> \(từ 01/03/2025\)',
        page,
    )


def test_the_service_centres_page_shows_the_dossiers_it_received_for_others(client, province, merger):
    client.force_login(province.leader)
    response = client.get(
        reverse("dashboards:department", kwargs={"code": "TTPVHCC"}), {"kind": "year", "year": "2025"}
    )
    page = response.content.decode()
    # Its own figures are by resolving unit: none.
    assert response.context["dashboard"].indicators["received"].value == 0
    assert "tiếp nhận 1 hồ sơ</strong> cho các đơn vị khác giải quyết" in page
    link = re.search(r'href="(/ho-so/\?receiving_unit=TTPVHCC[^"]*)"', page).group(1).replace("&amp;", "&")
    listed = client.get(link)
    assert [d.code for d in listed.context["page"].object_list] == ["KH-2025"]
    assert "Hồ sơ do <strong>Trung tâm Phục vụ hành chính công</strong> tiếp nhận" in listed.content.decode()


def test_an_unknown_receiving_unit_empties_the_list_with_a_message(client, province, merger):
    client.force_login(province.leader)
    response = client.get(reverse("dashboards:dossier_list"), {"receiving_unit": "KHONG-CO"})
    assert _count(response) == 0
    assert "Không tìm thấy đơn vị tiếp nhận có mã “KHONG-CO”." in response.content.decode()


def test_staff_of_a_successor_see_their_predecessors_records_and_nobody_elses(client, province, merger):
    client.force_login(merger.staff_skhcn)
    listed = client.get(reverse("dashboards:dossier_list"))
    assert sorted(d.code for d in listed.context["page"].object_list) == ["KH-2025", "TT-2024-A", "TT-2024-B"]
    assert (
        client.get(reverse("dashboards:department", kwargs={"code": "STTTT"}), YEAR_2024).status_code == 200
    )
    assert client.get(reverse("dashboards:department", kwargs={"code": "SXD"})).status_code == 404
    # And staff of another department do not see the merged unit's.
    client.force_login(province.staff_sxd)
    assert client.get(reverse("dashboards:department", kwargs={"code": "SKHCN"})).status_code == 404
    assert [d.code for d in client.get(reverse("dashboards:dossier_list")).context["page"].object_list] == []


def test_open_work_of_an_ended_unit_shows_under_its_successor_naming_it(
    client, province, merger, django_assert_num_queries
):
    unfinished, recommendation = open_work_of_stttt(province, merger)
    client.force_login(province.leader)
    page = client.get(reverse("dashboards:department", kwargs={"code": "SKHCN"})).content.decode()
    assert "Nguyên là kiến nghị của Sở Thông tin và Truyền thông" in page
    assert recommendation.get_absolute_url() in page
    assert unfinished.get_absolute_url() in page
    assert "Nguyên là đợt kiểm tra Sở Thông tin và Truyền thông" in page
    # The recommendation list filtered by unit holds it too, and names who follows it now: the session,
    # the user, the organisation, the unit and the recommendations with their units and inspections.
    with django_assert_num_queries(4 + ORGANISATION - ORGANISATION_KEPT):
        listed = client.get(reverse("inspections:recommendations"), {"department": "SKHCN"})
    assert [r.pk for r, _overdue, _successor in listed.context["rows"]] == [recommendation.pk]
    assert "Nguyên là kiến nghị của Sở Thông tin và Truyền thông" in listed.content.decode()
    # The successor's staff follow it; another department's do not see it.
    client.force_login(merger.staff_skhcn)
    assert client.get(recommendation.get_absolute_url()).status_code == 200
    client.force_login(province.staff_sxd)
    assert client.get(recommendation.get_absolute_url()).status_code == 404


def test_a_units_dossier_list_holds_its_predecessors_dossiers_in_the_current_structure_only(
    client, province, merger, django_assert_num_queries
):
    client.force_login(province.leader)
    url = reverse("dashboards:dossier_list")
    # The session, the user, the unit filtered on, the organisation, the count, the department and
    # field choices and the page of dossiers.
    with django_assert_num_queries(7 + ORGANISATION):
        current = client.get(url, {"department": "SKHCN"})
    assert sorted(d.code for d in current.context["page"].object_list) == [
        "KH-2025",
        "TT-2024-A",
        "TT-2024-B",
    ]
    assert "theo cơ cấu hiện tại: gồm cả hồ sơ của các đơn vị đã sáp nhập" in current.content.decode()
    historical = client.get(url, {"department": "SKHCN", **HISTORICAL})
    assert [d.code for d in historical.context["page"].object_list] == ["KH-2025"]


def test_the_quality_checks_of_a_merged_unit_read_its_predecessors_dossiers_in_the_current_structure(
    client, province, merger, django_assert_num_queries
):
    # A 2024 dossier of STTTT whose due date was typed rather than worked out from the procedure.
    make_dossier(
        province.stttt_procedure,
        code="TT-DUE",
        department=merger.stttt,
        received_at=local(2024, 6, 3),
        due_on=date(2024, 6, 28),
        finished_at=local(2024, 6, 10),
    )
    client.force_login(province.leader)
    url = reverse("dashboards:quality", kwargs={"code": "SKHCN"})
    # The session, the user, the unit, the organisation and every check counted in one query.
    with django_assert_num_queries(4 + ORGANISATION):
        current = client.get(url, YEAR_2024)
    historical = client.get(url, {**YEAR_2024, **HISTORICAL})
    counts = {result.check.code: result.count for result in current.context["results"]}
    assert counts["due_date_differs"] == 1
    assert {result.check.code: result.count for result in historical.context["results"]}[
        "due_date_differs"
    ] == 0
    # Its link lists that dossier, in the structure the check was read in.
    link = re.search(r'href="(/ho-so/\?quality=due_date_differs[^"]*)"', current.content.decode()).group(1)
    assert [d.code for d in client.get(link.replace("&amp;", "&")).context["page"].object_list] == ["TT-DUE"]


def test_every_form_06a_cell_lists_its_dossiers_in_the_structure_it_was_read_in(client, province, merger):
    client.force_login(province.leader)
    cases = [
        ("SKHCN", YEAR_2024, "current", 2),
        ("SKHCN", {**YEAR_2024, **HISTORICAL}, "historical", 0),
        ("STTTT", {**YEAR_2024, **HISTORICAL}, "historical", 2),
    ]
    for code, params, structure, expected in cases:
        page = client.get(reverse("dashboards:department", kwargs={"code": code}), params).content.decode()
        links = re.findall(r'href="(/ho-so/\?indicator=06a:received_total[^"]+)">([\d.]+)</a>', page)
        totals = [(link, int(shown)) for link, shown in links if "field=" not in link]
        assert sum(shown for _link, shown in totals) == expected, (code, structure)
        for link, shown in links:
            assert f"structure={structure}" in link
            assert client.get(link.replace("&amp;", "&")).context["page"].paginator.count == int(shown)


def test_staff_of_the_end_of_a_chain_see_every_unit_before_it_and_their_sub_units_in_one_query(
    province, merger, django_assert_num_queries
):
    # SKHCN ends on 30/06/2025 too and passes to a third unit; a commune stands apart.
    Department.objects.filter(pk=merger.skhcn.pk).update(valid_to=date(2025, 6, 30))
    merger.skhcn.refresh_from_db()
    third = make_department("SKHCN2", name="Sở Khoa học, Công nghệ và Đổi mới", valid_from=date(2025, 7, 1))
    make_succession(merger.skhcn, third)
    commune = make_department("XA-01", name="UBND xã Một", kind=Department.Kind.COMMUNE)
    staff = make_user("tam", departments=(third,))
    # The user's units and every unit that was taken over, with its successor's path, in one query; then
    # the units in that scope.
    with django_assert_num_queries(2):
        codes = sorted(department_list(user=staff).values_list("code", flat=True))
    assert codes == ["SKHCN", "SKHCN2", "STTTT", "STTTT-VP"]
    assert list(
        department_list(user=make_user("xa", departments=(commune,))).values_list("code", flat=True)
    ) == ["XA-01"]
