"""Working days and due dates (spec/domain.md, "Dossier timeliness").

Pure functions over a WorkingCalendar value, so that bulk paths (imports, demo data) load the
calendar table once and compute thousands of due dates without touching the database.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

# The holidays package's calendar runs this far; beyond it, days are plain Monday-Friday.
SEEDED_YEARS = range(2015, 2031)
# The days the working-day index covers: every date the portal accepts (cchc_portal.dates), and the
# due dates that follow them. Outside it, days are counted one by one.
INDEXED_FROM, INDEXED_TO = date(2000, 1, 1), date(2102, 12, 31)


@dataclass(frozen=True)
class WorkingCalendar:
    days_off: frozenset[date] = field(default_factory=frozenset)
    working_weekend_days: frozenset[date] = field(default_factory=frozenset)
    # Due dates already worked out, by (day, count): an import of 50,000 dossiers asks for a few
    # thousand distinct ones.
    _added: dict[tuple[date, int], date] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # The working days in order, built on first use: a due date is then one bisection, and a pause's
    # length a difference of two, instead of a walk over every day (the province generator asks for
    # millions of both).
    _working: list[date] = field(default_factory=list, init=False, repr=False, compare=False, hash=False)

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekend_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def _index(self) -> list[date]:
        if not self._working:
            day = INDEXED_FROM
            while day <= INDEXED_TO:
                if self.is_working_day(day):
                    self._working.append(day)
                day += timedelta(days=1)
        return self._working

    def add_working_days(self, day: date, count: int) -> date:
        """The count-th working day after `day`; `day` itself is never counted (Civil Code art. 147)."""
        key = (day, count)
        if key not in self._added:
            working = self._index()
            position = bisect_right(working, day) + count - 1
            if day >= INDEXED_FROM and count > 0 and position < len(working):
                self._added[key] = working[position]
            else:
                result = day
                for _ in range(count):
                    result = self.next_working_day(result)
                self._added[key] = result
        return self._added[key]

    def working_ranks(self, first: date, last: date) -> list[int]:
        """For each day from first to last, the working days in (first, day]: working_days_between(a, b)
        is then ranks[b - first] - ranks[a - first], at least 0, which the database can work out for
        thousands of dossiers at once (procedures.querysets.WorkingDaysBetween)."""
        ranks, count, day = [], 0, first
        while day <= last:
            if day > first:
                count += self.is_working_day(day)
            ranks.append(count)
            day += timedelta(days=1)
        return ranks

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: the length of a pause that began on start and ended on end."""
        if end <= start:
            return 0
        if start >= INDEXED_FROM and end <= INDEXED_TO:
            working = self._index()
            return bisect_right(working, end) - bisect_right(working, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def province_time(moment: datetime) -> datetime:
    """An aware moment on the province's clock (TIME_ZONE), whatever zone a request activated."""
    return moment.astimezone(timezone.get_default_timezone())


def receipt_day(received_at: datetime, calendar: WorkingCalendar, *, cutoff_hour: int | None = None) -> date:
    """The day a receipt counts from: a receipt on a day off, or after the cut-off hour, counts as
    received on the next working day."""
    local = province_time(received_at) if timezone.is_aware(received_at) else received_at
    day = local.date()
    if not calendar.is_working_day(day) or (cutoff_hour is not None and local.hour >= cutoff_hour):
        return calendar.next_working_day(day)
    return day


def due_date(
    received_at: datetime, working_days: int, calendar: WorkingCalendar, *, cutoff_hour: int | None = None
) -> date:
    """Ngày hẹn trả: the close of the N-th working day after the (effective) day of receipt."""
    return calendar.add_working_days(
        receipt_day(received_at, calendar, cutoff_hour=cutoff_hour), working_days
    )


def configured_cutoff_hour() -> int | None:
    return settings.CCHC_RECEIPT_CUTOFF_HOUR


def seed_holidays(calendar_day_model) -> int:
    """Add the holidays package's Vietnamese days off and make-up working days that the table lacks
    (the data migration's work, and a test database's after a flush). Returns how many were added."""
    import holidays

    vietnam = holidays.country_holidays("VN", years=SEEDED_YEARS, language="vi")
    rows = {
        day: calendar_day_model(day=day, is_working_day=False, name=name) for day, name in vietnam.items()
    }
    for day in vietnam.weekend_workdays:
        if day.year in SEEDED_YEARS:
            rows[day] = calendar_day_model(day=day, is_working_day=True, name="Ngày làm việc bù")
    existing = set(calendar_day_model.objects.values_list("day", flat=True))
    return len(
        calendar_day_model.objects.bulk_create(
            [row for day, row in sorted(rows.items()) if day not in existing]
        )
    )
