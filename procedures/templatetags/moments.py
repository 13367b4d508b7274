"""A moment of a dossier or petition as people read it: dd/mm/yyyy hh:mm, or the day alone for an entry
made without a time.

The portal stores an entry given as a date alone (an imported cell holding a date, a return typed
without its hour) at the start of that day, 00:00 on the province's clock (procedures.services and the
import's reading of dates), and keeps no other mark of it. Staff never receive or return a dossier at
midnight to the second, so a moment at exactly 00:00:00 is shown as its day: "02/11/2026" rather than
"02/11/2026 00:00", which read as a time nobody entered. A real midnight moment, should one arrive through
the API, loses nothing by it: its day is the same."""

from datetime import datetime, time

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def moment(value: datetime | None) -> str:
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.time() == time.min:
        return date_format(local, "d/m/Y")
    return date_format(local, "d/m/Y H:i")
