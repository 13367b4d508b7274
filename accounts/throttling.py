"""Login throttling on top of django-axes: who the client is behind the reverse proxy, and a lockout per
address over every user name tried from it besides axes' own per user name and address."""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted_proxy(address: IPAddress | None) -> bool:
    return address is not None and any(
        address in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


def client_address(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, unless that is a trusted proxy, in which case the
    right-most X-Forwarded-For entry that is not a trusted proxy.

    Only the right-most entries were written by proxies we trust; anything to their left came from the
    client and may be forged, so it is never read past the first untrusted address."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(_address(remote)):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if not _is_trusted_proxy(address):
            # A malformed entry where the proxy should have written the client's address means the
            # proxy is not set up as expected: the proxy's own address is the safe answer.
            return remote if address is None else str(address)
    return remote


class AddressLockoutHandler(AxesDatabaseHandler):
    """axes' lockout after LOGIN_FAILURE_LIMIT failures for one user name from one address, plus a
    lockout of the address itself after LOGIN_FAILURE_LIMIT_PER_ADDRESS failures over every user name.

    axes compares every lockout parameter with a single limit, and a per-address limit as low as the
    per-user one would lock a whole office behind one address out after a few typing mistakes."""

    def address_failures(self, request: HttpRequest) -> int:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        return (
            super().is_locked(request, credentials)
            or self.address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        )

    def user_login_failed(
        self, sender, credentials: dict, request: HttpRequest | None = None, **kwargs
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if self.address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # As axes does when its own limit is reached: the middleware turns this into the lockout page.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
