"""The one-stop desk's slips, printed from a dossier's page in the templates of Thông tư 01/2018/TT-VPCP:
Mẫu số 01, the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả), and Mẫu số 04, the
apology slip (Phiếu xin lỗi và hẹn lại ngày trả kết quả). What the portal does not hold (the applicant's
address, the components handed in, the reason for the delay) is left as a line to write by hand."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.letterhead import BLANK, Letterhead, date_in_words, letterhead, province_authority
from departments.models import Department
from procedures.models import Dossier
from procedures.office_hours import configured_office_hours, format_amount
from procedures.selectors import dossier_get


@dataclass(frozen=True)
class Slip:
    letterhead: Letterhead
    dossier: Dossier
    unit: Department
    received: str
    due: str
    time_limit: str
    result_at: str
    new_due: str


def moment_in_words(moment: datetime) -> str:
    """ "09 giờ 30 phút, ngày 05 tháng 3 năm 2026", on the province's clock, as the forms write it."""
    local = timezone.localtime(moment)
    return _("%(h)s giờ %(m)s phút, %(day)s") % {
        "h": f"{local.hour:02d}",
        "m": f"{local.minute:02d}",
        "day": date_in_words(local.date()),
    }


def due_in_words(dossier: Dossier) -> str:
    """The appointment: the due time where the dossier has one, else the close of office on the due date
    (what a due date means: procedures.office_hours)."""
    if dossier.due_at:
        return moment_in_words(dossier.due_at)
    closing = configured_office_hours().sessions[-1][1]
    return _("%(h)s giờ %(m)s phút, %(day)s") % {
        "h": f"{closing.hour:02d}",
        "m": f"{closing.minute:02d}",
        "day": date_in_words(dossier.due_on),
    }


def governing_body(unit: Department) -> str:
    """The body above the issuing unit in the heading: the unit it belongs to, or the province's
    committee for a unit at the top of the tree (a Sở, a commune, the service centre)."""
    return unit.parent.name.upper() if unit.parent_id else province_authority()


def result_place(dossier: Dossier, unit: Department) -> str:
    if dossier.channel == Dossier.Channel.POSTAL:
        return _("Qua dịch vụ bưu chính công ích")
    if dossier.channel == Dossier.Channel.ONLINE:
        return _("Trực tuyến, hoặc tại Bộ phận tiếp nhận và trả kết quả – %(unit)s") % {"unit": unit.name}
    return _("Bộ phận tiếp nhận và trả kết quả – %(unit)s") % {"unit": unit.name}


def receipt_slip(dossier: Dossier) -> Slip:
    """Mẫu số 01, issued by the unit that took the dossier in, dated the day of receipt."""
    unit = dossier.receiving_unit or dossier.department
    limit = dossier.procedure.time_limit
    return Slip(
        letterhead=letterhead(
            issuer=unit.name,
            authority=governing_body(unit),
            day=timezone.localtime(dossier.received_at).date(),
        ),
        dossier=dossier,
        unit=unit,
        received=moment_in_words(dossier.received_at),
        due=due_in_words(dossier),
        time_limit=f"{format_amount(limit.amount)} {limit.unit.label}",
        result_at=result_place(dossier, unit),
        new_due="",
    )


def apology_slip(dossier: Dossier) -> Slip:
    """Mẫu số 04, issued by the unit that resolves the dossier and is late, dated the day the apology was
    recorded with the new date it promised; a late dossier with no apology recorded yet gets the slip with
    both left blank, to be written by hand and then recorded on the dossier's page."""
    unit = dossier.department
    return Slip(
        letterhead=letterhead(
            issuer=unit.name, authority=governing_body(unit), number=BLANK, day=dossier.apology_issued_on
        ),
        dossier=dossier,
        unit=unit,
        received=date_in_words(timezone.localtime(dossier.received_at).date()),
        due=due_in_words(dossier),
        time_limit="",
        result_at="",
        new_due=date_in_words(dossier.apology_due_on),
    )


def apology_slip_due(dossier: Dossier, *, today: date) -> bool:
    """An apology slip is owed once an apology is recorded, or while the dossier is overdue."""
    return bool(dossier.apology_issued_on) or dossier.timeliness(on=today) == Dossier.Timeliness.OVERDUE


def dossier_receipt_slip(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    return render(request, "procedures/slip_receipt.html", {"slip": receipt_slip(dossier)})


def dossier_apology_slip(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(user=request.user, code=code)
    if not apology_slip_due(dossier, today=timezone.localdate()):
        messages.error(
            request, _("Hồ sơ %(code)s chưa quá hạn và chưa có phiếu xin lỗi.") % {"code": dossier.code}
        )
        return redirect(dossier)
    return render(request, "procedures/slip_apology.html", {"slip": apology_slip(dossier)})
