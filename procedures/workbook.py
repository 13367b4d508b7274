"""The one .xlsx layout of spec/excel-template.md, shared by import and export, and the reading of
its cells: Vietnamese labels, day-first dates, whole numbers."""

import gc
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from cchc_portal import untrusted_files
from procedures.workbook_cells import (  # noqa: F401 - the layout's cell readers, read as wb.text, wb.choice...
    CHANNELS,
    DATE_TEXT,
    KINDS,
    LEVELS,
    LIST_SEPARATOR,
    NATIONAL_STATUSES,
    ONLINE_LEVELS,
    PETITION_CATEGORIES,
    PETITION_RATINGS,
    PUBLICATION_KINDS,
    SATISFACTIONS,
    STATUSES,
    YEARS,
    YES_NO,
    CellError,
    choice,
    code_list,
    day,
    moment,
    normalise,
    text,
    whole_number,
)


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
    Column("kind", "Loại đơn vị"),
    Column("valid_from", "Ngày bắt đầu"),
    Column("valid_to", "Ngày kết thúc"),
)
SUCCESSION_COLUMNS = (
    Column("predecessor", "Mã đơn vị cũ", required=True, text=True),
    Column("successor", "Mã đơn vị kế thừa", required=True, text=True),
    Column("effective_on", "Ngày hiệu lực", required=True),
    Column("fields", "Lĩnh vực", text=True),
)
PROCEDURE_COLUMNS = (
    Column("code", "Mã TTHC", required=True, text=True),
    Column("name", "Tên thủ tục", required=True, text=True),
    Column("field", "Lĩnh vực", required=True, text=True),
    # Required for a provincial procedure only (procedures.import_catalogue says so row by row); one
    # code or several separated by ";".
    Column("department", "Mã đơn vị", text=True),
    Column("statutory_days", "Thời hạn quy định", required=True),
    Column("reduced_days", "Thời hạn cắt giảm"),
    Column("online_level", "Mức độ DVCTT"),
    Column("accepts_postal", "Tiếp nhận qua BCCI"),
    Column("level", "Cấp thực hiện"),
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
    Column("receiving_unit", "Mã đơn vị tiếp nhận", text=True),
    # The national facts (spec/index766.md), each optional: a sheet without them keeps what is stored.
    Column("national_status", "Trạng thái DVCQG (1–10)"),
    Column("processing_completed_at", "Thời điểm xử lý xong"),
    Column("electronic_result", "Có kết quả điện tử"),
    Column("digitised", "Có thành phần số hóa"),
    Column("reused_data", "Tái sử dụng dữ liệu số hóa"),
    Column("dvcqg_store", "Kết nối kho DVCQG"),
    Column("population_data", "Dùng VNeID/CSDL dân cư"),
    Column("fee_amount", "Lệ phí (đồng)"),
    Column("paid_online", "Thanh toán trực tuyến"),
    Column("synced_to_dvcqg", "Đã đồng bộ DVCQG"),
)
# The national facts that are yes or no, written "Có" or "Không" as the TTHC sheet's BCCI column.
DOSSIER_FLAGS = (
    "electronic_result",
    "digitised",
    "reused_data",
    "dvcqg_store",
    "population_data",
    "paid_online",
    "synced_to_dvcqg",
)
# One row a procedure of a publication decision: the decision's number, day and summary repeat on each
# of its rows, as a decision is typed in a spreadsheet.
PUBLICATION_COLUMNS = (
    Column("number", "Số quyết định", required=True, text=True),
    Column("decided_on", "Ngày quyết định", required=True),
    Column("procedure", "Mã TTHC", required=True, text=True),
    Column("kind", "Loại", required=True),
    Column("basis_effective_on", "Ngày hiệu lực của văn bản QPPL", required=True),
    Column("published_on", "Ngày công khai trên CSDL quốc gia"),
    Column("note", "Trích yếu", text=True),
)
# A petition's entered fields (procedures.models.petitions.ENTERED_FIELDS), in their order.
PETITION_COLUMNS = (
    Column("code", "Mã PAKN", required=True, text=True),
    Column("department", "Mã đơn vị", required=True, text=True),
    Column("procedure", "Mã TTHC", text=True),
    Column("dossier", "Mã hồ sơ", text=True),
    Column("category", "Phân loại", required=True),
    Column("received_at", "Thời điểm tiếp nhận", required=True),
    Column("refused_at", "Thời điểm từ chối tiếp nhận"),
    Column("supplement_requested_at", "Thời điểm yêu cầu bổ sung"),
    Column("finished_at", "Thời điểm giải quyết xong"),
    Column("published_at", "Thời điểm công khai kết quả"),
    Column("rating", "Đánh giá"),
)
# The order in which sheets are read and written: units, then who succeeds whom, then the catalogue and
# the dossiers that name them, then the decisions publishing procedures and the petitions naming
# procedures and dossiers.
SHEETS = {
    "DonVi": DEPARTMENT_COLUMNS,
    "KeThua": SUCCESSION_COLUMNS,
    "TTHC": PROCEDURE_COLUMNS,
    "HoSo": DOSSIER_COLUMNS,
    "QuyetDinhCongBo": PUBLICATION_COLUMNS,
    "PAKN": PETITION_COLUMNS,
}
REQUIRED_SHEETS = ("TTHC", "HoSo")
# The blank template's example rows (reporting.template_workbook), one a sheet, known by the code in the
# column that names the row. They are realistic and valid, so that a user copies their shape, yet a user
# who forgets to delete them must not import a made-up unit or dossier: the reader skips a row bearing
# one of these codes, with a warning saying so. Written over with real codes, they import as any row.
EXAMPLE_CODES = {
    "DonVi": ("code", frozenset({"VD-SKHCN", "VD-STTTT"})),
    "KeThua": ("predecessor", frozenset({"VD-STTTT"})),
    "TTHC": ("code", frozenset({"0.000001"})),
    "HoSo": ("code", frozenset({"VD-000.00.01.H00-250305-0001"})),
    "QuyetDinhCongBo": ("number", frozenset({"VD-1520/QĐ-UBND"})),
    "PAKN": ("code", frozenset({"VD-PAKN-2025-01"})),
}
# The widest sheet of the layout plus fifty. A workbook kept by hand gains columns beside the data
# (notes, who typed the row, a formula or two), which the import skips with a warning; fifty is more
# than any of those, and keeps what the reader holds bounded: 200,001 rows of 60 columns are about
# 385 MB in calamine, while a sheet reaching Excel's last column, XFD, would be 280 times that.
MAX_COLUMNS = max(len(columns) for columns in SHEETS.values()) + 50

# -- Reading a workbook --------------------------------------------------------------------------------------


class WorkbookRefused(untrusted_files.FileRefused):
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


def _check_file(source: str | IO[bytes]) -> None:
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


def _sheet_rows(lines: Iterator[tuple], sheet: str, report: ImportReport) -> Iterator[Row] | None:
    """The data rows of a sheet, given as tuples of cells, as dicts by column key; None when a required
    column is missing. The header is the sheet's first non-empty row; row numbers are those Excel shows."""
    rows = enumerate(lines, start=1)
    first_row, header = next(((number, cells) for number, cells in rows if not _blank(cells)), (1, ()))
    columns = {normalise(column.header): column for column in SHEETS[sheet]}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = normalise(title)
        if not key:
            continue
        if key not in columns:
            report.warnings.append(
                Issue(sheet, first_row, text(title), _("cột không thuộc mẫu, được bỏ qua"))
            )
        elif columns[key].key in positions:
            report.warnings.append(
                Issue(sheet, first_row, text(title), _("cột lặp lại; chỉ đọc cột đầu tiên có tiêu đề này"))
            )
        else:
            positions[columns[key].key] = index
    missing = [column.header for column in SHEETS[sheet] if column.required and column.key not in positions]
    for header_name in missing:
        report.errors.append(Issue(sheet, first_row, header_name, _("thiếu cột bắt buộc")))
    if missing:
        return None
    return _data_rows(rows, sheet, positions, report)


def _blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _data_rows(rows, sheet: str, positions: dict[str, int], report: ImportReport) -> Iterator[Row]:
    key, examples = EXAMPLE_CODES[sheet]
    # A required column; the template writes its codes exactly: one set lookup a row (< 0.1 s per 200,000).
    at = positions[key]
    for number, cells in rows:
        if _blank(cells):
            continue
        if at < len(cells) and cells[at] in examples:
            message = _(
                "dòng ví dụ của tệp mẫu (mã “%(code)s”) không được nhập; hãy xóa dòng này hoặc ghi đè bằng"
                " dữ liệu thật"
            )
            report.warnings.append(Issue(sheet, number, None, message % {"code": cells[at]}))
            continue
        yield Row(sheet, number, {key: cells[i] if i < len(cells) else None for key, i in positions.items()})


Progress = Callable[[int, str], None]


def read_workbook(
    source: str | IO[bytes], report: ImportReport, progress: Progress | None = None
) -> dict[str, list[Row]]:
    """Every data row of the layout's sheets, or WorkbookRefused saying why the file cannot be read.

    The file is measured (cchc_portal/untrusted_files/): a sheet may hold IMPORT_MAX_ROWS rows under
    its header in MAX_COLUMNS columns. It is read with calamine (Rust: a tenth of openpyxl's time on a
    50,000-row sheet) in a child process with capped memory, whose rows arrive in batches while it
    reads on. Progress runs 0-40% over the rows measured."""
    _check_file(source)
    layout = {normalise(sheet): sheet for sheet in SHEETS}
    limits = {"max_rows": settings.IMPORT_MAX_ROWS + 1, "max_columns": MAX_COLUMNS}
    try:
        names = untrusted_files.inspect_xlsx(source, sheets=lambda name: normalise(name) in layout, **limits)
        # Of two sheets whose names differ only in case or spacing, the last one is read.
        present = {layout[normalise(name)]: name for name in names}
        order = [present[sheet] for sheet in SHEETS if sheet in present]
        with untrusted_files.capped_child(
            untrusted_files.xlsx_rows,
            untrusted_files.child_source(source),
            order,
            unreadable=untrusted_files.damaged_xlsx(),
        ) as batches:
            # Every cell is measured while the child parses, on another core: inflating and scanning
            # the file before starting the child would add a fifth to the reading of a 50,000-row
            # sheet. Nothing the child sends is read before the file has passed, and a child that
            # the file brings down is only reported if the measure finds nothing to say.
            measured = untrusted_files.measure_xlsx(source, sheets=order, **limits)
            announced = sum(max(extent.last_row - 1, 0) for extent in measured.values()) or 1
            with without_cycle_collection():
                rows = untrusted_files.xlsx_batches(batches)
                return _read_sheets(rows, set(present), report, progress, announced)
    except WorkbookRefused:
        raise
    except untrusted_files.FileRefused as error:
        raise WorkbookRefused(str(error)) from None


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """An import's rows and records are lists, dicts and tuples of plain values, which never form cycles;
    yet each 700 new containers wake the cycle collector, whose passes go over every row held. They
    took a third of the time of turning 50,000 rows into Row objects (0.25 s against 0.13 s without
    them), and 0.45 s of parsing and judging a file of 50,000 national records."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_sheets(
    batches: Iterator[list[tuple]],
    present: set[str],
    report: ImportReport,
    progress: Progress | None,
    announced: int,
) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for sheet in SHEETS:
        if sheet not in present:
            if sheet in REQUIRED_SHEETS:
                report.errors.append(
                    Issue(sheet, None, None, _("thiếu trang tính bắt buộc “%(sheet)s”") % {"sheet": sheet})
                )
            continue
        lines = _sheet_lines(batches)
        rows = _sheet_rows(lines, sheet, report)
        if rows is None:
            # The child sends each sheet whole; the next one starts after this one's last batch.
            for _skipped in lines:
                pass
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


def _sheet_lines(batches: Iterator[list[tuple]]) -> Iterator[tuple]:
    """One sheet's rows of cells, up to the empty batch that ends it."""
    for batch in batches:
        if not batch:
            return
        yield from batch
