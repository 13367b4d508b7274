"""The one-stop desk's slips printed from a dossier's page: the receipt and appointment slip (Mẫu số 01)
and the apology slip (Mẫu số 04) of Thông tư 01/2018/TT-VPCP, on A4, filled from the dossier, for those
who may see it."""

from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from procedures import services
from tests.factories import local, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lam_dong(settings):
    settings.PROVINCE_NAME = "Lâm Đồng"
    settings.PROVINCE_PLACE_NAME = "Lâm Đồng"


@pytest.fixture
def dossier(province):
    # Received on Monday 03/03/2025 at 09:00: five working days end at the close of office on 10/03/2025.
    return make_dossier(
        province.stttt_procedure, code="000.00.18.H12-250303-0001", applicant="Nguyễn Văn Thử"
    )


def test_the_receipt_slip_holds_the_dossiers_figures_under_the_provinces_heading(
    client, province, dossier, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the dossier with its procedure and units, and its
    # supplement requests.
    with django_assert_num_queries(5):
        page = client.get(reverse("procedures:dossier_receipt_slip", kwargs={"code": dossier.code}))
    html = page.content.decode()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in html
    assert '<strong id="slip-code">000.00.18.H12-250303-0001</strong>' in html
    assert '<strong id="slip-applicant">Nguyễn Văn Thử</strong>' in html
    assert '<span id="slip-received">09 giờ 00 phút, ngày 03 tháng 3 năm 2025</span>' in html
    assert '<strong id="slip-due">17 giờ 00 phút, ngày 10 tháng 3 năm 2025</strong>' in html
    assert "Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc" in html
    assert "Nội dung yêu cầu giải quyết: Cấp giấy phép xuất bản bản tin (mã thủ tục 1.004227)." in html
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 03 tháng 3 năm 2025",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ):
        assert line in html
    assert "css/paper.css" in html
    paper = Path(finders.find("css/paper.css")).read_text()
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in paper


def test_a_slip_of_a_unit_within_another_is_headed_by_that_unit(client, province):
    dossier = make_dossier(province.stttt_procedure, receiving_unit=province.stttt_office)
    client.force_login(province.staff_stttt)
    html = client.get(
        reverse("procedures:dossier_receipt_slip", kwargs={"code": dossier.code})
    ).content.decode()
    heading = html[html.index('class="letterhead-issuer"') : html.index('class="letterhead-nation"')]
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in heading and "VĂN PHÒNG SỞ" in heading
    assert "ỦY BAN NHÂN DÂN" not in heading
    assert "Bộ phận tiếp nhận và trả kết quả – Văn phòng Sở" in html


def test_the_apology_slip_gives_the_new_date_recorded(client, province, dossier, django_assert_num_queries):
    services.dossier_issue_apology(dossier=dossier, issued_on=date(2025, 3, 11), new_due_on=date(2025, 3, 14))
    client.force_login(province.staff_stttt)
    # The session, the user, the user's departments, the dossier and its supplement requests.
    with django_assert_num_queries(5):
        page = client.get(reverse("procedures:dossier_apology_slip", kwargs={"code": dossier.code}))
    html = page.content.decode()
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in html
    assert '<span id="slip-applicant">Nguyễn Văn Thử</span>' in html
    assert '<strong id="slip-code">000.00.18.H12-250303-0001</strong>' in html
    assert "Ngày 03 tháng 3 năm 2025, Sở Thông tin và Truyền thông tiếp nhận giải quyết hồ sơ" in html
    assert '<span id="slip-due">17 giờ 00 phút, ngày 10 tháng 3 năm 2025</span>' in html
    assert '<strong id="slip-new-due">ngày 14 tháng 3 năm 2025</strong>' in html
    assert "Lâm Đồng, ngày 11 tháng 3 năm 2025" in html and "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" in html


def test_an_overdue_dossier_without_an_apology_gets_the_slip_with_dates_to_write(client, province, dossier):
    client.force_login(province.staff_stttt)
    page = client.get(dossier.get_absolute_url())
    assert reverse("procedures:dossier_apology_slip", kwargs={"code": dossier.code}) in page.content.decode()
    html = client.get(
        reverse("procedures:dossier_apology_slip", kwargs={"code": dossier.code})
    ).content.decode()
    assert '<strong id="slip-new-due">ngày …… tháng …… năm ……</strong>' in html
    assert "Lâm Đồng, ngày …… tháng …… năm ……" in html
    assert "Chưa ghi nhận phiếu xin lỗi trên hồ sơ" in html


def test_a_dossier_returned_on_time_has_no_apology_slip(client, province):
    dossier = make_dossier(province.stttt_procedure, finished_at=local(2025, 3, 5))
    client.force_login(province.staff_stttt)
    page = client.get(dossier.get_absolute_url())
    html = page.content.decode()
    assert reverse("procedures:dossier_receipt_slip", kwargs={"code": dossier.code}) in html
    assert reverse("procedures:dossier_apology_slip", kwargs={"code": dossier.code}) not in html
    response = client.get(
        reverse("procedures:dossier_apology_slip", kwargs={"code": dossier.code}), follow=True
    )
    assert response.redirect_chain[-1][0] == dossier.get_absolute_url()
    assert f"Hồ sơ {dossier.code} chưa quá hạn và chưa có phiếu xin lỗi." in response.content.decode()


@pytest.mark.parametrize("slip", ["dossier_receipt_slip", "dossier_apology_slip"])
def test_another_departments_staff_cannot_open_the_slips(client, province, dossier, slip):
    client.force_login(province.staff_sxd)
    assert client.get(reverse(f"procedures:{slip}", kwargs={"code": dossier.code})).status_code == 404
