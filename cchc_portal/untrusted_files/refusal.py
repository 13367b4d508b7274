"""The one exception every reader of an untrusted file raises, its message saying why in Vietnamese."""

import os
from typing import IO

from django.utils.translation import gettext as _

Source = str | os.PathLike | IO[bytes]


class FileRefused(Exception):
    """An untrusted file that will not be read; the message says why, in Vietnamese."""


def damaged_xlsx() -> FileRefused:
    return FileRefused(_("Tệp .xlsx bị hỏng, không đọc được; hãy mở bằng Excel, lưu lại rồi nhập lại."))
