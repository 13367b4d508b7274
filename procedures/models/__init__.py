"""The procedures app's models, in two modules: the catalogue (procedures and what they are filed under)
and the dossiers handled under them."""

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

__all__ = [
    "DOSSIER_CODE_BREAKS_RULE",
    "DOSSIER_CODE_PATTERN",
    "PROCEDURE_CODE_PATTERN",
    "CalendarDay",
    "Dossier",
    "Field",
    "Procedure",
    "SupplementRequest",
    "dossier_code_rule",
    "procedure_code_rule",
]
