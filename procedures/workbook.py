"""The one .xlsx layout of spec/excel-template.md, shared by import and export, and the reading of
its cells: Vietnamese labels, day-first dates, whole numbers."""

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from procedures.models import Dossier


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    text: bool = False  # a text column: written to exports as text, never as a formula


DEPARTMENT_COLUMNS = (
    Column("code", "Mã đơn vị", required=True, text=True),
    Column("name", "Tên đơn vị", required=True, text=True),
    Column("parent", "Mã đơn vị cấp trên", text=True),
)
PROCEDURE_COLUMNS = (
    Column("code", "Mã TTHC", required=True, text=True),
    Column("name", "Tên thủ tục", required=True, text=True),
    Column("field", "Lĩnh vực", required=True, text=True),
    Column("department", "Mã đơn vị", required=True, text=True),
    Column("statutory_days", "Thời hạn quy định", required=True),
    Column("reduced_days", "Thời hạn cắt giảm"),
    Column("online_level", "Mức độ DVCTT"),
    Column("accepts_postal", "Tiếp nhận qua BCCI"),
)
DOSSIER_COLUMNS = (
    Column("code", "Mã hồ sơ", required=True, text=True),
    Column("procedure", "Mã TTHC", required=True, text=True),
    Column("department", "Mã đơn vị", text=True),
    Column("channel", "Kênh tiếp nhận", required=True),
    Column("received_at", "Ngày tiếp nhận", required=True),
    Column("due_on", "Ngày hẹn trả"),
    Column("finished_at", "Ngày trả kết quả"),
    Column("status", "Trạng thái"),
    Column("satisfaction", "Mức độ hài lòng"),
)
SHEETS = {"DonVi": DEPARTMENT_COLUMNS, "TTHC": PROCEDURE_COLUMNS, "HoSo": DOSSIER_COLUMNS}
REQUIRED_SHEETS = ("TTHC", "HoSo")

# Label as the workbook writes it → value in the database; read without regard to case.
CHANNELS = {str(label): value for value, label in Dossier.Channel.choices}
STATUSES = {str(label): value for value, label in Dossier.Status.choices}
SATISFACTIONS = {str(label): value for value, label in Dossier.Satisfaction.choices}
ONLINE_LEVELS = {"1": 1, "2": 2, "3": 3, "4": 4, "Một phần": 3, "Toàn trình": 4}
YES_NO = {"Có": True, "Không": False}


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


def normalise(header: object) -> str:
    return re.sub(r"\s+", " ", str(header or "")).strip().lower()


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def whole_number(value: object) -> int | None:
    if value is None or text(value) == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("phải là số nguyên"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if re.fullmatch(r"[0-9]+", text(value)):
        return int(text(value))
    raise CellError(_("“%(value)s” không phải số nguyên") % {"value": text(value)})


def choice(value: object, options: dict, *, blank=None):
    key = text(value).lower()
    if key == "":
        return blank
    for label, result in options.items():
        if label.lower() == key:
            return result
    labels = ", ".join(f"“{label}”" for label in options)
    raise CellError(
        _("“%(value)s” không hợp lệ; chọn một trong: %(labels)s") % {"value": text(value), "labels": labels}
    )


DATE_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")


def moment(value: object) -> datetime | None:
    """An Excel date or date-time, or text dd/mm/yyyy [hh:mm], day first always. Naive: the caller
    reads it in the province's time zone."""
    if value is None or text(value) == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, str):
        match = DATE_TEXT.fullmatch(value.strip())
        if match:
            day, month, year, hour, minute = match.groups()
            try:
                return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
            except ValueError:
                raise CellError(_("ngày “%(value)s” không tồn tại") % {"value": value.strip()}) from None
    raise CellError(
        _("“%(value)s” không phải ngày dạng dd/mm/yyyy hoặc dd/mm/yyyy hh:mm") % {"value": text(value)}
    )


# -- Reading a workbook --------------------------------------------------------------------------------------


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook at all (the command's exit status 2)."""


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [_("Trang %(sheet)s") % {"sheet": self.sheet}]
        if self.row:
            where.append(_("dòng %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("cột “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, object]


# -- Reading ---------------------------------------------------------------------------------------------------


def _size(source: str | IO[bytes]) -> int:
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def _signature(source: str | IO[bytes]) -> bytes:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read(8)
    position = source.tell()
    head = source.read(8)
    source.seek(position)
    return head


def open_workbook(source: str | IO[bytes]):
    """The workbook in streaming (read-only) mode, or WorkbookRefused saying why not."""
    import openpyxl

    limit = settings.IMPORT_MAX_BYTES
    if _size(source) > limit:
        raise WorkbookRefused(_("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    head = _signature(source)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookRefused(
            _(
                "Tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls); hãy lưu lại thành .xlsx không mật khẩu."
            )
        )
    if not head.startswith(b"PK"):
        raise WorkbookRefused(_("Tệp không phải bảng tính Excel .xlsx."))
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise WorkbookRefused(
            _("Tệp .xlsx bị hỏng, không đọc được (%(error)s).") % {"error": type(error).__name__}
        ) from None


def _sheet_rows(worksheet, sheet: str, report: ImportReport) -> Iterator[Row] | None:
    """The data rows of a sheet as dicts by column key; None when a required column is missing."""
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    columns = {normalise(column.header): column for column in SHEETS[sheet]}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = normalise(title)
        if not key:
            continue
        if key in columns:
            positions[columns[key].key] = index
        else:
            report.warnings.append(Issue(sheet, 1, str(title).strip(), _("cột không thuộc mẫu, được bỏ qua")))
    missing = [column.header for column in SHEETS[sheet] if column.required and column.key not in positions]
    for header_name in missing:
        report.errors.append(Issue(sheet, 1, header_name, _("thiếu cột bắt buộc")))
    if missing:
        return None
    return _data_rows(rows, sheet, positions)


def _data_rows(rows, sheet: str, positions: dict[str, int]) -> Iterator[Row]:
    for number, cells in enumerate(rows, start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        yield Row(sheet, number, {key: cells[i] if i < len(cells) else None for key, i in positions.items()})


Progress = Callable[[int, str], None]


def read_rows(book, report: ImportReport, progress: Progress | None = None) -> dict[str, list[Row]]:
    """Every data row of the layout's sheets. Progress runs 0-40% over the rows the sheets announce."""
    sheets = {normalise(name): name for name in book.sheetnames}
    announced = sum((book[name].max_row or 1) - 1 for name in sheets.values()) or 1
    found: dict[str, list[Row]] = {}
    for sheet in SHEETS:
        name = sheets.get(normalise(sheet))
        if name is None:
            if sheet in REQUIRED_SHEETS:
                report.errors.append(
                    Issue(sheet, None, None, _("thiếu trang tính bắt buộc “%(sheet)s”") % {"sheet": sheet})
                )
            continue
        rows = _sheet_rows(book[name], sheet, report)
        if rows is None:
            continue
        found[sheet] = []
        for row in rows:
            report.rows += 1
            if report.rows > settings.IMPORT_MAX_ROWS:
                report.errors.append(
                    Issue(
                        sheet,
                        row.number,
                        None,
                        _("tệp vượt quá giới hạn %(n)s dòng") % {"n": settings.IMPORT_MAX_ROWS},
                    )
                )
                return found
            found[sheet].append(row)
            if progress and report.rows % 5000 == 0:
                progress(min(40, 40 * report.rows // announced), _("Đã đọc %(n)s dòng") % {"n": report.rows})
    return found
