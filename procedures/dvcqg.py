"""The DVCQG rule for "on time" (spec/index766.md, indicator 2.1), and the national codes for statuses and
channels.

It is the second rule book: Biểu 06a and the portal's own indicators keep procedures.rules.timeliness
(calendar dates, withdrawn and refused dossiers apart); the national index judges each dossier here, by
date-times. Pure functions over plain values, so that an import or an index over a whole province judges
every dossier without a query.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.calendar import WorkingCalendar, province_time
from procedures.office_hours import OfficeHours, add_working_time, working_time_between
from procedures.rules import Status


class NationalStatus(models.IntegerChoices):
    """TrangThaiHoSo, the national reporting system's codes, kept on a dossier as received."""

    REGISTERED = 1, gettext_lazy("Mới đăng ký")
    RECEIVED = 2, gettext_lazy("Được tiếp nhận")
    NOT_ACCEPTED = 3, gettext_lazy("Không được tiếp nhận")
    IN_PROGRESS = 4, gettext_lazy("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, gettext_lazy("Yêu cầu bổ sung")
    FINANCIAL_OBLIGATION = 6, gettext_lazy("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, gettext_lazy("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, gettext_lazy("Dừng xử lý")
    PROCESSED = 9, gettext_lazy("Đã xử lý xong")
    RETURNED = 10, gettext_lazy("Đã trả kết quả")


# Statuses 1 and 3 are not dossiers the office received: they count in no figure and have no portal status.
NOT_COUNTED_STATUSES = frozenset({NationalStatus.REGISTERED, NationalStatus.NOT_ACCEPTED})

# The portal's status for each national one. Waiting for the applicant's fees (6) is still in progress:
# only a supplement request stops the clock. A stopped dossier (8) ends without a result, as a refusal
# does. A processed one (9) has its result, so the portal counts it resolved, its end being the processing
# complete time until the result is handed over.
PORTAL_STATUSES: dict[int, Status] = {
    NationalStatus.RECEIVED: Status.IN_PROGRESS,
    NationalStatus.IN_PROGRESS: Status.IN_PROGRESS,
    NationalStatus.SUPPLEMENT_REQUESTED: Status.AWAITING_SUPPLEMENT,
    NationalStatus.FINANCIAL_OBLIGATION: Status.IN_PROGRESS,
    NationalStatus.WITHDRAWN: Status.WITHDRAWN,
    NationalStatus.STOPPED: Status.REFUSED,
    NationalStatus.PROCESSED: Status.RESOLVED,
    NationalStatus.RETURNED: Status.RESOLVED,
}


class NationalChannel(models.IntegerChoices):
    """KenhThucHien."""

    DIRECT = 1, gettext_lazy("Trực tiếp")
    ONLINE = 2, gettext_lazy("Trực tuyến")
    POSTAL = 3, gettext_lazy("Bưu chính công ích")


# Dossier.Channel's values. The model lives above this module (a dossier's page will ask it for its
# verdict), so the values are written here, and tests/procedures/test_dvcqg_rule.py holds them equal.
PORTAL_CHANNELS: dict[int, str] = {
    NationalChannel.DIRECT: "direct",
    NationalChannel.ONLINE: "online",
    NationalChannel.POSTAL: "postal",
}


class EndKind(models.TextChoices):
    """What ended a dossier's processing under the DVCQG rule, in the order ties are settled."""

    PROCESSING_COMPLETE = "processing_complete", gettext_lazy("đã xử lý xong")
    RETURNED = "returned", gettext_lazy("trả kết quả")
    STOPPED = "stopped", gettext_lazy("dừng xử lý")
    REFUSED = "refused", gettext_lazy("từ chối")
    WITHDRAWN = "withdrawn", gettext_lazy("rút hồ sơ")
    SUPPLEMENT_PENDING = "supplement_pending", gettext_lazy("chờ bổ sung, tính đến lúc yêu cầu")
    PERIOD_END = "period_end", gettext_lazy("chưa kết thúc, tính đến cuối kỳ")


@dataclass(frozen=True)
class SupplementRequest:
    requested_at: datetime
    returned_at: datetime | None = None


@dataclass(frozen=True)
class DvcqgDossier:
    """One dossier's facts as the rule reads them; every time an aware date-time."""

    national_status: int
    received_at: datetime
    due_at: datetime
    processing_complete_at: datetime | None = None
    returned_at: datetime | None = None
    stopped_at: datetime | None = None
    refused_at: datetime | None = None
    withdrawn_at: datetime | None = None
    supplements: tuple[SupplementRequest, ...] = ()


@dataclass(frozen=True)
class DvcqgVerdict:
    """The rule's answer, with the words a dossier page shows for it (`reason`). A dossier not counted has
    no end, due time nor verdict."""

    counted: bool
    reason: str
    ended_at: datetime | None = None
    end_kind: EndKind | None = None
    due_at: datetime | None = None
    on_time: bool | None = None


def _shown(moment: datetime) -> str:
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%H:%M %d/%m/%Y")


def _end(dossier: DvcqgDossier, period_end: datetime) -> tuple[datetime, EndKind]:
    """The first ending event by the period's end, else the period's end itself."""
    events = [
        (dossier.processing_complete_at, EndKind.PROCESSING_COMPLETE),
        (dossier.returned_at, EndKind.RETURNED),
        (dossier.stopped_at, EndKind.STOPPED),
        (dossier.refused_at, EndKind.REFUSED),
        (dossier.withdrawn_at, EndKind.WITHDRAWN),
    ]
    # Sorting on the time alone keeps the listed order among equal times (a stable sort).
    ended = sorted(((at, kind) for at, kind in events if at and at <= period_end), key=lambda event: event[0])
    return ended[0] if ended else (period_end, EndKind.PERIOD_END)


def _paused(
    requests: list[SupplementRequest], ended_at: datetime, calendar: WorkingCalendar, hours: OfficeHours
) -> timedelta:
    """Office time spent waiting for supplements before the end of processing."""
    return sum(
        (
            working_time_between(
                request.requested_at, min(request.returned_at or ended_at, ended_at), calendar, hours
            )
            for request in requests
        ),
        timedelta(),
    )


@dataclass(frozen=True)
class _Judged:
    ended_at: datetime
    kind: EndKind
    due_at: datetime
    paused: timedelta
    requests: int

    @property
    def on_time(self) -> bool:
        return self.requests <= 1 and self.ended_at <= self.due_at


def _judge(
    dossier: DvcqgDossier, period_end: datetime, calendar: WorkingCalendar, hours: OfficeHours
) -> _Judged:
    ended_at, kind = _end(dossier, period_end)
    requests = [request for request in dossier.supplements if request.requested_at <= ended_at]
    pending = [request for request in requests if not request.returned_at or request.returned_at > ended_at]
    if len(requests) == 1 and pending:
        # Still waiting for its only supplement: the processing ended when it was asked for.
        ended_at, kind = pending[0].requested_at, EndKind.SUPPLEMENT_PENDING
    paused = _paused(requests, ended_at, calendar, hours)
    due = add_working_time(dossier.due_at, paused, calendar, hours)
    return _Judged(ended_at, kind, due, paused, len(requests))


def dvcqg_verdict(
    dossier: DvcqgDossier, *, period_end: datetime, calendar: WorkingCalendar, hours: OfficeHours
) -> DvcqgVerdict:
    """Whether a dossier is on time by the DVCQG rule, as the period ending at `period_end` sees it:
    events after the period's end have not happened yet."""
    if dossier.national_status in NOT_COUNTED_STATUSES:
        return DvcqgVerdict(
            counted=False,
            reason=_("Hồ sơ ở trạng thái “%(status)s” không được tính.")
            % {"status": NationalStatus(dossier.national_status).label},
        )
    judged = _judge(dossier, period_end, calendar, hours)
    values = {
        "end": _shown(judged.ended_at),
        "kind": judged.kind.label,
        "due": _shown(judged.due_at),
        "count": judged.requests,
    }
    if judged.requests > 1:
        reason = _(
            "Yêu cầu bổ sung %(count)s lần: quá hạn theo quy tắc DVCQG (kết thúc xử lý lúc %(end)s, "
            "%(kind)s; hạn %(due)s)."
        )
    elif judged.on_time:
        reason = _("Đúng hạn: kết thúc xử lý lúc %(end)s (%(kind)s), hạn %(due)s.")
    else:
        reason = _("Quá hạn: kết thúc xử lý lúc %(end)s (%(kind)s), hạn %(due)s.")
    if judged.paused:
        values["paused"] = _paused_words(judged.paused)
        reason += " " + _("Hạn đã lùi %(paused)s chờ bổ sung hồ sơ.")
    return DvcqgVerdict(
        counted=True,
        reason=reason % values,
        ended_at=judged.ended_at,
        end_kind=judged.kind,
        due_at=judged.due_at,
        on_time=judged.on_time,
    )


@dataclass(frozen=True)
class Standing:
    """The DVCQG rule's answer for every period at once, stored on the dossier so that the database sums it
    (progress_score): `on_time` for a period that sees the dossier finished, and `late_on`, the first day at
    whose end a period that sees it still unfinished finds it late (None: never, as far as is known)."""

    on_time: bool | None
    late_on: date | None


NOT_COUNTED = Standing(on_time=None, late_on=None)
# A period end later than any event: the verdict of a finished dossier, once every event has happened.
_AFTER_EVERYTHING = datetime(9000, 1, 1, tzinfo=UTC)


def standing(
    dossier: DvcqgDossier, *, finished: bool, calendar: WorkingCalendar, hours: OfficeHours
) -> Standing:
    """The dossier's standing under the rule (tests/procedures/test_dvcqg_standing.py holds it equal to
    dvcqg_verdict at every period end). Unfinished at a period's end D, the end is D's last moment:

    - with no supplement request by then, it is late once D is the due time's day or later;
    - waiting for its only request, it ends at the request: late only if asked for after the due time;
    - that request answered at t, the due time moves by the office time waited (due'): late from the later
      of due''s day and t's day (until t it was still waiting);
    - a second request makes it late from that request's day.

    Lateness only grows as D moves on (the time waited is office time, never more than the time that
    passed), so one day says it for every period."""
    if dossier.national_status in NOT_COUNTED_STATUSES:
        return NOT_COUNTED
    on_time = _judge(dossier, _AFTER_EVERYTHING, calendar, hours).on_time if finished else None
    return Standing(on_time=on_time, late_on=_late_on(dossier, calendar, hours))


def _day(moment: datetime) -> date:
    return province_time(moment).date()


def _late_on(dossier: DvcqgDossier, calendar: WorkingCalendar, hours: OfficeHours) -> date | None:
    requests = sorted(dossier.supplements, key=lambda request: request.requested_at)
    late_on = _day(dossier.due_at)
    if requests:
        first = requests[0]
        # Asked for after the due time, it was late already from the due time's day.
        if first.requested_at > dossier.due_at:
            pass
        elif first.returned_at is None:
            late_on = None
        else:
            waited = working_time_between(first.requested_at, first.returned_at, calendar, hours)
            moved = add_working_time(dossier.due_at, waited, calendar, hours)
            late_on = max(_day(moved), _day(first.returned_at))
    if len(requests) > 1:
        second = _day(requests[1].requested_at)
        late_on = second if late_on is None else min(late_on, second)
    return late_on


# The national status a dossier stored without one is taken to have, from the portal's status.
STATUS_OF_PORTAL: dict[str, NationalStatus] = {
    Status.IN_PROGRESS: NationalStatus.IN_PROGRESS,
    Status.AWAITING_SUPPLEMENT: NationalStatus.SUPPLEMENT_REQUESTED,
    Status.RESOLVED: NationalStatus.RETURNED,
    Status.WITHDRAWN: NationalStatus.WITHDRAWN,
    Status.REFUSED: NationalStatus.STOPPED,
}


def _paused_words(paused: timedelta) -> str:
    minutes = int(paused.total_seconds()) // 60
    return _("%(hours)s giờ %(minutes)s phút") % {"hours": minutes // 60, "minutes": minutes % 60}
