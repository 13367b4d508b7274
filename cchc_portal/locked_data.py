"""The database's refusal of a write into a locked period, turned into a Vietnamese answer.

Data locks are enforced by triggers (reporting/migrations/0007_data_lock_triggers.py) that every writer passes through. The
writers that can ask first (services, forms, the admin, the import) say which lock refuses them; this
module answers the rest (a lock taken between that check and the write, a path nobody thought of)
with a clear message instead of a server error. It knows only the trigger's marker, not the lock model,
so that it can sit under every app."""

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Written by the triggers at the start of their error message.
MARKER = "cchc_data_locked"


def is_lock_refusal(error: BaseException) -> bool:
    return isinstance(error, IntegrityError) and str(error).startswith(MARKER)


def lock_refusal_message() -> str:
    return _(
        "Số liệu thuộc kỳ đã khóa: không thể thêm, sửa, chuyển hoặc xóa bản ghi này. "
        "Hãy đề nghị quản trị mở khóa. Không có dữ liệu nào bị thay đổi."
    )


class LockedDataMiddleware:
    """A page (the admin included) whose write a lock refused answers 409 with the message. The API
    answers the same refusal in its own JSON shape (cchc_portal.api_errors)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_lock_refusal(exception):
            return None
        return render(request, "locked_data.html", {"message": lock_refusal_message()}, status=409)
