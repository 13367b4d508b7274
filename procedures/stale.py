"""The message that refuses a change made on a stale copy of a dossier: who changed it since, when, and
which fields, read from its audit trail."""

from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.models import Dossier


def changed_since(dossier: Dossier, version: int) -> str:
    """Who changed the dossier since `version`, when, and which fields, from its audit trail."""
    history = dossier.history.select_related("history_user").order_by("history_date", "history_id")
    newer = list(history.filter(version__gt=version))
    read = history.filter(version=version).last()
    fields = []
    if newer and read is not None:
        changed = {change.field for change in newer[-1].diff_against(read).changes} - {"version"}
        fields = [str(Dossier._meta.get_field(name).verbose_name) for name in sorted(changed)]
    who = ", ".join(dict.fromkeys(_author(record) for record in newer)) or _("người khác")
    when = f"{timezone.localtime(newer[-1].history_date):%H:%M %d/%m/%Y}" if newer else ""
    message = _("Hồ sơ đã được %(who)s thay đổi lúc %(when)s, sau khi bạn mở trang") % {
        "who": who,
        "when": when,
    }
    if fields:
        message += _(" (đã sửa: %(fields)s)") % {"fields": ", ".join(fields)}
    return message + _(
        ". Thay đổi của bạn chưa được lưu: hãy tải lại trang để xem thông tin mới rồi nhập lại."
    )


def _author(record) -> str:
    user = record.history_user
    if user is None:
        return record.history_change_reason or _("hệ thống")
    return f"{user.get_full_name() or user.username} ({user.username})"
