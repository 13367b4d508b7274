"""The API's token authentication (`Authorization: Token <key>`) over accounts.tokens, and how the
OpenAPI schema describes it."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts.models import User
from accounts.tokens import TokenRefused, api_token_authenticate

KEYWORD = "Token"


class TokenRefusedError(exceptions.APIException):
    """A key that was sent and refused: 401, so that the client knows to get a new key.

    Deliberately not an AuthenticationFailed: DRF answers those with a 403 whenever the first
    authentication class (the session, whose missing login is a 403 as on the pages) sends no challenge,
    and the shared error handler replaces their message with a generic one."""

    status_code = status.HTTP_401_UNAUTHORIZED
    auth_header = f'{KEYWORD} realm="api"'


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, object] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise TokenRefusedError(
                _("Header Authorization phải có dạng “Token <mã>”, không có khoảng trắng trong mã.")
            )
        try:
            token = api_token_authenticate(parts[1].decode("ascii"))
        except UnicodeDecodeError:
            raise TokenRefusedError(_("Mã truy cập API không hợp lệ.")) from None
        except TokenRefused as refusal:
            raise TokenRefusedError(refusal.message) from None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict[str, str]:
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)
