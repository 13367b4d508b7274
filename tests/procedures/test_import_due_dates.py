"""A dossier's due date through Excel imports (spec/excel-template.md: a blank "Ngày hẹn trả" is the one
the calendar computes): a re-import that changes only the due date is a change, counted and written."""

import io
from datetime import date

import pytest

from procedures.imports import import_workbook
from procedures.models import Dossier
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, workbook_bytes

pytestmark = pytest.mark.django_db


def run(due: str | None):
    # Received Mon 03/03/2025 for a 5-working-day procedure: the calendar gives Mon 10/03.
    row = ["HS-1", "1.004227", None, "Trực tiếp", "03/03/2025 09:00", due, None, None, None]
    book = workbook_bytes({"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, row]})
    return import_workbook(io.BytesIO(book), user=None, dry_run=False, filename="ho-so.xlsx")


def test_a_blank_due_date_on_reimport_replaces_a_typed_one_and_counts_as_a_change(province):
    assert run("20/03/2025").ok
    assert Dossier.objects.get().due_on == date(2025, 3, 20)
    report = run(None)
    assert (report.updated["dossiers"], report.unchanged["dossiers"]) == (1, 0)
    assert Dossier.objects.get().due_on == date(2025, 3, 10)
    again = run(None)
    assert (again.updated["dossiers"], again.unchanged["dossiers"]) == (0, 1)


def test_a_typed_due_date_on_reimport_replaces_the_computed_one_and_counts_as_a_change(province):
    run(None)
    report = run("20/03/2025")
    assert (report.updated["dossiers"], report.unchanged["dossiers"]) == (1, 0)
    assert Dossier.objects.get().due_on == date(2025, 3, 20)
