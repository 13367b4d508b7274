"""Due dates on real Vietnamese calendars, as the migration seeds them from the holidays package."""

from datetime import date, timedelta

import pytest
from django.db.models import F
from hypothesis import given, settings
from hypothesis import strategies as st

from procedures.calendar import WorkingCalendar, due_date, receipt_day
from procedures.models import CalendarDay, Dossier
from procedures.querysets import working_days_between
from procedures.selectors import load_calendar
from tests.factories import local, make_department, make_dossier, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    return load_calendar()


def test_tet_2025_days_off_are_skipped(calendar):
    # Friday 24/01/2025, then the Tết break runs Mon 27/01 to Sun 02/02.
    assert due_date(local(2025, 1, 24, 10), 5, calendar) == date(2025, 2, 7)


def test_make_up_saturday_26_04_2025_is_a_working_day(calendar):
    assert calendar.is_working_day(date(2025, 4, 26))
    # Thu 24/04 + 2: Fri 25/04, then the make-up Saturday 26/04.
    assert due_date(local(2025, 4, 24), 2, calendar) == date(2025, 4, 26)


def test_reunification_and_labour_day_2025_with_swapped_friday(calendar):
    for day in (date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)):
        assert not calendar.is_working_day(day)
    # Tue 29/04 + 1 skips Wed 30/04, Thu 01/05, Fri 02/05 and the weekend: Monday 05/05.
    assert due_date(local(2025, 4, 29), 1, calendar) == date(2025, 5, 5)


def test_national_day_2025_takes_monday_and_tuesday_off(calendar):
    # Fri 29/08/2025 + 2: Mon 01/09 and Tue 02/09 are off, so Wednesday 03/09 then Thursday 04/09.
    assert due_date(local(2025, 8, 29), 2, calendar) == date(2025, 9, 4)


def test_receipt_on_holiday_counts_from_next_working_day(calendar):
    # Received on Wed 30/04/2025 (a holiday): counts as received Mon 05/05, so day 1 is Tue 06/05.
    assert receipt_day(local(2025, 4, 30), calendar) == date(2025, 5, 5)
    assert due_date(local(2025, 4, 30), 1, calendar) == date(2025, 5, 6)


def test_saturday_receipt_counts_from_monday(calendar):
    # Sat 15/03/2025 counts as received Mon 17/03; 3 working days later is Thu 20/03.
    assert due_date(local(2025, 3, 15, 8), 3, calendar) == date(2025, 3, 20)


def test_receipt_after_cut_off_hour_counts_as_next_working_day(calendar):
    assert due_date(local(2025, 3, 14, 16, 30), 1, calendar, cutoff_hour=16) == date(2025, 3, 18)
    assert due_date(local(2025, 3, 14, 15, 59), 1, calendar, cutoff_hour=16) == date(2025, 3, 17)


def test_receipt_day_itself_is_never_counted(calendar):
    assert due_date(local(2025, 3, 10, 7, 30), 1, calendar) == date(2025, 3, 11)


def test_calendar_is_seeded_for_2015_to_2030(calendar):
    assert CalendarDay.objects.filter(day__year=2015).exists()
    assert CalendarDay.objects.filter(day__year=2030).exists()
    assert not calendar.is_working_day(date(2030, 9, 2))


def test_administrator_edit_of_the_calendar_changes_due_dates():
    CalendarDay.objects.create(day=date(2025, 3, 11), name="Nghỉ đột xuất")
    assert due_date(local(2025, 3, 10), 1, load_calendar()) == date(2025, 3, 12)


def test_dossier_without_due_date_gets_the_computed_one():
    procedure = make_procedure(make_department(), statutory_days=10, reduced_days=5)
    dossier = make_dossier(procedure, received_at=local(2025, 1, 24, 10))
    # The reduced time (5 days) applies, across Tết 2025.
    assert dossier.due_on == date(2025, 2, 7)
    assert dossier.computed_due_on == date(2025, 2, 7)
    assert not dossier.due_on_differs_from_calendar


def test_due_date_typed_by_staff_is_kept_and_flagged():
    procedure = make_procedure(make_department(), statutory_days=10)
    dossier = make_dossier(procedure, received_at=local(2025, 3, 3), due_on=date(2025, 3, 20))
    dossier.refresh_from_db()
    assert dossier.due_on == date(2025, 3, 20)
    assert dossier.computed_due_on == date(2025, 3, 17)
    assert dossier.due_on_differs_from_calendar


def _walk(calendar: WorkingCalendar, day: date, count: int) -> date:
    for _ in range(count):
        day = calendar.next_working_day(day)
    return day


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1999, 12, 1), max_value=date(2103, 1, 31)),
    count=st.integers(min_value=0, max_value=400),
    span=st.integers(min_value=-5, max_value=400),
)
def test_due_dates_and_pause_lengths_from_the_index_are_those_of_counting_day_by_day(day, count, span):
    calendar = WorkingCalendar(
        days_off=frozenset({date(2025, 1, 27), date(2025, 1, 28), date(2100, 12, 31), date(2000, 1, 3)}),
        working_weekend_days=frozenset({date(2025, 4, 26), date(2102, 12, 25)}),
    )
    assert calendar.add_working_days(day, count) == _walk(calendar, day, count)
    end = day + timedelta(days=span)
    walked = sum(calendar.is_working_day(day + timedelta(days=n)) for n in range(1, span + 1))
    assert calendar.working_days_between(day, end) == walked


def test_the_database_counts_working_days_between_two_dates_as_the_calendar_does(calendar):
    """2.2 sums each dossier's working days in the database (procedures.querysets.working_days_between):
    over Tết 2025, a make-up Saturday, a weekend, a same-day end and an end before the receipt, each
    dossier's count is the calendar's own."""
    unit = make_department("SDAYS")
    procedure = make_procedure(unit)
    spans = {
        "TET": (date(2025, 1, 24), date(2025, 2, 5)),
        "SAT": (date(2025, 4, 24), date(2025, 4, 28)),
        "WEEKEND": (date(2025, 3, 7), date(2025, 3, 10)),
        "SAME": (date(2025, 3, 12), date(2025, 3, 12)),
    }
    for code, (received, finished) in spans.items():
        make_dossier(
            procedure,
            code=code,
            received_at=local(received.year, received.month, received.day, 9),
            finished_at=local(finished.year, finished.month, finished.day, 15),
        )
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    counted = dict(
        Dossier.objects.annotate(
            days=working_days_between(
                F("received_on"), F("finished_on"), calendar=calendar, first=first, last=last
            )
        ).values_list("code", "days")
    )
    expected = {code: calendar.working_days_between(*span) for code, span in spans.items()}
    assert counted == expected
    assert expected == {"TET": 3, "SAT": 3, "WEEKEND": 1, "SAME": 0}
