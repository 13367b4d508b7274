"""The heading every paper the portal prints or writes carries, as Nghị định 30/2020/NĐ-CP sets it out
(thể thức văn bản): the governing body and the issuing body on the left, the national name and motto on
the right, then the place name and the date. The .docx, the print pages and the workbooks' titles all take
their words from here, so that a paper never names the province one way and a workbook another."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# What a paper shows where a setting or a date is missing: room to write it by hand, as the printed
# forms leave it, rather than a heading that reads as complete without the province.
BLANK = "……"


@dataclass(frozen=True)
class Letterhead:
    authority: str
    issuer: str
    number: str
    place_and_date: str
    nation: str = NATION
    motto: str = MOTTO


def province_authority() -> str:
    """The province's people's committee, in capitals: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"."""
    return _("ỦY BAN NHÂN DÂN TỈNH %(province)s") % {"province": (settings.PROVINCE_NAME or BLANK).upper()}


def date_in_words(day: date | None) -> str:
    """ "ngày 05 tháng 3 năm 2026": the decree writes a day below 10 and the months 1 and 2 with a leading
    zero, and no other month."""
    if day is None:
        return _("ngày %(blank)s tháng %(blank)s năm %(blank)s") % {"blank": BLANK}
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day.day:02d}", "m": month, "y": day.year}


def place_and_date(day: date | None) -> str:
    """ "Lâm Đồng, ngày 05 tháng 3 năm 2026", the place name being settings.PROVINCE_PLACE_NAME."""
    return f"{settings.PROVINCE_PLACE_NAME or BLANK}, {date_in_words(day)}"


def letterhead(*, issuer: str, number: str = "", day: date | None = None, authority: str = "") -> Letterhead:
    """The heading of a paper issued by `issuer` under `authority` (the province's committee unless
    another is given), numbered `number`, dated `day` (left blank to be written by hand when None)."""
    return Letterhead(
        authority=authority or province_authority(),
        issuer=issuer.upper(),
        number=number,
        place_and_date=place_and_date(day),
    )
