"""Recording the events users are told of: the day's deadlines (by the daily command) and the end of a
job (as it happens). Each notification goes to those who may see its record, and only once: the
database keeps one per user, event and record, so a second run on a day records nothing new."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from departments.selectors import user_sees_all_departments
from inspections.models import Recommendation
from inspections.selectors import recommendations_overdue
from jobs.models import Job
from notifications.models import Event, Notification
from procedures.models import Dossier
from procedures.selectors import load_calendar
from reporting.conditions import overdue_dossiers_now

# A recommendation is "coming due" this many days ahead of its deadline: a week leaves a unit time to
# finish the work and report it.
RECOMMENDATION_NOTICE = timedelta(days=7)
# A dossier is told of as overdue when it turned overdue at most this long ago. The daily run tells of
# each on its first day overdue; the look-back covers a run missed over a long weekend, without
# burying a unit, the first time the command runs, under every dossier ever late (the overdue lists
# keep those).
OVERDUE_LOOK_BACK = timedelta(days=7)
BATCH = 2000


@dataclass(frozen=True)
class Recorded:
    dossier_due: int
    dossier_overdue: int
    recommendation_due: int
    recommendation_overdue: int

    @property
    def total(self) -> int:
        return self.dossier_due + self.dossier_overdue + self.recommendation_due + self.recommendation_overdue


def _record(notifications: list[Notification]) -> int:
    """Write what is new and return how many that was; the ones already there are left as they are."""
    before = Notification.objects.count()
    Notification.objects.bulk_create(notifications, batch_size=BATCH, ignore_conflicts=True)
    return Notification.objects.count() - before


def _dossier_notifications(dossiers, event: str, text: str) -> list[Notification]:
    """One notification per dossier and member of its resolving unit: they see its records."""
    rows = dossiers.filter(department__members__isnull=False).values_list(
        "pk", "code", "effective_due_on", "procedure__name", "department__members"
    )
    return [
        Notification(
            user_id=user_id,
            event=event,
            dossier_id=pk,
            text=text.format(code=code, day=f"{due_on:%d/%m/%Y}", procedure=procedure)[:500],
        )
        for pk, code, due_on, procedure, user_id in rows
    ]


def dossier_events(*, today: date) -> tuple[list[Notification], list[Notification]]:
    """Open dossiers due on the next working day (a desk plans the day before: on a Friday, the dossiers
    due on Monday), and those that turned overdue, by the same rule as the overdue counts."""
    next_working_day = load_calendar().next_working_day(today)
    due = Dossier.objects.filter(
        finished_on__isnull=True,
        paused_on__isnull=True,
        effective_due_on__gt=today,
        effective_due_on__lte=next_working_day,
    )
    overdue = overdue_dossiers_now(
        Dossier.objects.filter(effective_due_on__gte=today - OVERDUE_LOOK_BACK), today=today
    )
    return (
        _dossier_notifications(
            due, Event.DOSSIER_DUE, _("Hồ sơ {code} ({procedure}) đến hạn trả kết quả ngày {day}.")
        ),
        _dossier_notifications(
            overdue, Event.DOSSIER_OVERDUE, _("Hồ sơ {code} ({procedure}) đã quá hạn trả kết quả ngày {day}.")
        ),
    )


def _followers(recommendations) -> dict[int, set[int]]:
    """Per recommendation, the lead and members of its inspection who see every unit (an inspector, a
    leader, an administrator): a team member who sees only some units is told by their unit instead."""
    pairs = [
        *recommendations.values_list("pk", "inspection__lead"),
        *recommendations.filter(inspection__members__isnull=False).values_list("pk", "inspection__members"),
    ]
    users = User.objects.filter(pk__in={user_id for _pk, user_id in pairs}).only("role", "is_superuser")
    sees_all = {user.pk for user in users if user_sees_all_departments(user)}
    followers: dict[int, set[int]] = {}
    for pk, user_id in pairs:
        if user_id in sees_all:
            followers.setdefault(pk, set()).add(user_id)
    return followers


def _recommendation_notifications(recommendations, event: str, text: str) -> list[Notification]:
    """One notification per recommendation and member of its responsible unit or follower of it."""
    rows = recommendations.values_list("pk", "text", "deadline", "responsible__name")
    members: dict[int, set[int]] = {}
    for pk, user_id in recommendations.filter(responsible__members__isnull=False).values_list(
        "pk", "responsible__members"
    ):
        members.setdefault(pk, set()).add(user_id)
    followers = _followers(recommendations)
    return [
        Notification(
            user_id=user_id,
            event=event,
            recommendation_id=pk,
            text=text.format(text=_shorten(content), unit=unit, day=f"{deadline:%d/%m/%Y}")[:500],
        )
        for pk, content, deadline, unit in rows
        for user_id in sorted(members.get(pk, set()) | followers.get(pk, set()))
    ]


def _shorten(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def recommendation_events(*, today: date) -> tuple[list[Notification], list[Notification]]:
    """Recommendations not verified closed whose deadline is within RECOMMENDATION_NOTICE, and those past
    it (Recommendation.is_overdue). Few enough to tell of every overdue one, however long ago."""
    open_ones = Recommendation.objects.exclude(status=Recommendation.Status.CLOSED)
    due = open_ones.filter(deadline__gte=today, deadline__lte=today + RECOMMENDATION_NOTICE)
    overdue = recommendations_overdue(Recommendation.objects.all(), today=today)
    return (
        _recommendation_notifications(
            due, Event.RECOMMENDATION_DUE, _("Kiến nghị “{text}” giao {unit} đến hạn ngày {day}.")
        ),
        _recommendation_notifications(
            overdue,
            Event.RECOMMENDATION_OVERDUE,
            _("Kiến nghị “{text}” giao {unit} đã quá hạn từ ngày {day}."),
        ),
    )


@transaction.atomic
def notifications_record_due(*, today: date) -> Recorded:
    """Record the day's deadlines: dossiers and recommendations coming due or overdue."""
    dossier_due, dossier_overdue = dossier_events(today=today)
    recommendation_due, recommendation_overdue = recommendation_events(today=today)
    return Recorded(
        dossier_due=_record(dossier_due),
        dossier_overdue=_record(dossier_overdue),
        recommendation_due=_record(recommendation_due),
        recommendation_overdue=_record(recommendation_overdue),
    )


def notification_record_job_end(*, job_id) -> None:
    """Tell the user who started a job that it has ended, and how."""
    job = Job.objects.filter(pk=job_id).only("user_id", "kind", "filename", "status").first()
    if job is None or not job.is_finished:
        return
    outcome = _("đã hoàn thành") if job.status == Job.Status.SUCCEEDED else _("không thành công")
    text = _("{kind} “{filename}” {outcome}.").format(
        kind=job.get_kind_display(), filename=job.filename, outcome=outcome
    )
    Notification.objects.bulk_create(
        [Notification(user_id=job.user_id, event=Event.JOB_FINISHED, job_id=job.pk, text=text[:500])],
        ignore_conflicts=True,
    )
