"""A procedure's department changes only where its dossiers stay within reach: every dossier is handled by
the procedure's department or one below it (as at registration), so a move that would leave a dossier
outside the new department's tree is refused, on the page, in the admin and over the API alike."""

import pytest
from django.contrib.contenttypes.models import ContentType
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


# The edit page's checks: the session, the user, the user's departments, the procedure and its
# department, the field and department choices (each read twice: to check and to show), the code's
# uniqueness, the departments handling the procedure's dossiers, the four check constraints the form's
# fields touch (each in a savepoint).
PAGE_CHECKS = 23
# The API's checks: the token, its use, the user's departments and those below them, the procedure, the
# department asked for (with the user's departments again), the code's uniqueness, the departments
# handling the procedure's dossiers.
API_CHECKS = 9


def test_a_procedure_is_not_moved_below_the_department_that_handles_its_dossiers(
    lan, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1")
    # The checks, a dossier handled outside the new department (named in the message), then the page
    # again shows the procedure, the fields and the departments.
    with django_assert_num_queries(PAGE_CHECKS + 4):
        page = edit(lan, province.stttt_procedure, province.stttt_office).content.decode()
    assert MOVE_REFUSED in page
    assert Procedure.objects.get(code="1.004227").department == province.stttt


def test_a_procedure_moves_up_to_the_department_above_the_one_handling_its_dossiers(
    lan, province, django_assert_num_queries
):
    procedure = make_procedure(province.stttt_office, code="1.000001")
    make_dossier(procedure, code="HS-1")
    # The checks, the procedure as it was, then it and its history written.
    with django_assert_num_queries(PAGE_CHECKS + 3):
        assert edit(lan, procedure, province.stttt).status_code == 302
    assert Procedure.objects.get(code="1.000001").department == province.stttt


def test_a_procedure_without_dossiers_moves_anywhere_in_reach(lan, province, django_assert_num_queries):
    # The checks (finding no dossier), the procedure as it was, then it and its history written.
    with django_assert_num_queries(PAGE_CHECKS + 3):
        assert edit(lan, province.stttt_procedure, province.stttt_office).status_code == 302
    assert Procedure.objects.get(code="1.004227").department == province.stttt_office


def test_the_admin_refuses_a_move_that_strands_dossiers_too(
    client, province, django_user_model, django_assert_num_queries
):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    )
    make_dossier(province.stttt_procedure, code="HS-1")
    # The admin finds a model's content type through a cache kept for the whole process; read it now, so
    # that the count does not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(Procedure)
    # The session, the user; in the admin's savepoint the procedure, the field and department choices
    # (each read twice), the code's uniqueness, the departments handling its dossiers and one handled
    # outside the new department, the four check constraints (each in a savepoint), the procedure again;
    # the field and department choices to show the form again.
    with django_assert_num_queries(27):
        response = client.post(
            reverse("admin:procedures_procedure_change", args=[province.stttt_procedure.pk]),
            {**procedure_data(province.stttt_procedure, province.stttt_office), "_save": "Lưu"},
        )
    assert response.status_code == 200
    assert MOVE_REFUSED in response.content.decode()
    assert Procedure.objects.get(code="1.004227").department == province.stttt


def test_the_api_refuses_a_move_that_strands_dossiers_naming_the_department(
    lan_api, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1")
    url = reverse("api:procedure-detail", args=["1.004227"])
    # The checks and a dossier handled outside the new department, named in the message.
    with django_assert_num_queries(API_CHECKS + 1):
        response = lan_api.patch(url, {"department": "STTTT-VP"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"department": [MOVE_REFUSED]}
    assert Procedure.objects.get(code="1.004227").department == province.stttt


def test_the_api_moves_a_procedure_up_over_its_dossiers_departments(
    lan_api, province, django_assert_num_queries
):
    procedure = make_procedure(province.stttt_office, code="1.000001")
    make_dossier(procedure, code="HS-9")
    url = reverse("api:procedure-detail", args=["1.000001"])
    # The checks, then the procedure and its history written.
    with django_assert_num_queries(API_CHECKS + 2):
        response = lan_api.patch(
            url, {"department": "STTTT", "reduced_days": 5}, content_type="application/json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["department"] == "STTTT"
