"""The official workbooks (Biểu 06a, the ranking) write names as the department typed them: a name that a
spreadsheet would take for a formula stays text, as in the list exports."""

import io

import openpyxl
import pytest
from django.urls import reverse

from departments.models import Department
from tests.factories import local, make_dossier, make_field, make_procedure

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://lua-dao.example","Bấm vào đây")'
YEAR_2025 = {"kind": "year", "year": "2025"}


def formula_like_cells(content: bytes, sheet: str) -> dict[str, str]:
    """Every cell whose text starts with a formula character, with the type it is stored as."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value: cell.data_type
        for row in book[sheet].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    }


def test_form_06a_writes_a_department_or_field_name_that_looks_like_a_formula_as_text(client, province):
    Department.objects.filter(pk=province.stttt.pk).update(name=FORMULA)
    procedure = make_procedure(province.stttt, field=make_field("=1+1 Xuất bản"))
    make_dossier(procedure, received_at=local(2025, 3, 3))
    client.force_login(province.inspector)
    response = client.get(reverse("reporting:form_06a_department", kwargs={"code": "STTTT"}), YEAR_2025)
    assert formula_like_cells(response.content, "Bieu06a") == {
        f"{FORMULA} · Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/12/2025": "s",
        "=1+1 Xuất bản": "s",
    }


def test_ranking_writes_a_department_code_or_name_that_looks_like_a_formula_as_text(client, province):
    Department.objects.filter(pk=province.sxd.pk).update(name=FORMULA)
    Department.objects.filter(pk=province.stttt.pk).update(name="@Sở Thông tin và Truyền thông")
    make_dossier(province.sxd_procedure, received_at=local(2025, 3, 3))
    client.force_login(province.leader)
    response = client.get(reverse("reporting:ranking"), YEAR_2025)
    assert formula_like_cells(response.content, "ChiSo") == {
        FORMULA: "s",
        "@Sở Thông tin và Truyền thông": "s",
    }
