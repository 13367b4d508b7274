"""The official reports as workbooks: Biểu 06a and the ranking of units, small enough for openpyxl."""

from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc_portal.letterhead import place_and_date, province_authority
from departments.models import Department
from reporting.exports import looks_like_formula
from reporting.form_06a import FORM_06A_COLUMNS, form_06a
from reporting.results import Period, RankingRow


def _put(sheet, *, row: int, column: int, value: object):
    """sheet.cell() for the official reports: names come from what departments and imports typed, and
    openpyxl would store one starting with "=" as a formula, so such a name is marked as text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
    return cell


THIN = Side(style="thin")
PERCENT, DECIMAL, COUNT = "0.00%", "0.00", "#,##0"
# How each kind of indicator (reporting.definitions) is shown in a cell.
FIGURE_FORMATS = {"rate": PERCENT, "score": DECIMAL, "value": DECIMAL, "count": COUNT}
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title_block(sheet, *, form: str, title: str, subtitle: str, width: int) -> None:
    sheet["A1"] = province_authority()
    sheet["A1"].font = Font(bold=True)
    # The place and the day the workbook is written, at the right as on a paper, spilling leftwards.
    dated = sheet.cell(row=2, column=width, value=place_and_date(timezone.localdate()))
    dated.font, dated.alignment = Font(italic=True), Alignment(horizontal="right")
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
    # The headers, their column numbers and each row's field stay in view when scrolling.
    sheet.freeze_panes = sheet.cell(row=numbers + 1, column=3)
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


def ranking_workbook(target: IO[bytes], ranking: list[RankingRow], period: Period) -> None:
    """Every indicator of every department of the overview's ranking, one row each, and its dossiers
    overdue today, as the overview shows them. Figures are numbers a spreadsheet sums and sorts: a rate
    (95.27 on the page) as the fraction 0.9527 with the percent format 0.00%, as the national index's
    workbooks write theirs; a count as a whole number; a score or a mean with two decimals."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ChiSo"
    first = ranking[0].indicators if ranking else None
    codes = list(first.indicators) if first else []
    width = len(codes) + 4
    _title_block(
        sheet,
        form=_("Bảng chỉ số"),
        width=max(width, 6),
        title=_("BẢNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC ĐƠN VỊ"),
        subtitle=_("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s")
        % {"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
    )
    titles = (
        [_("Hạng"), _("Mã đơn vị"), _("Tên đơn vị"), *(first[code].label for code in codes)] if first else []
    )
    titles += [_("Quá hạn hôm nay")] if first else []
    top = 6
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=top, column=column, value=title)
        cell.font, cell.alignment, cell.border = Font(bold=True), CENTER, BOX
    # The header and each unit's name stay in view when scrolling.
    sheet.freeze_panes = sheet.cell(row=top + 1, column=4)
    formats = [FIGURE_FORMATS[first[code].definition.kind] for code in codes] if first else []
    for line, row in enumerate(ranking, start=top + 1):
        _put(sheet, row=line, column=1, value=row.rank)
        _put(sheet, row=line, column=2, value=row.department.code)
        _put(sheet, row=line, column=3, value=row.department.name)
        for offset, code in enumerate(codes):
            indicator = row.indicators[code]
            value = indicator.value
            if value is not None and indicator.definition.kind == "rate":
                value = round(value / 100, 6)
            sheet.cell(row=line, column=4 + offset, value=value).number_format = formats[offset]
        sheet.cell(row=line, column=4 + len(codes), value=row.overdue_now).number_format = COUNT
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 40
    for column in range(4, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    book.save(target)
