"""The blank template offered on the import page: an instructions sheet first, then every sheet of the
layout (procedures.workbook) with its header frozen, an example row, a drop-down list on each column of a
closed list of values (the values on a hidden sheet) and the day-first date formats on its date columns.
Small, so written with openpyxl's ordinary workbook, which alone offers data validation."""

from datetime import date, datetime
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from procedures import workbook as wb
from procedures.dvcqg import NationalStatus
from reporting.exports import DATE_FORMAT, DATETIME_FORMAT
from reporting.template_guide import COLUMN_NOTES, FLAG_NOTE, HOW_TO_IMPORT, SHEET_PURPOSES

GUIDE, LISTS = "Hướng dẫn", "DanhMuc"
# Drop-downs and formats reach this row: far more than a file typed by hand holds, and cheap, since a
# range is one line of XML whatever its length.
LAST_ROW = 20_000
TEXT_FORMAT = "@"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="7F6000")
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(vertical="top", wrap_text=True)

# The closed lists of values, by sheet and column: the labels the import reads (procedures.workbook_cells).
CHOICES = {
    ("DonVi", "kind"): wb.KINDS,
    ("TTHC", "online_level"): wb.ONLINE_LEVELS,
    ("TTHC", "accepts_postal"): wb.YES_NO,
    ("TTHC", "level"): wb.LEVELS,
    ("HoSo", "channel"): wb.CHANNELS,
    ("HoSo", "status"): wb.STATUSES,
    ("HoSo", "satisfaction"): wb.SATISFACTIONS,
    ("HoSo", "national_status"): wb.NATIONAL_STATUSES,
    **{("HoSo", key): wb.YES_NO for key in wb.DOSSIER_FLAGS},
    ("QuyetDinhCongBo", "kind"): wb.PUBLICATION_KINDS,
    ("PAKN", "category"): wb.PETITION_CATEGORIES,
    ("PAKN", "rating"): wb.PETITION_RATINGS,
}
DATES = {
    ("DonVi", "valid_from"),
    ("DonVi", "valid_to"),
    ("KeThua", "effective_on"),
    ("HoSo", "due_on"),
    ("QuyetDinhCongBo", "decided_on"),
    ("QuyetDinhCongBo", "basis_effective_on"),
    ("QuyetDinhCongBo", "published_on"),
}
DATE_TIMES = {
    ("HoSo", "received_at"),
    ("HoSo", "finished_at"),
    ("HoSo", "processing_completed_at"),
    *(("PAKN", key) for key in ("received_at", "refused_at", "supplement_requested_at")),
    *(("PAKN", key) for key in ("finished_at", "published_at")),
}
NUMBERS = {
    ("TTHC", "statutory_days"): gettext_lazy(
        "Số ngày làm việc (5; nửa ngày: 0,5) hoặc số giờ làm việc (4 giờ)"
    ),
    ("TTHC", "reduced_days"): gettext_lazy(
        "Số ngày làm việc (3; nửa ngày: 0,5) hoặc số giờ làm việc (2 giờ)"
    ),
    ("HoSo", "fee_amount"): gettext_lazy("Số nguyên"),
}
# One example row a sheet, valid and consistent across sheets (the dossier is of the example procedure,
# carried out by the example unit), keyed by procedures.workbook.EXAMPLE_CODES so that the import skips it.
DOSSIER = "VD-000.00.01.H00-250305-0001"
EXAMPLES = {
    "DonVi": {"code": "VD-SKHCN", "name": "Sở Khoa học và Công nghệ", "kind": "Sở, ban, ngành"},
    "KeThua": {
        "predecessor": "VD-STTTT",
        "successor": "VD-SKHCN",
        "effective_on": date(2025, 3, 1),
    },
    "TTHC": {
        "code": "0.000001",
        "name": "Cấp giấy phép xuất bản bản tin",
        "field": "Xuất bản, In và Phát hành",
        "department": "VD-SKHCN",
        "statutory_days": 10,
        "reduced_days": 7,
        "online_level": "Toàn trình",
        "accepts_postal": "Có",
        "level": "Cấp tỉnh",
    },
    "HoSo": {
        "code": DOSSIER,
        "procedure": "0.000001",
        "channel": "Trực tuyến",
        "received_at": datetime(2025, 3, 5, 8, 30),
        "finished_at": datetime(2025, 3, 12, 16, 0),
        "status": "Đã giải quyết",
        "satisfaction": "Hài lòng",
        "national_status": "10",
        "processing_completed_at": datetime(2025, 3, 12, 15, 0),
        "electronic_result": "Có",
        "digitised": "Có",
        "reused_data": "Không",
        "dvcqg_store": "Có",
        "population_data": "Có",
        "fee_amount": 50000,
        "paid_online": "Có",
        "synced_to_dvcqg": "Có",
    },
    "QuyetDinhCongBo": {
        "number": "VD-1520/QĐ-UBND",
        "decided_on": date(2025, 3, 15),
        "procedure": "0.000001",
        "kind": "Sửa đổi, bổ sung",
        "basis_effective_on": date(2025, 3, 1),
        "published_on": date(2025, 3, 20),
        "note": "Công bố thủ tục hành chính sửa đổi, bổ sung lĩnh vực xuất bản",
    },
    "PAKN": {
        "code": "VD-PAKN-2025-01",
        "department": "VD-SKHCN",
        "procedure": "0.000001",
        "dossier": DOSSIER,
        "category": "Quy định hành chính, TTHC",
        "received_at": datetime(2025, 3, 13, 9, 0),
        "finished_at": datetime(2025, 3, 20, 15, 30),
        "rating": "Hài lòng",
    },
}
# The example's second unit, which the succession ends: written under the first in the DonVi sheet.
FORMER_UNIT = {
    "code": "VD-STTTT",
    "name": "Sở Thông tin và Truyền thông",
    "kind": "Sở, ban, ngành",
    "valid_to": date(2025, 2, 28),
}


def template_workbook(target: IO[bytes]) -> None:
    book = Workbook()
    guide = book.active
    guide.title = GUIDE
    lists = book.create_sheet(LISTS)
    ranges = _write_lists(lists)
    for name, columns in wb.SHEETS.items():
        sheet = book.create_sheet(name)
        examples = [EXAMPLES[name], FORMER_UNIT] if name == "DonVi" else [EXAMPLES[name]]
        _data_sheet(sheet, name, columns, examples, ranges)
    # The lists last and hidden: a drop-down reads them, a user has no reason to.
    book.move_sheet(lists, offset=len(wb.SHEETS))
    lists.sheet_state = "hidden"
    _write_guide(guide)
    book.save(target)


def _write_lists(sheet) -> dict[tuple[str, str], str]:
    """Each distinct list in a column of its own; returns each list's range by sheet and column."""
    columns: dict[int, str] = {}
    ranges: dict[tuple[str, str], str] = {}
    for place, options in CHOICES.items():
        if id(options) not in columns:
            letter = get_column_letter(len(columns) + 1)
            sheet[f"{letter}1"] = next(c.header for c in wb.SHEETS[place[0]] if c.key == place[1])
            for row, label in enumerate(options, start=2):
                sheet[f"{letter}{row}"] = label
            columns[id(options)] = f"{LISTS}!${letter}$2:${letter}${len(options) + 1}"
        ranges[place] = columns[id(options)]
    return ranges


def _data_sheet(sheet, name: str, columns, examples: list[dict], ranges: dict) -> None:
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        cell = sheet.cell(row=1, column=number, value=column.header)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.comment = Comment(_column_note(name, column.key), "CCHC", width=300, height=120)
        number_format = _number_format(name, column)
        values = [example.get(column.key) for example in examples]
        for row, value in enumerate(values, start=2):
            example = sheet.cell(row=row, column=number, value=value)
            example.font, example.fill = EXAMPLE_FONT, EXAMPLE_FILL
            if number_format:
                example.number_format = number_format
        if number_format:
            # Cells typed later take the column's format: a date shows day first, a code stays text.
            sheet.column_dimensions[letter].number_format = number_format
        longest = max([len(column.header), *(len(str(v)) for v in values if v is not None)])
        sheet.column_dimensions[letter].width = min(max(longest + 3, 14), 45)
        if (name, column.key) in ranges:
            sheet.add_data_validation(_drop_down(ranges[(name, column.key)], letter))
    sheet["A2"].comment = Comment(
        _("Dòng ví dụ: cổng bỏ qua dòng này khi nhập. Hãy xóa hoặc ghi đè bằng dữ liệu thật."), "CCHC"
    )


def _number_format(sheet: str, column: wb.Column) -> str:
    if (sheet, column.key) in DATES:
        return DATE_FORMAT
    if (sheet, column.key) in DATE_TIMES:
        return DATETIME_FORMAT
    return TEXT_FORMAT if column.text else ""


def _drop_down(formula: str, letter: str) -> DataValidation:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = _("Hãy chọn một giá trị trong danh sách thả xuống.")
    validation.errorTitle = _("Giá trị không hợp lệ")
    validation.showErrorMessage = True
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    return validation


def _meaning(sheet: str, key: str) -> str:
    return str(COLUMN_NOTES[sheet].get(key) or (FLAG_NOTE if key in wb.DOSSIER_FLAGS else ""))


def _column_note(sheet: str, key: str) -> str:
    return f"{_meaning(sheet, key)} {_value_format(sheet, key)}".strip()


def _value_format(sheet: str, key: str) -> str:
    if (sheet, key) == ("HoSo", "national_status"):
        # Bare numbers in the list: the guide says what each stands for.
        labels = "; ".join(f"{code} ({label})" for code, label in NationalStatus.choices)
        return _("Chọn trong danh sách: %(labels)s.") % {"labels": labels}
    if (sheet, key) in CHOICES:
        labels = "; ".join(CHOICES[(sheet, key)])
        return _("Chọn trong danh sách: %(labels)s.") % {"labels": labels}
    if (sheet, key) in DATES:
        return _("Ngày dd/mm/yyyy.")
    if (sheet, key) in DATE_TIMES:
        return _("Ngày giờ dd/mm/yyyy hh:mm.")
    if (sheet, key) in NUMBERS:
        return f"{NUMBERS[(sheet, key)]}."
    return _("Văn bản.")


def _write_guide(sheet) -> None:
    """How to fill and import the file, then one line a column of each sheet: required or not, the
    values or format it takes, and what it holds."""
    sheet["A1"] = _("HƯỚNG DẪN NHẬP DỮ LIỆU CẢI CÁCH HÀNH CHÍNH BẰNG TỆP EXCEL")
    sheet["A1"].font = Font(bold=True, size=13)
    line = 2
    for step in HOW_TO_IMPORT:
        line += 1
        sheet.cell(row=line, column=1, value=str(step))
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=5)
        sheet.cell(row=line, column=1).alignment = WRAP
        sheet.row_dimensions[line].height = 32
    line += 2
    titles = [_("Trang tính"), _("Cột"), _("Bắt buộc"), _("Giá trị cho phép, định dạng"), _("Ý nghĩa")]
    for number, title in enumerate(titles, start=1):
        cell = sheet.cell(row=line, column=number, value=title)
        cell.font, cell.fill = BOLD, HEADER_FILL
    sheet.freeze_panes = sheet.cell(row=line + 1, column=1)
    for name, columns in wb.SHEETS.items():
        line += 1
        sheet.cell(row=line, column=1, value=name).font = BOLD
        sheet.cell(row=line, column=5, value=str(SHEET_PURPOSES[name])).font = BOLD
        for column in columns:
            line += 1
            required = _("Có") if column.required else _("Không")
            if (name, column.key) == ("TTHC", "department"):
                # The one column required by level, which the import judges row by row.
                required = _("Có, với thủ tục cấp tỉnh")
            values = [name, column.header, required]
            values += [_value_format(name, column.key), _meaning(name, column.key)]
            for number, value in enumerate(values, start=1):
                sheet.cell(row=line, column=number, value=value).alignment = WRAP
    for letter, width in zip("ABCDE", (18, 30, 10, 48, 70), strict=True):
        sheet.column_dimensions[letter].width = width
