"""Excel files the portal gives back: the import layout (so that an export can be edited and imported
again); Biểu 06a and the ranking are reporting.report_workbooks', the blank template
reporting.template_workbook's. Lists stream from database iterators through reporting.xlsx, so memory
stays flat whatever the row count."""

import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Protocol, Self

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures import rules
from procedures import workbook as wb
from procedures.models import Procedure
from procedures.office_hours import TimeLimit, TimeUnit
from reporting.export_units import (
    LIST_JOIN,
    petition_rows,
    publication_rows,
    succession_rows,
    successions_named,
    unit_rows,
)
from reporting.xlsx import StreamingWorkbook

FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT, DATETIME_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm"
LABELS = {
    key: {value: label for label, value in options.items()}
    for key, options in (
        ("channel", wb.CHANNELS),
        ("status", wb.STATUSES),
        ("satisfaction", wb.SATISFACTIONS),
    )
}
ONLINE_LEVEL_LABELS = {1: "1", 2: "2", 3: "Một phần", 4: "Toàn trình"}
LEVEL_LABELS = {value: label for label, value in wb.LEVELS.items()}
CHUNK = 2000
# The HoSo sheet's national facts in its order, and how each is written: flags "Có" / "Không" as the TTHC
# sheet's BCCI column, the processing-complete time on the province's clock, a status or fee as a number.
DOSSIER_FACTS = tuple(column.key for column in wb.DOSSIER_COLUMNS if column.key in rules.NATIONAL_FACTS)
FLAG_AT = tuple(key in wb.DOSSIER_FLAGS for key in DOSSIER_FACTS)
TIME_AT = DOSSIER_FACTS.index("processing_completed_at")
Progress = Callable[[int, str], None]
Target = str | Path | IO[bytes]


class SheetWriter(Protocol):
    """What write_workbook asks of a writer: reporting.xlsx.StreamingWorkbook, or in make bench the
    library it is measured against."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def write_sheet(self, name: str, header: list[str], rows: Iterable[list]) -> None: ...


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _limit_cell(amount: Decimal | None, unit: str) -> int | float | str | None:
    """A time limit as the TTHC sheet reads it back: days as a number (5, 0.5), hours in words (4 giờ)."""
    if amount is None:
        return None
    if unit == TimeUnit.HOURS:
        return str(TimeLimit(amount, TimeUnit.HOURS))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _procedure_rows(procedures: QuerySet) -> Iterable[list]:
    """One row a procedure; the units listed for it in one cell, by code, as the import reads them."""
    units: dict[int, list[str]] = {}
    listed = Procedure.units.through.objects.filter(procedure__in=procedures.order_by().values("pk"))
    for procedure_id, unit in listed.order_by("department__code").values_list(
        "procedure_id", "department__code"
    ):
        units.setdefault(procedure_id, []).append(unit)
    rows = procedures.order_by("code").values_list(
        "pk",
        "code",
        "name",
        "field__name",
        "time_unit",
        "statutory_days",
        "reduced_days",
        "online_level",
        "accepts_postal",
        "level",
    )
    for pk, code, name, field_name, unit, statutory, reduced, online, postal, level in rows.iterator(
        chunk_size=CHUNK
    ):
        yield [
            code,
            name,
            field_name,
            LIST_JOIN.join(units.get(pk, ())),
            _limit_cell(statutory, unit),
            _limit_cell(reduced, unit),
            ONLINE_LEVEL_LABELS[online],
            "Có" if postal else "Không",
            LEVEL_LABELS[level],
        ]


def _dossier_rows(dossiers: QuerySet, progress: Progress | None) -> Iterable[list]:
    total = (dossiers.count() or 1) if progress else 1
    zone = timezone.get_current_timezone()
    channels, statuses, satisfactions = LABELS["channel"], LABELS["status"], LABELS["satisfaction"]
    rows = dossiers.order_by("received_at", "code").values_list(
        "code",
        "procedure__code",
        "department__code",
        "receiving_unit__code",
        "channel",
        "received_at",
        "due_on",
        "finished_at",
        "status",
        "satisfaction",
        *DOSSIER_FACTS,
    )
    for index, (
        code,
        procedure,
        department,
        receiving,
        channel,
        received,
        due,
        finished,
        status,
        satisfaction,
        *facts,
    ) in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        yield [
            code,
            procedure,
            department,
            channels[channel],
            received.astimezone(zone).replace(tzinfo=None),
            due,
            finished.astimezone(zone).replace(tzinfo=None) if finished else None,
            statuses[status],
            satisfactions.get(satisfaction, ""),
            receiving or "",
            *_fact_cells(facts, zone),
        ]
        if progress and index % 10_000 == 0:
            progress(int(90 * index / total), _("Đã ghi %(n)s hồ sơ") % {"n": index})


def _fact_cells(facts: list, zone) -> list:
    cells = [
        ("Có" if value else "Không") if flag else value for value, flag in zip(facts, FLAG_AT, strict=True)
    ]
    completed = facts[TIME_AT]
    cells[TIME_AT] = completed.astimezone(zone).replace(tzinfo=None) if completed else None
    return cells


def write_workbook(
    target: Target,
    *,
    procedures: QuerySet,
    dossiers: QuerySet | None,
    progress: Progress | None = None,
    writer: Callable[[Target], SheetWriter] = StreamingWorkbook,
) -> int:
    """The import layout: DonVi and KeThua (the units it names, the successions from or to them and the
    units those name), TTHC (the procedures, and those the dossiers belong to), HoSo, QuyetDinhCongBo
    (the decisions publishing those procedures) and PAKN (the petitions of the dossiers' units). Returns
    the number of TTHC and HoSo rows written. Rows
    stream from the database into the file (reporting.xlsx), so memory stays flat whatever their
    number; every text cell is text, never a formula. `writer` is replaced only by make bench, which
    times XlsxWriter on the same rows."""
    if dossiers is not None:
        procedures = Procedure.objects.filter(
            pk__in=dossiers.order_by().values("procedure_id")
        ).select_related(None)
    counted = {"rows": 0}

    def count(rows: Iterable[list]) -> Iterable[list]:
        for row in rows:
            counted["rows"] += 1
            yield row

    listed = Procedure.units.through.objects.filter(procedure__in=procedures.order_by().values("pk"))
    unit_ids = [listed.values("department_id")]
    if dossiers is not None:
        unit_ids += [dossiers.order_by().values(key) for key in ("department_id", "receiving_unit_id")]
    successions = successions_named(unit_ids)
    with writer(target) as book:
        book.write_sheet("DonVi", [c.header for c in wb.DEPARTMENT_COLUMNS], unit_rows(unit_ids, successions))
        book.write_sheet("KeThua", [c.header for c in wb.SUCCESSION_COLUMNS], succession_rows(successions))
        book.write_sheet("TTHC", [c.header for c in wb.PROCEDURE_COLUMNS], count(_procedure_rows(procedures)))
        rows = _dossier_rows(dossiers, progress) if dossiers is not None else ()
        book.write_sheet("HoSo", [c.header for c in wb.DOSSIER_COLUMNS], count(rows))
        book.write_sheet(
            "QuyetDinhCongBo", [c.header for c in wb.PUBLICATION_COLUMNS], publication_rows(procedures)
        )
        petitions = petition_rows(
            dossiers.order_by().values("department_id") if dossiers is not None else None
        )
        book.write_sheet("PAKN", [c.header for c in wb.PETITION_COLUMNS], petitions)
    return counted["rows"]


# -- Official reports ---------------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(write: Callable[[IO[bytes]], object], filename: str) -> HttpResponse:
    """A workbook written to memory and sent as a download."""
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
