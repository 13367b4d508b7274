from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F

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
