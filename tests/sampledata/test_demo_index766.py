"""The demo gives every indicator of the national index (766) something to show in 2026, its current year,
for a provincial agency and for a commune (reporting.index766 reads it as the pages do)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from departments.models import Department
from procedures.models import Dossier
from reporting.index766 import index766
from reporting.index766_rules import IndexIndicator
from reporting.index766_table import CODES
from reporting.results import Period

pytestmark = pytest.mark.django_db

# The demo's "today" is 30/11/2026.
YEAR_2026 = Period(date(2026, 1, 1), date(2026, 11, 30))


def has_data(indicator: IndexIndicator, unit: Department) -> bool:
    if indicator.definition.kind == "shown":
        # 2.2, shown and not scored, is the mean over the dossiers received in the period and resolved.
        return (
            Dossier.objects.for_department_tree(unit)
            .filter(received_on__range=(YEAR_2026.start, YEAR_2026.end), status=Dossier.Status.RESOLVED)
            .exists()
        )
    return indicator.has_data


def codes_with_data(kind: str) -> set[str]:
    """The indicators that have data in 2026 for at least one top-level unit of the kind in being then."""
    units = list(
        Department.objects.existing_on(YEAR_2026.end).filter(parent__isnull=True, kind=kind).order_by("code")
    )
    _province, results = index766(units, YEAR_2026)
    return {i.code for unit in units for i in results[unit.pk].result.indicators if has_data(i, unit)}


def test_every_indicator_has_data_in_2026_for_an_agency_and_for_a_commune():
    call_command("load_demo", stdout=StringIO())

    assert len(CODES) == 22
    assert set(CODES) - codes_with_data(Department.Kind.AGENCY) == set()
    assert set(CODES) - codes_with_data(Department.Kind.COMMUNE) == set()
