"""Excel files the portal gives back: the import layout (so that an export can be edited and imported
again), Biểu 06a and the ranking. Lists stream from database iterators through reporting.xlsx, so
memory stays flat whatever the row count; the blank template and the official reports are small and
use openpyxl."""

import io
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Protocol, Self

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Side

from departments.models import Department
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
from reporting.form_06a import FORM_06A_COLUMNS, form_06a
from reporting.results import IndicatorSet, Period
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


def _looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _safe(sheet, value: object):
    """A text cell that a spreadsheet would take for a formula is written as plain text."""
    if _looks_like_formula(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _put(sheet, *, row: int, column: int, value: object):
    """sheet.cell() for the official reports, with the guard of _safe: names come from what departments
    and imports typed, and openpyxl would store one starting with "=" as a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    if _looks_like_formula(value):
        cell.data_type = "s"
    return cell


def _moment(sheet, value: datetime | None, number_format: str):
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _header(sheet, columns: Iterable[wb.Column], *, notes: dict[str, str] | None = None) -> None:
    bold = Font(bold=True)
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        if notes and column.key in notes:
            cell.comment = Comment(notes[column.key], "CCHC")
        cells.append(cell)
    sheet.append(cells)


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


def template_workbook(target: IO[bytes]) -> None:
    """The blank template offered on the import page: every sheet of the layout with its headers, and
    a note (a cell comment) beside those whose values are not obvious."""
    book = Workbook(write_only=True)
    notes = {
        "statutory_days": _("Số ngày làm việc (5; nửa ngày: 0,5) hoặc số giờ làm việc (4 giờ)."),
        "reduced_days": _("Để trống nếu chưa cắt giảm; cùng đơn vị với thời hạn quy định (3, 0,5, 2 giờ)."),
    }
    for name, columns in wb.SHEETS.items():
        _header(book.create_sheet(name), columns, notes=notes if name == "TTHC" else None)
    book.save(target)


# -- Official reports ---------------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title_block(sheet, *, form: str, title: str, subtitle: str, width: int) -> None:
    sheet["A1"] = _("ỦY BAN NHÂN DÂN TỈNH")
    sheet["A1"].font = Font(bold=True)
    sheet.cell(row=1, column=width - 2, value=form).font = Font(italic=True)
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet.cell(row=3, column=1, value=title).font = Font(bold=True, size=13)
    sheet.cell(row=3, column=1).alignment = CENTER
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    _put(sheet, row=4, column=1, value=subtitle).alignment = CENTER


def _form_06a_headers(sheet, *, top: int) -> None:
    """The three rows of merged column headers of Biểu 06a, from row `top`."""
    merges = [
        (top, 1, top + 2, 1, _("STT")),
        (top, 2, top + 2, 2, _("Lĩnh vực")),
        (top, 3, top, 6, _("Số hồ sơ nhận giải quyết")),
        (top, 7, top, 10, _("Kết quả giải quyết: số hồ sơ đã giải quyết")),
        (top, 11, top, 13, _("Số hồ sơ đang giải quyết")),
        (top + 1, 3, top + 2, 3, _("Tổng số")),
        (top + 1, 4, top + 1, 5, _("Trong kỳ")),
        (top + 1, 6, top + 2, 6, _("Từ kỳ trước")),
        (top + 1, 7, top + 2, 7, _("Tổng số")),
        (top + 1, 8, top + 2, 8, _("Trước hạn")),
        (top + 1, 9, top + 2, 9, _("Đúng hạn")),
        (top + 1, 10, top + 2, 10, _("Quá hạn")),
        (top + 1, 11, top + 2, 11, _("Tổng số")),
        (top + 1, 12, top + 2, 12, _("Trong hạn")),
        (top + 1, 13, top + 2, 13, _("Quá hạn")),
        (top + 2, 4, top + 2, 4, _("Trực tuyến")),
        (top + 2, 5, top + 2, 5, _("Trực tiếp, dịch vụ bưu chính")),
    ]
    for first_row, first_col, last_row, last_col, text in merges:
        if (first_row, first_col) != (last_row, last_col):
            sheet.merge_cells(
                start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col
            )
        cell = sheet.cell(row=first_row, column=first_col, value=text)
        cell.font, cell.alignment = Font(bold=True), CENTER


def form_06a_workbook(
    target: IO[bytes], department: Department | None, period: Period, *, structure: str = "current"
) -> None:
    """Biểu 06a with its title block, three rows of merged headers, column numbers, one row per field
    and the total row, in a reporting structure (reporting.form_06a)."""
    rows, total = form_06a(department, period, structure=structure)
    book = Workbook()
    sheet = book.active
    sheet.title = "Bieu06a"
    unit = department.name if department else _("Toàn tỉnh")
    _title_block(
        sheet,
        form=_("Biểu số 06a"),
        width=13,
        title=_("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"),
        subtitle=_("%(unit)s · Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s")
        % {"unit": unit, "start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
    )
    top = 6
    _form_06a_headers(sheet, top=top)
    numbers = top + 3
    for column in range(1, 14):
        sheet.cell(row=numbers, column=column, value=f"({column})").alignment = CENTER
    for index, row in enumerate([*rows, total], start=1):
        line = numbers + index
        is_total = row is total
        sheet.cell(row=line, column=1, value=None if is_total else index)
        _put(sheet, row=line, column=2, value=row.field)
        for offset, key in enumerate(FORM_06A_COLUMNS):
            sheet.cell(row=line, column=3 + offset, value=row.values[key])
        if is_total:
            for column in range(1, 14):
                sheet.cell(row=line, column=column).font = Font(bold=True)
    for line in sheet.iter_rows(min_row=top, max_row=numbers + len(rows) + 1, max_col=13):
        for cell in line:
            cell.border = BOX
    sheet.column_dimensions["B"].width = 36
    for letter in "CDEFGHIJKLM":
        sheet.column_dimensions[letter].width = 12
    note = numbers + len(rows) + 3
    sheet.cell(
        row=note, column=2, value=_("Cột (9) gồm cả hồ sơ rút và từ chối; cột (12) gồm cả hồ sơ chờ bổ sung.")
    )
    book.save(target)


def ranking_workbook(
    target: IO[bytes], results: list[tuple[Department, IndicatorSet]], period: Period
) -> None:
    """Every indicator of every department of the ranking, one row each, figures as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ChiSo"
    first = results[0][1] if results else None
    codes = list(first.indicators) if first else []
    width = len(codes) + 3
    _title_block(
        sheet,
        form=_("Bảng chỉ số"),
        width=max(width, 6),
        title=_("BẢNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC ĐƠN VỊ"),
        subtitle=_("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s")
        % {"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
    )
    header = (
        [_("Hạng"), _("Mã đơn vị"), _("Tên đơn vị"), *(first[code].label for code in codes)] if first else []
    )
    sheet.append([])
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.alignment, cell.border = Font(bold=True), CENTER, BOX
    for rank, (department, result) in enumerate(results, start=1):
        values = [rank, department.code, department.name, *(result[code].value for code in codes)]
        sheet.append([_safe(sheet, value) for value in values])
    sheet.column_dimensions["C"].width = 40
    book.save(target)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(write: Callable[[IO[bytes]], object], filename: str) -> HttpResponse:
    """A workbook written to memory and sent as a download."""
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
