"""The writes of the national data: petitions (PAKN) and publication decisions with their procedures.
The pages and the API both save through these functions; each caller has judged its input first (the
page's model form through the model's clean, procedures.models.petitions.petition_problems; the API's
serializer through the same function), and the database constraints refuse the rest."""

from typing import Any

from django.db import transaction

from procedures.models import Petition, PublicationDecision, PublicationItem


@transaction.atomic
def petition_save(*, petition: Petition, fields: dict[str, Any]) -> Petition:
    """Add a petition (an unsaved one) or change a saved one to `fields`."""
    for name, value in fields.items():
        setattr(petition, name, value)
    petition.save()
    return petition


# A decision and its procedures are one record to the user: written together or not at all.
@transaction.atomic
def decision_save(
    *, decision: PublicationDecision, fields: dict[str, Any], items: list[dict[str, Any]] | None
) -> PublicationDecision:
    """Add a decision (an unsaved one) or change a saved one. `items`, each a procedure with its kind and
    dates, replace the decision's procedures; None keeps them (a change to the decision alone)."""
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save()
    if items is not None:
        decision.items.all().delete()
        # One by one rather than in bulk, so that each item's history records its creation.
        for item in items:
            PublicationItem.objects.create(decision=decision, **item)
    return decision
