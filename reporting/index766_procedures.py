"""The national index per procedure: the dossier indicators of each procedure with a dossier in a unit's
scope, as the unit's own index scores them."""

from dataclasses import dataclass

from django.db.models import Count, Q

from departments.models import Department
from procedures.models import Dossier, Procedure
from procedures.organisation import CURRENT
from reporting.cache import memoised
from reporting.cache import organisation as current_organisation
from reporting.conditions import (
    dossier_conditions,
    index_dossier_conditions,
    records_scope_q,
    relevant_dossiers,
)
from reporting.index766 import dossier_measures
from reporting.index766_reads import processing_days
from reporting.index766_rules import IndexIndicator, Measure, assemble, settings_in_force
from reporting.results import Period

# The dossier indicators the per-procedure table shows (procedure_rows).
PROCEDURE_CODES = ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b")


@dataclass(frozen=True)
class ProcedureRow:
    procedure: Procedure
    indicators: dict[str, IndexIndicator]


def procedure_rows(
    department: Department | None, period: Period, *, structure: str = CURRENT
) -> list[ProcedureRow]:
    """The dossier indicators of each procedure with a dossier in the unit's scope (None: the province)
    in the period, read from the dossiers in one grouped query (a unit's dossiers of a period, not the
    province's summary), scored with the values in force on the period's first day."""
    key = ("index766_procedures", department.pk if department else None, period, structure)
    return memoised(key, lambda: _procedure_rows_now(department, period, structure))


def _procedure_rows_now(department: Department | None, period: Period, structure: str) -> list[ProcedureRow]:
    portal, index = dossier_conditions(period), index_dossier_conditions(period)
    finished = portal["resolved"] | portal["withdrawn"] | portal["refused"]
    conditions = {
        "finished": finished,
        "in_progress": portal["in_progress"],
        "dvcqg_on_time": portal["dvcqg_on_time"],
        "dvcqg_in_progress_late": portal["dvcqg_in_progress_late"],
        "received": portal["received"],
        **index,
    }
    scope = (
        Q()
        if department is None
        else records_scope_q(department, structure=structure, organisation=current_organisation())
    )
    rows = (
        Dossier.objects.filter(scope & relevant_dossiers(period))
        .order_by()
        .values("procedure_id")
        .annotate(**{name: Count("pk", filter=q) for name, q in conditions.items()})
    )
    counts = {row.pop("procedure_id"): row for row in rows}
    days = processing_days(department, period, structure, by_procedure=True)
    procedures = Procedure.objects.in_bulk(list(counts))
    settings = settings_in_force(period.start)
    result = []
    for pk, c in counts.items():
        measures = {
            code: measure for code, measure in dossier_measures(c, 0).items() if code in PROCEDURE_CODES
        }
        measures["2.2"] = days.get(pk, Measure(0, 0))
        indicators = {i.code: i for i in assemble(measures, settings).indicators if i.code in PROCEDURE_CODES}
        result.append(ProcedureRow(procedures[pk], indicators))
    return sorted(result, key=lambda row: row.procedure.code)
