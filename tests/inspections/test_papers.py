"""The conclusion is ready to sign: an A4 .docx with the decree's margins and a heading that names the
province, the issuing team, the nation and the place and date; the print page carries the same heading."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from cchc_portal.letterhead import date_in_words, place_and_date, province_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def lam_dong(settings):
    settings.PROVINCE_NAME = "Lâm Đồng"
    settings.PROVINCE_PLACE_NAME = "Đà Lạt"


def test_the_conclusion_docx_is_a4_with_the_decrees_margins_and_heading(
    client, province, recommendation, lam_dong, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the inspection, its findings read for the strengths and
    # again for the limitations, and its recommendations.
    with django_assert_num_queries(7):
        response = client.get(reverse("inspections:docx", kwargs={"pk": recommendation.inspection_id}))
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    # Word keeps sizes in twentieths of a point: A4 is 11906 × 16838 of them, 210 × 297 mm to the tenth.
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    margins = [round(getattr(section, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")]
    assert margins == [20, 20, 30, 15]
    left, right = (cell.text.splitlines() for cell in document.tables[0].rows[0].cells)
    assert left == ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "ĐOÀN KIỂM TRA CÔNG TÁC CCHC", "Số: 12/KL-ĐKT"]
    assert right == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đà Lạt, ngày 15 tháng 7 năm 2025",
    ]


def test_the_print_page_carries_the_same_heading_on_an_a4_page(
    client, province, recommendation, lam_dong, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the inspection, its recommendations, and its findings
    # read for the strengths and again for the limitations.
    with django_assert_num_queries(7):
        page = client.get(reverse("inspections:print", kwargs={"pk": recommendation.inspection_id}))
    html = page.content.decode()
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "ĐOÀN KIỂM TRA CÔNG TÁC CCHC",
        "Số: 12/KL-ĐKT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đà Lạt, ngày 15 tháng 7 năm 2025",
    ):
        assert line in html
    assert "css/paper.css" in html


def test_dates_follow_the_decree_and_missing_settings_leave_room_to_write(settings):
    settings.PROVINCE_NAME = settings.PROVINCE_PLACE_NAME = ""

    assert date_in_words(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_in_words(date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"
    assert province_authority() == "ỦY BAN NHÂN DÂN TỈNH ……"
    assert place_and_date(None) == "……, ngày …… tháng …… năm ……"
