"""What every endpoint of the REST API shares: pagination, permissions by action, strict dates, and the
services' ValidationError turned into the API's {"error": ..., "fields": {...}} answer."""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from cchc_portal.codes import normalise_code
from cchc_portal.converters import CodeConverter
from cchc_portal.dates import DATE_OUT_OF_RANGE, MOMENT_OUT_OF_RANGE, in_range

T = TypeVar("T")

# A record's code in an API URL: as on the pages, anything but "/" and control characters (a NUL byte,
# which PostgreSQL refuses in a query, is a plain 404). Dossier codes such as "000.00.18.H12-250303-0001"
# hold dots, which DRF's default lookup pattern would refuse.
LOOKUP_REGEX = CodeConverter.regex
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Conflict(APIException):
    """A write over a change made since the client read the record (its version)."""

    status_code = 409
    default_code = "conflict"


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ActionPermission(BasePermission):
    """The Django permission a view names for each action (viewset action or HTTP method), granted by the
    role backend. Reads need none beyond being logged in: the selectors scope what a user sees."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        required: dict[str, str] = getattr(view, "action_permissions", {})
        action = getattr(view, "action", None) or request.method.lower()
        permission = required.get(action)
        return permission is None or request.user.has_perm(permission)


def run_service(action: Callable[[], T]) -> T:
    """Run a write service; the Vietnamese ValidationError it raises becomes a 400 naming the field, or a
    409 where the record changed since the client read it.

    Every service is one transaction, so a refused write has changed nothing."""
    try:
        return action()
    except DjangoValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise Conflict(error.messages[0]) from error
        if hasattr(error, "error_dict"):
            detail = {
                (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
                for field, messages in error.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
        raise serializers.ValidationError(detail) from error


class IsoDateField(serializers.DateField):
    """A date exactly as YYYY-MM-DD (no week dates, no single-digit months), within the portal's years."""

    default_error_messages = {
        "invalid": _("Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-03-31."),
        "out_of_range": DATE_OUT_OF_RANGE,
    }

    def to_internal_value(self, value: Any) -> date:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            self.fail("invalid")
        try:
            day = datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            self.fail("invalid")
        if not in_range(day):
            self.fail("out_of_range")
        return day


class PortalDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time; one without an offset is read in the province's time zone."""

    default_error_messages = {
        "out_of_range": MOMENT_OUT_OF_RANGE,
    }

    def to_internal_value(self, value: Any) -> datetime:
        try:
            moment = super().to_internal_value(value)
            local = timezone.localtime(moment).replace(tzinfo=None)
        except OverflowError:
            # The first hours of year one in the province's zone come before the earliest moment
            # Python can turn into UTC: out of the portal's years like any other, not a 500.
            self.fail("out_of_range")
        if not in_range(local):
            self.fail("out_of_range")
        return moment


class CodeLookupMixin:
    """For a viewset whose records are looked up by code: the code in the URL is normalised as it was
    when stored (cchc_portal.codes), so that one typed with decomposed letters finds its record."""

    def get_object(self) -> Any:
        self.kwargs[self.lookup_field] = normalise_code(self.kwargs[self.lookup_field])
        return super().get_object()


class CodeField(serializers.CharField):
    """A record's code, normalised as on every other path (cchc_portal.codes) before the field's
    validators, among them the kind's CodeRule, judge it."""

    def to_internal_value(self, data: Any) -> str:
        return normalise_code(super().to_internal_value(data))


class StrictIsoDateFormField(forms.DateField):
    """The same YYYY-MM-DD rule for a django-filter query parameter."""

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if not ISO_DATE.fullmatch(str(value)):
            raise forms.ValidationError(_("Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-03-31."), code="invalid")
        try:
            return datetime.strptime(str(value), "%Y-%m-%d").date()
        except ValueError:
            raise forms.ValidationError(
                _("Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-03-31."), code="invalid"
            ) from None


# The shape of every error the API answers (cchc_portal/api_errors.py), for the OpenAPI schema; a comment,
# since the schema would show a docstring to API users.
class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text=_("Lý do, bằng tiếng Việt."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Với dữ liệu không hợp lệ: các thông báo lỗi theo từng trường."),
    )


ERROR_DESCRIPTIONS = {
    400: _("Dữ liệu hoặc tham số không hợp lệ; fields nêu lỗi của từng trường."),
    403: _("Chưa đăng nhập, hoặc vai trò không có quyền này."),
    404: _("Không có bản ghi này trong phạm vi đơn vị của người dùng, hoặc trang không tồn tại."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The error answers an operation can give, for its OpenAPI description."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}
