"""API errors in Vietnamese and in one shape: {"error": "..."} (plus "fields" for validation errors)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from cchc_portal.locked_data import is_lock_refusal, lock_refusal_message

MESSAGES = {
    exceptions.NotAuthenticated: _("Cần đăng nhập hoặc gửi mã truy cập (token) để dùng API."),
    exceptions.AuthenticationFailed: _("Thông tin xác thực không hợp lệ."),
    exceptions.PermissionDenied: _("Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: _("Không tìm thấy bản ghi."),
    exceptions.MethodNotAllowed: _("Phương thức này không được hỗ trợ."),
    exceptions.ParseError: _("Nội dung yêu cầu không phải JSON hợp lệ."),
    exceptions.UnsupportedMediaType: _("Kiểu nội dung không được hỗ trợ; hãy gửi JSON."),
    exceptions.NotAcceptable: _("API chỉ trả lời bằng JSON."),
    exceptions.Throttled: _("Quá nhiều yêu cầu; hãy thử lại sau."),
}


def vietnamese_exception_handler(exc, context):
    # Django's own 404 and 403 (get_object_or_404 in the selectors) answer like DRF's.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif is_lock_refusal(exc):
        exc = exceptions.ValidationError([lock_refusal_message()])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = (
            response.data
            if isinstance(response.data, dict)
            else {api_settings.NON_FIELD_ERRORS_KEY: response.data}
        )
        # A refusal that names no field (a data lock, a dossier already closed) is the error itself.
        general = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
        error = general[0] if len(fields) == 1 and general else _("Dữ liệu không hợp lệ.")
        response.data = {"error": str(error), "fields": fields}
    else:
        message = next((text for kind, text in MESSAGES.items() if isinstance(exc, kind)), str(exc.detail))
        response.data = {"error": str(message)}
    return response
