"""Which records a figure of one unit counted, in the structure it was read in: the condition its
drill-down list (reporting.selectors.record_listing) is filtered with, so that the list holds exactly
the records behind the figure, its predecessors' included in the current structure."""

from django.db.models import Q
from django.utils import timezone

from departments.models import Department
from reporting.cache import organisation
from reporting.conditions import records_scope_q
from reporting.params import Drilldown
from reporting.procedure_counts import carried_by, catalogue_groups, procedure_scope_q


def figure_scope_q(records: str, drilldown: Drilldown, department: Department | None) -> Q:
    """Dossiers: the unit's records in the structure (none given: no condition, the list's own scope).
    Procedures: those the unit (none given: anyone in the province) carries out on the figure's day."""
    if records == "dossiers":
        if department is None:
            return Q()
        return records_scope_q(department, structure=drilldown.structure, organisation=organisation())
    day = drilldown.day or timezone.localdate()
    targets = [department.pk] if department is not None else []
    carried = carried_by(organisation(), catalogue_groups(), targets, day, drilldown.structure)
    return procedure_scope_q(carried.by_target[department.pk] if department is not None else carried.anywhere)
