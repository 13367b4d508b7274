"""A dossier's national facts (spec/index766.md) written by its page or the API: a step of their own, as
the one-stop system reports them apart from the receipt and the return. The workbook import writes them
in bulk (procedures.import_dossiers); the rulebook judges them on both paths."""

from django.db import transaction

from procedures.models import Dossier
from procedures.services import _open_for_change, _save, whole_seconds


@transaction.atomic
def dossier_record_facts(*, dossier: Dossier, version: int | None = None, **facts: object) -> Dossier:
    """Set the national facts given (by name, procedures.rules.NATIONAL_FACTS); those left out stay as
    stored."""
    dossier = _open_for_change(dossier, version)
    for name, value in facts.items():
        setattr(dossier, name, value)
    if dossier.processing_completed_at:
        dossier.processing_completed_at = whole_seconds(dossier.processing_completed_at)
    return _save(dossier)
