"""The switch "Cơ cấu: hiện tại / tại thời điểm phát sinh" of every dashboard: which structure the figures
are reported in (procedures.organisation: `current`, the default, counts a unit's predecessors as its own;
`historical` counts what was filed under the unit), read from `?structure=` and carried by every link
from one page to the next."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from procedures.organisation import CURRENT, HISTORICAL
from reporting.cache import memoised_catalogue
from reporting.params import page_structure
from reporting.periods import SelectedPeriod


def select_structure(params: QueryDict) -> str:
    """The structure a page shows (reporting.params.page_structure: `?structure=` when it names one, the
    current structure otherwise; a page never refuses a link it was given, the API does)."""
    return page_structure(params)


def structure_query(structure: str) -> str:
    """The structure as links carry it, to be joined to other parameters with "&"."""
    return urlencode({"structure": structure})


@dataclass(frozen=True)
class SwitchOption:
    value: str
    label: str
    url: str
    active: bool


def structure_switch(params: QueryDict, path: str, structure: str) -> list[SwitchOption]:
    """The two choices of the switch, each linking to this page with the same filters and period (the
    page number dropped: the other structure lists other records)."""
    options = []
    for value, label in ((CURRENT, _("hiện tại")), (HISTORICAL, _("tại thời điểm phát sinh"))):
        query = params.copy()
        query.pop("page", None)
        query["structure"] = value
        options.append(SwitchOption(value, label, f"{path}?{query.urlencode()}", value == structure))
    return options


def structure_context(request) -> dict:
    """What every dashboard template needs of the switch: the structure, its query, and the switch."""
    structure = select_structure(request.GET)
    return {
        "structure": structure,
        "structure_query": structure_query(structure),
        "structure_switch": structure_switch(request.GET, request.path, structure),
    }


def period_picker(selected: SelectedPeriod, *, today: date, structure: str, keep_sort: str = "") -> str:
    """reporting.periods.picker_html's picker, which also keeps the structure: rendered once for each
    choice (a function of the query alone), the structure part of the key."""
    data = tuple(sorted((key, tuple(values)) for key, values in selected.form.data.lists()))
    chosen = (selected.kind, selected.period, selected.previous, selected.label, selected.previous_label)
    key = ("picker", chosen, data, keep_sort, today, structure)
    context = {"selected": selected, "keep_sort": keep_sort, "structure": structure}
    # A function of the query alone: kept for the catalogue version, through writes to dossiers.
    return memoised_catalogue(key, lambda: render_to_string("reporting/period_picker.html", context))
