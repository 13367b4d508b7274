"""A workbook that carries the province's 2025 reorganisation (spec/organisation.md): units with kinds and
dates, the sheet KeThua (a merger, a split by field, a chain of two successions), a commune-level
procedure carried out by every commune, and a dossier received by the service centre for a department.
Every dossier lands under the unit the rules say, and the figures of both structures follow."""

import io
from datetime import date

import pytest

from departments.models import Department
from procedures.imports import import_workbook
from procedures.models import Dossier, Field, Procedure, Succession
from procedures.organisation import CURRENT, HISTORICAL, FieldSet
from procedures.selectors import load_organisation
from reporting.indicators import indicators_for_department
from reporting.results import Period
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, workbook_bytes

pytestmark = pytest.mark.django_db

DONVI = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại đơn vị", "Ngày bắt đầu", "Ngày kết thúc"]
KETHUA = ["Mã đơn vị cũ", "Mã đơn vị kế thừa", "Ngày hiệu lực", "Lĩnh vực"]
TTHC = [*TTHC_HEADERS, "Cấp thực hiện"]
HOSO = [*HOSO_HEADERS, "Mã đơn vị tiếp nhận"]
COMMUNE = "Xã, phường, đặc khu"
YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))


def dossier(code: str, procedure: str, unit: str | None, received: str, receiving: str | None = None) -> list:
    return [code, procedure, unit, "Trực tiếp", received, None, None, None, None, receiving]


def reorganisation() -> dict[str, list[list]]:
    """STTTT (in the portal) ends on 28/02/2025: press and publishing pass to SVHTTDL, every other field
    to SKHCN. STNMT and SNNPTNT merge into SNNMT. Xã An joins Xã Bình on 01/03/2025 (its end date left
    for the import to fill in), which joins Xã Hòa on 01/07/2025; Xã Đông goes on."""
    return {
        "DonVi": [
            DONVI,
            ["STTTT", "Sở Thông tin và Truyền thông", None, "Sở, ban, ngành", None, "28/02/2025"],
            ["SKHCN", "Sở Khoa học và Công nghệ", None, None, None, None],
            ["SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", None, None, None, None],
            ["STNMT", "Sở Tài nguyên và Môi trường", None, None, None, "28/02/2025"],
            ["SNNPTNT", "Sở Nông nghiệp và PTNT", None, None, None, "28/02/2025"],
            ["SNNMT", "Sở Nông nghiệp và Môi trường", None, None, "01/03/2025", None],
            ["TTPVHCC", "Trung tâm Phục vụ hành chính công", None, "Trung tâm PVHCC", None, None],
            ["XA-AN", "UBND xã An", None, COMMUNE, None, None],
            ["XA-BINH", "UBND xã Bình", None, COMMUNE, None, "30/06/2025"],
            ["XA-HOA", "UBND xã Hòa", None, COMMUNE, "01/07/2025", None],
            ["XA-DONG", "UBND xã Đông", None, COMMUNE, None, None],
        ],
        "KeThua": [
            KETHUA,
            ["STTTT", "SKHCN", "01/03/2025", None],
            ["STTTT", "SVHTTDL", "01/03/2025", "Báo chí; Xuất bản"],
            ["STNMT", "SNNMT", "01/03/2025", None],
            ["SNNPTNT", "SNNMT", "01/03/2025", None],
            ["XA-AN", "XA-BINH", "01/03/2025", None],
            ["XA-BINH", "XA-HOA", "01/07/2025", None],
        ],
        "TTHC": [
            TTHC,
            ["1.000111", "Cấp giấy phép in", "Xuất bản", "STTTT", 10, None, "2", "Không", "Cấp tỉnh"],
            ["1.000222", "Cấp phép họp báo", "Báo chí", "STTTT", 5, None, "2", "Không", None],
            ["1.001193", "Đăng ký khai sinh", "Hộ tịch", None, 1, None, "Toàn trình", "Không", "Cấp xã"],
        ],
        "HoSo": [
            HOSO,
            # Before the merger STTTT resolves its procedures; after it, its successor for the field.
            dossier("HS-BT-0", "1.004227", None, "20/02/2025 09:00"),
            dossier("HS-BT-1", "1.004227", None, "10/03/2025 09:00"),
            dossier("HS-IN-1", "1.000111", None, "10/03/2025 10:00"),
            # The birth registration of every commune, named on each row.
            dossier("HS-KS-AN", "1.001193", "XA-AN", "20/02/2025 08:00"),
            dossier("HS-KS-BINH", "1.001193", "XA-BINH", "10/03/2025 08:00"),
            dossier("HS-KS-DONG", "1.001193", "XA-DONG", "10/03/2025 08:30"),
            dossier("HS-KS-HOA", "1.001193", "XA-HOA", "15/07/2025 08:00"),
            # Received by the service centre, resolved by SXD, the one unit carrying out 1.009972.
            dossier("HS-XD-1", "1.009972", None, "11/03/2025 14:00", "TTPVHCC"),
        ],
    }


def run(sheets: dict[str, list[list]], *, user=None):
    return import_workbook(io.BytesIO(workbook_bytes(sheets)), user=user, dry_run=False, filename="2025.xlsx")


def received(code: str, structure: str) -> int:
    department = Department.objects.get(code=code)
    return indicators_for_department(department, YEAR_2025, structure=structure)["received"].value


def test_a_workbook_carrying_the_reorganisation_creates_units_successions_and_dossiers(province):
    report = run(reorganisation())
    assert report.ok, [str(e) for e in report.errors]
    assert dict(report.created) == {
        "departments": 10,
        "successions": 6,
        "fields": 3,
        "procedures": 3,
        "dossiers": 8,
    }
    # STTTT's end date changed; Xã An's was filled in from its succession.
    assert report.updated["departments"] == 1
    units = {
        d.code: (d.kind, d.valid_from, d.valid_to)
        for d in Department.objects.filter(code__in=["STTTT", "XA-AN", "SNNMT", "TTPVHCC", "SKHCN"])
    }
    assert units == {
        "STTTT": ("agency", None, date(2025, 2, 28)),
        "XA-AN": ("commune", None, date(2025, 2, 28)),
        "SNNMT": ("agency", date(2025, 3, 1), None),
        "TTPVHCC": ("service_centre", None, None),
        "SKHCN": ("agency", None, None),
    }
    successions = {
        (
            s.predecessor.code,
            s.successor.code,
            s.effective_on,
            tuple(f.name for f in s.fields.order_by("name")),
        )
        for s in Succession.objects.select_related("predecessor", "successor")
    }
    march, july = date(2025, 3, 1), date(2025, 7, 1)
    assert successions == {
        ("STTTT", "SKHCN", march, ()),
        ("STTTT", "SVHTTDL", march, ("Báo chí", "Xuất bản")),
        ("STNMT", "SNNMT", march, ()),
        ("SNNPTNT", "SNNMT", march, ()),
        ("XA-AN", "XA-BINH", march, ()),
        ("XA-BINH", "XA-HOA", july, ()),
    }
    birth = Procedure.objects.get(code="1.001193")
    assert (birth.level, list(birth.units.all())) == ("commune", [])
    printing = Procedure.objects.get(code="1.000111")
    assert [u.code for u in printing.units.all()] == ["STTTT"]
    # The audit trail records the units with the procedure, and who imported it.
    created = printing.history.get()
    assert (created.history_change_reason, [row.department.code for row in created.units.all()]) == (
        "Nhập từ tệp Excel 2025.xlsx",
        ["STTTT"],
    )
    placed = {
        d.code: (d.department.code, d.receiving_unit and d.receiving_unit.code)
        for d in Dossier.objects.select_related("department", "receiving_unit")
    }
    assert placed == {
        "HS-BT-0": ("STTTT", None),
        "HS-BT-1": ("SKHCN", None),
        "HS-IN-1": ("SVHTTDL", None),
        "HS-KS-AN": ("XA-AN", None),
        "HS-KS-BINH": ("XA-BINH", None),
        "HS-KS-DONG": ("XA-DONG", None),
        "HS-KS-HOA": ("XA-HOA", None),
        "HS-XD-1": ("SXD", "TTPVHCC"),
    }


def test_the_imported_successions_give_each_unit_its_predecessors_in_their_fields(province):
    assert run(reorganisation()).ok
    organisation = load_organisation()

    def sources(code: str) -> list[tuple]:
        """Each predecessor whose records the unit reports, with the fields that passed to it."""
        return [tuple(share)[:2] for share in organisation.sources(pk[code])]

    pk = dict(Department.objects.values_list("code", "pk"))
    press = frozenset(Field.objects.filter(name__in=["Báo chí", "Xuất bản"]).values_list("pk", flat=True))
    # The split: SKHCN reports STTTT's records in every field but press and publishing, SVHTTDL in those.
    assert sources("SKHCN") == [(pk["STTTT"], FieldSet(None, press))]
    assert sources("SVHTTDL") == [(pk["STTTT"], FieldSet(press))]
    # The merger, and the chain: Xã Hòa reports Xã Bình's records and, through it, Xã An's.
    assert {unit for unit, _fields in sources("SNNMT")} == {pk["STNMT"], pk["SNNPTNT"]}
    assert sources("XA-HOA") == [(pk["XA-AN"], FieldSet()), (pk["XA-BINH"], FieldSet())]


def test_figures_of_the_imported_province_in_both_structures(province):
    assert run(reorganisation()).ok
    # SKHCN: its own HS-BT-1; in the current structure STTTT's HS-BT-0 too (Lĩnh vực chung passed to it).
    assert (received("SKHCN", HISTORICAL), received("SKHCN", CURRENT)) == (1, 2)
    # SVHTTDL: HS-IN-1, filed under it; STTTT had no press or publishing dossier to pass on.
    assert (received("SVHTTDL", HISTORICAL), received("SVHTTDL", CURRENT)) == (1, 1)
    # Xã Hòa: HS-KS-HOA; in the current structure Xã Bình's HS-KS-BINH and Xã An's HS-KS-AN too.
    assert (received("XA-HOA", HISTORICAL), received("XA-HOA", CURRENT)) == (1, 3)
    # The service centre received HS-XD-1 but resolves nothing; SXD counts it.
    assert (received("TTPVHCC", HISTORICAL), received("SXD", HISTORICAL)) == (0, 1)


def test_the_same_reorganisation_imported_again_changes_nothing(province):
    assert run(reorganisation()).ok
    before = [list(m.objects.order_by("pk").values()) for m in (Department, Succession, Procedure, Dossier)]
    history = Succession.history.count() + Department.history.count()
    report = run(reorganisation())
    assert report.ok, [str(e) for e in report.errors]
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert (report.unchanged["successions"], report.unchanged["dossiers"]) == (6, 8)
    assert [
        list(m.objects.order_by("pk").values()) for m in (Department, Succession, Procedure, Dossier)
    ] == before
    assert Succession.history.count() + Department.history.count() == history
