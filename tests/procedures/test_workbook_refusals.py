"""What a workbook may not say about the province (spec/organisation.md), each refused with its sheet, row,
column and reason, and the whole file then writes nothing: not even its good rows."""

import io
from datetime import date

import pytest

from departments.models import Department
from procedures.imports import import_workbook
from procedures.models import Dossier, Procedure, Succession
from tests.factories import (
    HOSO_HEADERS,
    TTHC_HEADERS,
    local,
    make_department,
    make_dossier,
    make_field,
    make_procedure,
    make_succession,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

KETHUA = ["Mã đơn vị cũ", "Mã đơn vị kế thừa", "Ngày hiệu lực", "Lĩnh vực"]
TTHC = [*TTHC_HEADERS, "Cấp thực hiện"]
HOSO = [*HOSO_HEADERS, "Mã đơn vị tiếp nhận"]


@pytest.fixture
def reorganised(province):
    """STTTT ended on 28/02/2025: press (Báo chí) passed to SVHTTDL, every other field to SKHCN. Two
    communes carry out the shared birth registration."""
    province.stttt.valid_to = date(2025, 2, 28)
    province.stttt.save()
    skhcn = make_department("SKHCN", name="Sở Khoa học và Công nghệ")
    svhttdl = make_department("SVHTTDL", name="Sở Văn hóa, Thể thao và Du lịch")
    make_succession(province.stttt, skhcn)
    make_succession(province.stttt, svhttdl, fields=(make_field("Báo chí"),))
    for code, name in (("XA-BINH", "UBND xã Bình"), ("XA-DONG", "UBND xã Đông")):
        make_department(code, name=name, kind=Department.Kind.COMMUNE)
    make_procedure(code="1.001193", name="Đăng ký khai sinh", level=Procedure.Level.COMMUNE)
    return province


def dossier(code: str, procedure: str, unit: str | None, received: str, receiving: str | None = None) -> list:
    return [code, procedure, unit, "Trực tiếp", received, None, None, None, None, receiving]


def sheets(sheet: str | None = None, row: list | None = None) -> dict[str, list[list]]:
    """A good dossier row of SXD, and beside it the bad row."""
    found = {
        "KeThua": [KETHUA],
        "TTHC": [TTHC],
        "HoSo": [HOSO, dossier("HS-OK", "1.009972", None, "03/03/2025 09:00")],
    }
    if sheet is not None:
        found[sheet].append(row)
    return found


def state() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Department, Succession, Succession.fields.through, Procedure, Dossier)
    ]


REFUSALS = {
    "a succession that loops": (
        "KeThua",
        ["SKHCN", "STTTT", "01/06/2025", None],
        [
            "Trang KeThua, dòng 2, cột “Mã đơn vị kế thừa”: Kế thừa tạo thành vòng: Sở Thông tin và Truyền "
            "thông đã (trực tiếp hoặc gián tiếp) kế thừa Sở Khoa học và Công nghệ.",
            "Trang KeThua, dòng 2, cột “Ngày hiệu lực”: Sở Thông tin và Truyền thông không hoạt động vào ngày "
            "hiệu lực 01/06/2025.",
        ],
    ),
    "a field given to two successors": (
        "KeThua",
        ["STTTT", "SKHCN", "01/03/2025", "Báo chí"],
        [
            "Trang KeThua, dòng 2, cột “Lĩnh vực”: Lĩnh vực Báo chí đã giao cho một đơn vị kế thừa khác của "
            "Sở Thông tin và Truyền thông."
        ],
    ),
    "a second successor taking every other field": (
        "KeThua",
        ["STTTT", "SXD", "01/03/2025", None],
        [
            "Trang KeThua, dòng 2, cột “Lĩnh vực”: Sở Thông tin và Truyền thông đã có một đơn vị kế thừa nhận "
            "mọi lĩnh vực còn lại: hãy ghi rõ lĩnh vực cho kế thừa này."
        ],
    ),
    "a succession on another day than the one after the predecessor's end": (
        "KeThua",
        ["STTTT", "SXD", "15/03/2025", "Lĩnh vực chung"],
        [
            "Trang KeThua, dòng 2, cột “Ngày hiệu lực”: Ngày hiệu lực phải là ngày sau ngày kết thúc của Sở "
            "Thông tin và Truyền thông (01/03/2025).",
        ],
    ),
    "a field that does not exist": (
        "KeThua",
        ["STTTT", "SXD", "01/03/2025", "Xuất bản"],
        ["Trang KeThua, dòng 2, cột “Lĩnh vực”: không có lĩnh vực “Xuất bản”"],
    ),
    "a dossier received after its unit ended": (
        "HoSo",
        dossier("HS-X", "1.004227", "STTTT", "10/03/2025 09:00"),
        [
            "Trang HoSo, dòng 3, cột “Mã đơn vị”: Sở Thông tin và Truyền thông đã kết thúc hoạt động từ ngày "
            "01/03/2025: hãy ghi hồ sơ cho đơn vị kế thừa Sở Khoa học và Công nghệ."
        ],
    ),
    "a dossier under a unit that does not carry out its procedure that day": (
        "HoSo",
        dossier("HS-X", "1.001193", "SXD", "10/03/2025 09:00"),
        [
            "Trang HoSo, dòng 3, cột “Mã đơn vị”: Sở Xây dựng không thực hiện thủ tục này vào ngày tiếp nhận "
            "10/03/2025."
        ],
    ),
    "an ambiguous resolving unit left blank": (
        "HoSo",
        dossier("HS-X", "1.001193", None, "10/03/2025 09:00"),
        [
            "Trang HoSo, dòng 3, cột “Mã đơn vị”: không được để trống: thủ tục “1.001193” do 2 đơn vị thực "
            "hiện vào ngày tiếp nhận (XA-BINH, XA-DONG); hãy ghi mã đơn vị giải quyết"
        ],
    ),
    "a receiving unit that had ended": (
        "HoSo",
        dossier("HS-X", "1.009972", None, "10/03/2025 09:00", "STTTT"),
        [
            "Trang HoSo, dòng 3, cột “Mã đơn vị tiếp nhận”: Đơn vị tiếp nhận Sở Thông tin và Truyền thông "
            "không hoạt động vào ngày tiếp nhận 10/03/2025."
        ],
    ),
    "a provincial procedure without unit": (
        "TTHC",
        ["1.000333", "Cấp phép thử", "Lĩnh vực chung", None, 5, None, "2", "Không", "Cấp tỉnh"],
        [
            "Trang TTHC, dòng 2, cột “Mã đơn vị”: Thủ tục cấp tỉnh phải có ít nhất một đơn vị thực hiện.",
        ],
    ),
    "an unknown level": (
        "TTHC",
        ["1.000333", "Cấp phép thử", "Lĩnh vực chung", "SXD", 5, None, "2", "Không", "Cấp thôn"],
        [
            "Trang TTHC, dòng 2, cột “Cấp thực hiện”: “Cấp thôn” không hợp lệ; chọn một trong: “Cấp tỉnh”, "
            "“Cấp xã”, “Cấp huyện”"
        ],
    ),
}


@pytest.mark.parametrize(("sheet", "row", "expected"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_workbook_saying_what_the_organisation_forbids_is_refused_whole(reorganised, sheet, row, expected):
    before = state()
    report = import_workbook(io.BytesIO(workbook_bytes(sheets(sheet, row))), user=None, dry_run=False)
    assert [str(error) for error in report.errors] == expected
    assert state() == before
    assert not Dossier.objects.filter(code="HS-OK").exists()


def test_the_good_rows_alone_are_written(reorganised):
    report = import_workbook(io.BytesIO(workbook_bytes(sheets())), user=None, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert Dossier.objects.get(code="HS-OK").department == reorganised.sxd


def test_staff_cannot_reshape_the_province_by_import(reorganised):
    procedure = ["1.000444", "Thẩm định thiết kế", "Xây dựng", "SXD", 5, None, "2", "Không", None]
    succession = ["SXD", "SKHCN", "01/03/2025", "Xây dựng"]
    content = workbook_bytes({"KeThua": [KETHUA, succession], "TTHC": [TTHC, procedure], "HoSo": [HOSO]})
    before = state()
    report = import_workbook(io.BytesIO(content), user=reorganised.staff_sxd, dry_run=False)
    assert [str(error) for error in report.errors] == [
        "Trang KeThua, dòng 2, cột “Mã đơn vị cũ”: bạn không có quyền ghi kế thừa giữa các đơn vị"
    ]
    assert state() == before
    # Sở Xây dựng keeps no end date: the one the succession implied is not written either.
    assert Department.objects.get(code="SXD").valid_to is None


def test_a_unit_cannot_end_before_dossiers_stored_under_it(province):
    make_dossier(province.sxd_procedure, code="HS-LATE", received_at=local(2025, 3, 4))
    donvi = [
        ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại đơn vị", "Ngày bắt đầu", "Ngày kết thúc"],
        ["SXD", "Sở Xây dựng", None, None, None, "28/02/2025"],
    ]
    before = state()
    report = import_workbook(
        io.BytesIO(workbook_bytes({**sheets(), "DonVi": donvi})), user=None, dry_run=False
    )
    assert [str(error) for error in report.errors] == [
        "Trang DonVi, dòng 2, cột “Ngày kết thúc”: Sở Xây dựng còn 1 hồ sơ tiếp nhận từ ngày 01/03/2025 trở "
        "đi: hãy ghi các hồ sơ đó cho đơn vị kế thừa trước.",
        "Trang HoSo, dòng 2, cột “Mã đơn vị”: không có đơn vị nào thực hiện thủ tục “1.009972” vào ngày "
        "tiếp nhận 03/03/2025",
    ]
    assert state() == before


def test_a_succession_cannot_end_a_unit_that_still_receives_dossiers(province):
    make_dossier(province.sxd_procedure, code="HS-LATE", received_at=local(2025, 3, 4))
    make_department("SXD-MOI", name="Sở Xây dựng mới")
    before = state()
    report = import_workbook(
        io.BytesIO(workbook_bytes(sheets("KeThua", ["SXD", "SXD-MOI", "01/03/2025", None]))),
        user=None,
        dry_run=False,
    )
    assert [str(error) for error in report.errors] == [
        "Trang KeThua, dòng 2, cột “Ngày hiệu lực”: Sở Xây dựng còn 1 hồ sơ tiếp nhận từ ngày 01/03/2025 trở "
        "đi: hãy ghi các hồ sơ đó cho đơn vị kế thừa trước."
    ]
    assert state() == before
