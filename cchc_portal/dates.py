"""The years the portal accepts in every date and date-time a person types or sends: pages, the admin and
the API judge a value by in_range() and say why with one of the two messages; the workbook reader and the
period picker read the same bounds, in words of their own.

The calendar of working days and the period pickers cover these years; an earlier or later date is a
typing mistake (0025 for 2025, 2205 for 2025), and would give due dates no calendar knows, or a year no
computer can turn into another time zone."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DATE_OUT_OF_RANGE = format_lazy(
    _("Ngày phải trong khoảng từ năm {first} đến năm {last}."), first=EARLIEST.year, last=LATEST.year
)
MOMENT_OUT_OF_RANGE = format_lazy(
    _("Thời điểm phải trong khoảng từ năm {first} đến năm {last}."), first=EARLIEST.year, last=LATEST.year
)


def in_range(value: date | datetime) -> bool:
    """Whether a date, or a date-time by its day in the time zone it carries, lies within the portal's
    years. Callers pass a date-time already in the province's time zone: converting year one to it from
    UTC, or the last hours of year 9999 from it, would overflow."""
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST <= day <= LATEST


def validate_in_range(value: date | datetime | None) -> None:
    """The validator of every date and date-time model field a person can type into (the admin and every
    ModelForm run it); migrations refer to it by its import path."""
    if value is None:
        return
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            try:
                value = timezone.localtime(value)
            except OverflowError:
                raise ValidationError(MOMENT_OUT_OF_RANGE, code="out_of_range") from None
        if not in_range(value):
            raise ValidationError(MOMENT_OUT_OF_RANGE, code="out_of_range")
    elif not in_range(value):
        raise ValidationError(DATE_OUT_OF_RANGE, code="out_of_range")
