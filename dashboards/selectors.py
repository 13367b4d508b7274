"""Reads the dashboards add to the apps' own: a receiving unit's dossiers for others, and the list
filter by receiving unit (?receiving_unit=<code>)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc_portal.codes import normalise_code
from departments.models import Department
from procedures.models import Dossier


def received_for_others(department: Department) -> int:
    """Dossiers received by the unit (or a unit below it) that another unit resolves: a service
    centre's work, which its own figures (by resolving unit) do not show."""
    return (
        Dossier.objects.filter(receiving_unit__path__startswith=department.path)
        .exclude(department__path__startswith=department.path)
        .count()
    )


@dataclass(frozen=True)
class ReceivingFilter:
    rows: QuerySet
    unit: Department | None
    error: str


def filter_by_receiving_unit(rows: QuerySet, code: str | None) -> ReceivingFilter:
    """The dossiers a unit received (itself or a unit below it) for whichever unit resolves them. The
    rows stay those the user may see; the receiving unit itself need not be one of the user's."""
    if not code:
        return ReceivingFilter(rows, None, "")
    unit = Department.objects.filter(code=normalise_code(code)).first()
    if unit is None:
        message = _("Không tìm thấy đơn vị tiếp nhận có mã “%(code)s”.") % {"code": code}
        return ReceivingFilter(rows.none(), None, message)
    return ReceivingFilter(rows.filter(receiving_unit__path__startswith=unit.path), unit, "")
