"""The national index is kept on PostgreSQL between loads and is right on the load after any write it
depends on: a dossier (the summary and the procedures with a dossier of a kind, read again for the unit
and field written), a petition, a publication decision, a declaration or a setting (each moves the
catalogue version, reporting migration 0020).

These tests commit (transaction=True), as a desk's save does: reads made inside a transaction are never
kept."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from procedures.models import Dossier, Petition
from reporting.cache import snapshot
from reporting.index766 import index766, unit_index766
from reporting.models import DataVersion, IndexSetting
from reporting.results import Period
from tests.factories import local, make_department, make_dossier, make_field, make_petition, make_procedure

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no figures between requests"),
]

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def units():
    if not DataVersion.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO reporting_dataversion (version) SELECT nextval('reporting_dataversion_seq')"
            )
    a, b = make_department("SA"), make_department("SB")
    online = make_procedure(a, field=make_field("Y tế"), online_level=4, requires_paper_result=False)
    other = make_procedure(b, field=make_field("Giáo dục"), online_level=4)
    make_dossier(online, code="HS-A1", received_at=local(2026, 2, 3))
    make_dossier(other, code="HS-B1", received_at=local(2026, 2, 4), channel="online")
    return a, b, online


def figures(targets) -> dict[str, dict]:
    with snapshot():
        province, results = index766(targets, YEAR)
    shown = {"TINH": province, **{index.department.code: index for index in results.values()}}
    return {
        code: {i.code: (i.numerator, i.denominator, i.points) for i in index.result.indicators}
        for code, index in shown.items()
    }


def afresh(targets) -> dict[str, dict]:
    with transaction.atomic():
        return figures(targets)


def test_the_kept_index_is_the_fresh_one_after_each_write(units):
    a, b, online = units
    targets = [a, b]
    first = figures(targets)
    assert first == afresh(targets)
    assert first["SA"]["3.2"][:2] == (0, 1) and first["SB"]["3.2"][:2] == (1, 1)

    # An online dossier: 3.2 and 3.3 of its unit and of the province, nothing of the other unit.
    make_dossier(online, code="HS-A2", received_at=local(2026, 3, 3), channel="online")
    second = figures(targets)
    assert second == afresh(targets)
    assert second["SA"]["3.2"][:2] == (1, 1) and second["TINH"]["3.3"][:2] == (1, 3)
    assert second["SB"] == first["SB"]

    # A petition, a setting: neither is a dossier, both change the index.
    make_petition(a, code="PAKN-1", procedure=online, received_at=local(2026, 3, 4))
    IndexSetting.objects.create(code="3.2", valid_from=date(2026, 1, 1), max_points=Decimal(8), threshold=100)
    third = figures(targets)
    assert third == afresh(targets)
    # Still open at the year's end, long past its 15 working days.
    assert third["SA"]["5.2"][:2] == (0, 1)
    assert third["SA"]["3.2"][2] == 8.0

    # A petition naming a dossier counts it against 5.4; the dossier moved out of the year takes it away.
    make_petition(a, code="PAKN-2", procedure=online, dossier=Dossier.objects.get(code="HS-A2"))
    fourth = figures(targets)
    assert fourth == afresh(targets)
    Dossier.objects.filter(code="HS-A2").update(received_at=local(2025, 12, 1), received_on=date(2025, 12, 1))
    fifth = figures(targets)
    assert fifth == afresh(targets)
    assert fifth["SA"]["5.4"] != fourth["SA"]["5.4"]
    # A committing test leaves nothing behind, and a petition protects the dossier it names.
    Petition.objects.all().delete()


def test_the_provinces_mean_processing_time_kept_across_writes_is_the_fresh_one(units):
    """2.2 of the province is summed by unit and field and kept (reporting.index766_reads): a resolved
    dossier saved changes it on the next load; one saved outside the period leaves it as it was."""
    online = units[2]

    def mean_days() -> tuple:
        with snapshot():
            result = unit_index766(None, YEAR).result
        shown = next(indicator for indicator in result.indicators if indicator.code == "2.2")
        return shown.numerator, shown.denominator, shown.value

    def fresh() -> tuple:
        with transaction.atomic():
            return mean_days()

    make_dossier(online, code="HS-A3", received_at=local(2026, 3, 2, 9), finished_at=local(2026, 3, 6, 15))
    first = mean_days()
    # Monday to Friday: four working days after the day of receipt.
    assert first == fresh() == (4, 1, 4.0)

    make_dossier(online, code="HS-A4", received_at=local(2026, 3, 9, 9), finished_at=local(2026, 3, 11, 15))
    second = mean_days()
    assert second == fresh() == (6, 2, 3.0)

    make_dossier(online, code="HS-A5", received_at=local(2025, 3, 9, 9), finished_at=local(2025, 3, 11, 15))
    assert mean_days() == fresh() == second


def test_the_provinces_mean_processing_time_follows_a_change_of_the_processing_completion_alone(units):
    """2.2 counts up to the end of processing, which the summary does not count: a dossier whose
    completion alone moves (its return, status and standing unchanged) writes no summary row, and the
    next load reads its unit and field again all the same (migration 0021)."""
    online = units[2]

    def mean_days() -> tuple:
        with snapshot():
            result = unit_index766(None, YEAR).result
        shown = next(indicator for indicator in result.indicators if indicator.code == "2.2")
        return shown.numerator, shown.denominator

    dossier = make_dossier(
        online,
        code="HS-A6",
        received_at=local(2026, 3, 2, 9),
        processing_completed_at=local(2026, 3, 5, 10),
        finished_at=local(2026, 3, 6, 15),
    )
    # Monday 2 to Thursday 5 March: three working days after the day of receipt.
    assert mean_days() == (3, 1)
    dossier.refresh_from_db()
    dossier.processing_completed_at = local(2026, 3, 3, 10)
    dossier.save()
    kept = mean_days()
    with transaction.atomic():
        assert mean_days() == kept == (1, 1)
