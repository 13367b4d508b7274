from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def bell(request: HttpRequest) -> dict:
    """The unread count for the header's bell. A user signed in through the session carries it already
    (notifications.backends); otherwise it is counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = SimpleLazyObject(lambda: unread_count(user=user))
    return {"unread_notifications": count}
