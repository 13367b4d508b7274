"""The read-only pages of the foundation: behind login, in Vietnamese, filtered, paginated."""

import pytest
from django.urls import reverse

from procedures.models import Dossier
from tests.factories import PASSWORD, local, make_dossier
from tests.queries import DATA_VERSION, INDEX766_SENTENCE

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", {}),
    ("dashboards:department_list", {}),
    ("dashboards:department", {"code": "STTTT"}),
    ("dashboards:procedure_list", {}),
    ("procedures:procedure_detail", {"code": "1.004227"}),
    ("dashboards:dossier_list", {}),
    ("procedures:dossier_detail", {"code": "HS-STTTT-1"}),
]
# What each page costs an inspector, who sees every department: the session and the user, then
INSPECTOR_QUERIES = {
    # the top departments, the organisation (units; successions with their fields), for this period and
    # the one before it read together the dossier counts, the catalogue's units and levels, the reports
    # and the declarations, the trend, the overdue counts, the overdue dossiers and the overdue
    # recommendations;
    "home": 13 + DATA_VERSION,
    # the departments, their procedure counts and their dossier counts, and the organisation that places
    # ended units under their successors;
    "dashboards:department_list": 7 + DATA_VERSION,
    # the department and its tree, the organisation, its dossier counts, the catalogue's units and
    # levels, its reports and declarations, the trend and Biểu 06a counts, the fields, the dossiers it
    # received for others, its procedures, its children, its recent dossiers, its open recommendations,
    # its unfinished inspections, its history and its data locks;
    "dashboards:department": 20 + DATA_VERSION + INDEX766_SENTENCE,
    # the count, the department and field choices, the page of procedures, and their units in one query
    # however many rows;
    "dashboards:procedure_list": 7,
    # the procedure with its units, its history and the history of its units, its units' parents, its
    # recent dossiers;
    "procedures:procedure_detail": 7,
    # the count, the department and field choices, the page of dossiers;
    "dashboards:dossier_list": 6,
    # the dossier, its supplement requests, the data locks covering it, its history, its petitions.
    "procedures:dossier_detail": 7,
}


@pytest.fixture
def dossiers(province):
    return [
        make_dossier(
            province.stttt_procedure,
            code="HS-STTTT-1",
            applicant="Công ty TNHH Ánh Dương",
            received_at=local(2025, 3, 3),
            finished_at=local(2025, 3, 6),
            satisfaction="satisfied",
        ),
        make_dossier(
            province.stttt_procedure,
            code="HS-STTTT-2",
            department=province.stttt_office,
            channel=Dossier.Channel.ONLINE,
            received_at=local(2025, 4, 1),
        ),
        make_dossier(province.sxd_procedure, code="HS-SXD-1", received_at=local(2025, 3, 5)),
    ]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(
    client, dossiers, name, kwargs, django_assert_num_queries
):
    url = reverse(name, kwargs=kwargs)
    # None: a visitor without a session cookie is sent away before anything is read.
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_opens_for_an_inspector(
    client, dossiers, province, name, kwargs, django_assert_num_queries
):
    client.force_login(province.inspector)
    with django_assert_num_queries(INSPECTOR_QUERIES[name]):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


def test_login_page_is_in_vietnamese_and_rejects_a_wrong_password(
    client, province, django_assert_num_queries
):
    # django-axes reads the failures recorded for the address and the name (2), the user, the failures
    # again, then records this one (a read and an insert in two savepoints, 5) and reads the failures
    # twice more to decide on a lockout.
    with django_assert_num_queries(12):
        response = client.post(reverse("login"), {"username": "lan", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()
    response = client.post(reverse("login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302


def test_department_page_rolls_up_its_divisions(client, dossiers, province, django_assert_num_queries):
    client.force_login(province.leader)
    # The session, the user, the department and its tree, the organisation (2), its dossier counts, the
    # catalogue's units and levels, its reports and declarations, the trend and Biểu 06a counts, the
    # fields, the dossiers it received for others, its procedures, its children, its recent dossiers,
    # its open recommendations, its unfinished inspections and its data locks.
    with django_assert_num_queries(19 + DATA_VERSION + INDEX766_SENTENCE):
        response = client.get(
            reverse("dashboards:department", kwargs={"code": "STTTT"}), {"kind": "year", "year": "2025"}
        )
    figures = response.context["dashboard"].indicators
    assert (figures["procedures_total"].value, figures["received"].value) == (1, 2)
    page = response.content.decode()
    assert "Văn phòng Sở" in page
    assert "HS-STTTT-2" in page and "HS-SXD-1" not in page


def test_dossier_list_filters_by_department_subtree_channel_and_period(
    client, dossiers, province, django_assert_num_queries
):
    client.force_login(province.inspector)
    url = reverse("dashboards:dossier_list")
    codes = lambda response: [d.code for d in response.context["page"].object_list]  # noqa: E731
    # The session, the user, the department filtered on, the organisation (whether it took over other
    # units, whose dossiers it would list in the current structure), the count, the department and field
    # choices, the page of dossiers; the department's subtree is a subquery of the last two.
    with django_assert_num_queries(9 + DATA_VERSION):
        response = client.get(url, {"department": "STTTT"})
    assert codes(response) == ["HS-STTTT-2", "HS-STTTT-1"]
    assert codes(client.get(url, {"channel": "online"})) == ["HS-STTTT-2"]
    assert codes(client.get(url, {"received_from": "04/03/2025", "received_to": "31/03/2025"})) == [
        "HS-SXD-1"
    ]
    assert codes(client.get(url, {"status": "resolved"})) == ["HS-STTTT-1"]


def test_dossier_list_explains_a_bad_date_and_lists_nothing(
    client, dossiers, province, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user, the department and field choices: no dossier is read for a bad filter.
    with django_assert_num_queries(4):
        response = client.get(reverse("dashboards:dossier_list"), {"received_from": "31/02/2025"})
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()
    assert list(response.context["page"].object_list) == []


def test_dossier_list_refuses_a_period_that_ends_before_it_starts(
    client, dossiers, province, django_assert_num_queries
):
    client.force_login(province.inspector)
    # The session, the user, the department and field choices: no dossier is read for a bad filter.
    with django_assert_num_queries(4):
        response = client.get(
            reverse("dashboards:dossier_list"), {"received_from": "31/03/2025", "received_to": "01/03/2025"}
        )
    assert "Ngày kết thúc phải từ ngày bắt đầu trở về sau." in response.content.decode()


def test_procedure_list_filters_reduced_procedures(client, province, django_assert_num_queries):
    client.force_login(province.inspector)
    # The session, the user, the count, the department and field choices, the page of procedures and
    # their units.
    with django_assert_num_queries(7):
        response = client.get(reverse("dashboards:procedure_list"), {"reduced": "yes"})
    assert [p.code for p in response.context["page"].object_list] == ["1.009972"]
    response = client.get(reverse("dashboards:procedure_list"), {"reduced": "no", "q": "xuất bản"})
    assert [p.code for p in response.context["page"].object_list] == ["1.004227"]


def test_staff_see_only_their_own_departments(client, dossiers, province, django_assert_num_queries):
    client.force_login(province.staff_sxd)
    # The session, the user, the user's departments and their subtree, the count, the department and
    # field choices, the page of dossiers.
    with django_assert_num_queries(8):
        response = client.get(reverse("dashboards:dossier_list"))
    assert [d.code for d in response.context["page"].object_list] == ["HS-SXD-1"]
    assert client.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-STTTT-1"})).status_code == 404
    assert client.get(reverse("dashboards:department", kwargs={"code": "STTTT"})).status_code == 404
    assert client.get(reverse("procedures:procedure_detail", kwargs={"code": "1.004227"})).status_code == 404


def test_dossier_page_shows_dates_day_first(client, dossiers, province, django_assert_num_queries):
    client.force_login(province.inspector)
    # The session, the user, the dossier, its supplement requests, the data locks covering it, its history,
    # its petitions.
    with django_assert_num_queries(7):
        response = client.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-STTTT-1"}))
    page = response.content.decode()
    assert "03/03/2025 09:00" in page
    assert "Đúng hạn" in page or "Trước hạn" in page


def test_dossier_list_query_count_does_not_grow_with_the_dossiers(
    client, province, django_assert_max_num_queries
):
    for n in range(60):
        make_dossier(province.stttt_procedure, code=f"HS-N{n}")
    client.force_login(province.inspector)
    # session, user, count, department choices, field choices, page of dossiers with their procedure
    # and department (the "Tiếp nhận" button's permission comes from the role, without a query)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("dashboards:dossier_list"))
    assert response.context["page"].paginator.count == 60


def test_department_list_query_count_does_not_grow_with_the_departments(
    client, province, django_assert_max_num_queries
):
    from tests.factories import make_department

    for n in range(30):
        make_department(f"X{n}", parent=province.sxd)
    client.force_login(province.leader)
    # session, user, departments, procedures per department, dossiers per department, the organisation
    # (units; successions with their fields) that places ended units
    with django_assert_max_num_queries(7 + DATA_VERSION):
        response = client.get(reverse("dashboards:department_list"))
    assert len(response.context["rows"]) == 33


def test_password_change_is_in_vietnamese_and_works(client, province, django_assert_num_queries):
    client.force_login(province.staff_stttt)
    page = client.get(reverse("password_change")).content.decode()
    assert "Đổi mật khẩu" in page
    response = client.post(
        reverse("password_change"), {"old_password": "sai", "new_password1": "x", "new_password2": "x"}
    )
    page = response.content.decode()
    assert "Mật khẩu cũ không chính xác." in page and "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in page
    # The session, the user, the new password written, then the session cycled so that it stays signed
    # in: the old one read, the new key inserted in a savepoint (3), the old one read and deleted, the
    # new one saved in a savepoint (3).
    with django_assert_num_queries(12):
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "Cai-cach-2025!", "new_password2": "Cai-cach-2025!"},
        )
    assert response.url == reverse("password_change_done")
    province.staff_stttt.refresh_from_db()
    assert province.staff_stttt.check_password("Cai-cach-2025!")
