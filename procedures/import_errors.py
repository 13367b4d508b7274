"""A refused import's errors as a workbook, to work through beside the file: one line an error, with the
sheet, the row number as Excel shows it and the column (for a file of the national layout: the record,
its place in the file and the field), sorted as the file reads. The errors are those the check kept on
its job (procedures.tasks.report_as_dict), so the download says exactly what the page said."""

from pathlib import Path
from typing import IO

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jobs.models import Job
from procedures import workbook as wb

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_ORDER = {name: index for index, name in enumerate(wb.SHEETS)}
IMPORT_KINDS = (Job.Kind.IMPORT_CHECK, Job.Kind.IMPORT)
# The width of each column: a sheet's name, a row number, a column's title, the message.
WIDTHS = {"A": 20, "B": 10, "C": 30, "D": 100}


def import_errors_download(request: HttpRequest, pk) -> HttpResponse:
    """The errors of the user's own import or check (an administrator may download any); a job that
    refused nothing has no such file."""
    jobs = Job.objects.visible_to(request.user).filter(kind__in=IMPORT_KINDS)
    job = get_object_or_404(jobs.only("pk", "filename", "result"), pk=pk)
    errors = job.result.get("errors") or []
    if not errors:
        raise Http404
    response = HttpResponse(content_type=XLSX)
    errors_workbook(response, errors, national=job.result.get("layout") == "dvc")
    name = f"loi-{Path(job.filename).stem}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def errors_workbook(target: IO[bytes], errors: list[dict], *, national: bool) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Lỗi"))
    # The header stays in view however many errors follow; a write-only sheet takes its pane and
    # widths before its first row.
    sheet.freeze_panes = "A2"
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    titles = (
        [_("Mã hồ sơ"), _("Thứ tự trong tệp"), _("Trường"), _("Lỗi")]
        if national
        else [_("Trang tính"), _("Dòng"), _("Cột"), _("Lỗi")]
    )
    bold = Font(bold=True)
    header = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    ordered = errors if national else sorted(errors, key=_file_order)
    for error in ordered:
        sheet.append(
            [_text(sheet, error["sheet"]), error["row"], _text(sheet, error["column"]), error["message"]]
        )
    book.save(target)


def _file_order(error: dict) -> tuple[int, int]:
    return SHEET_ORDER.get(error["sheet"], len(SHEET_ORDER)), error["row"] or 0


def _text(sheet, value: str | None):
    """A name taken from the uploaded file stays text, even one a spreadsheet would take for a formula."""
    if not value:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
