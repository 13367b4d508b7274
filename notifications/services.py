"""A user's writes: marking notifications read, choosing what they get."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.models import Channel, Event, Notification, Preference


def notification_mark_read(*, user: User, pk: int) -> bool:
    """Mark one of the user's notifications read; False if the user has no such notification."""
    mine = Notification.objects.filter(user=user, pk=pk)
    return bool(mine.filter(read_at__isnull=True).update(read_at=timezone.now())) or mine.exists()


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, chosen: dict[str, set[str]]) -> None:
    """Record, for every event and channel, whether the user gets it; `chosen` names, per channel, the
    events they want. Every pair is written, so that a later change of the defaults leaves them be."""
    Preference.objects.filter(user=user).delete()
    Preference.objects.bulk_create(
        Preference(user=user, event=event, channel=channel, wanted=event in chosen.get(channel, set()))
        for event in Event.values
        for channel in Channel.values
    )
