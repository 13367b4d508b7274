"""Time limits in working days and working hours, worked out by hand on the 2026 calendar.

Office hours are the default, 07:30-11:30 and 13:30-17:00: a morning of 4 h, an afternoon of 3 h 30, a day
of 7 h 30.
"""

import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_portal.settings import parse_office_hours
from procedures.calendar import WorkingCalendar, due_date
from procedures.office_hours import (
    OfficeHours,
    TimeLimit,
    TimeUnit,
    add_working_time,
    configured_office_hours,
    due_at,
    parse_time_limit,
    working_time_between,
)
from tests.factories import local

# The 2026 days off as the holidays package seeds them: Tết Mon 16/02 to Fri 20/02, Hùng Kings Mon 27/04,
# 30/04 and 01/05, National Day Mon 31/08 (for the make-up Saturday 22/08), Tue 01/09 and Wed 02/09.
CALENDAR_2026 = WorkingCalendar(
    days_off=frozenset(
        {
            date(2026, 1, 1),
            *(date(2026, 2, day) for day in range(16, 21)),
            date(2026, 4, 27),
            date(2026, 4, 30),
            date(2026, 5, 1),
            date(2026, 8, 31),
            date(2026, 9, 1),
            date(2026, 9, 2),
        }
    ),
    working_weekend_days=frozenset({date(2026, 8, 22)}),
)
HOURS = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17))))


def limit(text: str) -> TimeLimit:
    return parse_time_limit(text)


# -- What staff type ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5", "5", TimeUnit.DAYS),
        ("0,5", "0.5", TimeUnit.DAYS),
        ("1.5", "1.5", TimeUnit.DAYS),
        ("4 giờ", "4", TimeUnit.HOURS),
        ("8h", "8", TimeUnit.HOURS),
        ("2 ngày", "2", TimeUnit.DAYS),
        ("  2   Ngày làm việc ", "2", TimeUnit.DAYS),
        ("2,5 giờ", "2.5", TimeUnit.HOURS),
        ("3 tiếng", "3", TimeUnit.HOURS),
    ],
)
def test_time_limits_are_read_as_staff_type_them(text, amount, unit):
    assert parse_time_limit(text) == TimeLimit(Decimal(amount), unit)


def test_a_time_limit_typed_with_decomposed_vietnamese_letters_is_read_as_typed_composed():
    # Some keyboards and spreadsheets send "giờ" as g, i, o, combining horn, combining grave.
    assert parse_time_limit("4 gio\u031b\u0300") == TimeLimit(Decimal(4), TimeUnit.HOURS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,3 ngày", "Thời hạn “0,3 ngày” không hợp lệ: chỉ nhận số ngày tròn hoặc nửa ngày (0,5)."),
        ("0,25", "Thời hạn “0,25” không hợp lệ: chỉ nhận số ngày tròn hoặc nửa ngày (0,5)."),
        ("1,25 giờ", "Thời hạn “1,25 giờ” không hợp lệ: chỉ nhận số giờ tròn hoặc nửa giờ (0,5)."),
        ("0", "Thời hạn “0” không hợp lệ: thời hạn phải lớn hơn 0."),
        (
            "ba ngày",
            "Thời hạn “ba ngày” không đọc được: hãy ghi số ngày hoặc số giờ, ví dụ 5, 0,5, 2 ngày, 4 giờ.",
        ),
        ("-2", "Thời hạn “-2” không đọc được: hãy ghi số ngày hoặc số giờ, ví dụ 5, 0,5, 2 ngày, 4 giờ."),
        (
            "5 tuần",
            "Thời hạn “5 tuần” không đọc được: hãy ghi số ngày hoặc số giờ, ví dụ 5, 0,5, 2 ngày, 4 giờ.",
        ),
    ],
)
def test_a_bad_time_limit_is_refused_with_a_message_naming_it(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_time_limit(text)
    assert refused.value.messages == [message]


# -- Days -----------------------------------------------------------------------------------------------------


def test_whole_days_end_at_closing_time_of_the_nth_working_day_after_receipt():
    # Mon 07/09/2026 10:00: the day of receipt is not counted; day 1 Tue 08/09, day 2 Wed 09/09, closing 17:00.
    assert due_at(local(2026, 9, 7, 10), limit("2"), CALENDAR_2026, HOURS) == local(2026, 9, 9, 17)


def test_days_skip_national_day_2026():
    # Fri 28/08/2026: Sat 29, Sun 30, Mon 31/08 (instead of Sat 22/08), Tue 01/09 and Wed 02/09 are off,
    # so day 1 is Thu 03/09.
    assert due_at(local(2026, 8, 28, 10), limit("1"), CALENDAR_2026, HOURS) == local(2026, 9, 3, 17)


def test_half_a_day_ends_at_the_end_of_the_next_working_days_morning():
    # Mon 07/09 10:00, 0,5 days: the half day is the morning of day 1, Tue 08/09, which ends at 11:30.
    assert due_at(local(2026, 9, 7, 10), limit("0,5"), CALENDAR_2026, HOURS) == local(2026, 9, 8, 11, 30)


def test_one_and_a_half_days_end_at_the_end_of_the_second_working_days_morning():
    # Mon 07/09 10:00, 1,5 days: day 1 Tue 08/09 whole, then the morning of Wed 09/09, to 11:30.
    assert due_at(local(2026, 9, 7, 10), limit("1,5"), CALENDAR_2026, HOURS) == local(2026, 9, 9, 11, 30)


def test_half_a_day_on_friday_before_tet_ends_after_tet():
    # Fri 13/02/2026, 0,5 days: Sat 14, Sun 15 and Tết Mon 16 to Fri 20/02 are off, Sat 21 and Sun 22 too;
    # the half day is the morning of Mon 23/02, to 11:30.
    assert due_at(local(2026, 2, 13, 15), limit("0,5"), CALENDAR_2026, HOURS) == local(2026, 2, 23, 11, 30)


def test_half_a_day_in_a_single_session_office_ends_halfway_through_it():
    # 08:00-16:00 has no morning session: half its 8 h is 4 h, so 12:00 on day 1 (Tue 08/09).
    single = OfficeHours(((time(8), time(16)),))
    assert due_at(local(2026, 9, 7, 10), limit("0,5"), CALENDAR_2026, single) == local(2026, 9, 8, 12)


def test_whole_days_keep_the_receipt_cut_off_hour_of_the_calendar():
    # Mon 07/09 16:30 with a cut-off at 16:00 counts as received Tue 08/09, so day 1 is Wed 09/09.
    due = due_at(local(2026, 9, 7, 16, 30), limit("1"), CALENDAR_2026, HOURS, cutoff_hour=16)
    assert due == local(2026, 9, 9, 17)


@settings(max_examples=60, deadline=None)
@given(
    received=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=30),
)
def test_whole_days_fall_on_the_calendars_due_date(received, days):
    received = received.replace(tzinfo=local(2026, 1, 1).tzinfo)
    due = due_at(received, TimeLimit(Decimal(days), TimeUnit.DAYS), CALENDAR_2026, HOURS)
    assert due.date() == due_date(received, days, CALENDAR_2026)
    assert due.time() == time(17)


# -- Hours ----------------------------------------------------------------------------------------------------


def test_hours_run_across_lunch():
    # Mon 07/09 10:00, 4 h: 1 h 30 to 11:30, lunch does not run, 2 h 30 from 13:30 → 16:00.
    assert due_at(local(2026, 9, 7, 10), limit("4 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 7, 16)


def test_hours_that_run_out_at_the_end_of_the_morning_end_then():
    # Mon 07/09 07:30, 4 h: exactly the morning, so 11:30 and not the afternoon's opening.
    assert due_at(local(2026, 9, 7, 7, 30), limit("4h"), CALENDAR_2026, HOURS) == local(2026, 9, 7, 11, 30)


def test_hours_run_across_a_weekend():
    # Fri 11/09 15:00, 4 h: 2 h to 17:00; Sat 12 and Sun 13 do not run; 2 h from Mon 14/09 07:30 → 09:30.
    assert due_at(local(2026, 9, 11, 15), limit("4 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 14, 9, 30)


def test_hours_run_across_national_day_2026():
    # Fri 28/08 16:00, 3 h: 1 h to 17:00; 29/08 to 02/09 are off; 2 h from Thu 03/09 07:30 → 09:30.
    assert due_at(local(2026, 8, 28, 16), limit("3 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 3, 9, 30)


def test_hours_run_across_tet_2026():
    # Fri 13/02 14:00, 8 h: 3 h to 17:00; Tết and two weekends are off; 5 h from Mon 23/02: the morning's
    # 4 h to 11:30, then 1 h from 13:30 → 14:30.
    assert due_at(local(2026, 2, 13, 14), limit("8 giờ"), CALENDAR_2026, HOURS) == local(2026, 2, 23, 14, 30)


def test_half_hours_count():
    # Mon 07/09 16:00, 2,5 h: 1 h to 17:00, then 1 h 30 from Tue 08/09 07:30 → 09:00.
    assert due_at(local(2026, 9, 7, 16), limit("2,5 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 8, 9)


def test_hours_received_outside_office_hours_start_at_the_next_opening():
    # At lunch (12:00): from 13:30, 1 h → 14:30. After closing (18:00): from Tue 08/09 07:30 → 08:30.
    # On Saturday 12/09 at 09:00: from Mon 14/09 07:30 → 08:30.
    assert due_at(local(2026, 9, 7, 12), limit("1 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 7, 14, 30)
    assert due_at(local(2026, 9, 7, 18), limit("1 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 8, 8, 30)
    assert due_at(local(2026, 9, 12, 9), limit("1 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 14, 8, 30)


def test_many_hours_skip_whole_office_days():
    # Mon 07/09 07:30, 40 h: Mon to Fri 11/09 are 5 × 7 h 30 = 37 h 30; 2 h 30 from Mon 14/09 07:30 → 10:00.
    assert due_at(local(2026, 9, 7, 7, 30), limit("40 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 14, 10)
    # 15 h are exactly Mon and Tue: closing time Tue 08/09, not Wednesday's opening.
    assert due_at(local(2026, 9, 7, 7, 30), limit("15 giờ"), CALENDAR_2026, HOURS) == local(2026, 9, 8, 17)


def test_a_make_up_saturday_runs_like_any_working_day():
    # Fri 21/08/2026 16:00, 2 h: 1 h to 17:00, then 1 h from the make-up Saturday 22/08 07:30 → 08:30.
    assert due_at(local(2026, 8, 21, 16), limit("2 giờ"), CALENDAR_2026, HOURS) == local(2026, 8, 22, 8, 30)


def test_nothing_added_leaves_the_moment_as_it_is():
    # A due time typed as 20:00 stays 20:00 when no pause moves it.
    assert add_working_time(local(2026, 9, 7, 20), timedelta(), CALENDAR_2026, HOURS) == local(2026, 9, 7, 20)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        due_at(datetime(2026, 9, 7, 10), limit("1 giờ"), CALENDAR_2026, HOURS)


# -- Working time between two moments (pauses) -----------------------------------------------------------------


def test_working_time_between_two_moments_leaves_out_lunch_nights_weekends_and_holidays():
    # Same morning: 08:00 → 10:15 is 2 h 15.
    assert working_time_between(local(2026, 9, 7, 8), local(2026, 9, 7, 10, 15), CALENDAR_2026, HOURS) == (
        timedelta(hours=2, minutes=15)
    )
    # Across lunch: 11:00 → 14:00 is 30 min + 30 min.
    assert working_time_between(local(2026, 9, 7, 11), local(2026, 9, 7, 14), CALENDAR_2026, HOURS) == (
        timedelta(hours=1)
    )
    # Fri 11/09 15:00 → Mon 14/09 09:00: 2 h on Friday, 1 h 30 on Monday.
    assert working_time_between(local(2026, 9, 11, 15), local(2026, 9, 14, 9), CALENDAR_2026, HOURS) == (
        timedelta(hours=3, minutes=30)
    )
    # Fri 28/08 10:00 → Thu 03/09 09:00: 5 h on Friday, the holidays nothing, 1 h 30 on Thursday.
    assert working_time_between(local(2026, 8, 28, 10), local(2026, 9, 3, 9), CALENDAR_2026, HOURS) == (
        timedelta(hours=6, minutes=30)
    )
    # Mon 07/09 17:00 → Thu 10/09 07:30: Tuesday and Wednesday whole, 2 × 7 h 30.
    assert working_time_between(local(2026, 9, 7, 17), local(2026, 9, 10, 7, 30), CALENDAR_2026, HOURS) == (
        timedelta(hours=15)
    )


def test_working_time_is_nothing_within_lunch_on_a_day_off_or_backwards():
    assert (
        working_time_between(local(2026, 9, 7, 12), local(2026, 9, 7, 13), CALENDAR_2026, HOURS)
        == timedelta()
    )
    assert (
        working_time_between(local(2026, 9, 2, 8), local(2026, 9, 2, 16), CALENDAR_2026, HOURS) == timedelta()
    )
    assert (
        working_time_between(local(2026, 9, 7, 10), local(2026, 9, 7, 9), CALENDAR_2026, HOURS) == timedelta()
    )


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
    minutes=st.integers(min_value=1, max_value=60 * 7 * 30),
)
def test_working_time_between_undoes_adding_working_time(start, minutes):
    start = start.replace(tzinfo=local(2026, 1, 1).tzinfo)
    later = add_working_time(start, timedelta(minutes=minutes), CALENDAR_2026, HOURS)
    assert working_time_between(start, later, CALENDAR_2026, HOURS) == timedelta(minutes=minutes)


# -- The setting ----------------------------------------------------------------------------------------------


def test_office_hours_default_to_0730_1130_and_1330_1700():
    assert configured_office_hours() == HOURS
    assert HOURS.day_length == timedelta(hours=7, minutes=30)


def test_office_hours_are_read_from_their_setting_text():
    assert parse_office_hours("08:00-12:00, 13:00-17:30") == (
        (time(8), time(12)),
        (time(13), time(17, 30)),
    )


@pytest.mark.parametrize("text", ["7h-11h", "08:00", "13:00-17:00,07:30-11:30", "11:30-07:30", ""])
def test_bad_office_hours_are_refused(text):
    with pytest.raises(ImproperlyConfigured, match="OFFICE_HOURS"):
        parse_office_hours(text)


def test_a_bad_office_hours_setting_stops_the_start_with_its_name():
    environment = {**os.environ, "SECRET_KEY": "x", "OFFICE_HOURS": "7h30-11h30"}
    started = subprocess.run(
        [sys.executable, "-c", "import cchc_portal.settings"],
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "OFFICE_HOURS: '7h30-11h30' is not a session like 07:30-11:30" in started.stderr
