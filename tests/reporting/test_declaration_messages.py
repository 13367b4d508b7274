"""Saving declared figures or a periodic report says which unit's record was saved, and for which day."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reporting.models import PeriodicReport

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_added_declaration_is_confirmed_with_its_unit_and_day(client, province):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": "30/06/2025"}
    )
    assert messages_of(response) == [
        "Đã thêm số liệu tự báo cáo của Sở Thông tin và Truyền thông tính đến ngày 30/06/2025."
    ]


def test_edited_periodic_report_is_confirmed_with_its_name_unit_and_deadline(
    client, province, django_assert_num_queries
):
    report = PeriodicReport.objects.create(
        department=province.stttt, name="Báo cáo quý I", deadline_on="2025-03-15"
    )
    client.force_login(province.staff_stttt)
    url = reverse("reporting:report_edit", kwargs={"code": "STTTT", "pk": report.pk})
    response = client.post(
        url, {"name": "Báo cáo quý I", "deadline_on": "15/03/2025", "submitted_on": "14/03/2025"}
    )
    assert messages_of(response) == [
        "Đã lưu báo cáo định kỳ “Báo cáo quý I” của Sở Thông tin và Truyền thông, hạn nộp 15/03/2025."
    ]
