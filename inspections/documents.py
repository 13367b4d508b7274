"""The conclusion document (Kết luận kiểm tra) as a .docx in the layout of Nghị định 30/2020/NĐ-CP: an A4
page with the decree's margins, the province's committee and the inspection team beside the national name
and motto, the number, the place and date, the title, then the general situation with the frozen figures,
strengths, limitations and recommendations, and the signature block."""

from typing import IO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from cchc_portal.letterhead import Letterhead, letterhead
from inspections.models import Finding, Inspection, ReformArea
from reporting.definitions import DEFINITIONS_BY_CODE
from reporting.formatting import value_display

KEY_FIGURES = [
    "procedures_total",
    "procedures_reduced",
    "reduced_share",
    "received",
    "resolved",
    "on_time_rate",
    "in_progress_within_deadline",
    "in_progress_overdue",
    "withdrawn",
    "satisfaction_rate",
    "online_rate",
    "postal_rate",
    "staff_reduction_rate",
    "disbursement_rate",
]


def _line(
    document,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 13,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def conclusion_letterhead(inspection: Inspection) -> Letterhead:
    """The heading of the conclusion, on paper and on the print page alike."""
    return letterhead(
        issuer=_("Đoàn kiểm tra công tác CCHC"),
        number=inspection.conclusion_number or _("…/KL-ĐKT"),
        day=inspection.concluded_on,
    )


def conclusion_docx(inspection: Inspection, target: IO[bytes]) -> None:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for section in document.sections:
        _a4(section)
    _header(document, conclusion_letterhead(inspection))
    document.add_paragraph()
    _title(document, inspection)
    _line(document, _("I. TÌNH HÌNH CHUNG"), bold=True)
    _line(document, inspection.concluded_summary)
    _figures(document, inspection.concluded_indicators or {})
    _findings(document, inspection)
    _recommendations(document, inspection)
    document.add_paragraph()
    _line(document, _("TRƯỞNG ĐOÀN"), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.add_paragraph()
    _line(
        document,
        inspection.lead.get_full_name() or inspection.lead.username,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    document.save(target)


def _a4(section) -> None:
    """A4 (210 × 297 mm) with margins inside the decree's ranges: top and bottom 20 mm (20-25), left 30 mm
    (30-35), right 15 mm (15-20). python-docx starts from US Letter."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _header(document, heading: Letterhead) -> None:
    """The governing and issuing bodies with the number on the left, the national name, the motto and the
    place and date on the right: upright capitals for the governing body, bold ones for the issuer and
    the nation, the motto bold, the date italic, as the decree sets them."""
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    _cell_line(left.paragraphs[0], heading.authority, size=12)
    _cell_line(left.add_paragraph(), heading.issuer, bold=True, size=12)
    _cell_line(left.add_paragraph(), _("Số: %(n)s") % {"n": heading.number}, size=13)
    _cell_line(right.paragraphs[0], heading.nation, bold=True, size=12)
    _cell_line(right.add_paragraph(), heading.motto, bold=True, size=13)
    _cell_line(right.add_paragraph(), heading.place_and_date, italic=True, size=13)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _cell_line(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def _title(document, inspection: Inspection) -> None:
    _line(document, _("KẾT LUẬN KIỂM TRA"), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _line(
        document,
        _("Công tác cải cách hành chính tại %(d)s") % {"d": inspection.department.name},
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _line(
        document,
        _("Kỳ kiểm tra: từ ngày %(a)s đến ngày %(b)s")
        % {"a": f"{inspection.scope_start:%d/%m/%Y}", "b": f"{inspection.scope_end:%d/%m/%Y}"},
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def _figures(document, figures: dict) -> None:
    """The key figures as frozen at the conclusion."""
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Chỉ số"), _("Kết quả")
    for code in KEY_FIGURES:
        row = table.add_row().cells
        row[0].text = str(DEFINITIONS_BY_CODE[code].label)
        row[1].text = value_display(figures.get(code, {}).get("value"), DEFINITIONS_BY_CODE[code])


def _findings(document, inspection: Inspection) -> None:
    areas = dict(ReformArea.choices)
    for kind, title in (
        (Finding.Kind.STRENGTH, _("II. ƯU ĐIỂM")),
        (Finding.Kind.LIMITATION, _("III. HẠN CHẾ, TỒN TẠI")),
    ):
        _line(document, title, bold=True)
        findings = [f for f in inspection.findings.all() if f.kind == kind]
        if not findings:
            _line(document, _("Không có."))
        for finding in findings:
            _line(document, f"- {areas[finding.area]}: {finding.text}")


def _recommendations(document, inspection: Inspection) -> None:
    _line(document, _("IV. KIẾN NGHỊ, YÊU CẦU CHẤN CHỈNH"), bold=True)
    for index, recommendation in enumerate(inspection.recommendations.select_related("responsible"), start=1):
        _line(
            document,
            _("%(i)s. %(text)s (Đơn vị thực hiện: %(unit)s; thời hạn: %(deadline)s).")
            % {
                "i": index,
                "text": recommendation.text,
                "unit": recommendation.responsible.name,
                "deadline": f"{recommendation.deadline:%d/%m/%Y}",
            },
        )
