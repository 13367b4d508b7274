"""The records behind each count of the national index (766): the dossiers, procedures or petitions a
numerator or a denominator counted, and those of the denominator the numerator did not (the records that
stand in the way of the points a unit could still gain). A count's list is the dossier or procedure list
page opened with `?indicator=766:<code>:<part>` and the period, unit and structure of the figure.

The conditions are those the counts are made with (reporting.conditions for the summary's flows and the
catalogue, reporting.index766_records for publications, reporting.index766_petitions for petitions), so
that a list holds exactly what its count counted."""

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.models import Department
from procedures.models import Dossier, Petition
from procedures.organisation import CURRENT
from reporting.cache import organisation
from reporting.conditions import (
    dossier_conditions,
    index_dossier_conditions,
    index_procedure_conditions,
    records_scope_q,
)
from reporting.index766_petitions import petition_records
from reporting.index766_reads import KINDS
from reporting.index766_records import PROVINCE, publication_records
from reporting.index766_table import DEFINITIONS_BY_CODE
from reporting.results import Period

PREFIX = "766:"
PARTS = {
    "numerator": gettext_lazy("tử số"),
    "denominator": gettext_lazy("mẫu số"),
    "gap": gettext_lazy("chưa đạt"),
}
# 5.4 is 100% less two shares: the dossiers finished late of those finished, and those received with a
# petition or a dissatisfied rating of those received.
COMPLEMENT_PARTS = {
    "late": gettext_lazy("kết thúc quá hạn"),
    "finished": gettext_lazy("kết thúc trong kỳ"),
    "flagged": gettext_lazy("có PAKN hoặc không hài lòng"),
    "received": gettext_lazy("tiếp nhận trong kỳ"),
}

DOSSIER_CODES = {"1.4", "2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b", "5.4"}
PROCEDURE_CODES = {"1.1", "1.2", "1.3", "3.1", "3.2", "3.5", "3.5b", "4.5a"}
PETITION_CODES = {"5.2", "5.3"}
# The dossier counts: code → the numerator's and the denominator's condition (index_dossier_conditions,
# or dossier_conditions where the index reads a portal count).
_DOSSIER_PARTS = {
    "1.4": ("synced", "received"),
    "3.3": ("online_counted", "received"),
    "3.6": ("fee_paid_online", "fee_due"),
    "4.1": ("paper_e_result", "paper_required"),
    "4.2": ("digitised_complete", "received"),
    "4.3": ("reused", "received"),
    "4.4": ("from_store", "received"),
    "4.5b": ("population", "received"),
}
# The catalogue counts: code → the numerator's condition (index_procedure_conditions), the dossier kind
# of which a procedure needs one in the period (None: none), and the denominator's condition.
_PROCEDURE_PARTS = {
    "3.1": ("offered_online", None, "carried"),
    "3.2": ("offered_online", "online", "offered_online"),
    "3.5": ("fees_integrated", None, "with_fees"),
    "3.5b": ("with_fees", "paid_online", "with_fees"),
    "4.5a": ("for_citizens", "population", "for_citizens"),
}


def records_of(code: str) -> str | None:
    """Which records a code's counts are of: "dossiers", "procedures", "petitions"; None for none (2.2,
    4.2b)."""
    if code in DOSSIER_CODES:
        return "dossiers"
    if code in PROCEDURE_CODES:
        return "procedures"
    return "petitions" if code in PETITION_CODES else None


def among_carried(value: str) -> bool:
    """Whether the list of `766:<code>:<part>` is also cut to the procedures the unit carries out on the
    period's last day (the catalogue's counts), which index_records leaves to the list's own scope."""
    return value.removeprefix(PREFIX).partition(":")[0] in _PROCEDURE_PARTS


def parts_of(code: str) -> dict:
    return COMPLEMENT_PARTS if code == "5.4" else PARTS


def index_count_url(
    code: str,
    part: str,
    period: Period,
    department: Department | None,
    *,
    lists,
    structure: str = CURRENT,
) -> str | None:
    """The list of the records behind one count of an indicator (reporting.params.RecordLists gives the
    lists' addresses), or None where no list stands behind it."""
    records = records_of(code)
    address = getattr(lists, records, "") if records else ""
    if not address or part not in parts_of(code):
        return None
    params = {"indicator": f"{PREFIX}{code}:{part}"}
    if department is not None:
        params["department"] = department.code
    if structure != CURRENT:
        params["structure"] = structure
    params.update({"from": period.start.isoformat(), "to": period.end.isoformat()})
    return f"{address}?{urlencode(params)}"


def parse_index_code(value: str, records: str) -> tuple[str, str, str] | None:
    """(code, part, label) of a `766:<code>:<part>` a list of `records` can show; None otherwise."""
    code, _colon, part = value.removeprefix(PREFIX).partition(":")
    if records_of(code) != records or part not in parts_of(code):
        return None
    definition = DEFINITIONS_BY_CODE[code]
    label = _("%(code)s “%(label)s”, %(part)s") % {
        "code": code,
        "label": definition.label,
        "part": parts_of(code)[part],
    }
    return code, part, label


def index_records(
    queryset: QuerySet, value: str, period: Period, department: Department | None, structure: str
) -> QuerySet:
    """The records behind the count `766:<code>:<part>` of the unit (None: the province): dossiers and
    petitions within the unit's scope, procedures of the catalogue's counts to be cut to those the unit
    carries out (among_carried)."""
    records = {Dossier: "dossiers", Petition: "petitions"}.get(queryset.model, "procedures")
    code, part, _label = parse_index_code(value, records)
    if records == "dossiers":
        scope = Q() if department is None else _dossier_scope(department, structure)
        return queryset.filter(scope & _dossier_part(code, part, period))
    if code in PROCEDURE_CODES - set(_PROCEDURE_PARTS) or records == "petitions":
        source = publication_records if records == "procedures" else petition_records
        found = source([department] if department else [], period, structure)
        numerator, denominator = found[department.pk if department else PROVINCE][code]
        ids = {"numerator": numerator, "denominator": denominator, "gap": denominator - numerator}[part]
        return queryset.filter(pk__in=sorted(ids))
    return queryset.filter(_procedure_part(code, part, period, department, structure))


def _dossier_scope(department: Department, structure: str) -> Q:
    return records_scope_q(department, structure=structure, organisation=organisation())


def _dossier_part(code: str, part: str, period: Period) -> Q:
    index, portal = index_dossier_conditions(period), dossier_conditions(period)
    finished = portal["resolved"] | portal["withdrawn"] | portal["refused"]
    if code == "5.4":
        petitioned = Exists(Petition.objects.filter(dossier=OuterRef("pk")))
        return {
            "late": finished & ~Q(dvcqg_on_time=True),
            "finished": finished,
            "flagged": portal["received"]
            & (Q(satisfaction=Dossier.Satisfaction.DISSATISFIED) | Q(petitioned)),
            "received": portal["received"],
        }[part]
    if code == "2.1":
        numerator = portal["dvcqg_on_time"] | (portal["in_progress"] & ~portal["dvcqg_in_progress_late"])
        denominator = finished | portal["in_progress"]
    else:
        top, bottom = _DOSSIER_PARTS[code]
        numerator, denominator = index[top], index.get(bottom, portal.get(bottom))
    return {"numerator": numerator, "denominator": denominator, "gap": denominator & ~numerator}[part]


def _procedure_part(code: str, part: str, period: Period, department: Department | None, structure: str) -> Q:
    """Those of the count, among the procedures the unit carries out (among_carried)."""
    conditions = index_procedure_conditions()
    top, kind, bottom = _PROCEDURE_PARTS[code]
    numerator = conditions[top]
    if kind is not None:
        dossiers = Dossier.objects.filter(
            KINDS[kind], received_on__gte=period.start, received_on__lte=period.end, procedure=OuterRef("pk")
        )
        if department is not None:
            dossiers = dossiers.filter(_dossier_scope(department, structure))
        numerator &= Q(Exists(dossiers))
    denominator = conditions[bottom]
    return {
        "numerator": numerator & denominator,
        "denominator": denominator,
        "gap": denominator & ~numerator,
    }[part]
