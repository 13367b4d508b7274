"""The sheets of an export of the import layout beside its procedures and dossiers. The units and
successions it names (DonVi and KeThua), so that the file carries what the import judges its procedures
and dossiers on: the units with their kinds and dates, and who succeeded whom (spec/organisation.md).
The national data of what it exports (QuyetDinhCongBo and PAKN, spec/index766.md): the decisions
publishing its procedures, and the petitions of its units."""

from collections.abc import Iterable
from datetime import datetime, tzinfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from departments.models import Department
from procedures import workbook as wb
from procedures.models import Petition, PublicationItem, Succession
from procedures.models.petitions import LIFECYCLE_TIMES

KIND_LABELS = {value: label for label, value in wb.KINDS.items()}
LIST_JOIN = f"{wb.LIST_SEPARATOR} "
# The model's labels, which the import reads (procedures.workbook_cells).
PUBLICATION_KIND_LABELS = {value: str(label) for value, label in PublicationItem.Kind.choices}
CATEGORY_LABELS = {value: str(label) for value, label in Petition.Category.choices}
RATING_LABELS = {value: str(label) for value, label in Petition.Rating.choices}
CHUNK = 2000


def successions_named(unit_ids: list[QuerySet]) -> list[Succession]:
    """The successions from or to the units the export names (`unit_ids`, subqueries), with their
    fields: what the import needs to judge the file's dossiers on the province as it is. A province
    has a few hundred at most."""
    named = Q()
    for ids in unit_ids:
        named |= Q(predecessor__in=ids) | Q(successor__in=ids)
    return list(
        Succession.objects.filter(named)
        .select_related("predecessor", "successor")
        .prefetch_related("fields")
        .order_by("effective_on", "predecessor__code", "successor__code")
    )


def succession_rows(successions: list[Succession]) -> Iterable[list]:
    for succession in successions:
        yield [
            succession.predecessor.code,
            succession.successor.code,
            succession.effective_on,
            LIST_JOIN.join(sorted(found.name for found in succession.fields.all())),
        ]


def unit_rows(unit_ids: list[QuerySet], successions: list[Succession]) -> Iterable[list]:
    """The units the export names and those its successions name, with their kinds and dates."""
    ends = {pk for s in successions for pk in (s.predecessor_id, s.successor_id)}
    named = Q(pk__in=ends)
    for ids in unit_ids:
        named |= Q(pk__in=ids)
    units = Department.objects.filter(named).select_related("parent").order_by("path")
    for unit in units:
        yield [
            unit.code,
            unit.name,
            unit.parent.code if unit.parent_id else None,
            KIND_LABELS[unit.kind],
            unit.valid_from,
            unit.valid_to,
        ]


def publication_rows(procedures: QuerySet) -> Iterable[list]:
    """Each publication of the exported procedures, one row a decision and procedure."""
    items = PublicationItem.objects.filter(procedure__in=procedures.order_by().values("pk"))
    rows = items.order_by("decision__decided_on", "decision__number", "procedure__code").values_list(
        "decision__number",
        "decision__decided_on",
        "procedure__code",
        "kind",
        "basis_effective_on",
        "published_on",
        "decision__note",
    )
    for number, decided_on, code, kind, basis, published, note in rows.iterator(chunk_size=CHUNK):
        yield [number, decided_on, code, PUBLICATION_KIND_LABELS[kind], basis, published, note]


def petition_rows(unit_ids: QuerySet | None) -> Iterable[list]:
    """The petitions of the exported dossiers' units (`unit_ids`, a subquery), times on the province's
    clock. Those are the units the exporting user sees; an export of procedures has none, since the
    units a procedure is listed for may be others'."""
    if unit_ids is None:
        return
    zone = timezone.get_current_timezone()
    rows = (
        Petition.objects.filter(department__in=unit_ids)
        .order_by("received_at", "code")
        .values_list(
            "code",
            "department__code",
            "procedure__code",
            "dossier__code",
            "category",
            "received_at",
            *LIFECYCLE_TIMES,
            "rating",
        )
    )
    for code, unit, procedure, dossier, category, *times, rating in rows.iterator(chunk_size=CHUNK):
        yield [
            code,
            unit,
            procedure,
            dossier,
            CATEGORY_LABELS[category],
            *(_local(moment, zone) for moment in times),
            RATING_LABELS.get(rating, ""),
        ]


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None
