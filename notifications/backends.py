"""The sign-in backend, reading the bell's count with the user."""

from django.contrib.auth import get_user_model

from accounts.backends import PasswordBackend as AccountsPasswordBackend
from notifications.selectors import unread_count_expression


class PasswordBackend(AccountsPasswordBackend):
    """accounts' backend, whose read of the signed-in user on each request also counts their unread
    notifications (a subquery over a partial index): the bell in every page's header costs no query of
    its own (notifications.context_processors)."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(unread_notifications=unread_count_expression())
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
