"""API errors in Vietnamese and in one shape: {"error": "..."} (plus "fields" for validation errors)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: _("Cần đăng nhập hoặc gửi mã truy cập (token) để dùng API."),
    exceptions.AuthenticationFailed: _("Thông tin xác thực không hợp lệ."),
    exceptions.PermissionDenied: _("Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: _("Không tìm thấy bản ghi."),
    exceptions.MethodNotAllowed: _("Phương thức này không được hỗ trợ."),
    exceptions.Throttled: _("Quá nhiều yêu cầu; hãy thử lại sau."),
}


def vietnamese_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": _("Dữ liệu không hợp lệ."), "fields": response.data}
    else:
        message = next((text for kind, text in MESSAGES.items() if isinstance(exc, kind)), str(exc.detail))
        response.data = {"error": str(message)}
    return response
