"""The audit trail of a record, as people read it: who, when, which field went from what to what.

The trail itself is django-simple-history's: every save through the ORM and every bulk write through
simple_history.utils (imports) leaves a historical row with the user of the request."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models
from django.db.models import Value
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc_portal.bulk import among

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
    record: str = ""  # which related record changed; empty for the page's own


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
    if isinstance(value, Decimal):
        # As Vietnamese write a number: 3, 0,5 (a procedure's time limit), never 3.0.
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def _latest(history: models.QuerySet) -> list:
    return list(history.select_related("history_user").order_by("-history_date", "-history_id")[: SHOWN + 1])


def _record_label(record) -> str:
    return f"{capfirst(record.instance_type._meta.verbose_name)} “{record.instance}”"


def _listed_values(rows: list) -> dict[tuple[int, str], tuple[str, ...]]:
    """For each historical row and tracked many-to-many field, what it listed (its related records' str),
    read in one query per field for the whole trail rather than one per row and field."""
    listed: dict[tuple[int, str], tuple[str, ...]] = {}
    by_model: dict[type, list[int]] = {}
    for record in rows:
        by_model.setdefault(type(record), []).append(record.history_id)
    for history_model, ids in by_model.items():
        for field in getattr(history_model, "_history_m2m_fields", []):
            through = getattr(history_model, field.name).model
            target = field.m2m_reverse_field_name()
            values: dict[int, list[str]] = {}
            for row in through.objects.filter(history_id__in=ids).select_related(target):
                values.setdefault(row.history_id, []).append(str(getattr(row, target)))
            for history_id in ids:
                listed[(history_id, field.name)] = tuple(sorted(values.get(history_id, ())))
    return listed


def _changes(record, older, listed: dict[tuple[int, str], tuple[str, ...]]) -> list[Change]:
    model = record.instance_type
    m2m = [field.name for field in getattr(type(record), "_history_m2m_fields", [])]
    changes = []
    for change in record.diff_against(older, excluded_fields=m2m).changes:
        field = model._meta.get_field(change.field)
        changes.append(
            Change(str(field.verbose_name), _display(field, change.old), _display(field, change.new))
        )
    for name in m2m:
        old, new = listed[(older.history_id, name)], listed[(record.history_id, name)]
        if old != new:
            label = str(model._meta.get_field(name).verbose_name)
            changes.append(Change(label, "; ".join(old) or "—", "; ".join(new) or "—"))
    return changes


def history_entries(instance: models.Model, *related: models.QuerySet) -> list[Entry]:
    """The latest changes first: the record's own, and those of the related records whose historical rows
    are given (what its page shows of them; deleted ones too, since their rows outlive them), each named.
    One query per trail; each change is compared with the version of the same record before it."""
    rows = [(record, "") for record in _latest(instance.history)]
    for history in related:
        rows += [(record, _record_label(record)) for record in _latest(history)]
    rows.sort(key=lambda row: (row[0].history_date, row[0].history_id), reverse=True)
    # Oldest first, so that each row finds the version of its record just before it.
    latest_of, previous = {}, [None] * len(rows)
    for index in range(len(rows) - 1, -1, -1):
        record = rows[index][0]
        key = (record.instance_type, getattr(record, record.instance_type._meta.pk.attname))
        previous[index] = latest_of.get(key)
        latest_of[key] = record
    listed = _listed_values([record for record, _label in rows])
    entries = []
    for (record, label), older in zip(rows[:SHOWN], previous, strict=False):
        changes = _changes(record, older, listed) if record.history_type == "~" and older is not None else []
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                user=(user.get_full_name() or user.username) if user else _("hệ thống"),
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
                record=label,
            )
        )
    return entries


def audit_trail(request: HttpRequest, instance: models.Model, *related: models.QuerySet) -> list[Entry]:
    """The trail for the page, read only for those allowed to see it (inspectors, administrators)."""
    if not request.user.has_perm("accounts.view_audit_trail"):
        return []
    return history_entries(instance, *related)


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
            model._base_manager.filter(**{f"{by}__in": among(keys[start : start + 5000])})
            .order_by()
            .annotate(**{f"_{name}": value for name, value in stamp.items()})
            .values_list(*[f.attname for f in tracked], *[f"_{name}" for name in stamp])
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {target} {sql}", params)
