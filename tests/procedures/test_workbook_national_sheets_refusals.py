"""What the sheets QuyetDinhCongBo and PAKN refuse: each error names its sheet, row and column in
Vietnamese, a file with any error writes nothing, staff write only their units' petitions and only
those who publish decisions write decisions; and a bad petition is refused by the workbook in the very
words of its form and the API."""

import io

import pytest
from django.urls import reverse

from procedures.imports import import_workbook
from procedures.models import Petition, PublicationDecision, PublicationItem
from tests.factories import (
    HOSO_HEADERS,
    local,
    make_dossier,
    make_petition,
    make_publication,
    workbook_bytes,
)
from tests.procedures.test_workbook_national_sheets import (
    DECISION_HEADERS,
    PETITION_HEADERS,
    national_sheets,
)

pytestmark = pytest.mark.django_db

REGULATION = "Quy định hành chính, TTHC"


def errors_of(sheets: dict, user=None) -> list[str]:
    report = import_workbook(io.BytesIO(workbook_bytes(sheets)), user=user, dry_run=False)
    return [str(error) for error in report.errors]


@pytest.fixture
def dossiers(province):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    make_dossier(province.sxd_procedure, code="HS-XD", received_at=local(2025, 3, 3))


def test_each_bad_decision_row_is_named_by_sheet_row_and_column_and_nothing_is_written(province):
    decisions = [
        DECISION_HEADERS,
        ["1/QĐ-UBND", "15/03/2025", "9.999999", "Thêm mới", "01/03/2025"],
        ["2/QĐ-UBND", "15/03/2025", "1.004227", "Sửa", "01/03/2025"],
        ["3/QĐ-UBND", "15/03/2025", "1.004227", "Thêm mới", "01/03/2025"],
        ["3/QĐ-UBND", "16/03/2025", "1.009972", "Thêm mới", "01/03/2025"],
        ["3/QĐ-UBND", "15/03/2025", "1.004227", "Bãi bỏ", "01/03/2025"],
        ["4/QĐ-UBND", "31/02/2025", "1.004227", "Sửa đổi", None],
    ]
    assert errors_of(national_sheets(decisions, [PETITION_HEADERS])) == [
        "Trang QuyetDinhCongBo, dòng 2, cột “Mã TTHC”: Không có thủ tục mã “9.999999”.",
        "Trang QuyetDinhCongBo, dòng 3, cột “Loại”: “Sửa” không hợp lệ; chọn một trong: “Thêm mới”, "
        "“Sửa đổi, bổ sung”, “Bãi bỏ”, “Sửa đổi”",
        "Trang QuyetDinhCongBo, dòng 5, cột “Ngày quyết định”: khác với dòng 4 của cùng quyết định",
        "Trang QuyetDinhCongBo, dòng 6, cột “Mã TTHC”: Thủ tục này đã có trong quyết định công bố.",
        "Trang QuyetDinhCongBo, dòng 7, cột “Ngày quyết định”: ngày “31/02/2025” không tồn tại",
        "Trang QuyetDinhCongBo, dòng 7, cột “Ngày hiệu lực của văn bản QPPL”: không được để trống",
    ]
    assert not PublicationDecision.objects.exists() and not PublicationItem.objects.exists()


def test_each_bad_petition_row_says_the_models_rule_on_its_column_and_nothing_is_written(province, dossiers):
    petitions = [
        PETITION_HEADERS,
        [
            "PAKN-1",
            "STTTT",
            None,
            None,
            REGULATION,
            "05/03/2025 08:00",
            "05/03/2025 09:00",
            None,
            "06/03/2025",
        ],
        ["PAKN-2", "STTTT", None, None, REGULATION, "05/03/2025 08:00", None, "04/03/2025 10:00"],
        ["PAKN-3", "STTTT", "1.004227", "HS-XD", REGULATION, "05/03/2025 08:00"],
        ["PAKN 4", "KHONG-CO", None, None, "Khác", "hôm qua"],
        ["PAKN-1", "STTTT", None, None, REGULATION, "05/03/2025 08:00", None, None, None, None, "Tạm được"],
    ]
    errors = errors_of(national_sheets([DECISION_HEADERS], petitions))
    assert errors[:3] == [
        "Trang PAKN, dòng 2, cột “Thời điểm giải quyết xong”: PAKN đã từ chối tiếp nhận thì không có thời "
        "điểm giải quyết xong.",
        "Trang PAKN, dòng 3, cột “Thời điểm yêu cầu bổ sung”: Thời điểm này không được trước thời điểm tiếp "
        "nhận PAKN.",
        "Trang PAKN, dòng 4, cột “Mã hồ sơ”: Hồ sơ này thuộc thủ tục khác với thủ tục của PAKN.",
    ]
    assert [error.split(":")[0] for error in errors[3:]] == [
        "Trang PAKN, dòng 5, cột “Mã PAKN”",
        "Trang PAKN, dòng 5, cột “Mã đơn vị”",
        "Trang PAKN, dòng 5, cột “Phân loại”",
        "Trang PAKN, dòng 5, cột “Thời điểm tiếp nhận”",
        "Trang PAKN, dòng 6, cột “Mã PAKN”",
        "Trang PAKN, dòng 6, cột “Đánh giá”",
    ]
    assert errors[4:] == [
        "Trang PAKN, dòng 5, cột “Mã đơn vị”: không có đơn vị mã “KHONG-CO”",
        "Trang PAKN, dòng 5, cột “Phân loại”: “Khác” không hợp lệ; chọn một trong: “Quy định hành chính, "
        "TTHC”, “Hành vi của cán bộ, công chức”",
        "Trang PAKN, dòng 5, cột “Thời điểm tiếp nhận”: “hôm qua” không phải ngày dạng dd/mm/yyyy hoặc "
        "dd/mm/yyyy hh:mm",
        "Trang PAKN, dòng 6, cột “Mã PAKN”: mã “PAKN-1” lặp lại trong trang",
        "Trang PAKN, dòng 6, cột “Đánh giá”: “Tạm được” không hợp lệ; chọn một trong: “Hài lòng”, "
        "“Không hài lòng”",
    ]
    assert not Petition.objects.exists()


def test_staff_write_only_their_units_petitions_about_their_procedures_and_dossiers(province, dossiers):
    make_petition(province.sxd, code="PAKN-XD")
    petitions = [
        PETITION_HEADERS,
        ["PAKN-1", "STTTT-VP", "1.004227", "HS-1", REGULATION, "05/03/2025 08:00"],
        ["PAKN-2", "SXD", None, None, REGULATION, "05/03/2025 08:00"],
        ["PAKN-XD", "SXD", None, None, REGULATION, "03/03/2025 09:00"],
        ["PAKN-3", "STTTT", "1.009972", "HS-XD", REGULATION, "05/03/2025 08:00"],
    ]
    assert errors_of(national_sheets([DECISION_HEADERS], petitions), province.staff_stttt) == [
        "Trang PAKN, dòng 3, cột “Mã đơn vị”: bạn không có quyền với đơn vị “SXD”",
        "Trang PAKN, dòng 4, cột “Mã PAKN”: PAKN “PAKN-XD” thuộc đơn vị bạn không quản lý",
        "Trang PAKN, dòng 4, cột “Mã đơn vị”: bạn không có quyền với đơn vị “SXD”",
        "Trang PAKN, dòng 5, cột “Mã TTHC”: Không có thủ tục mã “1.009972” trong phạm vi của bạn.",
        "Trang PAKN, dòng 5, cột “Mã hồ sơ”: không có hồ sơ mã “HS-XD” trong phạm vi của bạn",
    ]
    assert errors_of(national_sheets([DECISION_HEADERS], petitions[:2]), province.staff_stttt) == []
    assert Petition.objects.get(code="PAKN-1").department == province.stttt_office
    # Inspectors see every unit but keep no petition.
    again = [PETITION_HEADERS, ["PAKN-4", "SXD", None, None, REGULATION, "05/03/2025 08:00"]]
    assert errors_of(national_sheets([DECISION_HEADERS], again), province.inspector) == [
        "Trang PAKN, dòng 2, cột “Mã PAKN”: bạn không có quyền thêm PAKN"
    ]


def test_only_those_who_publish_write_decisions_though_anyone_passes_an_unchanged_one(province):
    make_publication(province.stttt_procedure, number="12/QĐ-UBND")
    unchanged = ["12/QĐ-UBND", "01/03/2025", "1.004227", "Thêm mới", "01/03/2025"]
    new = ["13/QĐ-UBND", "02/03/2025", "1.004227", "Thêm mới", "01/03/2025"]
    amended = ["12/QĐ-UBND", "01/03/2025", "1.004227", "Bãi bỏ", "01/03/2025"]
    staff = province.staff_stttt
    assert errors_of(national_sheets([DECISION_HEADERS, unchanged], [PETITION_HEADERS]), staff) == []
    assert errors_of(national_sheets([DECISION_HEADERS, new, amended], [PETITION_HEADERS]), staff) == [
        "Trang QuyetDinhCongBo, dòng 2, cột “Số quyết định”: bạn không có quyền thêm quyết định công bố",
        "Trang QuyetDinhCongBo, dòng 3, cột “Loại”: bạn không có quyền sửa quyết định công bố “12/QĐ-UBND”",
    ]
    sheets = national_sheets([DECISION_HEADERS, new, amended], [PETITION_HEADERS])
    assert errors_of(sheets, province.inspector) == []
    assert sorted(PublicationItem.objects.values_list("decision__number", "kind")) == [
        ("12/QĐ-UBND", "repealed"),
        ("13/QĐ-UBND", "added"),
    ]


def test_a_bad_petition_is_refused_in_the_same_words_by_the_form_the_api_and_the_workbook(
    lan, lan_api, province, dossiers
):
    """Refused once finished and finished before its receipt: the model's rule, wherever it is typed."""
    message = "Thời điểm này không được trước thời điểm tiếp nhận PAKN."
    form = lan.post(
        reverse("procedures:petition_create"),
        {
            "code": "PAKN-12",
            "department": province.stttt.pk,
            "category": "regulation",
            "received_at": "05/03/2025 08:30",
            "finished_at": "04/03/2025 16:00",
        },
    )
    assert form.context["form"].errors == {"finished_at": [message]}
    api = lan_api.post(
        reverse("api:petition-list"),
        {
            "code": "PAKN-12",
            "department": "STTTT",
            "category": "regulation",
            "received_at": "2025-03-05T08:30:00+07:00",
            "finished_at": "2025-03-04T16:00:00+07:00",
        },
        content_type="application/json",
    )
    assert api.json()["fields"] == {"finished_at": [message]}
    row = ["PAKN-12", "STTTT", None, None, REGULATION, "05/03/2025 08:30", None, None, "04/03/2025 16:00"]
    assert errors_of(national_sheets([DECISION_HEADERS], [PETITION_HEADERS, row]), province.staff_stttt) == [
        f"Trang PAKN, dòng 2, cột “Thời điểm giải quyết xong”: {message}"
    ]
    assert not Petition.objects.exists()


def test_an_error_on_another_sheet_keeps_good_decisions_and_petitions_out_too(province):
    sheets = national_sheets(
        [DECISION_HEADERS, ["12/QĐ-UBND", "01/03/2025", "1.004227", "Thêm mới", "01/03/2025"]],
        [PETITION_HEADERS, ["PAKN-1", "STTTT", None, None, REGULATION, "05/03/2025 08:00"]],
    )
    sheets["HoSo"] = [HOSO_HEADERS, ["HS-9", "1.004227", None, "Trực tiếp", "31/02/2025"]]
    assert errors_of(sheets) == ["Trang HoSo, dòng 2, cột “Ngày tiếp nhận”: ngày “31/02/2025” không tồn tại"]
    assert not PublicationDecision.objects.exists() and not Petition.objects.exists()
