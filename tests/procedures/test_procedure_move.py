"""A procedure's department changes only where its dossiers stay within reach: every dossier is handled by
the procedure's department or one below it (as at registration), so a move that would leave a dossier
outside the new department's tree is refused, on the page, in the admin and over the API alike."""

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import Procedure
from tests.factories import make_dossier, make_procedure

pytestmark = pytest.mark.django_db
MOVE_REFUSED = (
    "Không đổi được đơn vị thực hiện sang Văn phòng Sở: 1 hồ sơ của thủ tục do đơn vị nằm ngoài Văn phòng "
    "Sở giải quyết (ví dụ hồ sơ HS-1). Hãy chọn đơn vị cấp trên của các đơn vị đó."
)


def procedure_data(procedure: Procedure, department) -> dict:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field_id,
        "department": department.pk,
        "statutory_days": procedure.statutory_days,
        "reduced_days": procedure.reduced_days or "",
        "online_level": procedure.online_level,
    }


def edit(client: Client, procedure: Procedure, department):
    url = reverse("procedures:procedure_edit", kwargs={"code": procedure.code})
    return client.post(url, procedure_data(procedure, department))


def test_a_procedure_is_not_moved_below_the_department_that_handles_its_dossiers(lan, province):
    make_dossier(province.stttt_procedure, code="HS-1")
    assert MOVE_REFUSED in edit(lan, province.stttt_procedure, province.stttt_office).content.decode()
    assert Procedure.objects.get(code="1.004227").department == province.stttt


def test_a_procedure_moves_up_to_the_department_above_the_one_handling_its_dossiers(lan, province):
    procedure = make_procedure(province.stttt_office, code="1.000001")
    make_dossier(procedure, code="HS-1")
    assert edit(lan, procedure, province.stttt).status_code == 302
    assert Procedure.objects.get(code="1.000001").department == province.stttt


def test_a_procedure_without_dossiers_moves_anywhere_in_reach(lan, province):
    assert edit(lan, province.stttt_procedure, province.stttt_office).status_code == 302
    assert Procedure.objects.get(code="1.004227").department == province.stttt_office


def test_the_admin_refuses_a_move_that_strands_dossiers_too(client, province, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    )
    make_dossier(province.stttt_procedure, code="HS-1")
    response = client.post(
        reverse("admin:procedures_procedure_change", args=[province.stttt_procedure.pk]),
        {**procedure_data(province.stttt_procedure, province.stttt_office), "_save": "Lưu"},
    )
    assert response.status_code == 200
    assert MOVE_REFUSED in response.content.decode()
    assert Procedure.objects.get(code="1.004227").department == province.stttt


def test_the_api_refuses_a_move_that_strands_dossiers_naming_the_department(lan_api, province):
    make_dossier(province.stttt_procedure, code="HS-1")
    url = reverse("api:procedure-detail", args=["1.004227"])
    response = lan_api.patch(url, {"department": "STTTT-VP"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"department": [MOVE_REFUSED]}
    assert Procedure.objects.get(code="1.004227").department == province.stttt


def test_the_api_moves_a_procedure_up_over_its_dossiers_departments(lan_api, province):
    procedure = make_procedure(province.stttt_office, code="1.000001")
    make_dossier(procedure, code="HS-9")
    url = reverse("api:procedure-detail", args=["1.000001"])
    response = lan_api.patch(url, {"department": "STTTT", "reduced_days": 5}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["department"] == "STTTT"
