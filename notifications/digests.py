"""The daily e-mail: one message per user with the events they chose, each event considered once."""

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Channel, Event, Notification
from notifications.selectors import wanted_q

logger = logging.getLogger(__name__)


def _message(user, notifications: list[Notification], *, now: datetime) -> EmailMessage:
    by_event: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_event[notification.event].append(notification)
    sections = [
        (label, [(n.text, settings.PORTAL_URL + n.get_absolute_url()) for n in by_event[event]])
        for event, label in Event.choices
        if by_event[event]
    ]
    day = timezone.localtime(now).date()
    subject = _("Cổng CCHC: {count} thông báo mới ngày {day}").format(
        count=len(notifications), day=f"{day:%d/%m/%Y}"
    )
    body = render_to_string(
        "notifications/digest_email.txt",
        {
            "user": user,
            "sections": sections,
            "day": day,
            "list_url": settings.PORTAL_URL + reverse("notifications:list"),
            "preferences_url": settings.PORTAL_URL + reverse("notifications:preferences"),
        },
    )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def digests_send(*, now: datetime) -> int:
    """Send each user one e-mail with the notifications not yet considered that they want by e-mail and
    have not read on the portal; return how many e-mails went out.

    Every notification the run goes over is marked as considered, sent or not (unwanted, read already, no
    address): a later run never sends it, whatever the user chooses meanwhile. A user whose e-mail could
    not be sent keeps theirs for the next run."""
    pending = Notification.objects.filter(digested_at__isnull=True, created_at__lte=now)
    wanted = pending.filter(wanted_q(Channel.EMAIL), read_at__isnull=True, user__is_active=True).exclude(
        Q(user__email="")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in wanted.select_related("user", "dossier", "recommendation", "job").order_by(
        "user_id", "pk"
    ):
        by_user[notification.user_id].append(notification)
    sent, failed = 0, []
    for user_id, notifications in by_user.items():
        try:
            _message(notifications[0].user, notifications, now=now).send()
        except OSError:
            logger.warning("The digest of user %s could not be sent", user_id, exc_info=True)
            failed.append(user_id)
            continue
        sent += 1
    pending.exclude(user_id__in=failed).update(digested_at=now)
    return sent
