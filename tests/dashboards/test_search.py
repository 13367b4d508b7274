"""Search as people type it (without diacritics, in any case) on the lists, the API and the header's
search page, each within what the user may see; the dossier list's names and sorting; /don-vi/'s counts."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.dashboards.test_dashboards import OVERVIEW
from tests.factories import local, make_department, make_dossier
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db

# The session and the user; then the procedures and the units a dossier may be found by (search).
PAGE_START = 2
SEARCH_READS = 2
# The dossier list as an inspector sees it: the count, the department and field choices, the page.
DOSSIER_LIST = PAGE_START + 4
# The unit list: the units, their procedures and dossiers counted (two grouped queries), the organisation
# (units, successions; on PostgreSQL after the data version that keys it).
UNIT_LIST = PAGE_START + 5 + DATA_VERSION
# The search page: the dossiers' procedures and units, the dossiers, the procedures and the units.
SEARCH_PAGE = PAGE_START + SEARCH_READS + 3


@pytest.fixture
def people(province):
    p = province
    make_dossier(p.stttt_procedure, code="HS-THU", applicant="Nguyễn Văn Thử", received_at=local(2025, 3, 3))
    make_dossier(
        p.stttt_procedure,
        code="HS-VP",
        applicant="Trần Thị Bình",
        department=p.stttt_office,
        received_at=local(2025, 3, 4),
    )
    make_dossier(p.sxd_procedure, code="HS-XD", applicant="Đặng Đình Đức", received_at=local(2025, 3, 5))
    return p


def codes(response) -> list[str]:
    return [d.code for d in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("nguyen van thu", ["HS-THU"]),
        ("NGUYỄN VĂN", ["HS-THU"]),
        ("dang dinh duc", ["HS-XD"]),
        # A unit's name, a procedure's name and code, a dossier's code, each typed without marks.
        ("SO XAY DUNG", ["HS-XD"]),
        ("van phong so", ["HS-VP"]),
        ("cap giay phep xuat ban", ["HS-VP", "HS-THU"]),
        ("1.009972", ["HS-XD"]),
        ("hs-t", ["HS-THU"]),
        ("không có ai", []),
    ],
)
def test_dossier_list_finds_what_is_typed_without_diacritics(
    client, people, django_assert_num_queries, typed, found
):
    client.force_login(people.inspector)
    with django_assert_num_queries(DOSSIER_LIST + SEARCH_READS - (0 if found else 1)):
        response = client.get(reverse("dashboards:dossier_list"), {"q": typed})
    assert codes(response) == found


def test_staff_search_finds_only_their_units_dossiers(client, people, django_assert_num_queries):
    client.force_login(people.staff_sxd)
    # Their units are read for the list and again for the unit filter's choices; nothing is found.
    with django_assert_num_queries(DOSSIER_LIST + SEARCH_READS + 2 - 1):
        assert codes(client.get(reverse("dashboards:dossier_list"), {"q": "nguyen"})) == []
    assert codes(client.get(reverse("dashboards:dossier_list"), {"q": "duc"})) == ["HS-XD"]


def test_procedure_list_finds_a_name_typed_without_diacritics(client, people, django_assert_num_queries):
    client.force_login(people.inspector)
    # The count, the unit and field choices, the page and its procedures' units.
    with django_assert_num_queries(PAGE_START + 5):
        response = client.get(reverse("dashboards:procedure_list"), {"q": "CAP GIAY PHEP XAY DUNG"})
    assert [p.code for p in response.context["page"].object_list] == ["1.009972"]


def test_api_lists_search_as_the_pages_do(client, people, django_assert_num_queries):
    client.force_login(people.inspector)
    # The count, the page and its procedures' units.
    with django_assert_num_queries(PAGE_START + 3):
        procedures = client.get("/api/v1/procedures/", {"q": "xuat ban"}).json()
    assert [p["code"] for p in procedures["results"]] == ["1.004227"]
    # The procedures and units a dossier is found by, the count and the page.
    with django_assert_num_queries(PAGE_START + SEARCH_READS + 2):
        dossiers = client.get("/api/v1/dossiers/", {"q": "nguyen van thu"}).json()
    assert [d["code"] for d in dossiers["results"]] == ["HS-THU"]


def test_dossier_list_shows_applicant_procedure_and_unit_names(client, people):
    client.force_login(people.inspector)
    html = client.get(reverse("dashboards:dossier_list"), {"q": "HS-VP"}).content.decode()
    for shown in ("Trần Thị Bình", "Cấp giấy phép xuất bản bản tin", "1.004227", "Văn phòng Sở"):
        assert shown in html
    assert 'data-label="Người nộp"' in html
    assert 'class="table table-stack' in html


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("code", ["HS-THU", "HS-VP", "HS-XD"]),
        ("-code", ["HS-XD", "HS-VP", "HS-THU"]),
        ("received", ["HS-THU", "HS-VP", "HS-XD"]),
        ("-received", ["HS-XD", "HS-VP", "HS-THU"]),
        ("unit", ["HS-THU", "HS-XD", "HS-VP"]),
        ("status", ["HS-THU", "HS-VP", "HS-XD"]),
        # Anything else keeps the list's own order (the latest receipt first), never a server error.
        ("received_at; DROP TABLE x", ["HS-XD", "HS-VP", "HS-THU"]),
        ("procedure__name", ["HS-XD", "HS-VP", "HS-THU"]),
        ("-", ["HS-XD", "HS-VP", "HS-THU"]),
    ],
)
def test_dossier_list_sorts_by_a_whitelisted_column_only(
    client, people, django_assert_num_queries, sort, order
):
    client.force_login(people.inspector)
    with django_assert_num_queries(DOSSIER_LIST):
        response = client.get(reverse("dashboards:dossier_list"), {"sort": sort})
    assert response.status_code == 200
    assert codes(response) == order


def test_due_date_sort_and_its_links_keep_the_filters(client, people):
    make_dossier(
        people.stttt_procedure, code="HS-LATER", received_at=local(2025, 3, 3), due_on=date(2025, 4, 30)
    )
    client.force_login(people.inspector)
    response = client.get(reverse("dashboards:dossier_list"), {"sort": "-due", "q": "hs"})
    assert codes(response)[0] == "HS-LATER"
    html = response.content.decode()
    # The column sorted by offers the other direction, with the search kept.
    assert re.search(r'href="\?sort=due&amp;q=hs"[^>]*>Hẹn trả ▼', html)


def test_search_page_finds_a_dossier_a_procedure_and_a_unit(client, people, django_assert_num_queries):
    client.force_login(people.leader)
    with django_assert_num_queries(SEARCH_PAGE):
        response = client.get(reverse("dashboards:search"), {"q": "so xay dung"})
    found = response.context["found"]
    assert [d.code for d in found.dossiers.rows] == ["HS-XD"]
    assert [u.code for u in found.units.rows] == ["SXD"]
    html = response.content.decode()
    assert reverse("procedures:dossier_detail", kwargs={"code": "HS-XD"}) in html
    assert reverse("dashboards:department", kwargs={"code": "SXD"}) in html
    response = client.get(reverse("dashboards:search"), {"q": "giay phep xay dung"})
    assert [p.code for p in response.context["found"].procedures.rows] == ["1.009972"]


def test_search_page_keeps_its_query_count_and_its_limit_however_many_match(
    client, people, django_assert_num_queries
):
    for n in range(12):
        make_dossier(people.stttt_procedure, code=f"HS-N{n:02d}", applicant=f"Nguyễn Văn {n}")
    client.force_login(people.leader)
    with django_assert_num_queries(SEARCH_PAGE):
        response = client.get(reverse("dashboards:search"), {"q": "nguyen van"})
    found = response.context["found"]
    assert len(found.dossiers.rows) == 8 and found.dossiers.more
    assert f"{reverse('dashboards:dossier_list')}?q=nguyen%20van" in response.content.decode()


def test_staff_search_page_shows_only_what_they_may_see(client, people):
    client.force_login(people.staff_sxd)
    found = client.get(reverse("dashboards:search"), {"q": "xay dung"}).context["found"]
    assert [d.code for d in found.dossiers.rows] == ["HS-XD"]
    assert [u.code for u in found.units.rows] == ["SXD"]
    assert [p.code for p in found.procedures.rows] == ["1.009972"]


@pytest.mark.parametrize("typed", ["x" * 101, "nguyen\x00"])
def test_search_refuses_what_it_cannot_search_with_a_message_and_no_query(
    client, people, django_assert_num_queries, typed
):
    client.force_login(people.leader)
    with django_assert_num_queries(PAGE_START):
        response = client.get(reverse("dashboards:search"), {"q": typed})
    assert response.status_code == 200
    assert response.context["found"] is None
    errors = response.context["form"].errors["q"]
    assert errors and all(error in response.content.decode() for error in errors)


def test_search_names_its_length_limit(client, people):
    client.force_login(people.leader)
    response = client.get(reverse("dashboards:search"), {"q": "x" * 101})
    assert "Từ khóa tìm kiếm dài tối đa 100 ký tự." in response.content.decode()


def test_search_page_without_words_only_explains_itself(client, people, django_assert_num_queries):
    client.force_login(people.leader)
    with django_assert_num_queries(PAGE_START):
        response = client.get(reverse("dashboards:search"), {"q": " ̀ "})
    assert "có dấu hay không dấu" in response.content.decode()


def test_every_page_has_the_header_search_box(client, people):
    client.force_login(people.staff_sxd)
    html = client.get(reverse("dashboards:procedure_list")).content.decode()
    assert f'action="{reverse("dashboards:search")}"' in html


def test_unit_list_finds_a_unit_and_counts_each_units_whole_tree(
    client, people, django_assert_max_num_queries
):
    make_department("STTTT-VP-TC", name="Tổ Công nghệ", parent=people.stttt_office)
    client.force_login(people.inspector)
    with django_assert_max_num_queries(UNIT_LIST):
        response = client.get(reverse("dashboards:department_list"))
    rows = {row.department.code: dossiers for row, _procedures, dossiers in response.context["rows"]}
    assert rows == {"STTTT": 2, "STTTT-VP": 1, "STTTT-VP-TC": 0, "SXD": 1}
    assert "Số hồ sơ (gồm đơn vị cấp dưới)" in response.content.decode()
    # The units found, one query more.
    with django_assert_max_num_queries(UNIT_LIST + 1):
        response = client.get(reverse("dashboards:department_list"), {"q": "VAN PHONG SO"})
    assert [(row.department.code, n) for row, _p, n in response.context["rows"]] == [("STTTT-VP", 1)]
    assert "thuộc Sở Thông tin và Truyền thông" in response.content.decode()


def test_unit_list_explains_a_search_it_refuses(client, people):
    client.force_login(people.inspector)
    response = client.get(reverse("dashboards:department_list"), {"q": "x" * 101})
    assert response.status_code == 200
    assert "Từ khóa tìm kiếm dài tối đa 100 ký tự." in response.content.decode()
    assert len(response.context["rows"]) == 3


def test_overdue_list_says_which_department_an_office_belongs_to(
    client, province, django_assert_max_num_queries
):
    make_dossier(
        province.stttt_procedure,
        code="HS-QH",
        department=province.stttt_office,
        received_at=local(2025, 1, 6),
    )
    client.force_login(province.leader)
    with django_assert_max_num_queries(OVERVIEW):
        html = client.get(reverse("home")).content.decode()
    assert "Văn phòng Sở · Sở Thông tin và Truyền thông" in html
