"""What reporting.cache keeps between requests follows every write on the very next load: a dossier
moves the data version (its figures are read again, the organisation and catalogue are kept), anything
else the figures come from moves the catalogue version too (everything is worked out again)."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from departments.models import Department
from tests.factories import (
    local,
    make_department,
    make_dossier,
    make_field,
    make_procedure,
    make_succession,
    make_user,
)

pytestmark = pytest.mark.django_db

KEPT = connection.vendor == "postgresql"
# The API for one unit right after a dossier was saved: the session, the user, the versions, the unit
# and the summary; the organisation, the catalogue, the reports and declarations are kept on PostgreSQL.
# SQLite keeps nothing: the session, the user, the unit, the units and successions (with their fields),
# the summary, the catalogue, the reports and the declarations.
AFTER_A_DOSSIER = 5 if KEPT else 10


@pytest.fixture
def merger(db):
    """Sở A and Sở B end on 28/02/2025; Sở C begins on 01/03/2025 and has taken over A so far."""
    a = make_department("SA", valid_to=date(2025, 2, 28))
    b = make_department("SB", valid_to=date(2025, 2, 28))
    c = make_department("SC", valid_from=date(2025, 3, 1))
    make_succession(a, c)
    field = make_field("Y tế")
    for unit, days in ((a, (5, 6)), (b, (7,)), (c, (8,))):
        procedure = make_procedure(unit, field=field)
        for day in days:
            make_dossier(procedure, department=unit, received_at=local(2024 if unit != c else 2025, day, 3))
    return a, b, c


def _figures(client, code: str) -> dict:
    params = {"department": code, "from": "2024-01-01", "to": "2025-12-31", "structure": "current"}
    return client.get(reverse("api:indicators"), params).json()["indicators"]


@pytest.fixture
def leader_client(client, merger):
    client.force_login(make_user("lanhdao", role=Role.LEADER))
    return client


def test_a_succession_added_counts_the_predecessors_records_for_the_successor_on_the_next_load(
    leader_client, merger
):
    a, b, c = merger
    # C: its own dossier and A's two; the same on a second load (kept on PostgreSQL).
    assert _figures(leader_client, "SC")["received"] == 3
    assert _figures(leader_client, "SC")["received"] == 3
    make_succession(b, c)
    # B's dossier is C's from the very next load in the current structure.
    assert _figures(leader_client, "SC")["received"] == 4
    assert _figures(leader_client, "SB")["received"] == 1


def test_a_dossier_saved_is_counted_next_load_without_reading_the_organisation_again(
    leader_client, merger, django_assert_max_num_queries
):
    a, b, c = merger
    assert _figures(leader_client, "SC")["received"] == 3
    make_dossier(c.procedures.get(), department=c, received_at=local(2025, 9, 1))
    with django_assert_max_num_queries(AFTER_A_DOSSIER):
        assert _figures(leader_client, "SC")["received"] == 4


def test_a_procedures_units_and_a_units_dates_change_procedure_figures_on_the_next_load(
    leader_client, merger
):
    a, b, c = merger
    d = make_department("SD")
    assert _figures(leader_client, "SD")["procedures_total"] == 0
    before = _figures(leader_client, "SC")["procedures_total"]
    procedure = make_procedure(c, code="2.000001")
    assert _figures(leader_client, "SC")["procedures_total"] == before + 1
    procedure.units.set([d])
    assert _figures(leader_client, "SD")["procedures_total"] == 1
    assert _figures(leader_client, "SC")["procedures_total"] == before
    # D ends before the period's last day: it no longer carries the procedure out on that day.
    Department.objects.filter(pk=d.pk).update(valid_to=date(2025, 6, 30))
    assert _figures(leader_client, "SD")["procedures_total"] == 0
