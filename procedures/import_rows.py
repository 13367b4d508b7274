"""A workbook row's errors, and the small helpers every sheet's checks share (spec/excel-template.md)."""

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, tzinfo
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cchc_portal.codes import CodeRule, normalise_code
from procedures import workbook as wb
from procedures.workbook import ImportReport, Issue, Row

# Each sheet's column headers by key, built once: a 50,000-row import reports against them.
HEADERS = {sheet: {column.key: column.header for column in columns} for sheet, columns in wb.SHEETS.items()}


class RowErrors:
    """The errors of one row, each naming its column."""

    __slots__ = ("report", "row", "keys", "headers")

    def __init__(self, report: ImportReport, row: Row) -> None:
        self.report, self.row = report, row
        self.keys: set[str | None] = set()
        self.headers = HEADERS[row.sheet]

    @property
    def count(self) -> int:
        return len(self.keys)

    def add(self, key: str | None, message: str) -> None:
        self.report.errors.append(Issue(self.row.sheet, self.row.number, self.headers.get(key), message))
        self.keys.add(key)

    def read(
        self, key: str, reader: Callable[..., Any], *args: Any, required: bool = False, **kwargs: Any
    ) -> Any:
        value = self.row.values.get(key)
        # Blank as wb.text would judge it, without building the text the reader builds again.
        if required and (value is None or (type(value) is str and not value.strip())):
            self.add(key, _("không được để trống"))
            return None
        try:
            return reader(value, *args, **kwargs)
        except wb.CellError as error:
            self.add(key, str(error))
            return None

    def required(self, key: str) -> str:
        value = wb.text(self.row.values.get(key))
        if not value:
            self.add(key, _("không được để trống"))
        return value

    def code(self, key: str, rule: CodeRule) -> str:
        """A required code, normalised and judged by its kind's rule as on every other path."""
        code = normalise_code(self.required(key))
        problem = rule.problem(code) if code else None
        if problem is not None:
            if isinstance(self.row.values.get(key), int | float):
                # Excel keeps 1.004220 typed into a number cell as 1.00422.
                problem = f"{problem} {_('Ô đang ở dạng số: hãy định dạng ô là văn bản.')}"
            self.add(key, problem)
        return code


def chunks(items: list, size: int = 5000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def aware(moment: datetime, zone: tzinfo) -> datetime:
    """A workbook's local time as an aware date-time, to the second: Excel keeps times as fractions of a
    day, so a time written out and read back may come back a microsecond off."""
    if moment.microsecond >= 500_000:
        moment += timedelta(seconds=1)
    if moment.tzinfo is None:
        # The province's zone has no daylight saving, so attaching it is the whole conversion.
        return moment.replace(microsecond=0, tzinfo=zone)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def check_length(errors: RowErrors, key: str, value: str, model: type[models.Model], field: str) -> None:
    limit = model._meta.get_field(field).max_length
    if len(value) > limit:
        errors.add(key, _("dài quá %(n)s ký tự") % {"n": limit})


def differs(instance: models.Model, values: dict) -> bool:
    for name, value in values.items():
        current = getattr(instance, name)
        if hasattr(current, "pk") and hasattr(value, "pk"):
            if current.pk != value.pk or current.pk is None:
                return True
        elif current != value:
            return True
    return False


def assign(instance: models.Model, values: dict) -> bool:
    """Set the values on the instance; True when any of them differs from what it held."""
    changed = instance.pk is None or differs(instance, values)
    for name, value in values.items():
        setattr(instance, name, value)
    return changed
