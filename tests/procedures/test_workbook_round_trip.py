"""An export of a reorganised province imports again with "không có thay đổi": the successions of the
units it names (KeThua), the level and units of each procedure, and each dossier's receiving unit."""

import io
from datetime import date

import openpyxl
import pytest

from departments.models import Department
from procedures.imports import import_workbook
from procedures.management.commands.import_xlsx import summary
from procedures.models import Dossier, Procedure, Succession
from reporting.exports import write_workbook
from tests.factories import (
    HOSO_HEADERS,
    TTHC_HEADERS,
    local,
    make_department,
    make_dossier,
    make_procedure,
    make_succession,
    make_user,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reorganised(province):
    """STTTT ended on 28/02/2025 and passed everything to SKHCN; two communes carry out the birth
    registration; the service centre received an SXD dossier."""
    province.stttt.valid_to = date(2025, 2, 28)
    province.stttt.save()
    skhcn = make_department("SKHCN", name="Sở Khoa học và Công nghệ")
    make_succession(province.stttt, skhcn)
    communes = [
        make_department(code, name=name, kind=Department.Kind.COMMUNE)
        for code, name in (("XA-BINH", "UBND xã Bình"), ("XA-DONG", "UBND xã Đông"))
    ]
    centre = make_department("TTPVHCC", name="Trung tâm PVHCC", kind=Department.Kind.SERVICE_CENTRE)
    birth = make_procedure(
        code="1.001193", name="Đăng ký khai sinh", level=Procedure.Level.COMMUNE, units=tuple(communes)
    )
    make_dossier(province.stttt_procedure, code="HS-BT-0", received_at=local(2025, 2, 20))
    make_dossier(province.stttt_procedure, code="HS-BT-1", department=skhcn, received_at=local(2025, 3, 10))
    for commune in communes:
        make_dossier(birth, code=f"HS-{commune.code}", department=commune, received_at=local(2025, 3, 10))
    make_dossier(
        province.sxd_procedure,
        code="HS-XD-1",
        received_at=local(2025, 3, 11, 14),
        receiving_unit=centre,
        finished_at=local(2025, 3, 14, 16),
        satisfaction="satisfied",
    )
    province.skhcn = skhcn
    return province


def exported(dossiers) -> bytes:
    target = io.BytesIO()
    write_workbook(target, procedures=Procedure.objects.none(), dossiers=dossiers)
    return target.getvalue()


def stored() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            Department,
            Succession,
            Procedure,
            Procedure.units.through,
            Dossier,
            Dossier.history.model,
        )
    ]


def test_the_export_writes_successions_levels_units_and_receiving_units(reorganised):
    book = openpyxl.load_workbook(io.BytesIO(exported(Dossier.objects.all())))
    assert book.sheetnames == ["DonVi", "KeThua", "TTHC", "HoSo", "QuyetDinhCongBo", "PAKN"]
    assert list(book["DonVi"].iter_rows(min_row=2, values_only=True)) == [
        ("SKHCN", "Sở Khoa học và Công nghệ", None, "Sở, ban, ngành", None, None),
        ("STTTT", "Sở Thông tin và Truyền thông", None, "Sở, ban, ngành", None, book["DonVi"]["F3"].value),
        ("SXD", "Sở Xây dựng", None, "Sở, ban, ngành", None, None),
        ("TTPVHCC", "Trung tâm PVHCC", None, "Trung tâm PVHCC", None, None),
        ("XA-BINH", "UBND xã Bình", None, "Xã, phường, đặc khu", None, None),
        ("XA-DONG", "UBND xã Đông", None, "Xã, phường, đặc khu", None, None),
    ]
    assert book["DonVi"]["F3"].value.date() == date(2025, 2, 28)
    assert [row[:3] for row in book["KeThua"].iter_rows(min_row=2, values_only=True)] == [
        ("STTTT", "SKHCN", book["KeThua"]["C2"].value)
    ]
    assert book["KeThua"]["C2"].value.date() == date(2025, 3, 1)
    procedures = {row[0]: (row[3], row[8]) for row in book["TTHC"].iter_rows(min_row=2, values_only=True)}
    assert procedures == {
        "1.001193": ("XA-BINH; XA-DONG", "Cấp xã"),
        "1.004227": ("STTTT", "Cấp tỉnh"),
        "1.009972": ("SXD", "Cấp tỉnh"),
    }
    dossiers = {row[0]: (row[2], row[9]) for row in book["HoSo"].iter_rows(min_row=2, values_only=True)}
    assert dossiers == {
        "HS-BT-0": ("STTTT", None),
        "HS-BT-1": ("SKHCN", None),
        "HS-XA-BINH": ("XA-BINH", None),
        "HS-XA-DONG": ("XA-DONG", None),
        "HS-XD-1": ("SXD", "TTPVHCC"),
    }


def test_an_export_of_a_reorganised_province_imports_again_with_no_change(reorganised):
    before = stored()
    report = import_workbook(io.BytesIO(exported(Dossier.objects.all())), user=None, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert summary(report) == "Đã nhập 15 dòng — không có thay đổi."
    assert dict(report.unchanged) == {"departments": 6, "successions": 1, "procedures": 3, "dossiers": 5}
    assert stored() == before


def test_staff_of_a_successor_reimport_their_predecessors_dossiers(reorganised):
    staff = make_user("thu", departments=(reorganised.skhcn,))
    mine = Dossier.objects.filter(department__in=[reorganised.stttt, reorganised.skhcn])
    before = stored()
    report = import_workbook(io.BytesIO(exported(mine)), user=staff, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert summary(report) == "Đã nhập 6 dòng — không có thay đổi."
    assert stored() == before
    # A new dossier of the predecessor's time goes in under it; one after its end is refused.
    content = io.BytesIO(exported(mine))
    book = openpyxl.load_workbook(content)
    book["HoSo"].append(["HS-BT-2", "1.004227", "STTTT", "Trực tiếp", "21/02/2025 08:00"])
    book["HoSo"].append(["HS-BT-3", "1.004227", "STTTT", "Trực tiếp", "02/03/2025 08:00"])
    changed = io.BytesIO()
    book.save(changed)
    changed.seek(0)
    report = import_workbook(changed, user=staff, dry_run=True)
    assert [str(error) for error in report.errors] == [
        "Trang HoSo, dòng 5, cột “Mã đơn vị”: Sở Thông tin và Truyền thông đã kết thúc hoạt động từ ngày "
        "01/03/2025: hãy ghi hồ sơ cho đơn vị kế thừa Sở Khoa học và Công nghệ."
    ]


def test_a_workbook_in_the_layout_before_units_over_time_keeps_what_it_has_no_column_for(reorganised):
    """Without Cấp thực hiện and Mã đơn vị tiếp nhận, a stored level and receiving unit stay as they are."""
    before = stored()
    content = workbook_bytes(
        {
            "TTHC": [
                TTHC_HEADERS,
                ["1.001193", "Đăng ký khai sinh", "Lĩnh vực chung", "XA-BINH; XA-DONG", 10],
            ],
            "HoSo": [
                HOSO_HEADERS,
                [
                    "HS-XD-1",
                    "1.009972",
                    "SXD",
                    "Trực tiếp",
                    "11/03/2025 14:00",
                    None,
                    "14/03/2025 16:00",
                    "Đã giải quyết",
                    "Hài lòng",
                ],
            ],
        }
    )
    report = import_workbook(io.BytesIO(content), user=None, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert summary(report) == "Đã nhập 2 dòng — không có thay đổi."
    assert stored() == before
    assert Dossier.objects.get(code="HS-XD-1").receiving_unit.code == "TTPVHCC"
