"""Reads of a user's notifications and choices."""

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from accounts.models import User
from departments.models import Department
from departments.selectors import department_scope_q, user_sees_all_departments
from notifications.models import DEFAULTS, Channel, Event, Notification, Preference

# The bell shows "99+" past this.
BELL_MOST = 100


def wanted_q(channel: str) -> Q:
    """The notifications their user wants on a channel: by their own choice, else by DEFAULTS."""
    chosen = Preference.objects.filter(user=OuterRef("user"), event=OuterRef("event"), channel=channel)
    turned_off = ~Exists(chosen.filter(wanted=False))
    if DEFAULTS[channel] == set(Event.values):
        # Every event by default (the portal's case): only a choice turns one off, one subquery fewer to
        # put together and run on every request's bell.
        return turned_off
    by_default = Q(event__in=sorted(DEFAULTS[channel]))
    return (by_default & turned_off) | (~by_default & Exists(chosen.filter(wanted=True)))


class _CountOf(Subquery):
    """The number of rows a subquery returns."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def unread_count_expression(user_ref: str = "pk") -> _CountOf:
    """The user's unread notifications on the portal up to BELL_MOST, as a subquery of a query on users:
    the bell's count is read with the user each request reads anyway (notifications.backends). Counting
    no further than the bell shows keeps that read short however many a user leaves unread: counting
    2,000 unread took PostgreSQL 33 ms, counting up to BELL_MOST 0.2 ms."""
    unread = (
        Notification.objects.filter(user=OuterRef(user_ref), read_at__isnull=True)
        .filter(wanted_q(Channel.PORTAL))
        .order_by()
        .values("pk")[:BELL_MOST]
    )
    return _CountOf(unread)


def unread_count(*, user: User) -> int:
    return User.objects.filter(pk=user.pk).values_list(unread_count_expression(), flat=True).get()


def notification_list(*, user: User) -> QuerySet:
    """The user's notifications on the portal, unread first, each about a record the user may still see
    (one whose unit they have left is not listed)."""
    notifications = Notification.objects.filter(wanted_q(Channel.PORTAL), user=user)
    if not user_sees_all_departments(user):
        seen = Department.objects.filter(department_scope_q(user)).values("pk")
        notifications = notifications.filter(
            Q(dossier__isnull=True) | Q(dossier__department__in=seen),
            Q(recommendation__isnull=True) | Q(recommendation__responsible__in=seen),
        )
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return notifications.order_by(unread.desc(), "-created_at", "-pk")


def preferences_of(*, user: User) -> dict[str, set[str]]:
    """Per channel, the events the user gets on it."""
    chosen = {
        (event, channel): wanted
        for event, channel, wanted in user.notification_preferences.values_list("event", "channel", "wanted")
    }
    return {
        channel: {event for event in Event.values if chosen.get((event, channel), event in DEFAULTS[channel])}
        for channel in Channel.values
    }
