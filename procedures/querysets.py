from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    from departments.models import Department


class ProcedureQuerySet(models.QuerySet):
    def for_department_tree(self, department: "Department") -> "ProcedureQuerySet":
        return self.filter(department__path__startswith=department.path)

    def reduced(self) -> "ProcedureQuerySet":
        return self.filter(reduced_days__isnull=False, reduced_days__lt=F("statutory_days"))

    def not_reduced(self) -> "ProcedureQuerySet":
        return self.exclude(reduced_days__isnull=False, reduced_days__lt=F("statutory_days"))


class DossierQuerySet(models.QuerySet):
    def for_department_tree(self, department: "Department") -> "DossierQuerySet":
        return self.filter(department__path__startswith=department.path)

    def received_between(self, start: date, end: date) -> "DossierQuerySet":
        return self.filter(received_on__gte=start, received_on__lte=end)

    def finished_between(self, start: date, end: date) -> "DossierQuerySet":
        return self.filter(finished_on__gte=start, finished_on__lte=end)

    def open_on(self, day: date) -> "DossierQuerySet":
        """Received by `day` and not finished by the end of it."""
        return self.filter(Q(finished_on__isnull=True) | Q(finished_on__gt=day), received_on__lte=day)

    def overdue_on(self, day: date) -> "DossierQuerySet":
        return (
            self.open_on(day).filter(effective_due_on__lt=day).exclude(paused_on__lte=F("effective_due_on"))
        )
