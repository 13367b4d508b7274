"""The audit trail of a record, as people read it: who, when, which field went from what to what.

The trail itself is django-simple-history's: every save through the ORM and every bulk write through
simple_history.utils (imports) leaves a historical row with the user of the request."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, models
from django.db.models import Value
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


def record_history(
    model: type[models.Model], *, by: str, keys: list, history_type: str, user, reason: str
) -> None:
    """The historical rows of records just written in bulk (found by the field `by` among `keys`),
    copied by the database itself with INSERT … SELECT: simple-history's bulk helpers build a Python
    object per row, which took as long as the import's own writes. The rows are those they write."""
    history = model.history.model
    tracked = [f for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in tracked)
    reason_length = history._meta.get_field("history_change_reason").max_length
    stamp = {
        "history_date": Value(timezone.now(), output_field=models.DateTimeField()),
        "history_change_reason": Value(reason[:reason_length], output_field=models.CharField()),
        "history_type": Value(history_type, output_field=models.CharField()),
        "history_user_id": Value(user.pk if user else None, output_field=models.IntegerField()),
    }
    target = f"{connection.ops.quote_name(history._meta.db_table)} ({columns}, {', '.join(stamp)})"
    for start in range(0, len(keys), 5000):
        rows = (
            model._base_manager.filter(**{f"{by}__in": keys[start : start + 5000]})
            .order_by()
            .annotate(**{f"_{name}": value for name, value in stamp.items()})
            .values_list(*[f.attname for f in tracked], *[f"_{name}" for name in stamp])
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {target} {sql}", params)
