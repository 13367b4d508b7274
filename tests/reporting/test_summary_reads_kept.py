"""The summary's reads are kept across writes on PostgreSQL and brought up to date by reading again only
the (unit, field) rows a write changed (reporting.cache.SummaryReads, migration 0013): the figures of
the next load are those of a fresh read, whatever the write; what a transaction that rolled back wrote
is never kept; a change to the organisation reads everything again.

These tests commit (transaction=True), as a desk's save does: reads made inside a transaction, as every
other test's are, are never kept."""

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from procedures.models import Dossier
from reporting import counts
from reporting.models import DataVersion
from tests.factories import local, make_department, make_dossier, make_field, make_procedure, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no figures between requests"),
]

PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def province(client):
    """Sở A with its office (health procedures), Sở B (education), a dossier each in February 2026."""
    # A committing test before this one may have flushed the version's row with every other table: put
    # back as a write would leave it, with a number from its sequence (versions only ever go up).
    if not DataVersion.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO reporting_dataversion (version) SELECT nextval('reporting_dataversion_seq')"
            )
    a = make_department("SA")
    office = make_department("SA-VP", parent=a)
    b = make_department("SB")
    health = make_procedure(office, field=make_field("Y tế"))
    education = make_procedure(b, field=make_field("Giáo dục"))
    make_dossier(health, department=office, code="HS-A1", received_at=local(2026, 2, 3))
    make_dossier(education, department=b, code="HS-B1", received_at=local(2026, 2, 4))
    client.force_login(make_user("lanhdao", role=Role.LEADER))
    return {"a": a, "office": office, "b": b, "health": health, "education": education}


def _all_units(client) -> dict[str, dict]:
    """Every unit's figures from the API, by unit code."""
    results = client.get(reverse("api:indicators"), PERIOD).json()["results"]
    return {row["department"]["code"]: row["indicators"] for row in results}


def _read_afresh(client) -> dict[str, dict]:
    """Read within a transaction: nothing kept is used, the summary is read whole."""
    with transaction.atomic():
        return _all_units(client)


@pytest.fixture
def reads(monkeypatch):
    """The units whose summary rows each read of the summary asks for."""
    asked: list[set[int]] = []
    real = counts._read_rows

    def spy(wanted, period):
        asked.append({pk for rows in wanted for pk in rows.departments})
        return real(wanted, period)

    monkeypatch.setattr(counts, "_read_rows", spy)
    return asked


def test_a_dossier_saved_is_counted_next_load_by_reading_again_only_its_units_rows(client, province, reads):
    assert _all_units(client)["SA"]["received"] == 1
    reads.clear()
    make_dossier(province["health"], department=province["office"], received_at=local(2026, 3, 9))
    figures = _all_units(client)
    assert (figures["SA"]["received"], figures["SB"]["received"]) == (2, 1)
    # The office's rows, Sở A's (above it) and the province's: never Sở B's.
    changed = {province["office"].pk, province["a"].pk, 0}
    assert reads and all(asked <= changed for asked in reads)
    assert figures == _read_afresh(client)


def _units_of(client, start: str, end: str) -> dict[str, dict]:
    results = client.get(reverse("api:indicators"), {"from": start, "to": end}).json()["results"]
    return {row["department"]["code"]: row["indicators"] for row in results}


def test_a_dossier_received_in_march_reads_again_the_kept_march_but_not_february(client, province, reads):
    """Migration 0021: a write notes the month of the earliest day it changed, and a period that ends
    before it reads nothing again (its figures, running totals included, are of the days up to its end)."""
    february, march = ("2026-02-01", "2026-02-28"), ("2026-03-01", "2026-03-31")
    assert _units_of(client, *february)["SA"]["received"] == 1
    assert _units_of(client, *march)["SA"]["in_progress"] == 1
    make_dossier(province["health"], department=province["office"], received_at=local(2026, 3, 9))
    reads.clear()
    kept = _units_of(client, *february), _units_of(client, *march)
    assert kept[0]["SA"]["received"] == 1 and kept[1]["SA"]["received"] == 1
    # February read nothing again; March only the rows of the office, Sở A and the province.
    assert len(reads) == 1 and reads[0] <= {province["office"].pk, province["a"].pk, 0}
    with transaction.atomic():
        assert kept == (_units_of(client, *february), _units_of(client, *march))
    # A dossier of February finished in March: February's own figures do not change, March's do.
    dossier = Dossier.objects.get(code="HS-A1")
    dossier.finished_at, dossier.status = local(2026, 3, 10), Dossier.Status.RESOLVED
    dossier.save()
    kept = _units_of(client, *february), _units_of(client, *march)
    assert kept[1]["SA"]["resolved"] == 1 and kept[1]["SA"]["in_progress"] == 1
    with transaction.atomic():
        assert kept == (_units_of(client, *february), _units_of(client, *march))


def test_kept_reads_follow_a_dossier_finished_late_and_another_deleted(client, province):
    _all_units(client)
    dossier = Dossier.objects.get(code="HS-A1")
    dossier.finished_at = local(2026, 4, 1)
    dossier.status = Dossier.Status.RESOLVED
    dossier.save()
    figures = _all_units(client)
    assert figures["SA"]["resolved_late"] == 1
    assert figures == _read_afresh(client)

    Dossier.objects.filter(code="HS-B1").delete()
    figures = _all_units(client)
    assert (figures["SA"]["received"], figures["SB"]["received"]) == (1, 0)
    assert figures == _read_afresh(client)


def test_what_a_transaction_that_rolled_back_wrote_is_not_kept(client, province):
    assert _all_units(client)["SB"]["received"] == 1
    with transaction.atomic():
        make_dossier(province["education"], department=province["b"], received_at=timezone.now())
        # Read within the transaction: its own dossier counts, and nothing read is kept.
        assert _all_units(client)["SB"]["received"] == 2
        transaction.set_rollback(True)
    assert _all_units(client)["SB"]["received"] == 1


def test_a_unit_moved_under_another_reads_every_figure_again(client, province, reads):
    assert _all_units(client)["SA"]["received"] == 1
    office = province["office"]
    office.parent = province["b"]
    office.save()
    reads.clear()
    figures = _all_units(client)
    assert (figures["SA"]["received"], figures["SB"]["received"]) == (0, 2)
    # A new catalogue: the whole summary of every unit in view is read again, not just the changes.
    assert {province["a"].pk, province["b"].pk} <= set().union(*reads)


def test_a_dossier_is_still_written_when_the_data_versions_row_is_missing(province):
    # A test's flush empties the version's table; the write's note then says 0 and nothing is kept.
    DataVersion.objects.all().delete()
    make_dossier(province["education"], department=province["b"], code="HS-B2", received_at=local(2026, 3, 2))
    assert Dossier.objects.filter(code="HS-B2").exists()
