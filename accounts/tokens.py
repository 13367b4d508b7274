"""API tokens: the expiry rule, issuing, revoking and checking a key. The admin, the API's
authentication and the tests all go through these functions."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User

# A client calling every second records its use once a minute, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# What a key can be made of: the portal's keys are URL-safe base64 after "cchc_", the converted old
# ones hexadecimal. Anything else is refused before it reaches the database.
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,100}")


class TokenRefused(Exception):
    """A key that does not let its bearer in, with the reason to tell them in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def default_expiry(*, today: date) -> date:
    return today + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


def validate_expiry(expires_on: date, *, today: date) -> None:
    latest = today + timedelta(days=settings.API_TOKEN_MAX_DAYS)
    if expires_on <= today:
        raise ValidationError(
            _("Ngày hết hạn phải sau hôm nay (%(today)s).") % {"today": f"{today:%d/%m/%Y}"},
            code="expiry_past",
        )
    if expires_on > latest:
        raise ValidationError(
            _("Ngày hết hạn không được quá %(days)s ngày kể từ hôm nay, tức muộn nhất là %(latest)s.")
            % {"days": settings.API_TOKEN_MAX_DAYS, "latest": f"{latest:%d/%m/%Y}"},
            code="expiry_too_far",
        )


@transaction.atomic
def api_token_issue(*, token: ApiToken, issued_by: User) -> str:
    """Saves a new token (its user, name and expiry filled in) and returns its key, which is not kept."""
    validate_expiry(token.expires_on, today=timezone.localdate())
    key = token.set_new_key()
    token.created_by = issued_by
    token.save()
    return key


def api_tokens_revoke(*, tokens: QuerySet[ApiToken], revoked_by: User) -> int:
    """Revokes the tokens not yet revoked; one revoked earlier keeps its first date and revoker."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=revoked_by)


def api_token_authenticate(key: str) -> ApiToken:
    """The token a key belongs to, if it may be used now; TokenRefused says why not otherwise."""
    token = (
        ApiToken.objects.select_related("user").filter(prefix=key[: ApiToken.PREFIX_LENGTH]).first()
        if KEY_SHAPE.fullmatch(key)
        else None
    )
    if token is None or not token.matches(key):
        raise TokenRefused(_("Mã truy cập API không hợp lệ."))
    if token.revoked_at is not None:
        raise TokenRefused(
            _("Mã truy cập API này đã bị thu hồi ngày %(day)s; hãy đề nghị quản trị viên cấp mã mới.")
            % {"day": f"{timezone.localtime(token.revoked_at):%d/%m/%Y}"}
        )
    if token.is_expired(on=timezone.localdate()):
        raise TokenRefused(
            _("Mã truy cập API này đã hết hạn sau ngày %(day)s; hãy đề nghị quản trị viên cấp mã mới.")
            % {"day": f"{token.expires_on:%d/%m/%Y}"}
        )
    if not token.user.is_active:
        raise TokenRefused(_("Tài khoản gắn với mã truy cập API này đã bị khóa."))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
