"""The procedures app's models, in three modules: the catalogue (procedures and what they are filed
under), the dossiers handled under them, and the successions of units that pass procedures on."""

from procedures.models.catalogue import (
    DOSSIER_CODE_BREAKS_RULE,
    DOSSIER_CODE_PATTERN,
    PROCEDURE_CODE_PATTERN,
    CalendarDay,
    Field,
    Procedure,
    dossier_code_rule,
    procedure_code_rule,
)
from procedures.models.dossiers import Dossier, SupplementRequest
from procedures.models.organisation import Succession

__all__ = [
    "DOSSIER_CODE_BREAKS_RULE",
    "DOSSIER_CODE_PATTERN",
    "PROCEDURE_CODE_PATTERN",
    "CalendarDay",
    "Dossier",
    "Field",
    "Procedure",
    "Succession",
    "SupplementRequest",
    "dossier_code_rule",
    "procedure_code_rule",
]
