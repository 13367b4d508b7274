"""The national index per procedure as a workbook, laid out as reporting.index766_workbooks lays out the
index (counts and ratios as numbers, a percent format, the header rows in view, the province's name in
the title): each procedure's numerator, denominator and ratio of every dossier indicator."""

from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reporting.index766_formatting import ratio_text
from reporting.index766_procedures import PROCEDURE_CODES, ProcedureRow
from reporting.index766_table import DEFINITIONS_BY_CODE
from reporting.index766_workbooks import HEADER, PERCENT, POINTS, period_text, put, write_header, write_title
from reporting.results import Period

# What each indicator's three columns hold, and 2.2's (a mean of working days, not a ratio).
PARTS = (gettext_lazy("Tử số"), gettext_lazy("Mẫu số"), gettext_lazy("Tỷ lệ"))
DAYS_PARTS = (gettext_lazy("Tổng số ngày"), gettext_lazy("Số hồ sơ"), gettext_lazy("Trung bình (ngày)"))
NAMES = 2  # the procedure's code and name, before the indicators' columns


def procedure_workbook(target: IO[bytes], rows: list[ProcedureRow], period: Period, *, scope: str) -> None:
    """The rows in the order given; `scope` says whose dossiers were counted (the province, or a staff
    member's units)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Theo thủ tục")
    titles = [_("Mã TTHC"), _("Tên thủ tục hành chính")]
    for code in PROCEDURE_CODES:
        titles += [str(part) for part in (DAYS_PARTS if code == "2.2" else PARTS)]
    write_title(
        sheet,
        title=_("BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg) THEO THỦ TỤC HÀNH CHÍNH"),
        subtitle=f"{scope} · {period_text(period)}",
        width=len(titles),
    )
    # Row 6 names each indicator over its three columns; row 7 the columns; both stay in view.
    for offset, code in enumerate(PROCEDURE_CODES):
        first = NAMES + 1 + 3 * offset
        sheet.merge_cells(start_row=6, start_column=first, end_row=6, end_column=first + 2)
        cell = put(sheet, 6, first, f"{code} {DEFINITIONS_BY_CODE[code].label}")
        cell.font, cell.alignment = Font(bold=True), HEADER
    write_header(sheet, 7, titles, names_to=NAMES)
    for line, row in enumerate(rows, start=8):
        put(sheet, line, 1, row.procedure.code)
        put(sheet, line, 2, row.procedure.name)
        for offset, code in enumerate(PROCEDURE_CODES):
            _indicator_cells(sheet, line, NAMES + 1 + 3 * offset, row, code)
    sheet.row_dimensions[6].height = 45
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 50
    for column in range(NAMES + 1, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    book.save(target)


def _indicator_cells(sheet, line: int, first: int, row: ProcedureRow, code: str) -> None:
    indicator = row.indicators.get(code)
    if indicator is None:
        return
    put(sheet, line, first, indicator.numerator)
    put(sheet, line, first + 1, indicator.denominator)
    if indicator.definition.kind == "shown":
        measure = indicator.value if indicator.value is not None else ratio_text(indicator)
        put(sheet, line, first + 2, measure, POINTS)
    else:
        # A ratio as the fraction a percent format shows; with nothing to measure, the words the page uses.
        measure = ratio_text(indicator) if indicator.ratio is None else round(indicator.ratio / 100, 6)
        put(sheet, line, first + 2, measure, PERCENT)
