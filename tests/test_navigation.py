"""The menu offers each role what it may use; refusals and missing pages answer in Vietnamese with a
way back; the admin speaks Vietnamese and offers nothing that grants nothing."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from accounts.models import Role
from jobs.models import Job
from tests.factories import make_user

pytestmark = pytest.mark.django_db

EVERYONE = [
    "/chi-so-766/",
    "/chi-so-cchc/",
    "/ho-so/",
    "/cong-viec/",
    "/kiem-tra/",
    "/kien-nghi/",
    "/bao-cao/so-lieu/",
    "/bao-cao/chat-luong-du-lieu/",
    "/pakn/",
    "/quyet-dinh-cong-bo/",
    "/api/docs/",
]
DATA_ENTRY = ["/ho-so/tiep-nhan/", "/nhap-excel/", "/bao-cao/mau-nhap-excel.xlsx"]


def menu_links(html: str) -> set[str]:
    menu = html[html.index('id="mainnav"') : html.index("</nav>")]
    return set(re.findall(r'href="(/[^"]*)"', menu))


def open_menu(client, user, django_assert_num_queries) -> set[str]:
    client.force_login(user)
    # The session, the user, the user's jobs: the menu itself reads nothing.
    with django_assert_num_queries(3):
        response = client.get(reverse("jobs:list"))
    assert response.status_code == 200
    return menu_links(response.content.decode())


def test_staff_menu_offers_registration_import_and_every_shared_page(
    client, province, django_assert_num_queries
):
    links = open_menu(client, province.staff_stttt, django_assert_num_queries)
    assert links >= {*EVERYONE, *DATA_ENTRY}
    assert "/admin/" not in links


@pytest.mark.parametrize("role", ["leader", "inspector"])
def test_leader_and_inspector_menus_leave_out_what_only_staff_may_do(
    client, province, role, django_assert_num_queries
):
    links = open_menu(client, getattr(province, role), django_assert_num_queries)
    assert links >= set(EVERYONE)
    assert not links & {*DATA_ENTRY, "/admin/"}


def test_administrator_menu_adds_the_admin(client, province, django_assert_num_queries):
    admin_user = make_user("quantri", role=Role.ADMINISTRATOR)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    links = open_menu(client, admin_user, django_assert_num_queries)
    assert links >= {*EVERYONE, *DATA_ENTRY, "/admin/"}


def test_leader_opening_the_import_gets_the_vietnamese_403_page_with_a_way_home(
    client, province, django_assert_num_queries
):
    client.force_login(province.leader)
    # The session and the user; the role refuses without a query.
    with django_assert_num_queries(2):
        response = client.get("/nhap-excel/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền mở trang này" in html
    assert 'href="/" id="error-home"' in html
    assert "Forbidden" not in html


def test_a_missing_page_answers_the_vietnamese_404_page_with_a_way_home(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the dossier not found among them.
    with django_assert_num_queries(4):
        response = client.get("/ho-so/KHONG-CO/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc bản ghi này" in html
    assert 'href="/" id="error-home"' in html
    assert "Not Found" not in html


def test_the_500_page_renders_in_vietnamese_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố khi xử lý yêu cầu" in html
    assert 'href="/" id="error-home"' in html


def test_admin_index_lists_vietnamese_sections_and_no_groups(client, province, django_assert_num_queries):
    root = make_user("quantri", role=Role.ADMINISTRATOR)
    root.is_staff = root.is_superuser = True
    root.save()
    client.force_login(root)
    # The session, the user, the recent actions.
    with django_assert_num_queries(3):
        html = client.get("/admin/").content.decode()
    sections = {s.strip() for s in re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", html, re.S)}
    assert sections >= {
        "Chỉ số và báo cáo",
        "Công việc chạy nền",
        "Kiểm tra CCHC",
        "Thủ tục hành chính và hồ sơ",
        "Tài khoản",
        "Đơn vị",
        "Đăng nhập sai và khóa tài khoản",
        "Hàng đợi tác vụ nền (kỹ thuật)",
    }
    assert not sections & {"Axes", "Tasks Database Backend", "Xác thực và ủy quyền"}
    assert Group not in admin.site._registry
    assert "Lần đăng nhập sai" in html


def test_job_list_shows_the_users_own_jobs_only(client, province, django_assert_num_queries):
    for user, name in [(province.staff_stttt, "cua-lan.xlsx"), (province.staff_sxd, "cua-minh.xlsx")]:
        Job.objects.create(kind=Job.Kind.EXPORT, user=user, filename=name, stored_name=name)
    client.force_login(province.staff_stttt)
    # The session, the user, the jobs.
    with django_assert_num_queries(3):
        html = client.get("/cong-viec/").content.decode()
    assert "cua-lan.xlsx" in html
    assert "cua-minh.xlsx" not in html


def test_menu_entry_to_declarations_sends_staff_to_their_unit_and_lets_a_leader_choose(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the user's units.
    with django_assert_num_queries(3):
        response = client.get("/bao-cao/so-lieu/")
    assert response["Location"] == "/bao-cao/so-lieu/STTTT/"
    client.force_login(province.leader)
    with django_assert_num_queries(3):
        html = client.get("/bao-cao/chat-luong-du-lieu/").content.decode()
    assert 'href="/bao-cao/chat-luong-du-lieu/STTTT/"' in html
    assert 'href="/bao-cao/chat-luong-du-lieu/SXD/"' in html
    assert "STTTT-VP/" not in html
