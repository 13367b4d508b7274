"""Biểu 06a, the official table of dossiers received and resolved, by field (lĩnh vực).

Its cells are read from the dossier summary like every other figure; each cell also has a condition
over the raw rows, for the list of the dossiers behind it."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from procedures.models import Field
from procedures.organisation import CURRENT
from reporting.cache import memoised, organisation
from reporting.conditions import dossier_conditions, relevant_dossiers
from reporting.counts import Counts, field_counts
from reporting.models import DossierCount
from reporting.results import Period
from reporting.structures import sources_of

FORM_06A_COLUMNS = [
    "received_total",
    "received_online",
    "received_direct_postal",
    "carried_over",
    "finished_total",
    "early",
    "on_time",
    "late",
    "in_progress_total",
    "within_deadline",
    "overdue",
]


FORM_06A_LABELS = {
    "received_total": _("(3) Tổng số hồ sơ nhận giải quyết"),
    "received_online": _("(4) Nhận trong kỳ trực tuyến"),
    "received_direct_postal": _("(5) Nhận trong kỳ trực tiếp, dịch vụ bưu chính"),
    "carried_over": _("(6) Từ kỳ trước chuyển sang"),
    "finished_total": _("(7) Tổng số hồ sơ đã giải quyết"),
    "early": _("(8) Giải quyết trước hạn"),
    "on_time": _("(9) Giải quyết đúng hạn (gồm rút, từ chối)"),
    "late": _("(10) Giải quyết quá hạn"),
    "in_progress_total": _("(11) Tổng số hồ sơ đang giải quyết"),
    "within_deadline": _("(12) Đang giải quyết trong hạn (gồm chờ bổ sung)"),
    "overdue": _("(13) Đang giải quyết quá hạn"),
}


@dataclass(frozen=True)
class Form06aRow:
    field: str
    values: dict[str, int]
    field_id: int | None = None


def form_06a_conditions(period: Period) -> dict[str, Q]:
    """The dossiers behind each column, over the raw rows."""
    c = dossier_conditions(period)
    finished = Q(finished_on__gte=period.start, finished_on__lte=period.end)
    # The official template counts every dossier waiting for a supplement as within its deadline.
    waiting = c["in_progress"] & Q(paused_on__isnull=False, paused_on__lte=period.end)
    return {
        "received_total": Q(),
        "received_online": c["received_online"],
        "received_direct_postal": c["received_direct"] | c["received_postal"],
        "carried_over": c["carried_over"],
        "finished_total": finished,
        "early": c["resolved_early"],
        "on_time": c["resolved_on_time"] | c["withdrawn"] | c["refused"],
        "late": c["resolved_late"],
        "in_progress_total": c["in_progress"],
        "within_deadline": c["in_progress_within_deadline"] | waiting,
        "overdue": c["in_progress_overdue"] & (Q(paused_on__isnull=True) | Q(paused_on__gt=period.end)),
    }


def _form_06a_values(c: Counts) -> dict[str, int]:
    """The template's columns from the summary's counts: the conditions of form_06a_conditions()."""
    values = {
        "received_total": c["received"] + c["carried_over"],
        "received_online": c["received_online"],
        "received_direct_postal": c["received_direct"] + c["received_postal"],
        "carried_over": c["carried_over"],
        "finished_total": c["finished"],
        "early": c["resolved_early"],
        "on_time": c["resolved_on_time"] + c["withdrawn"] + c["refused"],
        "late": c["resolved_late"],
        "in_progress_total": c["in_progress"],
        "within_deadline": c["in_progress_within_deadline"] + c["paused_late"],
        "overdue": c["in_progress_overdue"] - c["paused_late"],
    }
    return {key: int(values[key]) for key in FORM_06A_COLUMNS}


def form_06a(
    department: Department | None, period: Period, *, structure: str = CURRENT
) -> tuple[list[Form06aRow], Form06aRow]:
    """Biểu 06a: one row per field (lĩnh vực) with a dossier in the period, and the total row; two
    queries (the summary by field, the fields' names), and the organisation where it is not kept. In
    the current structure a unit's rows add its predecessors' dossiers in the fields that passed to it."""
    return memoised(
        ("06a", department.pk if department else None, period, structure),
        lambda: _form_06a(department, period, structure),
    )


def _form_06a(
    department: Department | None, period: Period, structure: str
) -> tuple[list[Form06aRow], Form06aRow]:
    if department is None:
        by_field = field_counts(DossierCount.PROVINCE, [], period)
    else:
        sources = sources_of(organisation(), [department.pk], structure) if structure == CURRENT else []
        by_field = field_counts(department.pk, sources, period)
    values = {pk: _form_06a_values(counts) for pk, counts in by_field.items()}
    values = {pk: row for pk, row in values.items() if row["received_total"]}
    names = dict(Field.objects.filter(pk__in=list(values)).values_list("pk", "name")) if values else {}
    fields = sorted(
        (Form06aRow(names[pk], row, pk) for pk, row in values.items() if pk in names), key=lambda r: r.field
    )
    total = Form06aRow(
        str(_("Tổng cộng")), {key: sum(row.values[key] for row in fields) for key in FORM_06A_COLUMNS}
    )
    return fields, total


def form_06a_records(queryset: QuerySet, column: str, period: Period) -> QuerySet:
    """The dossiers behind one Biểu 06a cell (a field's, once the list is filtered by field)."""
    return queryset.filter(relevant_dossiers(period) & form_06a_conditions(period)[column])
