"""The demo's national index (766) for a commune and an agency, each dossier indicator counted here again
from the dossiers by the decision's words (plain filters over the unit's own dossiers, the historical
structure) and scored by hand: the summary, its triggers and the index's assembly must give the same.
Petitions and publications are worked out by hand on a small province in tests/reporting."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from departments.models import Department
from procedures.models import Dossier
from procedures.organisation import HISTORICAL
from procedures.selectors import load_calendar
from reporting.index766 import unit_index766
from reporting.indicators import indicators_for_department
from reporting.results import Period

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 10, 31))
HUNDRED = Decimal(100)


def rounded(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def by_hand(numerator: int, denominator: int, max_points: int, threshold: int = 100) -> tuple:
    if not denominator:
        return numerator, denominator, None, None
    ratio = Decimal(numerator) * HUNDRED / Decimal(denominator)
    points = Decimal(max_points) * min(Decimal(1), ratio / Decimal(threshold))
    return numerator, denominator, rounded(ratio), rounded(points)


def expected_dossier_indicators(unit: Department) -> dict[str, tuple]:
    dossiers = Dossier.objects.for_department_tree(unit)
    received = dossiers.filter(received_on__gte=PERIOD.start, received_on__lte=PERIOD.end)
    paper = Q(procedure__requires_paper_result=True)
    fee_due = Q(procedure__has_fees=True) & ~Q(fee_amount=0)
    n = received.count()
    finished = dossiers.filter(
        finished_on__gte=PERIOD.start,
        finished_on__lte=PERIOD.end,
        status__in=[Dossier.Status.RESOLVED, Dossier.Status.WITHDRAWN, Dossier.Status.REFUSED],
    )
    open_at_end = dossiers.filter(received_on__lte=PERIOD.end).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=PERIOD.end)
    )
    on_time = finished.filter(dvcqg_on_time=True).count()
    late_open = open_at_end.filter(dvcqg_late_on__lte=PERIOD.end).count()
    flagged = received.filter(Q(satisfaction="dissatisfied") | Q(petitions__isnull=False)).distinct().count()
    late_share = Decimal(finished.count() - on_time) / finished.count()
    complement = (1 - late_share - Decimal(flagged) / n) * HUNDRED
    calendar = load_calendar()
    resolved = received.filter(status=Dossier.Status.RESOLVED, finished_on__isnull=False)
    days = 0
    for dossier in resolved:
        ended = dossier.processing_completed_at or dossier.finished_at
        end_day = ended.astimezone(dossier.received_at.tzinfo).date()
        days += max(0, calendar.working_days_between(dossier.received_on, end_day) - dossier.paused_days)
    return {
        "1.4": by_hand(received.filter(synced_to_dvcqg=True).count(), n, 6),
        "2.1": by_hand(on_time + open_at_end.count() - late_open, finished.count() + open_at_end.count(), 20),
        "2.2": (days, resolved.count(), rounded(Decimal(days) / resolved.count())),
        "3.3": by_hand(
            received.filter(~paper | Q(electronic_result=True), channel="online").count(), n, 6, 50
        ),
        "3.6": by_hand(
            received.filter(fee_due, paid_online=True).count(), received.filter(fee_due).count(), 6
        ),
        "4.1": by_hand(
            received.filter(paper, electronic_result=True).count(), received.filter(paper).count(), 6
        ),
        "4.2": by_hand(received.filter(~paper | Q(electronic_result=True), digitised=True).count(), n, 4, 80),
        "4.3": by_hand(received.filter(reused_data=True).count(), n, 2, 80),
        "4.4": by_hand(received.filter(dvcqg_store=True).count(), n, 4),
        "4.5b": by_hand(received.filter(population_data=True).count(), n, 2),
        "5.4": (rounded(complement), rounded(Decimal(6) * min(Decimal(1), complement / 90))),
    }


def shown(unit: Department) -> dict[str, tuple]:
    index = unit_index766(unit, PERIOD, structure=HISTORICAL)
    found = {}
    for i in index.result.indicators:
        if i.code == "2.2":
            found[i.code] = (i.numerator, i.denominator, i.value)
        elif i.code == "5.4":
            found[i.code] = (i.ratio, i.points)
        else:
            found[i.code] = (i.numerator, i.denominator, i.ratio, i.points)
    return found


@pytest.mark.parametrize("code", ["XA-PHUOCTHANH", "STP"])
def test_the_demo_units_index_is_the_one_counted_again_from_its_dossiers(code):
    call_command("load_demo", stdout=StringIO())
    unit = Department.objects.get(code=code)
    index = shown(unit)
    expected = expected_dossier_indicators(unit)
    assert {c: index[c] for c in expected} == expected
    # The catalogue's figures are the portal's procedure counts of the same unit on the period's last day.
    portal = indicators_for_department(unit, PERIOD, structure=HISTORICAL)
    online = portal["procedures_level3"].value + portal["procedures_level4"].value
    assert index["3.1"] == by_hand(online, portal["procedures_total"].value, 2, 80)
    # Every indicator has something to show for these two units.
    assert all(value is not None for value in index["5.4"]) and index["2.1"][3] is not None
