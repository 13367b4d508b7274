"""A unit declares whether it offers electronic certified copies: blank until it says, one of three
answers once it has, on its declaration page and in the admin."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from reporting.models import Declaration

pytestmark = pytest.mark.django_db


def test_a_declaration_that_does_not_say_leaves_the_answer_blank(province):
    declaration = Declaration.objects.create(department=province.stttt, measured_on=date(2025, 6, 30))
    assert declaration.e_certified_copies == ""


def test_staff_declare_that_their_unit_does_not_certify_copies(client, province):
    client.force_login(province.staff_stttt)
    response = client.post(
        reverse("reporting:declaration_add", kwargs={"code": "STTTT"}),
        {"measured_on": "30/06/2025", "e_certified_copies": "not_certifying"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Declaration.objects.get().e_certified_copies == Declaration.CertifiedCopies.NOT_CERTIFYING
    form = client.get(reverse("reporting:declaration_add", kwargs={"code": "STTTT"})).content.decode()
    assert "Đơn vị không thực hiện chứng thực bản sao" in form


def test_the_admin_offers_the_answer_and_the_database_refuses_any_other(admin_client, province):
    page = admin_client.get(reverse("admin:reporting_declaration_add")).content.decode()
    assert 'name="e_certified_copies"' in page and "Có cung cấp" in page
    with pytest.raises(IntegrityError), transaction.atomic():
        Declaration.objects.create(
            department=province.stttt, measured_on=date(2025, 6, 30), e_certified_copies="yes"
        )
