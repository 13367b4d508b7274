"""Writes to dossiers and procedures: each a transaction that checks the rules of spec/domain.md and
the data lock first, and refuses with a Vietnamese message naming the field."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department
from departments.services import ensure_unlocked
from procedures import rules
from procedures.calendar import configured_cutoff_hour, province_time
from procedures.models import Dossier, Field, Procedure, Succession, SupplementRequest
from procedures.numbering import save_numbered
from procedures.office_hours import configured_office_hours
from procedures.organisation import Link, Organisation
from procedures.organisation_rules import stranded_problem, succession_problems
from procedures.selectors import dossier_placements, load_calendar, load_organisation
from procedures.stale import changed_since

# A time, or its date alone where staff do not know the hour (see _return_moment, _day_and_moment).
Moment = datetime | date


def computed_due_date(*, procedure: Procedure, received_at: datetime) -> date | datetime:
    """The due date a receipt gets from the calendar, shown to staff before they save; its due time
    where the procedure's limit is in half days or hours."""
    derived = rules.derive(
        received_at=received_at,
        finished_at=None,
        due_on=None,
        limit=procedure.time_limit,
        paused_days=0,
        calendar=load_calendar(),
        hours=configured_office_hours(),
        cutoff_hour=configured_cutoff_hour(),
    )
    return derived.due_at or derived.due_on


def procedure_units_check(
    *, procedure: Procedure | None, level: str, units: Iterable[Department], field_id: int | None
) -> None:
    """The rulebook's judgement of a procedure's level and units (procedures.rules), for the page, the
    admin and the API alike; a ValidationError on the `units` field."""
    placements = dossier_placements(procedure) if procedure is not None and procedure.pk else []
    problems = rules.procedure_units_problems(
        level=level,
        unit_ids=frozenset(unit.pk for unit in units),
        field_id=field_id,
        organisation=load_organisation() if placements else Organisation.of(()),
        placements=placements,
    )
    if problems:
        raise ValidationError(problems)


def succession_check(
    *,
    predecessor: Department,
    successor: Department,
    effective_on: date,
    fields: Iterable[Field] = (),
    succession: Succession | None = None,
) -> dict[str, str]:
    """What is wrong with recording that `successor` takes over `predecessor`'s fields (none: every other
    field) from `effective_on`, as field → message: procedures.organisation's rules, with the predecessor
    ending the day before if it has no last day yet, and none of its dossiers received after that day."""
    fields = list(fields)
    organisation = load_organisation()
    replacing = None
    if succession is not None and succession.pk:
        replacing = next(
            (
                link
                for link in organisation.successions_of(succession.predecessor_id)
                if link.successor_id == succession.successor_id
            ),
            None,
        )
    valid_to = predecessor.valid_to or effective_on - timedelta(days=1)
    organisation = organisation.with_end(predecessor.pk, valid_to)
    link = Link(predecessor.pk, successor.pk, effective_on, frozenset(field.pk for field in fields))
    problems = succession_problems(
        organisation, link, replacing=replacing, field_names={field.pk: field.name for field in fields}
    )
    late = Dossier.objects.filter(department=predecessor, received_on__gt=valid_to)
    if not problems and late.exists():
        problems["effective_on"] = stranded_problem(
            predecessor.name, late.count(), valid_to + timedelta(days=1), late=True
        )
    return problems


@transaction.atomic
def succession_save(
    *,
    predecessor: Department,
    successor: Department,
    effective_on: date,
    fields: Iterable[Field] = (),
    succession: Succession | None = None,
) -> Succession:
    """Record (or change) a succession once succession_check finds nothing wrong; a predecessor with no
    last day gets the day before `effective_on`: a unit that passes its work on has ended."""
    fields = list(fields)
    problems = succession_check(
        predecessor=predecessor,
        successor=successor,
        effective_on=effective_on,
        fields=fields,
        succession=succession,
    )
    if problems:
        raise ValidationError(problems)
    if predecessor.valid_to is None:
        predecessor.valid_to = effective_on - timedelta(days=1)
        predecessor.save(update_fields=["valid_to"])
    succession = succession or Succession()
    succession.predecessor, succession.successor = predecessor, successor
    succession.effective_on = effective_on
    succession.save()
    succession.fields.set(fields)
    return succession


DERIVED_FIELDS = [
    "received_on",
    "finished_on",
    "computed_due_on",
    "effective_due_on",
    "dvcqg_on_time",
    "dvcqg_late_on",
]


def whole_seconds(moment: datetime) -> datetime:
    """Times are kept to the second, as staff type them and as the Excel layout writes them: a fraction
    kept from an API call would make a re-import of an export look changed, and a return typed in the
    same second as the receipt look earlier than it."""
    return moment.replace(microsecond=0)


def _save(dossier: Dossier) -> Dossier:
    # Every write of a dossier comes through here, so every entry path stores whole seconds; a row saved
    # with a fraction before that rule is cut too when it is next written.
    dossier.received_at = whole_seconds(dossier.received_at)
    if dossier.finished_at:
        dossier.finished_at = whole_seconds(dossier.finished_at)
    # The model's clean() says in Vietnamese what the database constraints would refuse; the
    # constraints themselves stay the last word, at save().
    dossier.full_clean(
        exclude=["procedure", "department", "receiving_unit", *DERIVED_FIELDS], validate_constraints=False
    )
    dossier.save()
    return dossier


@transaction.atomic
def dossier_register(
    *,
    code: str = "",
    procedure: Procedure,
    department: Department,
    channel: str,
    received_at: datetime,
    applicant: str = "",
    due_on: date | None = None,
    receiving_unit: Department | None = None,
) -> Dossier:
    ensure_unlocked(department=department, day=timezone.localtime(received_at).date())
    # The rulebook, through the model's clean(), judges the rest: the resolving and receiving units among
    # them, on the day of receipt.
    dossier = Dossier(
        code=code,
        procedure=procedure,
        department=department,
        receiving_unit=receiving_unit,
        channel=channel,
        received_at=received_at,
        applicant=applicant,
        due_on=due_on,
    )
    if not code:
        return save_numbered(dossier, unit=receiving_unit or department, save=_save)
    return _save(dossier)


def _open_for_change(dossier: Dossier, version: int | None) -> Dossier:
    """The dossier, locked for the rest of the transaction, once its data lock is checked and, where the
    caller read it at a known version, once it is sure nobody changed it since."""
    dossier = Dossier.objects.select_for_update().select_related("procedure", "department").get(pk=dossier.pk)
    if version is not None and version != dossier.version:
        raise ValidationError(changed_since(dossier, version), code="stale")
    ensure_unlocked(department=dossier.department, day=dossier.received_on)
    return dossier


@transaction.atomic
def dossier_update(
    *,
    dossier: Dossier,
    applicant: str,
    channel: str,
    received_at: datetime,
    due_on: date | None,
    version: int | None = None,
) -> Dossier:
    """Correct the receipt data. A due date left as the calendar computed it follows a corrected receipt
    time; one typed in by staff (differing from the calendar's) is kept as given (spec/domain.md)."""
    dossier = _open_for_change(dossier, version)
    received_at = whole_seconds(received_at)
    ensure_unlocked(department=dossier.department, day=timezone.localtime(received_at).date())
    receipt_moved = received_at != whole_seconds(dossier.received_at)
    if receipt_moved and not dossier.due_on_differs_from_calendar and due_on == dossier.due_on:
        # The calendar's due date, and its due time, follow the receipt.
        due_on = dossier.due_at = None
    dossier.applicant, dossier.channel, dossier.received_at = applicant, channel, received_at
    dossier.due_on = due_on
    return _save(dossier)


def _day_and_moment(value: Moment) -> tuple[date, datetime | None]:
    """A day given alone, or a moment with its day on the province's clock."""
    if isinstance(value, datetime):
        moment = whole_seconds(value)
        return province_time(moment).date(), moment
    return value, None


@transaction.atomic
def dossier_request_supplement(
    *, dossier: Dossier, requested_on: Moment, reason: str, version: int | None = None
) -> SupplementRequest:
    """Ask the applicant for a supplement, on a day or at a moment (the DVCQG rule counts the office time
    waited from it; Biểu 06a the working days)."""
    dossier = _open_for_change(dossier, version)
    if dossier.status != Dossier.Status.IN_PROGRESS:
        raise ValidationError(_("Chỉ yêu cầu bổ sung được với hồ sơ đang giải quyết."))
    requested_on, requested_at = _day_and_moment(requested_on)
    if requested_on < dossier.received_on or requested_on > timezone.localdate():
        raise ValidationError({"requested_on": _("Ngày yêu cầu bổ sung phải từ ngày tiếp nhận đến hôm nay.")})
    if requested_at and not dossier.received_at <= requested_at <= timezone.now():
        raise ValidationError(
            {"requested_on": _("Thời điểm yêu cầu bổ sung phải từ thời điểm tiếp nhận đến hiện tại.")}
        )
    dossier.status, dossier.paused_on = Dossier.Status.AWAITING_SUPPLEMENT, requested_on
    # Written first: the dossier's DVCQG standing, derived at its save, counts its requests.
    request = SupplementRequest.objects.create(
        dossier=dossier, requested_on=requested_on, requested_at=requested_at, reason=reason
    )
    _save(dossier)
    return request


@transaction.atomic
def dossier_receive_supplement(
    *, dossier: Dossier, supplied_on: Moment, version: int | None = None
) -> Dossier:
    """The applicant has supplied what was asked: the clock runs again and the deadline moves by the
    working days of the pause."""
    dossier = _open_for_change(dossier, version)
    pause = dossier.supplements.filter(supplied_on__isnull=True).first()
    if dossier.status != Dossier.Status.AWAITING_SUPPLEMENT or pause is None:
        raise ValidationError(_("Hồ sơ không ở trạng thái chờ bổ sung."))
    supplied_on, supplied_at = _day_and_moment(supplied_on)
    if supplied_on < pause.requested_on or supplied_on > timezone.localdate():
        raise ValidationError(
            {
                "supplied_on": _("Ngày nhận hồ sơ bổ sung phải từ ngày yêu cầu (%(day)s) đến hôm nay.")
                % {"day": f"{pause.requested_on:%d/%m/%Y}"}
            }
        )
    asked = pause.requested_at
    if supplied_at and ((asked and supplied_at < asked) or supplied_at > timezone.now()):
        shown = f"{timezone.localtime(asked):%H:%M %d/%m/%Y}" if asked else f"{pause.requested_on:%d/%m/%Y}"
        raise ValidationError(
            {
                "supplied_on": _(
                    "Thời điểm nhận hồ sơ bổ sung phải từ lúc yêu cầu (%(moment)s) đến hiện tại."
                )
                % {"moment": shown}
            }
        )
    _end_pause(dossier, pause, ended_on=supplied_on, ended_at=supplied_at)
    dossier.status = Dossier.Status.IN_PROGRESS
    return _save(dossier)


def _end_pause(
    dossier: Dossier, pause: SupplementRequest | None, *, ended_on: date, ended_at: datetime | None
) -> None:
    """The clock runs again from ended_on: the deadline moves by the working days the pause lasted."""
    started_on = pause.requested_on if pause else dossier.paused_on
    if pause:
        pause.supplied_on, pause.supplied_at = ended_on, ended_at
        pause.save()
    dossier.paused_days += load_calendar().working_days_between(started_on, ended_on)
    dossier.paused_on = None


def _return_moment(dossier: Dossier, finished_at: Moment) -> datetime:
    """A return given as a date alone: on the day of receipt it is taken at the receipt time (the start
    of that day would come before the receipt), on a later day at the start of the day."""
    if isinstance(finished_at, datetime):
        return finished_at
    if finished_at == dossier.received_on:
        return dossier.received_at
    return datetime.combine(finished_at, time.min, tzinfo=timezone.get_default_timezone())


@transaction.atomic
def dossier_finish(
    *,
    dossier: Dossier,
    status: str,
    finished_at: Moment,
    satisfaction: str = "",
    version: int | None = None,
) -> Dossier:
    """Return the result (Đã giải quyết), or close without one (Rút hồ sơ, Từ chối)."""
    dossier = _open_for_change(dossier, version)
    if dossier.status not in Dossier.OPEN_STATUSES:
        raise ValidationError(_("Hồ sơ đã kết thúc, không thể trả kết quả lần nữa."))
    if status not in Dossier.FINISHED_STATUSES:
        raise ValidationError({"status": _("Hãy chọn Đã giải quyết, Rút hồ sơ hoặc Từ chối.")})
    finished_at = _return_moment(dossier, finished_at)
    if dossier.paused_on:
        # A dossier closed while waiting for the applicant ends its pause on the day it is closed, and
        # the pause counts exactly as if the supplement had arrived that day (spec/domain.md).
        pause = dossier.supplements.filter(supplied_on__isnull=True).first()
        started_on = pause.requested_on if pause else dossier.paused_on
        closed_on = province_time(finished_at).date()
        if closed_on < started_on:
            raise ValidationError(
                {
                    "finished_at": _(
                        "Hồ sơ chờ bổ sung từ ngày %(day)s: thời điểm trả kết quả không được trước ngày đó."
                    )
                    % {"day": f"{started_on:%d/%m/%Y}"}
                }
            )
        _end_pause(dossier, pause, ended_on=closed_on, ended_at=finished_at)
    dossier.status, dossier.finished_at, dossier.satisfaction = status, finished_at, satisfaction
    return _save(dossier)


@transaction.atomic
def dossier_issue_apology(
    *, dossier: Dossier, issued_on: date, new_due_on: date, version: int | None = None
) -> Dossier:
    """The one apology slip (Phiếu xin lỗi và hẹn lại ngày trả kết quả) a late dossier may get; the
    dossier stays counted late against its original due date."""
    dossier = _open_for_change(dossier, version)
    if dossier.apology_issued_on:
        raise ValidationError(_("Hồ sơ đã có phiếu xin lỗi; mỗi hồ sơ chỉ được một phiếu."))
    if issued_on < dossier.received_on or issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày phát hành phiếu phải từ ngày tiếp nhận đến hôm nay.")})
    if new_due_on <= dossier.effective_due_on:
        raise ValidationError(
            {
                "new_due_on": _("Ngày hẹn trả mới phải sau hạn giải quyết %(day)s.")
                % {"day": f"{dossier.effective_due_on:%d/%m/%Y}"}
            }
        )
    dossier.apology_issued_on, dossier.apology_due_on = issued_on, new_due_on
    return _save(dossier)


@transaction.atomic
def dossier_rate(*, dossier: Dossier, satisfaction: str, version: int | None = None) -> Dossier:
    # The rulebook, through the model's clean(), refuses a rating before the return.
    dossier = _open_for_change(dossier, version)
    dossier.satisfaction = satisfaction
    return _save(dossier)
