"""The audit trail of a record, as people read it: who, when, which field went from what to what.

The trail itself is django-simple-history's: every save through the ORM and every bulk write through
simple_history.utils (imports) leaves a historical row with the user of the request."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

ACTIONS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
SHOWN = 50


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    user: str
    action: str
    reason: str
    changes: list[Change]


def _display(field: models.Field, value: object) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def history_entries(instance: models.Model) -> list[Entry]:
    """The latest changes first, in one query; each compared with the version before it."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: SHOWN + 1]
    )
    model = type(instance)
    entries = []
    for index, record in enumerate(records[:SHOWN]):
        changes = []
        if record.history_type == "~" and index + 1 < len(records):
            for change in record.diff_against(records[index + 1]).changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    Change(str(field.verbose_name), _display(field, change.old), _display(field, change.new))
                )
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                user=(user.get_full_name() or user.username) if user else _("hệ thống"),
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def audit_trail(request: HttpRequest, instance: models.Model) -> list[Entry]:
    """The trail for the page, read only for those allowed to see it (inspectors, administrators)."""
    if not request.user.has_perm("accounts.view_audit_trail"):
        return []
    return history_entries(instance)
