"""The province-sized generator behind `make bench`, at a size a test can afford."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from departments.models import Department
from procedures.models import Dossier, Field, Procedure, SupplementRequest
from procedures.selectors import load_calendar
from reporting.models import Declaration, PeriodicReport

pytestmark = pytest.mark.django_db

ARGS = ("--departments", "4", "--procedures", "30", "--dossiers", "600", "--until", "2026-06-30")


def generate(*extra: str) -> str:
    out = StringIO()
    call_command("generate_province", *ARGS, *extra, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Dossier.objects.order_by("code").values_list(
            "code", "procedure__code", "department__code", "received_at", "finished_at", "status",
            "effective_due_on", "paused_on",
        )
    )  # fmt: skip


def _empty_the_database() -> None:
    for model in (Dossier, SupplementRequest, PeriodicReport, Declaration, User, Procedure, Field):
        model.objects.all().delete()
    Department.objects.filter(parent__isnull=False).delete()
    Department.objects.all().delete()


def test_the_same_seed_gives_the_same_province():
    generate("--seed", "7")
    first = snapshot()
    assert len(first) == 600
    _empty_the_database()
    generate("--seed", "7")
    assert snapshot() == first
    _empty_the_database()
    generate("--seed", "8")
    assert snapshot() != first


def test_generated_departments_have_their_tree_paths_and_dossiers_their_stored_dates():
    generate()
    for department in Department.objects.select_related("parent"):
        expected = f"{department.parent.path if department.parent else '/'}{department.code}/"
        assert department.path == expected
    # The stored dates are those the model would compute itself.
    calendar = load_calendar()
    for dossier in Dossier.objects.select_related("procedure").order_by("?")[:50]:
        stored = (dossier.received_on, dossier.finished_on, dossier.computed_due_on, dossier.effective_due_on)
        dossier.fill_derived(calendar)
        assert stored == (
            dossier.received_on, dossier.finished_on, dossier.computed_due_on, dossier.effective_due_on
        )  # fmt: skip


def test_generating_into_a_database_that_has_data_is_refused(province):
    with pytest.raises(CommandError, match="đã có đơn vị"):
        generate()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_bench_refuses_a_database_that_is_not_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench")


def test_bench_refuses_an_empty_database():
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the bench refuses before it looks at the data")
    with pytest.raises(CommandError, match="generate_province"):
        call_command("bench")
