"""The cells of the .xlsx layout as people type them: Vietnamese labels, day-first dates, whole numbers.
Each reader returns the value or raises CellError with the reason in Vietnamese."""

import re
import unicodedata
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from cchc_portal.dates import EARLIEST, LATEST
from procedures.models import Dossier, Petition, PublicationItem

# Label as the workbook writes it → value in the database; read without regard to case.
CHANNELS = {str(label): value for value, label in Dossier.Channel.choices}
STATUSES = {str(label): value for value, label in Dossier.Status.choices}
SATISFACTIONS = {str(label): value for value, label in Dossier.Satisfaction.choices}
PUBLICATION_KINDS = {str(label): value for value, label in PublicationItem.Kind.choices}
# The spec's short word for an amendment, which people type as well as the model's label.
PUBLICATION_KINDS["Sửa đổi"] = PublicationItem.Kind.AMENDED
PETITION_CATEGORIES = {str(label): value for value, label in Petition.Category.choices}
PETITION_RATINGS = {str(label): value for value, label in Petition.Rating.choices}
ONLINE_LEVELS = {"1": 1, "2": 2, "3": 3, "4": 4, "Một phần": 3, "Toàn trình": 4}
YES_NO = {"Có": True, "Không": False}
# A dossier's national status by its code (procedures.dvcqg.NationalStatus), as Excel gives a number.
NATIONAL_STATUSES = {str(code): code for code in range(1, 11)}
# The workbook's short labels (spec/organisation.md), not the model's longer ones: people type these.
KINDS = {
    "Sở, ban, ngành": "agency",
    "Phòng": "division",
    "Đơn vị trực thuộc": "unit",
    "Xã, phường, đặc khu": "commune",
    "UBND huyện": "district",
    "Trung tâm PVHCC": "service_centre",
}
LEVELS = {"Cấp tỉnh": "province", "Cấp xã": "commune", "Cấp huyện": "district"}
LIST_SEPARATOR = ";"


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


def normalise(header: object) -> str:
    return re.sub(r"\s+", " ", text(header)).lower()


def text(value: object) -> str:
    """A cell as trimmed text. Vietnamese typed on some keyboards arrives decomposed (a letter followed
    by combining accents): NFC makes "Trực tuyến" typed either way the same string."""
    if value is None:
        return ""
    if type(value) is str and value.isascii():
        # Most cells are plain ASCII, which NFC leaves as it is: 600,000 cells of a 50,000-row import.
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value).strip())


def whole_number(value: object) -> int | None:
    if value is None or text(value) == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("phải là số nguyên"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if re.fullmatch(r"[0-9]+", text(value)):
        return int(text(value))
    raise CellError(_("“%(value)s” không phải số nguyên") % {"value": text(value)})


# The labels of each option table, lower-cased once, and the answer for each text cell already read: a
# 50,000-row import reads three choice cells per row, nearly all of them one of a handful of labels.
_LOWERED: dict[int, tuple[dict, dict[str, object], dict[str, object]]] = {}


def choice(value: object, options: dict, *, blank=None):
    # Keyed by identity, and the table kept beside it, so that a table built on the fly can never be
    # mistaken for another that once had the same id.
    known = _LOWERED.get(id(options))
    if known is None or known[0] is not options:
        known = _LOWERED[id(options)] = (
            options,
            {label.lower(): result for label, result in options.items()},
            {},
        )
    read = known[2]
    # Only text is remembered: 1, 1.0 and True are one key to a dict, yet each reads differently.
    if type(value) is str and value in read:
        return read[value]
    key = text(value).lower()
    if key == "":
        return blank
    lowered = known[1]
    if key in lowered:
        if type(value) is str:
            read[value] = lowered[key]
        return lowered[key]
    labels = ", ".join(f"“{label}”" for label in options)
    raise CellError(
        _("“%(value)s” không hợp lệ; chọn một trong: %(labels)s") % {"value": text(value), "labels": labels}
    )


DATE_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")
# The years the portal accepts anywhere (cchc_portal.dates): a typo such as 2205 is refused here rather
# than stored as a date centuries away.
YEARS = range(EARLIEST.year, LATEST.year + 1)


def moment(value: object) -> datetime | None:
    """An Excel date or date-time, or text dd/mm/yyyy [hh:mm], day first always. Naive: the caller
    reads it in the province's time zone."""
    if type(value) is datetime:
        # A date cell as calamine gives it, nearly every one: judged without building its text first.
        return _within_years(value)
    if value is None or text(value) == "":
        return None
    if isinstance(value, datetime):
        return _within_years(value)
    if isinstance(value, date):
        return _within_years(datetime.combine(value, time()))
    match = DATE_TEXT.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        day, month, year, hour, minute = match.groups()
        try:
            result = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            raise CellError(_("ngày “%(value)s” không tồn tại") % {"value": value.strip()}) from None
        return _within_years(result)
    raise CellError(
        _("“%(value)s” không phải ngày dạng dd/mm/yyyy hoặc dd/mm/yyyy hh:mm") % {"value": text(value)}
    )


def day(value: object) -> date | None:
    """A date cell (a time of day, if any, is not part of it)."""
    result = moment(value)
    return result.date() if result else None


def code_list(value: object) -> list[str]:
    """The items of a cell that lists several (unit codes, field names) separated by ";", in order,
    without blanks."""
    return [item.strip() for item in text(value).split(LIST_SEPARATOR) if item.strip()]


def _within_years(result: datetime) -> datetime:
    if result.year not in YEARS:
        raise CellError(
            _("năm %(year)s nằm ngoài khoảng %(first)s–%(last)s")
            % {"year": result.year, "first": YEARS[0], "last": YEARS[-1]}
        )
    return result
