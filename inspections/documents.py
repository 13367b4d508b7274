"""The conclusion document (Kết luận kiểm tra) as a .docx in the usual Vietnamese administrative layout:
issuing body and national motto side by side, number and date, title, then the general situation with
the frozen figures, strengths, limitations and recommendations, and the signature block."""

from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

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


def conclusion_docx(inspection: Inspection, target: IO[bytes]) -> None:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for section in document.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    _header(document, inspection)
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


def _header(document, inspection: Inspection) -> None:
    """The issuing body with the conclusion's number on the left, the national motto and the date on the
    right."""
    province = settings.PROVINCE_NAME.upper()
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(_("ỦY BAN NHÂN DÂN TỈNH %(p)s") % {"p": province}).bold = False
    left.add_paragraph().add_run(_("ĐOÀN KIỂM TRA CÔNG TÁC CCHC")).bold = True
    left.add_paragraph(_("Số: %(n)s") % {"n": inspection.conclusion_number or "…/KL-ĐKT"})
    right.paragraphs[0].add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).bold = True
    right.add_paragraph().add_run(_("Độc lập - Tự do - Hạnh phúc")).bold = True
    day = inspection.concluded_on
    right.add_paragraph().add_run(
        _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day:%d}", "m": f"{day:%m}", "y": day.year}
        if day
        else ""
    ).italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


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
