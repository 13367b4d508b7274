from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def bell(request: HttpRequest) -> dict:
    """The unread count for the header's bell, worked out only if a page shows it (an error page
    answered before the user is read never reads them for it). A user signed in through the session
    carries it already (notifications.backends); otherwise it costs one query."""

    def count() -> int:
        user = request.user
        if not user.is_authenticated:
            return 0
        carried = getattr(user, "unread_notifications", None)
        return carried if carried is not None else unread_count(user=user)

    return {"unread_notifications": SimpleLazyObject(count)}
