"""The petitions behind 5.2 and 5.3 of the national index open from their counts."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import make_department, make_user
from tests.reporting.test_index766 import agency  # noqa: F401 - the hand-built agency

pytestmark = pytest.mark.django_db

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def test_a_petition_count_opens_the_petitions_it_counted(client, agency):  # noqa: F811
    client.force_login(make_user("lanh-dao", role=Role.LEADER))
    url = reverse("dashboards:index766_petitions")
    response = client.get(url, {"indicator": "766:5.2:numerator", "department": "SA", **MARCH})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert "5.2 “PAKN xử lý đúng hạn”, tử số" in response.content.decode()
    # Nothing stands in the way of 5.2: its gap is empty.
    response = client.get(url, {"indicator": "766:5.2:gap", "department": "SA", **MARCH})
    assert response.context["page"].paginator.count == 0


def test_a_petition_list_of_another_unit_or_without_a_count_shows_nothing(client, agency):  # noqa: F811
    staff = make_user("nhan-vien", departments=(make_department("SB"),))
    client.force_login(staff)
    url = reverse("dashboards:index766_petitions")
    response = client.get(url, {"indicator": "766:5.2:numerator", "department": "SA", **MARCH})
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị có mã “SA”." in response.content.decode()
    assert response.context["page"].paginator.count == 0
    response = client.get(url, {"indicator": "766:1.4:numerator", **MARCH})
    assert "Chỉ số “766:1.4:numerator” không có danh sách này." in response.content.decode()
