"""The procedures app's models: the catalogue (procedures and what they are filed under), the dossiers
handled under them, the successions of units that pass procedures on, the decisions that publish
procedures, and the petitions (PAKN) about them."""

from procedures.models.catalogue import (
    DOSSIER_CODE_BREAKS_RULE,
    DOSSIER_CODE_PATTERN,
    PROCEDURE_CODE_PATTERN,
    PROCEDURE_FACTS,
    CalendarDay,
    Field,
    Procedure,
    dossier_code_rule,
    procedure_code_rule,
)
from procedures.models.dossiers import Dossier
from procedures.models.organisation import Succession
from procedures.models.petitions import Petition, petition_code_rule
from procedures.models.publications import PublicationDecision, PublicationItem
from procedures.models.supplements import SupplementRequest

__all__ = [
    "DOSSIER_CODE_BREAKS_RULE",
    "DOSSIER_CODE_PATTERN",
    "PROCEDURE_CODE_PATTERN",
    "PROCEDURE_FACTS",
    "CalendarDay",
    "Dossier",
    "Field",
    "Petition",
    "Procedure",
    "PublicationDecision",
    "PublicationItem",
    "Succession",
    "SupplementRequest",
    "dossier_code_rule",
    "petition_code_rule",
    "procedure_code_rule",
]
