"""Two headers on every response Django answers: a strict Content-Security-Policy, and a Cache-Control
that keeps the response out of every cache.

Django 5.2 has no Content-Security-Policy of its own (6.0 adds one). The portal needs a single fixed
policy without nonces, since no page has an inline script, handler or style, so a constant header does
what django-csp would, without another dependency."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Every script, style, font and request comes from the portal itself; Bootstrap draws its select arrows
# and check marks as data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        # Whatever Django answers is someone's own data, a download of it, or the login form: none of it
        # belongs in a shared cache or on the disk of a shared computer. Static files, which browsers and
        # caches should keep, never come through here: nginx serves them in production, the staticfiles
        # handler in development.
        patch_cache_control(response, private=True, no_store=True)
        return response
