"""A procedure's level and units change only where its dossiers stay filed under a unit that carries it out:
every dossier is resolved, on its day of receipt, by a unit carrying out its procedure or one below it (as
at registration), so a change that would leave a dossier's unit outside every unit carrying the procedure
out is refused, on the page, in the admin and over the API alike, with the same message."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from procedures.models import Procedure
from tests.factories import make_dossier, make_procedure

pytestmark = pytest.mark.django_db
STTTT_STRANDED = (
    "Không đổi được đơn vị thực hiện: hồ sơ của thủ tục do Sở Thông tin và Truyền thông giải quyết sẽ nằm "
    "ngoài các đơn vị thực hiện. Hãy giữ Sở Thông tin và Truyền thông hoặc một đơn vị cấp trên của nó."
)


def procedure_data(procedure: Procedure, *units, level: str = "province") -> dict:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field_id,
        "level": level,
        "units": [unit.pk for unit in units],
        "statutory_days": procedure.statutory_days,
        "reduced_days": procedure.reduced_days or "",
        "online_level": procedure.online_level,
    }


def edit(client: Client, procedure: Procedure, *units, level: str = "province"):
    url = reverse("procedures:procedure_edit", kwargs={"code": procedure.code})
    return client.post(url, procedure_data(procedure, *units, level=level))


def unit_codes(code: str) -> list[str]:
    return sorted(Procedure.objects.get(code=code).units.values_list("code", flat=True))


# The edit page's checks: the session, the user, the user's departments (twice), the procedure and its
# units, the field and the units chosen, the units resolving the procedure's dossiers, the field again,
# the six check constraints the form's fields touch (each in a savepoint), the code's uniqueness.
PAGE_CHECKS = 29
# What the rulebook reads when the procedure has dossiers: the units and successions (the organisation).
ORGANISATION = 2
# The page shown again: the fields and the units to choose from.
PAGE_AGAIN = 2
# A procedure saved with one unit in place of another: it and its history written, with its units (read
# and written to the history); its units as they were; the old unit removed, and the history written
# again with its units (read); the new unit looked for, added, and the history written again with its
# units (read and written).
PROCEDURE_SAVED = 13
# The API's checks: the token, its use, the user's departments and those below them, the procedure and
# its units, the units asked for (with the user's departments again), the units resolving the
# procedure's dossiers.
API_CHECKS = 9


def test_a_procedure_is_not_moved_below_the_unit_that_resolves_its_dossiers(
    lan, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1")
    # The checks, the organisation, then the page again.
    with django_assert_num_queries(PAGE_CHECKS + ORGANISATION + PAGE_AGAIN):
        page = edit(lan, province.stttt_procedure, province.stttt_office).content.decode()
    assert STTTT_STRANDED in page
    assert unit_codes("1.004227") == ["STTTT"]


def test_a_provincial_procedure_with_dossiers_cannot_become_one_every_commune_carries_out(lan, province):
    make_dossier(province.stttt_procedure, code="HS-1")
    page = edit(lan, province.stttt_procedure, level="commune").content.decode()
    assert STTTT_STRANDED in page
    assert Procedure.objects.get(code="1.004227").level == "province"


def test_a_procedure_moves_up_to_the_unit_above_the_one_resolving_its_dossiers(
    lan, province, django_assert_num_queries
):
    procedure = make_procedure(province.stttt_office, code="1.000001")
    make_dossier(procedure, code="HS-1")
    # The checks, the organisation, then the procedure saved.
    with django_assert_num_queries(PAGE_CHECKS + ORGANISATION + PROCEDURE_SAVED):
        assert edit(lan, procedure, province.stttt).status_code == 302
    assert unit_codes("1.000001") == ["STTTT"]


def test_a_second_unit_may_join_the_one_resolving_the_dossiers(lan, province):
    make_dossier(province.stttt_procedure, code="HS-1")
    assert edit(lan, province.stttt_procedure, province.stttt, province.stttt_office).status_code == 302
    assert unit_codes("1.004227") == ["STTTT", "STTTT-VP"]


def test_a_procedure_without_dossiers_moves_anywhere_in_reach(lan, province, django_assert_num_queries):
    # The checks (finding no dossier: the organisation is not read), then the procedure saved.
    with django_assert_num_queries(PAGE_CHECKS + PROCEDURE_SAVED):
        assert edit(lan, province.stttt_procedure, province.stttt_office).status_code == 302
    assert unit_codes("1.004227") == ["STTTT-VP"]


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
    # The session, the user; in the admin's savepoint the procedure, its units, the field and units
    # chosen, the units resolving its dossiers, the units and successions (the organisation), the field
    # again, the six check constraints (each in a savepoint), the code's uniqueness; the field and units
    # chosen to show the form again.
    with django_assert_num_queries(33):
        response = client.post(
            reverse("admin:procedures_procedure_change", args=[province.stttt_procedure.pk]),
            {**procedure_data(province.stttt_procedure, province.stttt_office), "_save": "Lưu"},
        )
    assert response.status_code == 200
    assert STTTT_STRANDED in response.content.decode()
    assert unit_codes("1.004227") == ["STTTT"]


def test_the_api_refuses_a_move_that_strands_dossiers_naming_the_unit(
    lan_api, province, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1")
    url = reverse("api:procedure-detail", args=["1.004227"])
    # The checks and the organisation: the message names the unit resolving the dossiers.
    with django_assert_num_queries(API_CHECKS + ORGANISATION):
        response = lan_api.patch(url, {"units": ["STTTT-VP"]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"units": [STTTT_STRANDED]}
    # A client that still sends one `department` gets the same refusal.
    response = lan_api.patch(url, {"department": "STTTT-VP"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"units": [STTTT_STRANDED]}
    assert unit_codes("1.004227") == ["STTTT"]


def test_the_api_moves_a_procedure_up_over_its_dossiers_units(lan_api, province, django_assert_num_queries):
    procedure = make_procedure(province.stttt_office, code="1.000001")
    make_dossier(procedure, code="HS-9")
    url = reverse("api:procedure-detail", args=["1.000001"])
    # The checks and the organisation, the procedure saved, then its units read for the answer's `units`
    # and again for its `department`.
    with django_assert_num_queries(API_CHECKS + ORGANISATION + PROCEDURE_SAVED + 2):
        response = lan_api.patch(
            url, {"units": ["STTTT"], "reduced_days": 5}, content_type="application/json"
        )
    assert response.status_code == 200, response.json()
    assert (response.json()["units"], response.json()["department"]) == (["STTTT"], "STTTT")
    assert unit_codes("1.000001") == ["STTTT"]
