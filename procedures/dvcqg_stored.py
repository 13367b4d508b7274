"""Stored dossiers as the DVCQG rule (procedures.dvcqg) reads them: a dossier the portal keeps by the day,
or with the moments the one-stop system gave, and its standing under the rule, the short way for the
dossiers never asked for a supplement; and Biểu 06a's timeliness as the rule's verdict, to compare them."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Protocol

from django.utils import timezone

from procedures.calendar import WorkingCalendar, province_time
from procedures.dvcqg import (
    NOT_COUNTED,
    NOT_COUNTED_STATUSES,
    STATUS_OF_PORTAL,
    DvcqgDossier,
    NationalStatus,
    Standing,
    SupplementRequest,
    standing,
)
from procedures.office_hours import OfficeHours, configured_office_hours
from procedures.rules import Status, Timeliness


class StoredPause(Protocol):
    requested_on: date
    supplied_on: date | None
    requested_at: datetime | None
    supplied_at: datetime | None


class StoredDossier(Protocol):
    """What from_dossier reads of a stored dossier (procedures.models.Dossier, which sits above this
    module)."""

    national_status: int | None
    status: str
    received_at: datetime
    due_on: date
    due_at: datetime | None
    finished_at: datetime | None
    processing_completed_at: datetime | None


def from_dossier(
    dossier: StoredDossier, pauses: Iterable[StoredPause], *, hours: OfficeHours
) -> DvcqgDossier:
    """A stored dossier as the DVCQG rule reads it. Where the portal keeps a due date and pauses by the day
    only, the due time is the close of office on the due date, and a pause runs from the opening of office
    on the day it was asked for to the opening on the day the supplement came (the working days Biểu 06a
    counts); the moments the one-stop system gave are used where they are kept."""
    zone = timezone.get_default_timezone()
    opening, closing = hours.sessions[0][0], hours.sessions[-1][1]

    def at(day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=zone)

    # Plain values rather than the choices' members: an import judges 50,000 dossiers here, and each
    # comparison or lookup with a member costs as much as the rest of the rule.
    status, finished_at = str(dossier.status), dossier.finished_at
    national = dossier.national_status or _STATUS_OF_PORTAL[status]
    refused_at = finished_at if status == _REFUSED else None
    stopped = national == _STOPPED
    return DvcqgDossier(
        national_status=national,
        received_at=dossier.received_at,
        due_at=dossier.due_at or at(dossier.due_on, closing),
        processing_complete_at=dossier.processing_completed_at,
        returned_at=finished_at if status == _RESOLVED else None,
        stopped_at=refused_at if stopped else None,
        refused_at=None if stopped else refused_at,
        withdrawn_at=finished_at if status == _WITHDRAWN else None,
        supplements=tuple(
            SupplementRequest(
                pause.requested_at or at(pause.requested_on, opening),
                pause.supplied_at or (at(pause.supplied_on, opening) if pause.supplied_on else None),
            )
            for pause in pauses
        ),
    )


def stored_standing(
    dossier: StoredDossier, pauses: Sequence[StoredPause], *, calendar: WorkingCalendar, hours: OfficeHours
) -> Standing:
    """standing(from_dossier(dossier, pauses)); unpaused_standing for a dossier never asked for a
    supplement, most of them."""
    if pauses:
        return standing(
            from_dossier(dossier, pauses, hours=hours),
            finished=dossier.finished_at is not None,
            calendar=calendar,
            hours=hours,
        )
    return unpaused_standing(
        national_status=dossier.national_status,
        due_on=dossier.due_on,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        completed_at=dossier.processing_completed_at,
        hours=hours,
    )


def unpaused_standing(
    *,
    national_status: int | None,
    due_on: date,
    due_at: datetime | None,
    finished_at: datetime | None,
    completed_at: datetime | None,
    hours: OfficeHours,
) -> Standing:
    """The standing of a dossier never asked for a supplement, worked out directly: its end is the earlier
    of its processing complete time and its finish, its due time the one kept or the close of office on
    its due date (tests/procedures/test_dvcqg_standing.py holds it equal to the rule's own way). An
    import judges 50,000 dossiers here: a third of the time."""
    if national_status in NOT_COUNTED_STATUSES:
        return NOT_COUNTED
    if due_at is None:
        late_on = due_on
        due_at = datetime.combine(due_on, hours.sessions[-1][1], tzinfo=timezone.get_default_timezone())
    else:
        late_on = province_time(due_at).date()
    if finished_at is None:
        return Standing(on_time=None, late_on=late_on)
    ended_at = completed_at if completed_at is not None and completed_at < finished_at else finished_at
    return Standing(on_time=ended_at <= due_at, late_on=late_on)


_STATUS_OF_PORTAL = {str(status): int(national) for status, national in STATUS_OF_PORTAL.items()}
_RESOLVED, _REFUSED, _WITHDRAWN = str(Status.RESOLVED), str(Status.REFUSED), str(Status.WITHDRAWN)
_STOPPED = int(NationalStatus.STOPPED)


def dvcqg_standing(
    dossier: StoredDossier, pauses: Iterable[StoredPause], calendar: WorkingCalendar
) -> Standing:
    """A dossier's standing under the DVCQG rule, from its stored values (a Dossier, or the columns a bulk
    path writes, as attributes) and the supplement requests it has."""
    return stored_standing(dossier, list(pauses), calendar=calendar, hours=configured_office_hours())


# Biểu 06a's classes as the DVCQG verdict's on_time: a dossier ended without a result has no 06a verdict.
ON_TIME_BY_06A = {
    Timeliness.EARLY: True,
    Timeliness.ON_TIME: True,
    Timeliness.WITHIN_DEADLINE: True,
    Timeliness.LATE: False,
    Timeliness.OVERDUE: False,
}
