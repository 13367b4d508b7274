"""The report workbooks' titles carry the heading of the portal's papers: the province's committee by name,
and the place and day the workbook was written."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from cchc_portal.letterhead import date_in_words

pytestmark = pytest.mark.django_db

YEAR_2025 = {"kind": "year", "year": "2025"}


@pytest.mark.parametrize(
    ("url", "sheet_name"),
    [
        (("reporting:ranking", {}), "ChiSo"),
        (("reporting:form_06a_department", {"code": "STTTT"}), "Bieu06a"),
    ],
)
def test_a_report_workbook_names_the_province_and_the_place_and_day(
    client, province, settings, url, sheet_name
):
    settings.PROVINCE_NAME = "Lâm Đồng"
    settings.PROVINCE_PLACE_NAME = "Đà Lạt"
    client.force_login(province.inspector)
    name, kwargs = url
    response = client.get(reverse(name, kwargs=kwargs), YEAR_2025)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))[sheet_name]
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    dated = [cell.value for cell in sheet[2] if cell.value]
    assert dated == [f"Đà Lạt, {date_in_words(timezone.localdate())}"]
