"""Department staff declare the figures no dossier holds; the declared indicators read them."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.indicators import Period, indicators_for_department
from reporting.models import Declaration, PeriodicReport

pytestmark = pytest.mark.django_db


def test_staff_declare_figures_and_the_indicators_use_them(client, province):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
        {
            "measured_on": "31/10/2019",
            "staff_baseline": "32",
            "staff_reduced": "4",
            "staff_reduction_target_pct": "10",
            "staff_reduction_target_year": "2021",
            "investment_planned": "15000",
            "investment_disbursed": "3097,5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    figures = indicators_for_department(province.stttt, Period(date(2019, 1, 1), date(2019, 10, 31)))
    assert figures["staff_reduction_rate"].value == 12.5
    assert figures["disbursement_rate"].value == 20.65


def test_reduced_more_than_the_baseline_is_refused_next_to_the_field(client, province):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
        {"measured_on": "31/10/2019", "staff_baseline": "3", "staff_reduced": "4"},
    )
    assert "Số đã tinh giản không được lớn hơn biên chế tại thời điểm gốc." in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_second_declaration_on_the_same_day_is_refused_without_an_error_page(client, province):
    Declaration.objects.create(department=province.stttt, measured_on=date(2019, 10, 31))
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": "31/10/2019"}
    )
    assert response.status_code == 200
    assert "Đã có số liệu trùng" in response.content.decode() or "đã tồn tại" in response.content.decode()


def test_periodic_report_submitted_late_counts_as_late(client, province):
    client.force_login(province.staff_stttt)
    client.post(
        reverse("reporting:report_add", kwargs={"code": "STTTT"}),
        {"name": "Báo cáo CCHC quý I", "deadline_on": "15/03/2019", "submitted_on": "20/03/2019"},
    )
    assert PeriodicReport.objects.get().submitted_on == date(2019, 3, 20)
    figures = indicators_for_department(province.stttt, Period(date(2019, 1, 1), date(2019, 10, 31)))
    assert figures["reports_late"].value == 1


def test_staff_of_another_department_cannot_declare_for_it(client, province):
    client.force_login(province.staff_sxd)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}), {"measured_on": "31/10/2019"}
    )
    assert response.status_code == 404
    assert not Declaration.objects.exists()


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3.097,5", "3097.5"),
        ("3097,5", "3097.5"),
        ("15.000", "15000"),
        ("3097.5", "3097.5"),
        ("1.234.567,25", "1234567.25"),
    ],
)
def test_amounts_are_read_the_vietnamese_way(typed, value):
    from decimal import Decimal

    from cchc_portal.forms import VietnameseDecimalField

    assert VietnameseDecimalField(max_digits=14, decimal_places=2).clean(typed) == Decimal(value)
