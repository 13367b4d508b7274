"""The values of a record in the national synchronisation layout, each read by its own reader: texts,
times `yyyyMMddHHmmss` on the province's clock, the national codes, flags and sums in đồng. A reader
answers the value or raises UnreadableValue with a Vietnamese message; procedures.dvc_layout puts them to
a record's fields."""

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_portal.codes import normalise_code
from cchc_portal.dates import EARLIEST, LATEST
from procedures.dvcqg import NationalChannel, NationalStatus

# ASCII digits only: \d would also take other scripts' digits, which int() reads.
AMOUNT_TEXT = re.compile(r"-?[0-9]+")
# The flags' texts: "1" says yes; "0" or nothing says no. DuocThanhToanTrucTuyen says where the fee was
# paid online: "1" on DVCQG, "2" on the province's payment gateway.
YES = {"1": True, "0": False}
PAID = {"1": True, "2": True, "0": False}


class UnreadableValue(ValueError):
    """A value that cannot be read; the message says why, in Vietnamese, after the field's name."""


def shown(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def read_text(value: object) -> str:
    if not isinstance(value, str):
        raise UnreadableValue(_("“%(value)s” phải là chuỗi ký tự") % {"value": shown(value)})
    return normalise_code(value)


@cache
def _province_offset() -> str:
    """The province's offset from UTC as ISO 8601 writes it (+07:00): its zone has kept one offset all
    year through the portal's years (no daylight saving in Vietnam since 1975), so a time read with it
    is the same instant as one read on the zone itself."""
    zone = timezone.get_default_timezone()
    offsets = {
        datetime(year, month, 1, tzinfo=zone).utcoffset()
        for year in (EARLIEST.year, LATEST.year)
        for month in (1, 7)
    }
    assert len(offsets) == 1, f"{zone} changes its offset: read times on the zone itself"
    minutes = int(offsets.pop().total_seconds()) // 60
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def read_moment(value: object) -> datetime:
    """A time `yyyyMMddHHmmss` on the province's clock; a whole number is read as its digits."""
    if value.__class__ is str and len(value) == 14:
        # Most times: fourteen characters, nothing to strip (a file of 50,000 records holds 170,000).
        text = value
    else:
        written = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        text = written.strip() if isinstance(written, str) else ""
    if len(text) != 14 or not (text.isascii() and text.isdigit()):
        raise UnreadableValue(
            _("“%(value)s” không phải thời điểm dạng yyyyMMddHHmmss") % {"value": shown(value)}
        )
    try:
        # Read as ISO 8601's basic format, in C: a tenth of strptime's time, for each of 150,000 times in
        # a file. Then moved onto the province's zone itself, once: the rules take every date on that
        # zone (province_time), at no cost for a time already on it and by a conversion for one on a
        # fixed offset, about nine a record (0.28 s of judging 50,000 records). In Python 3.11 this
        # conversion is faster than datetime.replace(tzinfo=...).
        moment = datetime.fromisoformat(f"{text[:8]}T{text[8:]}{_province_offset()}")
        moment = moment.astimezone(timezone.get_default_timezone())
    except ValueError:
        raise UnreadableValue(
            _("“%(value)s” không phải thời điểm có thật") % {"value": shown(value)}
        ) from None
    if not EARLIEST <= moment.date() <= LATEST:
        raise UnreadableValue(
            _("“%(value)s”: năm %(year)s nằm ngoài khoảng %(first)s–%(last)s")
            % {"value": shown(value), "year": moment.year, "first": EARLIEST.year, "last": LATEST.year}
        )
    return moment


def _national(codes: type[models.IntegerChoices], words: Promise) -> Callable[[object], Any]:
    """A reader of one of the national codes, given as a number or its digits; `words` name the codes."""
    members = {str(member.value): member for member in codes}

    def read(value: object) -> Any:
        found = members.get(value) if value.__class__ is str else None
        if found is not None:
            return found
        written = shown(value)
        if isinstance(value, bool) or written not in members:
            raise UnreadableValue(_("“%(value)s” không phải %(words)s") % {"value": written, "words": words})
        return members[written]

    return read


def _flag(options: dict[str, bool]) -> Callable[[object], bool]:
    listed = ", ".join(f"“{option}”" for option in options)

    def read(value: object) -> bool:
        found = options.get(value) if value.__class__ is str else None
        if found is not None:
            return found
        written = shown(value)
        if isinstance(value, bool) or written not in options:
            problem = _("“%(value)s” không hợp lệ; chọn một trong: %(options)s")
            raise UnreadableValue(problem % {"value": written, "options": listed})
        return options[written]

    return read


# Each reader built once: a file of 50,000 records reads five of these fields in each.
read_status = _national(NationalStatus, gettext_lazy("trạng thái hồ sơ quốc gia (1–10)"))
read_channel = _national(
    NationalChannel, gettext_lazy("kênh thực hiện (1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích)")
)
read_yes = _flag(YES)
read_paid = _flag(PAID)


def read_amount(value: object) -> int:
    """A fee in đồng: a whole number, or its digits."""
    written = str(int(value)) if isinstance(value, float) and value.is_integer() else shown(value)
    if isinstance(value, bool) or not AMOUNT_TEXT.fullmatch(written):
        raise UnreadableValue(_("“%(value)s” không phải số tiền (đồng, số nguyên)") % {"value": written})
    if int(written) < 0:
        raise UnreadableValue(_("“%(value)s” không được âm") % {"value": written})
    return int(written)
