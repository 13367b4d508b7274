"""The department page keeps the department and its breadcrumb for the data version (reporting.cache):
a renamed or moved department shows on the very next load, and staff still open only their own."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_renamed_department_and_its_parent_show_on_the_very_next_load(client, province):
    client.force_login(province.inspector)
    url = reverse("dashboards:department", kwargs={"code": "STTTT-VP"})
    for name in ("Văn phòng Sở", "Văn phòng Sở Thông tin"):
        province.stttt_office.name = name
        province.stttt_office.save()
        province.stttt.name = f"Sở của {name}"
        province.stttt.save()
        first, again = client.get(url).content.decode(), client.get(url).content.decode()
        for page in (first, again):
            assert f'<h1 class="h3 mb-1">{name}</h1>' in page
            assert f"Sở của {name}</a></li>" in page


def test_a_department_moved_under_another_shows_its_new_breadcrumb_at_once(client, province):
    client.force_login(province.leader)
    url = reverse("dashboards:department", kwargs={"code": "STTTT-VP"})
    assert "Sở Xây dựng</a></li>" not in client.get(url).content.decode()
    province.stttt_office.parent = province.sxd
    province.stttt_office.save()
    assert "Sở Xây dựng</a></li>" in client.get(url).content.decode()


def test_a_department_page_one_user_opened_is_refused_to_staff_of_another_department(client, province):
    client.force_login(province.leader)
    assert client.get(reverse("dashboards:department", kwargs={"code": "STTTT"})).status_code == 200
    client.force_login(province.staff_sxd)
    assert client.get(reverse("dashboards:department", kwargs={"code": "STTTT"})).status_code == 404
