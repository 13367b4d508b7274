"""Writes to what a department declares (declarations and periodic reports). A data lock freezes these
figures as it freezes dossiers: the same check, with the same message (departments.services)."""

from datetime import date

from django.db import transaction

from departments.models import DataLock, Department
from departments.services import ensure_unlocked
from reporting.models import Declaration, PeriodicReport

Declared = Declaration | PeriodicReport


def declared_day(record: Declared) -> date | None:
    """The day that puts the record's figures in a period: a declaration counts in the period holding
    its measurement date, a periodic report in the one holding its deadline (reporting.indicators)."""
    return record.measured_on if isinstance(record, Declaration) else record.deadline_on


def declared_is_locked(record: Declared) -> bool:
    return DataLock.objects.covering(record.department, declared_day(record)).exists()


def declared_ensure_unlocked(*, record: Declared, department: Department, day: date) -> None:
    """Refuse to write the record for `department` on `day` if a lock covers that day, or covers the day
    the record holds now: an edit may neither change locked figures nor move figures into or out of a
    locked period."""
    if record.pk:
        stored = type(record).objects.select_related("department").get(pk=record.pk)
        ensure_unlocked(department=stored.department, day=declared_day(stored))
    ensure_unlocked(department=department, day=day)


@transaction.atomic
def declared_delete(*, record: Declared) -> None:
    stored = type(record).objects.select_for_update().select_related("department").get(pk=record.pk)
    ensure_unlocked(department=stored.department, day=declared_day(stored))
    stored.delete()
