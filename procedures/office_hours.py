"""Working time in hours: the province's office hours over the working-day calendar (issue 14, item 4).

A procedure's time limit is in working days (whole or half) or in working hours. Days follow the calendar's
rule (procedures.calendar.due_date: the day of receipt is not counted) and end at a moment of the office
day; hours are office time counted from the moment of receipt. Pure functions over plain values, like the
calendar, so that bulk paths compute due times without a query.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.calendar import WorkingCalendar, due_date, province_time


def _offset(moment: time) -> timedelta:
    return timedelta(
        hours=moment.hour, minutes=moment.minute, seconds=moment.second, microseconds=moment.microsecond
    )


@dataclass(frozen=True)
class OfficeHours:
    """The sessions of an office day, in order and apart (settings.parse_office_hours checks both)."""

    sessions: tuple[tuple[time, time], ...]

    @property
    def day_length(self) -> timedelta:
        return sum((_offset(end) - _offset(start) for start, end in self.sessions), timedelta())

    @property
    def half_day(self) -> timedelta:
        """Office time in half a working day: the morning session, i.e. the first; an office that keeps a
        single session has no morning session, and its half day ends halfway through it."""
        if len(self.sessions) == 1:
            return self.day_length / 2
        start, end = self.sessions[0]
        return _offset(end) - _offset(start)

    def elapsed(self, moment: time) -> timedelta:
        """Office time of a day before the clock reads `moment`."""
        clock = _offset(moment)
        return sum(
            (min(max(clock, _offset(start)), _offset(end)) - _offset(start) for start, end in self.sessions),
            timedelta(),
        )

    def clock_after(self, elapsed: timedelta) -> timedelta:
        """The clock (as an offset from midnight) once `elapsed` office time of the day has gone by; time
        that runs out exactly at the end of a session ends there, not at the next opening."""
        for start, end in self.sessions:
            length = _offset(end) - _offset(start)
            if elapsed <= length:
                return _offset(start) + elapsed
            elapsed -= length
        return _offset(self.sessions[-1][1])


def configured_office_hours() -> OfficeHours:
    return OfficeHours(settings.CCHC_OFFICE_HOURS)


class TimeUnit(models.TextChoices):
    DAYS = "days", gettext_lazy("ngày làm việc")
    HOURS = "hours", gettext_lazy("giờ làm việc")


def format_amount(amount: Decimal) -> str:
    """An amount as Vietnamese write it: "5", "0,5", "12,5"."""
    return f"{amount.normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class TimeLimit:
    """A procedure's time limit: working days or working hours, whole or half (amount in steps of 0.5)."""

    amount: Decimal
    unit: TimeUnit

    def __str__(self) -> str:
        # Short, as tables and the workbook show it; parse_time_limit reads it back.
        word = _("ngày") if self.unit == TimeUnit.DAYS else _("giờ")
        return f"{format_amount(self.amount)} {word}"

    @property
    def is_whole_days(self) -> bool:
        """Whole working days end at the close of office on the due date: no due time of their own."""
        return self.unit == TimeUnit.DAYS and self.amount == self.amount.to_integral_value()


# A limit beyond a year of working days is a typing error (the longest procedures take a few months): a
# year of office days at most, in either unit.
MAX_AMOUNT = {TimeUnit.DAYS: 365, TimeUnit.HOURS: 365 * 8}

# What staff type: a number with a comma or a point, then "ngày", "giờ" ("tiếng", "h") or nothing (days, as
# the catalogue has always held them), optionally followed by "làm việc".
_TIME_LIMIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngày|giờ|tiếng|h)?(?:\s+làm việc)?")


def parse_time_limit(text: str, *, unit: TimeUnit | None = None) -> TimeLimit:
    """A time limit from what staff type ("5", "0,5", "1.5", "4 giờ", "8h", "2 ngày"); anything else is
    refused with a ValidationError naming the value. With `unit` (the unit of the procedure's other
    limit, or the API's time_unit) a bare number is in that unit, and a text naming the other is refused:
    a procedure keeps both its limits in one unit."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).lower().split())
    match = _TIME_LIMIT.fullmatch(cleaned)
    if not match:
        raise ValidationError(
            _(
                "Thời hạn “%(value)s” không đọc được: hãy ghi số ngày hoặc số giờ, ví dụ 5, 0,5, 2 ngày, 4 giờ."
            )
            % {"value": text},
            code="time_limit",
        )
    named = None if match[2] is None else TimeUnit.DAYS if match[2] == "ngày" else TimeUnit.HOURS
    if unit is not None and named is not None and named != unit:
        raise ValidationError(
            _("Thời hạn “%(value)s” phải tính bằng %(unit)s, đơn vị thời hạn của thủ tục.")
            % {"value": text, "unit": TimeUnit(unit).label},
            code="time_limit",
        )
    unit = TimeUnit(named or unit or TimeUnit.DAYS)
    halves = Decimal(match[1].replace(",", ".")) * 2
    if halves != halves.to_integral_value():
        message = (
            _("Thời hạn “%(value)s” không hợp lệ: chỉ nhận số ngày tròn hoặc nửa ngày (0,5).")
            if unit == TimeUnit.DAYS
            else _("Thời hạn “%(value)s” không hợp lệ: chỉ nhận số giờ tròn hoặc nửa giờ (0,5).")
        )
        raise ValidationError(message % {"value": text}, code="time_limit")
    if not halves:
        raise ValidationError(
            _("Thời hạn “%(value)s” không hợp lệ: thời hạn phải lớn hơn 0.") % {"value": text},
            code="time_limit",
        )
    if halves > 2 * MAX_AMOUNT[unit]:
        raise ValidationError(
            _("Thời hạn “%(value)s” quá dài: tối đa %(max)s %(unit)s.")
            % {"value": text, "max": MAX_AMOUNT[unit], "unit": TimeUnit(unit).label},
            code="time_limit",
        )
    return TimeLimit(amount=Decimal(int(halves)) / 2, unit=unit)


def _province(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError(f"{moment} has no time zone: office time is counted on the province's clock.")
    return province_time(moment)


def _at(day: date, clock: timedelta) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.get_default_timezone()) + clock


def add_working_time(
    start: datetime, amount: timedelta, calendar: WorkingCalendar, hours: OfficeHours
) -> datetime:
    """The moment `amount` of office time after `start`: time outside office hours and on days off does
    not run, so a start outside them runs from the next opening."""
    if amount <= timedelta():
        return start
    local = _province(start)
    day = local.date()
    used = hours.elapsed(local.time())
    left_today = hours.day_length - used if calendar.is_working_day(day) else timedelta()
    if amount <= left_today:
        return _at(day, hours.clock_after(used + amount))
    amount -= left_today
    # Whole office days are skipped by the calendar's index; the last day takes what remains, which is
    # more than nothing and at most a full day (so a limit that runs out at closing time ends then).
    whole_days = -(-amount // hours.day_length) - 1
    last_day = calendar.add_working_days(day, whole_days + 1)
    return _at(last_day, hours.clock_after(amount - whole_days * hours.day_length))


def due_at(
    received_at: datetime,
    limit: TimeLimit,
    calendar: WorkingCalendar,
    hours: OfficeHours,
    *,
    cutoff_hour: int | None = None,
) -> datetime:
    """The due date-time of a dossier received at `received_at` under `limit`.

    Days: the day of receipt is not counted (procedures.calendar.due_date, with its cut-off hour); N days
    end at the close of office on the N-th working day after it. A half day is the morning session
    (OfficeHours.half_day) of the next working day: 0,5 days end at the end of the morning of the first
    working day after the day of receipt, 1,5 days at the end of the morning of the second.

    Hours: office time counted from the moment of receipt (a receipt outside office hours, or on a day
    off, starts at the next opening), over working days only.
    """
    if limit.unit == TimeUnit.HOURS:
        return add_working_time(received_at, timedelta(minutes=int(limit.amount * 60)), calendar, hours)
    whole = int(limit.amount)
    if limit.amount == whole:
        closing = hours.clock_after(hours.day_length)
        return _at(due_date(received_at, whole, calendar, cutoff_hour=cutoff_hour), closing)
    day = due_date(received_at, whole + 1, calendar, cutoff_hour=cutoff_hour)
    return _at(day, hours.clock_after(hours.half_day))


def working_time_between(
    start: datetime, end: datetime, calendar: WorkingCalendar, hours: OfficeHours
) -> timedelta:
    """Office time elapsed from `start` to `end` (nothing when end is not after start): a pause's length."""
    start, end = _province(start), _province(end)
    if end <= start:
        return timedelta()
    first, last = start.date(), end.date()
    if first == last:
        if not calendar.is_working_day(first):
            return timedelta()
        return hours.elapsed(end.time()) - hours.elapsed(start.time())
    total = timedelta()
    if calendar.is_working_day(first):
        total += hours.day_length - hours.elapsed(start.time())
    if calendar.is_working_day(last):
        total += hours.elapsed(end.time())
    # The days between are whole office days: working_days_between counts (first, last], so less the last.
    between = calendar.working_days_between(first, last) - calendar.is_working_day(last)
    return total + between * hours.day_length
