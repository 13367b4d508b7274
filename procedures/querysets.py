import json
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Greatest

from cchc_portal.folding import StartsWith, contains_folded, fold
from procedures.calendar import WorkingCalendar
from procedures.organisation import LEVEL_KINDS

if TYPE_CHECKING:
    from departments.models import Department


class CalendarDayQuerySet(models.QuerySet):
    def working_calendar(self) -> WorkingCalendar:
        """The calendar as the administrator keeps it in the table (one query)."""
        days_off, working = set(), set()
        for day, is_working in self.values_list("day", "is_working_day"):
            (working if is_working else days_off).add(day)
        return WorkingCalendar(frozenset(days_off), frozenset(working))


class _WorkingRank(Func):
    """The working days in (first, day] of a day between first and last (clamped to them), read from the
    list WorkingCalendar.working_ranks gives: the calendar stays the one judge of a working day, the
    database only looks its answers up."""

    output_field = IntegerField()

    def __init__(self, day: object, *, ranks: list[int], first: date, last: date) -> None:
        super().__init__(day)
        self.ranks, self.first, self.last = ranks, first, last

    def as_postgresql(self, compiler, connection):
        day, params = compiler.compile(self.source_expressions[0])
        sql = f"(%s::int[])[LEAST(GREATEST({day}, %s::date), %s::date) - %s::date + 1]"
        return sql, (self.ranks, *params, self.first, self.last, self.first)

    def as_sqlite(self, compiler, connection):
        day, params = compiler.compile(self.source_expressions[0])
        offset = f"CAST(julianday(MIN(MAX({day}, %s), %s)) - julianday(%s) AS INTEGER)"
        sql = f"json_extract(%s, '$[' || {offset} || ']')"
        return sql, (
            json.dumps(self.ranks),
            *params,
            self.first.isoformat(),
            self.last.isoformat(),
            self.first.isoformat(),
        )


def working_days_between(
    start: object, end: object, *, calendar: WorkingCalendar, first: date, last: date
) -> Func:
    """WorkingCalendar.working_days_between(start, end) of two date expressions, for rows whose start
    lies between first and last; an end before first counts as first, one after last as last."""
    ranks = calendar.working_ranks(first, last)
    rank = {"ranks": ranks, "first": first, "last": last}
    return Greatest(Value(0), _WorkingRank(end, **rank) - _WorkingRank(start, **rank))


class ProcedureQuerySet(models.QuerySet):
    def for_department_tree(self, department: "Department") -> "ProcedureQuerySet":
        """Procedures listed for the department or a unit below it, and the shared commune (district)
        catalogue where the tree holds a commune (district)."""
        listed = self.model.units.through.objects.filter(procedure=OuterRef("pk"))
        units = department._meta.model.objects.filter(path__startswith=department.path)
        shared = Q()
        for level, kind in LEVEL_KINDS.items():
            shared |= Q(level=level) & Exists(units.filter(kind=kind))
        return self.filter(
            Exists(listed.filter(department__path__startswith=department.path)) | (~Exists(listed) & shared)
        )

    def search(self, typed: str) -> "ProcedureQuerySet":
        """Procedures whose code or name holds what was typed, with or without diacritics."""
        return self.filter(contains_folded("search_text", typed))

    def reduced(self) -> "ProcedureQuerySet":
        return self.filter(reduced_days__isnull=False, reduced_days__lt=F("statutory_days"))

    def not_reduced(self) -> "ProcedureQuerySet":
        return self.exclude(reduced_days__isnull=False, reduced_days__lt=F("statutory_days"))


class DossierQuerySet(models.QuerySet):
    def search(self, typed: str) -> "DossierQuerySet":
        """Dossiers whose code begins with what was typed (as typed, or in capitals), or whose applicant,
        procedure's code or name, or resolving unit's code or name holds it, with or without diacritics.

        Each part is read off an index on PostgreSQL: the code's pattern index, the applicants' trigrams,
        the unit and procedure keys. The procedures and units found are read first (two small queries):
        a subquery in an OR would have PostgreSQL read the whole table."""
        if not fold(typed):
            return self
        code = typed.strip()
        procedure = self.model._meta.get_field("procedure").related_model
        unit = self.model._meta.get_field("department").related_model
        procedures = list(procedure.objects.search(typed).values_list("pk", flat=True))
        units = list(unit.objects.search(typed).values_list("pk", flat=True))
        return self.filter(
            Q(StartsWith(F("code"), code))
            | Q(StartsWith(F("code"), code.upper()))
            | (~Q(search_text="") & contains_folded("search_text", typed))
            | Q(procedure__in=procedures)
            | Q(department__in=units)
        )

    def for_department_tree(self, department: "Department") -> "DossierQuerySet":
        return self.filter(department__path__startswith=department.path)

    def outside_tree(self, path: str) -> "DossierQuerySet":
        """Dossiers handled by a department outside the tree whose root has this path."""
        return self.exclude(department__path__startswith=path)

    def received_between(self, start: date, end: date) -> "DossierQuerySet":
        return self.filter(received_on__gte=start, received_on__lte=end)

    def finished_between(self, start: date, end: date) -> "DossierQuerySet":
        return self.filter(finished_on__gte=start, finished_on__lte=end)
