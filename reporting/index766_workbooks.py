"""The national index (766) as workbooks: the ranking of the units and one unit's full index. Figures are
numbers (ratios as fractions with a percent format, so that a spreadsheet sums and sorts them), a figure
without data says so in words ("chưa có dữ liệu", never 0), the header rows stay in view when scrolling,
and the title names the province (cchc_portal.letterhead, from settings.PROVINCE_NAME)."""

from dataclasses import dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc_portal.letterhead import place_and_date, province_authority
from departments.models import Department
from reporting.exports import looks_like_formula
from reporting.index766 import UnitIndex
from reporting.index766_formatting import NO_DATA, indicator_points_text, ratio_text
from reporting.index766_rules import IndexIndicator
from reporting.index766_table import GROUPS
from reporting.results import Period

PERCENT = "0.00%"
POINTS = "0.00"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="top", wrap_text=True)
HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class RankedUnit:
    rank: int | None
    department: Department
    index: UnitIndex
    previous_rank: int | None = None
    previous_total: float | None = None


def put(sheet, row: int, column: int, value: object, number_format: str = ""):
    """One cell; a name a spreadsheet would take for a formula stays text, a figure without data says so."""
    cell = sheet.cell(row=row, column=column, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    return cell


def _points(value: float | None) -> float | str:
    return _(NO_DATA) if value is None else value


def _share(value: float | None) -> float | str:
    """A percentage (91.89) as the fraction a percent format shows as 91,89%."""
    return _(NO_DATA) if value is None else round(value / 100, 6)


def write_title(sheet, *, title: str, subtitle: str, width: int) -> None:
    sheet["A1"] = province_authority()
    sheet["A1"].font = Font(bold=True)
    dated = sheet.cell(row=2, column=width, value=place_and_date(timezone.localdate()))
    dated.font, dated.alignment = Font(italic=True), Alignment(horizontal="right")
    for row, text, font in ((3, title, Font(bold=True, size=13)), (4, subtitle, Font(italic=True))):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = put(sheet, row, 1, text)
        cell.font, cell.alignment = font, HEADER


def write_header(sheet, row: int, titles: list[str], *, names_to: int) -> None:
    """The header row; it stays in view with the title block above it, and so do the columns up to
    `names_to` (what each row is)."""
    for column, text in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font, cell.alignment, cell.border = Font(bold=True), HEADER, BOX
    sheet.freeze_panes = sheet.cell(row=row + 1, column=names_to + 1)


def period_text(period: Period) -> str:
    return _("Kỳ: từ ngày %(start)s đến ngày %(end)s") % {
        "start": f"{period.start:%d/%m/%Y}",
        "end": f"{period.end:%d/%m/%Y}",
    }


def ranking_workbook(
    target: IO[bytes], sections: list[tuple[str, list[RankedUnit]]], period: Period, *, sort_label: str
) -> None:
    """One sheet for each section of the ranking (agencies, communes…), its units in rank order: the
    total, the maximum of the indicators with data, the share of it reached, each group's points, and the
    rank and total of the period before."""
    book = Workbook()
    book.remove(book.active)
    titles = [
        _("Hạng"),
        _("Mã đơn vị"),
        _("Tên đơn vị"),
        _("Tổng điểm"),
        _("Điểm tối đa có dữ liệu"),
        _("Tỷ lệ đạt"),
        *(str(group.label) for group in GROUPS),
        _("Hạng kỳ trước"),
        _("Tổng điểm kỳ trước"),
    ]
    for label, units in sections or [(_("Xếp hạng"), [])]:
        sheet = book.create_sheet(label[:31])
        write_title(
            sheet,
            title=_("XẾP HẠNG BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg) · %(section)s")
            % {"section": label.upper()},
            subtitle=f"{period_text(period)} · {_('xếp theo')} {sort_label}",
            width=len(titles),
        )
        top = 6
        write_header(sheet, top, titles, names_to=3)
        for line, unit in enumerate(units, start=top + 1):
            result = unit.index.result
            put(sheet, line, 1, unit.rank)
            put(sheet, line, 2, unit.department.code)
            put(sheet, line, 3, unit.department.name)
            put(sheet, line, 4, _points(result.total), POINTS)
            put(sheet, line, 5, result.max_available, POINTS)
            put(sheet, line, 6, _share(result.score_100), PERCENT)
            for offset, group in enumerate(result.groups):
                put(sheet, line, 7 + offset, _points(group.points), POINTS)
            put(sheet, line, 7 + len(GROUPS), unit.previous_rank)
            put(sheet, line, 8 + len(GROUPS), _points(unit.previous_total), POINTS)
        sheet.column_dimensions["C"].width = 40
        for column in range(4, len(titles) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    book.save(target)


def _indicator_row(sheet, line: int, indicator: IndexIndicator) -> None:
    kind = indicator.definition.kind
    put(sheet, line, 1, indicator.code)
    put(sheet, line, 2, indicator.label).alignment = WRAP
    put(sheet, line, 3, str(indicator.definition.formula)).alignment = WRAP
    put(sheet, line, 4, indicator.numerator)
    put(sheet, line, 5, indicator.denominator)
    if kind == "shown":
        # 2.2 is a mean of working days, not a ratio.
        measure = indicator.value if indicator.value is not None else ratio_text(indicator)
        put(sheet, line, 6, measure, POINTS)
    else:
        measure = ratio_text(indicator) if indicator.ratio is None else indicator.ratio / 100
        put(sheet, line, 6, measure, PERCENT)
    put(sheet, line, 7, indicator.threshold / 100, PERCENT)
    points = indicator_points_text(indicator) if indicator.points is None else indicator.points
    put(sheet, line, 8, points, POINTS)
    put(sheet, line, 9, indicator.max, POINTS)


def unit_workbook(target: IO[bytes], index: UnitIndex) -> None:
    """A unit's (or the province's) full index: each group with its points, each indicator with its
    formula, numerator, denominator, ratio, threshold and points, and the total."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Chỉ số 766")
    titles = [
        _("Mã"),
        _("Chỉ số"),
        _("Công thức"),
        _("Tử số"),
        _("Mẫu số"),
        _("Tỷ lệ"),
        _("Ngưỡng"),
        _("Điểm"),
        _("Điểm tối đa"),
    ]
    unit = index.department.name if index.department else _("Toàn tỉnh")
    write_title(
        sheet,
        title=_("BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg)"),
        subtitle=f"{unit} · {period_text(index.period)}",
        width=len(titles),
    )
    top = 6
    write_header(sheet, top, titles, names_to=2)
    line = top
    for group in index.result.groups:
        line += 1
        put(sheet, line, 2, group.label)
        put(sheet, line, 8, _points(group.points), POINTS)
        put(sheet, line, 9, group.max, POINTS)
        for column in range(1, len(titles) + 1):
            sheet.cell(row=line, column=column).font = Font(bold=True)
        for indicator in group.indicators:
            line += 1
            _indicator_row(sheet, line, indicator)
    result = index.result
    totals = [
        (_("Tổng điểm"), _points(result.total), POINTS),
        (_("Điểm tối đa của các chỉ số có dữ liệu"), result.max_available, POINTS),
        (_("Điểm quy đổi thang 100"), _points(result.score_100), POINTS),
    ]
    for label, value, number_format in totals:
        line += 1
        put(sheet, line, 2, label).font = Font(bold=True)
        put(sheet, line, 8, value, number_format).font = Font(bold=True)
    for letter, width in (("A", 8), ("B", 36), ("C", 60)):
        sheet.column_dimensions[letter].width = width
    for letter in "DEFGHI":
        sheet.column_dimensions[letter].width = 12
    book.save(target)
