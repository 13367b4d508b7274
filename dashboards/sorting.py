"""The columns a list may be sorted by (?sort=code, ?sort=-received): a whitelist, so that a value typed
into the address bar orders by nothing else, and an unknown one keeps the list's own order."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import QueryDict

from procedures.models import Dossier

# The statuses in the order a dossier goes through them, rather than by their stored English values.
STATUS_ORDER = Case(
    *(When(status=value, then=Value(i)) for i, value in enumerate(Dossier.Status.values)),
    output_field=IntegerField(),
)

# Each column's key in ?sort= and what it orders by; the primary key last, so that pages do not overlap.
DOSSIER_SORTS = {
    "code": (F("code"),),
    "received": (F("received_at"), F("pk")),
    "due": (F("due_on"), F("pk")),
    "status": (STATUS_ORDER, F("pk")),
    "unit": (F("department__name"), F("pk")),
}


@dataclass(frozen=True)
class SortLink:
    url: str
    # "asc" or "desc" for the column the list is sorted by, "" for the others.
    current: str


def sorted_rows(rows: QuerySet, params: QueryDict, sorts: dict[str, tuple]) -> tuple[QuerySet, str]:
    """The rows in the order ?sort= asks for, and that order's key ("" when none or an unknown one)."""
    requested = params.get("sort", "")
    key = requested.removeprefix("-")
    if key not in sorts:
        return rows, ""
    descending = requested.startswith("-")
    order = [e.desc() if descending else e.asc() for e in sorts[key]]
    return rows.order_by(*order), requested


def sort_links(params: QueryDict, sorts: dict[str, tuple], current: str) -> dict[str, SortLink]:
    """For each column, the link that sorts by it (the other way round when it already does), keeping the
    filters and returning to the first page."""
    kept = params.copy()
    kept.pop("page", None)
    links = {}
    for key in sorts:
        kept["sort"] = f"-{key}" if current == key else key
        state = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links[key] = SortLink(f"?{kept.urlencode()}", state)
    return links
