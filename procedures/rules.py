"""The dossier rulebook (spec/domain.md): what makes a dossier's values valid, and what is derived from them.

Every path a dossier enters by asks here: the model's clean() (the admin, the services behind the pages
and the API) and the workbook import, row by row. The rules are pure functions over plain values, so that
the import judges 50,000 rows without a query, and each refusal is one Vietnamese message, the same on
every path. The database constraints on Dossier remain the last word; these say why in words."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.calendar import WorkingCalendar, due_date, province_time
from procedures.office_hours import OfficeHours, TimeLimit
from procedures.office_hours import due_at as office_due_at
from procedures.organisation import CarriedProcedure, Organisation
from procedures.organisation_rules import receiving_problem, unit_problem


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", gettext_lazy("Đang giải quyết")
    AWAITING_SUPPLEMENT = "awaiting_supplement", gettext_lazy("Chờ bổ sung")
    RESOLVED = "resolved", gettext_lazy("Đã giải quyết")
    WITHDRAWN = "withdrawn", gettext_lazy("Rút hồ sơ")
    REFUSED = "refused", gettext_lazy("Từ chối")


class Timeliness(models.TextChoices):
    EARLY = "early", gettext_lazy("Trước hạn")
    ON_TIME = "on_time", gettext_lazy("Đúng hạn")
    LATE = "late", gettext_lazy("Quá hạn")
    WITHIN_DEADLINE = "within_deadline", gettext_lazy("Trong hạn")
    OVERDUE = "overdue", gettext_lazy("Quá hạn, chưa trả")
    NO_RESULT = "no_result", gettext_lazy("Kết thúc không có kết quả")


OPEN_STATUSES = (Status.IN_PROGRESS, Status.AWAITING_SUPPLEMENT)
FINISHED_STATUSES = (Status.RESOLVED, Status.WITHDRAWN, Status.REFUSED)

# The national facts of a dossier (spec/index766.md, "Data the index needs") as a dossier holds them until
# a path says otherwise: every dossier stored before them, and every row of a workbook without their
# columns. The bulk paths build new dossiers as columns by name and take these from here.
NEW_DOSSIER_DEFAULTS: dict[str, object] = {
    "national_status": None,
    "processing_completed_at": None,
    "electronic_result": False,
    "digitised": False,
    "reused_data": False,
    "dvcqg_store": False,
    "population_data": False,
    "fee_amount": None,
    "paid_online": False,
    "synced_to_dvcqg": False,
}
NATIONAL_FACTS = tuple(NEW_DOSSIER_DEFAULTS)
# The national statuses' codes (procedures.dvcqg.NationalStatus, which sits above this module).
NATIONAL_STATUS_CODES = range(1, 11)


# -- What makes a dossier valid -------------------------------------------------------------------------------


def unknown_procedure(code: str) -> str:
    """A procedure code that names nothing the user may see: another department's procedure is answered
    exactly like one that does not exist."""
    return _("Không có thủ tục mã “%(code)s” trong phạm vi của bạn.") % {"code": code}


def _return_problems(
    received_at: datetime | None, finished_at: datetime | None, status: str, now: datetime
) -> dict[str, str]:
    """The return: never in the future nor before the receipt, and there exactly when the status is one
    of the finished ones."""
    problems: dict[str, str] = {}
    if finished_at:
        if finished_at > now:
            problems["finished_at"] = _("Thời điểm trả kết quả không được ở tương lai.")
        elif received_at and finished_at < received_at:
            problems["finished_at"] = _("Thời điểm trả kết quả không được trước thời điểm tiếp nhận.")
        if status not in FINISHED_STATUSES:
            problems["status"] = _(
                "Hồ sơ đã trả kết quả phải có trạng thái Đã giải quyết, Rút hồ sơ hoặc Từ chối."
            )
    elif status in FINISHED_STATUSES:
        problems["finished_at"] = _("Hãy nhập thời điểm trả kết quả cho hồ sơ đã kết thúc.")
    return problems


def _pause_problem(status: str, paused_on: date | None) -> str | None:
    """A pause is open exactly while the dossier waits for a supplement, and only the supplement steps open
    and close it (they move the deadline)."""
    if status == Status.AWAITING_SUPPLEMENT and not paused_on:
        return _("Dùng chức năng “Yêu cầu bổ sung” để chuyển hồ sơ sang trạng thái chờ bổ sung.")
    if paused_on and status != Status.AWAITING_SUPPLEMENT:
        return _("Hồ sơ đang chờ bổ sung: hãy ghi nhận ngày nhận đủ hồ sơ bổ sung trước khi đổi trạng thái.")
    return None


def _unit_problems(
    organisation: Organisation,
    unit_id: int | None,
    procedure: CarriedProcedure | None,
    receiving_unit_id: int | None,
    received_at: datetime,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    day = province_time(received_at).date()
    if unit_id is not None and procedure is not None:
        problem = unit_problem(organisation, unit_id, procedure, day)
        if problem:
            problems["department"] = problem
    if receiving_unit_id is not None:
        problem = receiving_problem(organisation, receiving_unit_id, day)
        if problem:
            problems["receiving_unit"] = problem
    return problems


def _apology_problem(issued_on: date | None, new_due_on: date | None, due_on: date | None) -> str | None:
    if bool(issued_on) != bool(new_due_on):
        return _("Phiếu xin lỗi cần có cả ngày phát hành và ngày hẹn trả mới.")
    if new_due_on and due_on and new_due_on <= due_on:
        return _("Ngày hẹn trả mới phải sau ngày hẹn trả ban đầu.")
    return None


def national_problems(
    *,
    received_at: datetime | None,
    finished_at: datetime | None,
    now: datetime,
    facts: Mapping[str, object],
) -> dict[str, str]:
    """The national facts (by name, as NEW_DOSSIER_DEFAULTS; one left out is not judged): the end of
    processing lies between the receipt and the return (a result is returned once processed), and a fee
    paid online is a fee of more than nothing (none: no fee; 0: free)."""
    problems: dict[str, str] = {}
    national_status = facts.get("national_status")
    completed = facts.get("processing_completed_at")
    fee_amount = facts.get("fee_amount")
    if national_status is not None and national_status not in NATIONAL_STATUS_CODES:
        problems["national_status"] = _("Trạng thái DVCQG phải là một mã từ 1 đến 10.")
    if completed:
        if completed > now:
            problems["processing_completed_at"] = _("Thời điểm xử lý xong không được ở tương lai.")
        elif received_at and completed < received_at:
            problems["processing_completed_at"] = _(
                "Thời điểm xử lý xong không được trước thời điểm tiếp nhận."
            )
        elif finished_at and completed > finished_at:
            problems["processing_completed_at"] = _(
                "Thời điểm xử lý xong không được sau thời điểm trả kết quả."
            )
    if fee_amount is not None and fee_amount < 0:
        problems["fee_amount"] = _("Lệ phí không được âm (để trống nếu không có phí, 0 nếu miễn phí).")
    elif facts.get("paid_online") and not fee_amount:
        problems["paid_online"] = _("Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán trực tuyến.")
    return problems


def dossier_problems(
    *,
    received_at: datetime | None,
    finished_at: datetime | None,
    status: str,
    due_on: date | None,
    now: datetime,
    paused_on: date | None = None,
    apology_issued_on: date | None = None,
    apology_due_on: date | None = None,
    satisfaction: str = "",
    stored_satisfaction: str | None = None,
    organisation: Organisation | None = None,
    unit_id: int | None = None,
    procedure: CarriedProcedure | None = None,
    receiving_unit_id: int | None = None,
    national: dict[str, object] | None = None,
) -> dict[str, str]:
    """What is wrong with a dossier's values, as field → message; empty when nothing is. A value left
    None is not judged (a form or a workbook cell already said it is missing or unreadable). With the
    organisation, the resolving unit (`unit_id`, for `procedure`) and the receiving unit are judged on the
    day of receipt (procedures.organisation). `national` holds the national facts by name, those judged
    by national_problems(); left out, they are not judged."""
    problems: dict[str, str] = {}
    if national:
        problems.update(
            national_problems(received_at=received_at, finished_at=finished_at, now=now, facts=national)
        )
    if received_at and received_at > now:
        problems["received_at"] = _("Thời điểm tiếp nhận không được ở tương lai.")
    problems.update(_return_problems(received_at, finished_at, status, now))
    pause = _pause_problem(status, paused_on)
    if pause:
        problems["status"] = pause
    if received_at and due_on and due_on < province_time(received_at).date():
        problems["due_on"] = _("Ngày hẹn trả không được trước ngày tiếp nhận.")
    if organisation is not None and received_at:
        problems.update(_unit_problems(organisation, unit_id, procedure, receiving_unit_id, received_at))
    apology = _apology_problem(apology_issued_on, apology_due_on, due_on)
    if apology:
        problems["apology_due_on"] = apology
    # A rating comes after the return; one stored on an unfinished dossier before this rule (the quality
    # page lists them) may stay as it is.
    if (
        satisfaction
        and not finished_at
        and satisfaction != stored_satisfaction
        and "finished_at" not in problems
    ):
        problems["satisfaction"] = _("Chỉ ghi nhận mức độ hài lòng sau khi đã trả kết quả.")
    return problems


def procedure_units_problems(
    *,
    level: str,
    unit_ids: frozenset[int],
    field_id: int | None,
    organisation: Organisation,
    placements: list[tuple[int, date, date]],
) -> dict[str, str]:
    """A provincial procedure lists the units that carry it out; a commune- or district-level one may
    list none (every unit of that kind then does). A change of level or units is refused while any of
    the procedure's dossiers (`placements`: each resolving unit with its first and last day of receipt)
    would be filed under a unit that no longer carries it out on its day."""
    if level == "province" and not unit_ids:
        return {"units": _("Thủ tục cấp tỉnh phải có ít nhất một đơn vị thực hiện.")}
    if field_id is None:
        return {}
    procedure = CarriedProcedure(level, field_id, unit_ids)
    for unit_id, first, last in placements:
        if not (
            organisation.carries(procedure, unit_id, first) and organisation.carries(procedure, unit_id, last)
        ):
            unit = organisation.units[unit_id]
            return {
                "units": _(
                    "Không đổi được đơn vị thực hiện: hồ sơ của thủ tục do %(unit)s giải quyết sẽ nằm ngoài "
                    "các đơn vị thực hiện. Hãy giữ %(unit)s hoặc một đơn vị cấp trên của nó."
                )
                % {"unit": unit.name}
            }
    return {}


# -- What is derived from a dossier ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Derived:
    """The stored dates every count compares (spec: calendar dates in the province's time zone), and the
    due time where it is not the close of office on the due date."""

    received_on: date
    finished_on: date | None
    computed_due_on: date
    due_on: date
    effective_due_on: date
    due_at: datetime | None = None


def _computed_due(
    received_at: datetime,
    limit: TimeLimit,
    calendar: WorkingCalendar,
    hours: OfficeHours,
    cutoff_hour: int | None,
) -> tuple[date, datetime | None]:
    """The calendar's due date, with a due time for a limit in half days or hours: whole days end at the
    close of office on the due date, as they always have."""
    if limit.is_whole_days:
        return due_date(received_at, int(limit.amount), calendar, cutoff_hour=cutoff_hour), None
    moment = office_due_at(received_at, limit, calendar, hours, cutoff_hour=cutoff_hour)
    return province_time(moment).date(), moment


def derive(
    *,
    received_at: datetime,
    finished_at: datetime | None,
    due_on: date | None,
    limit: TimeLimit,
    paused_days: int,
    calendar: WorkingCalendar,
    hours: OfficeHours,
    cutoff_hour: int | None,
    due_at: datetime | None = None,
) -> Derived:
    """A blank due date is the calendar's, with its due time; the deadline moves by the working days the
    dossier was paused (the due time does not: the DVCQG rule moves it by the office time paused).

    A due time given (`due_at`: the one-stop system's, or one derived before) stands while the due date
    is its day. A due date typed by staff, other than the calendar's, has none: the close of office."""
    computed_on, computed_at = _computed_due(received_at, limit, calendar, hours, cutoff_hour)
    if due_at is not None and due_on in (None, province_time(due_at).date()):
        due_on = province_time(due_at).date()
    elif due_on is None or due_on == computed_on:
        due_on, due_at = computed_on, computed_at
    else:
        due_at = None
    return Derived(
        received_on=province_time(received_at).date(),
        finished_on=province_time(finished_at).date() if finished_at else None,
        computed_due_on=computed_on,
        due_on=due_on,
        effective_due_on=calendar.add_working_days(due_on, paused_days),
        due_at=due_at,
    )


def timeliness(
    *, status: str, finished_on: date | None, effective_due_on: date, paused_on: date | None, on: date
) -> Timeliness:
    """How one dossier stands against its deadline on the day `on`."""
    if status in (Status.WITHDRAWN, Status.REFUSED):
        return Timeliness.NO_RESULT
    if finished_on:
        if finished_on < effective_due_on:
            return Timeliness.EARLY
        return Timeliness.ON_TIME if finished_on == effective_due_on else Timeliness.LATE
    if paused_on:
        # The clock stopped on paused_on: only the time already used before the pause counts.
        return Timeliness.WITHIN_DEADLINE if paused_on <= effective_due_on else Timeliness.OVERDUE
    return Timeliness.WITHIN_DEADLINE if effective_due_on >= on else Timeliness.OVERDUE
