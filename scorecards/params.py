"""Reading "which year, which kind, which unit" of the scorecard from a command line or an API query;
what cannot be answered is refused in Vietnamese (reporting.params.BadRequest, as every other query)."""

import re

from django.utils.translation import gettext as _

from cchc_portal.dates import EARLIEST, LATEST
from reporting.params import BadRequest
from scorecards.models import CriteriaSet

__all__ = ["BadRequest", "parse_kind", "parse_year"]


def parse_year(value: str | None) -> int:
    if not value:
        raise BadRequest(_("Thiếu tham số year (năm đánh giá, ví dụ 2025)."))
    if not re.fullmatch(r"[0-9]{4}", value.strip()) or not EARLIEST.year <= int(value) <= LATEST.year:
        raise BadRequest(
            _("Năm “%(value)s” không hợp lệ: cần một năm từ %(first)s đến %(last)s.")
            % {"value": value, "first": EARLIEST.year, "last": LATEST.year}
        )
    return int(value)


def parse_kind(value: str | None) -> str:
    if value not in CriteriaSet.Kind.values:
        raise BadRequest(
            _("Đối tượng “%(value)s” không hợp lệ: agency (sở, ban, ngành) hoặc commune (UBND cấp xã).")
            % {"value": value or ""}
        )
    return value
