"""The admin site: every model an administrator keeps opens, searches and filters without an error."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from departments.models import DataLock
from procedures.models import Dossier, Procedure
from tests.factories import local, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, province, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", password="x", role="administrator")
    client.force_login(user)
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Quý I",
        locked_by=province.inspector,
    )
    # The admin finds a model's content type through a cache kept for the whole process; read them now,
    # so that the queries counted do not depend on whether an earlier test filled it.
    ContentType.objects.get_for_models(Dossier, User)
    return client


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label != "axes"], ids=lambda m: m._meta.label
)
def test_every_admin_list_opens_and_searches(admin_client, model, django_assert_max_num_queries):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    # At most: the session, the user, a filter's choices (departments, plans, fields), the count of the
    # page and of the whole list, the page, and for the lists with a date hierarchy or more filters the
    # dates and choices read from the rows (the dossier list has the most: 8). None grows with the rows.
    with django_assert_max_num_queries(8):
        assert admin_client.get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert admin_client.get(url, {"q": "STTTT"}).status_code == 200


def test_admin_cannot_edit_a_locked_dossier_without_unlocking(admin_client, django_assert_num_queries):
    dossier = Dossier.objects.get(code="HS-1")
    # The session, the user, the dossier and its department, the data lock covering it (once for each of
    # the admin's permission checks on the page and its inline: seven), the supplement requests and the
    # procedure choices.
    with django_assert_num_queries(13):
        response = admin_client.get(reverse("admin:procedures_dossier_change", args=[dossier.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_admin_pages_are_in_vietnamese(admin_client, django_assert_num_queries):
    # The session, the user, and the administrator's recent actions.
    with django_assert_num_queries(3):
        page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống" in page and "Hồ sơ" in page


def test_administrator_creates_a_staff_user_with_role_and_department(
    admin_client, province, django_assert_num_queries
):
    # The session, the user, and the departments to choose from.
    with django_assert_num_queries(3):
        page = admin_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "Vai trò và đơn vị" in page
    # The session, the user; in the admin's savepoints the name's uniqueness, the departments chosen, the
    # role's check constraint (in a savepoint of its own), the name again, the user written, the
    # departments again and the links to them written, the log entry written.
    with django_assert_num_queries(16):
        response = admin_client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "thu",
                "password1": "Cai-cach-2025!",
                "password2": "Cai-cach-2025!",
                "usable_password": "true",
                "first_name": "Thu",
                "last_name": "Trần Thị",
                "role": "staff",
                "departments": [province.sxd.pk],
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="thu")
    assert (user.role, list(user.departments.values_list("code", flat=True))) == ("staff", ["SXD"])
    assert user.get_full_name() == "Trần Thị Thu"


def _procedure_form(province, **fields) -> dict:
    return {
        "code": "1.000020",
        "name": "Thủ tục thêm trong trang quản trị",
        "field": province.stttt_procedure.field_id,
        "statutory_days": "5",
        "reduced_days": "",
        "online_level": "2",
        "_save": "Lưu",
        **fields,
    }


def test_the_admin_refuses_a_provincial_procedure_without_a_unit_but_not_a_commune_one(
    admin_client, province, django_assert_num_queries
):
    ContentType.objects.get_for_model(Procedure)
    url = reverse("admin:procedures_procedure_add")
    # The session, the user; in the admin's savepoint the field chosen and checked again, the six check
    # constraints (each in a savepoint), the code's uniqueness: the rulebook refuses the empty units
    # without a query; the field chosen, to show the form again.
    with django_assert_num_queries(26):
        response = admin_client.post(url, _procedure_form(province, level="province"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["units"] == [
        "Thủ tục cấp tỉnh phải có ít nhất một đơn vị thực hiện."
    ]
    assert not Procedure.objects.filter(code="1.000020").exists()
    response = admin_client.post(url, _procedure_form(province, level="commune"))
    assert response.status_code == 302
    procedure = Procedure.objects.get(code="1.000020")
    assert (procedure.level, list(procedure.units.all())) == ("commune", [])
