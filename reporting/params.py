"""Reading "which department, which period" from a command line, an API query or a page's picker, and
writing the drill-down query a figure's link carries to the list of its records."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from accounts.models import User
from cchc_portal.codes import normalise_code
from cchc_portal.dates import EARLIEST, LATEST
from departments.models import CODE_PATTERN, Department
from departments.selectors import department_list
from procedures.organisation import CURRENT, STRUCTURES
from reporting.conditions import DOSSIER_CODES, PROCEDURE_CODES
from reporting.definitions import DEFINITIONS_BY_CODE
from reporting.form_06a import FORM_06A_LABELS
from reporting.index766_drilldown import PREFIX as INDEX_PREFIX
from reporting.index766_drilldown import parse_index_code
from reporting.quality import CHECKS_BY_CODE
from reporting.results import Period
from reporting.structures import structure_error

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadRequest(ValueError):
    """Input a person typed that cannot be answered; the message says why, in Vietnamese."""


def parse_iso_date(value: str | None, *, name: str) -> date:
    if not value:
        raise BadRequest(_("Thiếu tham số %(name)s (ngày dạng YYYY-MM-DD).") % {"name": name})
    try:
        # strptime, not fromisoformat: the contract is YYYY-MM-DD and nothing else (no week dates).
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise BadRequest(
            _("Tham số %(name)s phải là một ngày có thật dạng YYYY-MM-DD, không phải “%(value)s”.")
            % {"name": name, "value": value}
        ) from None


def parse_period(start: str | None, end: str | None) -> Period:
    period_start = parse_iso_date(start, name="from")
    period_end = parse_iso_date(end, name="to")
    if period_start > period_end:
        raise BadRequest(_("Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to)."))
    return Period(period_start, period_end)


def parse_index_period(start: str | None, end: str | None) -> Period:
    """A period of the national index: as parse_period, within the portal's years, where every record
    lies (a period reaching year 1 or 9999 has nothing more to count, and its bounds do not fit a
    date-time on the province's clock)."""
    period = parse_period(start, end)
    if period.start < EARLIEST or period.end > LATEST:
        raise BadRequest(
            _("Kỳ của Bộ chỉ số 766 phải nằm trong khoảng %(first)s – %(last)s.")
            % {"first": f"{EARLIEST:%d/%m/%Y}", "last": f"{LATEST:%d/%m/%Y}"}
        )
    return period


def parse_structure(value: str | None) -> str:
    """`structure=current|historical` (absent: current); anything else is refused in Vietnamese."""
    structure = CURRENT if value is None else value
    error = structure_error(structure)
    if error:
        raise BadRequest(error)
    return structure


def page_structure(params) -> str:
    """The structure a page or its download shows: `?structure=` when it names one, the current one
    otherwise (a page never refuses a link it was given; the API and the command do)."""
    value = params.get("structure")
    return value if value in STRUCTURES else CURRENT


# The code that names the whole province where a unit is asked for (the national index's interfaces).
PROVINCE_CODE = "TINH"


def find_index_unit(code: str | None, *, user: User | None) -> Department | None:
    """The unit a national index is asked for: None (the whole province) for no code or TINH."""
    if not code or normalise_code(code).upper() == PROVINCE_CODE:
        return None
    return find_department(code, user=user)


def find_department(code: str, *, user: User | None) -> Department:
    """A department by code; one a user may not see is answered exactly like one that does not exist."""
    departments = Department.objects.all() if user is None else department_list(user=user)
    code = normalise_code(code)
    department = departments.filter(code=code).first() if re.fullmatch(CODE_PATTERN, code) else None
    if department is None:
        raise BadRequest(_("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code})
    return department


@dataclass(frozen=True)
class Drilldown:
    """A list page opened from a figure: which figure, over which period."""

    code: str
    label: str
    period: Period | None
    structure: str = CURRENT
    # The day a procedure figure was taken on (the period's last day); None: today's catalogue.
    day: date | None = None


def parse_drilldown(params, *, records: str) -> Drilldown | None:
    """Read ?indicator=…&from=…&to=…&structure=… (or ?quality=… for a data-quality check) from a list
    page's URL; a procedure figure's list carries only `to`, the day it was taken on."""
    code, check = params.get("indicator"), params.get("quality")
    if not code and not check:
        return None
    structure = parse_structure(params.get("structure"))
    if code and code.startswith(INDEX_PREFIX):
        found = parse_index_code(code, records)
        if found is None:
            raise BadRequest(_("Chỉ số “%(code)s” không có danh sách này.") % {"code": code})
        period = parse_index_period(params.get("from"), params.get("to"))
        return Drilldown(code, found[2], period, structure, period.end)
    if records == "procedures":
        if code not in PROCEDURE_CODES:
            raise BadRequest(_("Chỉ số “%(code)s” không có danh sách thủ tục.") % {"code": code or check})
        day = parse_iso_date(params["to"], name="to") if params.get("to") else None
        return Drilldown(code, str(DEFINITIONS_BY_CODE[code].label), None, structure, day)
    period = parse_period(params.get("from"), params.get("to"))
    if check:
        if check not in CHECKS_BY_CODE:
            raise BadRequest(_("Không có phép kiểm tra dữ liệu “%(code)s”.") % {"code": check})
        return Drilldown(f"quality:{check}", str(CHECKS_BY_CODE[check].label), period, structure)
    if code.startswith("06a:") and code[4:] in FORM_06A_LABELS:
        label = _("Biểu 06a, cột %(column)s") % {"column": FORM_06A_LABELS[code[4:]]}
        return Drilldown(code, label, period, structure)
    if code not in DOSSIER_CODES:
        raise BadRequest(_("Chỉ số “%(code)s” không có danh sách hồ sơ.") % {"code": code})
    return Drilldown(code, str(DEFINITIONS_BY_CODE[code].label), period, structure)


@dataclass(frozen=True)
class RecordLists:
    """The addresses of the pages that list the records behind a figure. Those pages belong to an app
    above reporting (dashboards), which passes their addresses in: reporting writes the query a link
    carries (and reads it back, parse_drilldown) but does not know where the lists are."""

    dossiers: str
    procedures: str
    petitions: str = ""


def drilldown_url(
    code: str,
    period: Period | None,
    department: Department | None = None,
    *,
    lists: RecordLists,
    structure: str = CURRENT,
) -> str | None:
    """The list of the records behind a figure, or None for figures no record list stands behind. The
    structure is written only when it is not the default; a procedure figure's list carries the day it
    was taken on (`to`)."""
    params: dict[str, str] = {"indicator": code}
    if department is not None:
        params["department"] = department.code
    if structure != CURRENT:
        params["structure"] = structure
    if code in DOSSIER_CODES and period is not None:
        params.update({"from": period.start.isoformat(), "to": period.end.isoformat()})
        return f"{lists.dossiers}?{urlencode(params)}"
    if code in PROCEDURE_CODES:
        if period is not None:
            params["to"] = period.end.isoformat()
        return f"{lists.procedures}?{urlencode(params)}"
    return None
