"""The department page keeps the department and its breadcrumb for the data version (reporting.cache):
a renamed or moved department shows on the very next load, and staff still open only their own."""

import pytest
from django.urls import reverse

from tests.queries import DATA_VERSION, INDEX766_SENTENCE

pytestmark = pytest.mark.django_db

# The division's page after a write, as an inspector sees it: the session, the user, the division and
# its tree (with its parent, the breadcrumb), the units and successions (the organisation), its dossier
# and procedure counts, its reports and declarations, the trend and Biểu 06a counts, the dossiers it
# received for others, its procedures, its children, its recent dossiers, its open recommendations, its
# unfinished inspections, its history and its data locks; and the national index's sentence.
DIVISION_PAGE = 20 + DATA_VERSION + INDEX766_SENTENCE


def test_a_renamed_department_and_its_parent_show_on_the_very_next_load(
    client, province, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(province.inspector)
    url = reverse("dashboards:department", kwargs={"code": "STTTT-VP"})
    for name in ("Văn phòng Sở", "Văn phòng Sở Thông tin"):
        province.stttt_office.name = name
        province.stttt_office.save()
        province.stttt.name = f"Sở của {name}"
        province.stttt.save()
        with django_assert_num_queries(DIVISION_PAGE):
            first = client.get(url).content.decode()
        # At most the same: on PostgreSQL the division, its breadcrumb and its figures are kept for the
        # data version, and only the session, the user, the version, the history, the data locks and
        # the overdue recommendations are read again.
        with django_assert_max_num_queries(DIVISION_PAGE):
            again = client.get(url).content.decode()
        for page in (first, again):
            assert f'<h1 class="h3 mb-1">{name}</h1>' in page
            assert f"Sở của {name}</a></li>" in page


def test_a_department_moved_under_another_shows_its_new_breadcrumb_at_once(
    client, province, django_assert_num_queries
):
    client.force_login(province.leader)
    url = reverse("dashboards:department", kwargs={"code": "STTTT-VP"})
    # A leader's page reads no history: one query fewer than an inspector's.
    with django_assert_num_queries(DIVISION_PAGE - 1):
        assert "Sở Xây dựng</a></li>" not in client.get(url).content.decode()
    province.stttt_office.parent = province.sxd
    province.stttt_office.save()
    # The move changed the data version: everything is read afresh.
    with django_assert_num_queries(DIVISION_PAGE - 1):
        assert "Sở Xây dựng</a></li>" in client.get(url).content.decode()


def test_a_department_page_one_user_opened_is_refused_to_staff_of_another_department(
    client, province, django_assert_num_queries
):
    client.force_login(province.leader)
    # The department's page as a leader sees it, with no parent to read for the breadcrumb.
    with django_assert_num_queries(DIVISION_PAGE - 2):
        assert client.get(reverse("dashboards:department", kwargs={"code": "STTTT"})).status_code == 200
    client.force_login(province.staff_sxd)
    # The session, the user, the data version (on PostgreSQL), the department and the departments she
    # belongs to: not one of them, so nothing kept for the leader is shown to her.
    with django_assert_num_queries(4 + DATA_VERSION):
        assert client.get(reverse("dashboards:department", kwargs={"code": "STTTT"})).status_code == 404
