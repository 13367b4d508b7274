"""Import rules beyond the template's cell formats: pauses, apologies, who may change departments,
re-imports of what a division exported, and cells the database could not hold."""

import io
import unicodedata
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from departments.models import Department
from procedures.imports import import_workbook
from procedures.models import Dossier, Procedure, SupplementRequest
from procedures.services import dossier_issue_apology, dossier_request_supplement
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, local, make_dossier, make_user, workbook_bytes

pytestmark = pytest.mark.django_db


def run(sheets, *, user=None):
    sheets = {"TTHC": [TTHC_HEADERS], **sheets}
    return import_workbook(io.BytesIO(workbook_bytes(sheets)), user=user, dry_run=False, filename="tep.xlsx")


def messages(report) -> list[str]:
    return [str(issue) for issue in report.errors]


def dossier_row(
    code, procedure="1.004227", *, received="03/03/2025 08:00", due=None, finished=None, status=None
):
    return [code, procedure, None, "Trực tiếp", received, due, finished, status, None]


def test_a_paused_dossier_imported_as_resolved_counts_its_pause(province):
    dossier = make_dossier(province.stttt_procedure, code="HS-P1", received_at=local(2025, 3, 3, 8))
    dossier_request_supplement(dossier=dossier, requested_on=date(2025, 3, 5), reason="Thiếu bản sao")
    report = run(
        {"HoSo": [HOSO_HEADERS, dossier_row("HS-P1", finished="14/03/2025 10:00", status="Đã giải quyết")]}
    )
    assert report.ok, messages(report)
    dossier.refresh_from_db()
    # 5 working days from Mon 03/03 is Mon 10/03; the pause 05/03 → 14/03 adds 7 working days.
    assert (dossier.status, dossier.paused_on, dossier.paused_days) == ("resolved", None, 7)
    assert (dossier.due_on, dossier.effective_due_on) == (date(2025, 3, 10), date(2025, 3, 19))
    assert SupplementRequest.objects.get(dossier=dossier).supplied_on == date(2025, 3, 14)


def test_a_dossier_imported_as_awaiting_supplement_is_paused_from_the_import_day(province):
    dossier = make_dossier(province.stttt_procedure, code="HS-P2", received_at=local(2025, 3, 3, 8))
    report = run({"HoSo": [HOSO_HEADERS, dossier_row("HS-P2", status="Chờ bổ sung")]})
    assert report.ok, messages(report)
    dossier.refresh_from_db()
    assert dossier.status == "awaiting_supplement"
    assert dossier.paused_on == SupplementRequest.objects.get(dossier=dossier).requested_on
    assert report.updated["dossiers"] == 1


def test_a_new_dossier_imported_as_awaiting_supplement_is_paused_from_the_import_day(province):
    report = run({"HoSo": [HOSO_HEADERS, dossier_row("HS-P3", status="Chờ bổ sung")]})
    assert report.ok, messages(report)
    assert report.created["dossiers"] == 1
    dossier = Dossier.objects.get(code="HS-P3")
    request = SupplementRequest.objects.get(dossier=dossier)
    # Received 03/03/2025, before the import: the pause runs from the day of the import.
    assert (dossier.status, dossier.paused_on, dossier.paused_days) == (
        "awaiting_supplement",
        timezone.localdate(),
        0,
    )
    assert (request.requested_on, request.supplied_on) == (timezone.localdate(), None)
    # 5 working days from Mon 03/03 is Mon 10/03; a pause that has not ended does not move it yet.
    assert (dossier.due_on, dossier.effective_due_on) == (date(2025, 3, 10), date(2025, 3, 10))
    assert dossier.history.get().paused_on == timezone.localdate()


def test_a_new_dossier_is_filed_under_the_procedure_and_department_its_workbook_creates(province):
    report = run(
        {
            "DonVi": [
                ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"],
                ["STTTT-BC", "Phòng Báo chí, Xuất bản", "STTTT"],
            ],
            "TTHC": [
                TTHC_HEADERS,
                ["1.000222", "Cấp phép họp báo", "Báo chí", "STTTT-BC", 5, None, "Toàn trình", None],
            ],
            "HoSo": [HOSO_HEADERS, ["HS-N1", "1.000222", None, "Trực tiếp", "03/03/2025 08:00"]],
        }
    )
    assert report.ok, messages(report)
    dossier = Dossier.objects.select_related("procedure", "department").get(code="HS-N1")
    assert (dossier.procedure.code, dossier.department.code) == ("1.000222", "STTTT-BC")
    history = dossier.history.get()
    assert (history.procedure_id, history.department_id) == (dossier.procedure_id, dossier.department_id)


def test_a_due_date_not_before_the_apology_date_is_refused(province):
    dossier = make_dossier(province.stttt_procedure, code="HS-A1", received_at=local(2025, 3, 3, 8))
    dossier_issue_apology(dossier=dossier, issued_on=date(2025, 3, 10), new_due_on=date(2025, 3, 14))
    report = run({"HoSo": [HOSO_HEADERS, dossier_row("HS-A1", due="14/03/2025")]})
    assert messages(report) == [
        "Trang HoSo, dòng 2, cột “Ngày hẹn trả”: Ngày hẹn trả mới phải sau ngày hẹn trả ban đầu."
    ]
    dossier.refresh_from_db()
    assert dossier.due_on == date(2025, 3, 10)


def test_a_return_given_as_a_date_on_the_day_of_receipt_is_accepted(province):
    report = run(
        {"HoSo": [HOSO_HEADERS, dossier_row("HS-D1", finished="03/03/2025", status="Đã giải quyết")]}
    )
    assert report.ok, messages(report)
    dossier = Dossier.objects.get(code="HS-D1")
    assert (dossier.finished_on, dossier.finished_at) == (date(2025, 3, 3), local(2025, 3, 3, 8))
    assert dossier.timeliness() == Dossier.Timeliness.EARLY


def test_department_codes_match_whatever_their_case(province):
    report = run(
        {
            "DonVi": [
                ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"],
                ["stttt-vp", "Văn phòng Sở", "stttt"],
            ],
            "TTHC": [TTHC_HEADERS],
            "HoSo": [
                HOSO_HEADERS,
                ["HS-C1", "1.004227", "sTTTT-vp", "Trực tiếp", "03/03/2025", None, None, None, None],
            ],
        }
    )
    assert report.ok, messages(report)
    assert report.unchanged["departments"] == 1 and report.created["departments"] == 0
    assert Dossier.objects.get(code="HS-C1").department == province.stttt_office


def test_a_department_code_repeated_in_another_case_is_refused(province):
    report = run(
        {
            "DonVi": [["Mã đơn vị", "Tên đơn vị"], ["SNV", "Sở Nội vụ"], ["snv", "Sở Nội vụ (trùng)"]],
            "TTHC": [TTHC_HEADERS],
            "HoSo": [HOSO_HEADERS],
        }
    )
    assert messages(report) == ["Trang DonVi, dòng 3, cột “Mã đơn vị”: mã “snv” lặp lại trong trang"]
    assert not Department.objects.filter(code__iexact="SNV").exists()


def test_staff_cannot_create_or_rename_departments_by_import(province):
    report = run(
        {
            "DonVi": [
                ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"],
                ["STTTT-BC", "Phòng Báo chí", "STTTT"],
                ["STTTT-VP", "Văn phòng (đổi tên)", "STTTT"],
                ["STTTT", "Sở Thông tin và Truyền thông", None],
            ],
            "TTHC": [TTHC_HEADERS],
            "HoSo": [HOSO_HEADERS],
        },
        user=province.staff_stttt,
    )
    assert messages(report) == [
        "Trang DonVi, dòng 2, cột “Mã đơn vị”: bạn không có quyền tạo đơn vị mới; hãy đề nghị quản trị viên tạo",
        "Trang DonVi, dòng 3, cột “Tên đơn vị”: bạn không có quyền đổi tên đơn vị “STTTT-VP”",
    ]
    assert Department.objects.get(code="STTTT-VP").name == "Văn phòng Sở"
    assert not Department.objects.filter(code="STTTT-BC").exists()


def test_a_division_re_imports_its_parents_procedures_unchanged_but_cannot_change_them(province):
    division_staff = make_user("ha", departments=(province.stttt_office,))
    row = ["1.004227", "Cấp giấy phép xuất bản bản tin", "Lĩnh vực chung", "STTTT", 5, None, "2", "Không"]
    report = run({"TTHC": [TTHC_HEADERS, row], "HoSo": [HOSO_HEADERS]}, user=division_staff)
    assert report.ok, messages(report)
    assert report.unchanged["procedures"] == 1
    report = run(
        {"TTHC": [TTHC_HEADERS, [*row[:4], 4, *row[5:]]], "HoSo": [HOSO_HEADERS]}, user=division_staff
    )
    assert messages(report) == ["Trang TTHC, dòng 2, cột “Mã đơn vị”: bạn không có quyền với đơn vị “STTTT”"]
    assert Procedure.objects.get(code="1.004227").statutory_days == 5


def test_a_procedure_with_dossiers_elsewhere_cannot_move_to_another_department(province):
    make_dossier(province.stttt_procedure, department=province.stttt, code="HS-MOVE")
    row = ["1.004227", "Cấp giấy phép xuất bản bản tin", "Lĩnh vực chung", "STTTT-VP", 5, None, "2", "Không"]
    report = run({"TTHC": [TTHC_HEADERS, row], "HoSo": [HOSO_HEADERS]})
    assert messages(report) == [
        "Trang TTHC, dòng 2, cột “Mã đơn vị”: Không đổi được đơn vị thực hiện: hồ sơ của thủ tục do Sở Thông "
        "tin và Truyền thông giải quyết sẽ nằm ngoài các đơn vị thực hiện. Hãy giữ Sở Thông tin và Truyền "
        "thông hoặc một đơn vị cấp trên của nó."
    ]
    assert list(Procedure.objects.get(code="1.004227").units.all()) == [province.stttt]


@pytest.mark.parametrize(
    "sheets, message",
    [
        (
            {"TTHC": [TTHC_HEADERS, ["1.000111", "Tên", "LV", "STTTT", 400, None, None, None]]},
            "Trang TTHC, dòng 2, cột “Thời hạn quy định”: Thời hạn “400” quá dài: tối đa 365 ngày làm việc.",
        ),
        (
            {"TTHC": [TTHC_HEADERS, ["1.000111", "T" * 501, "LV", "STTTT", 5, None, None, None]]},
            "Trang TTHC, dòng 2, cột “Tên thủ tục”: dài quá 500 ký tự",
        ),
        (
            {"HoSo": [HOSO_HEADERS, dossier_row("H" * 51)]},
            "Trang HoSo, dòng 2, cột “Mã hồ sơ”: dài quá 50 ký tự",
        ),
        (
            {"HoSo": [HOSO_HEADERS, dossier_row("HS-Y1", received=datetime(1999, 3, 3, 8))]},
            "Trang HoSo, dòng 2, cột “Ngày tiếp nhận”: năm 1999 nằm ngoài khoảng 2000–2100",
        ),
        (
            {"DonVi": [["Mã đơn vị", "Tên đơn vị"], ["D" * 31, "Tên"]]},
            "Trang DonVi, dòng 2, cột “Mã đơn vị”: dài quá 30 ký tự",
        ),
    ],
    ids=["days", "procedure-name", "dossier-code", "year", "department-code"],
)
def test_values_the_database_cannot_hold_are_refused_with_a_message(province, sheets, message):
    sheets = {"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS], **sheets}
    report = run(sheets)
    assert messages(report) == [message]
    assert not Dossier.objects.exists() and Procedure.objects.count() == 2


def test_decomposed_vietnamese_headers_and_labels_are_read_like_composed_ones(province):
    headers = [unicodedata.normalize("NFD", header) for header in HOSO_HEADERS]
    row = dossier_row("HS-N1", status=unicodedata.normalize("NFD", "Đang giải quyết"))
    row[3] = unicodedata.normalize("NFD", "Trực tuyến")
    report = run({"TTHC": [TTHC_HEADERS], "HoSo": [headers, row]})
    assert report.ok, messages(report)
    assert Dossier.objects.get(code="HS-N1").channel == "online"


def test_a_repeated_column_is_a_warning_and_the_first_one_is_read(province):
    report = run(
        {"TTHC": [TTHC_HEADERS], "HoSo": [[*HOSO_HEADERS, "Kênh tiếp nhận"], [*dossier_row("HS-R1"), "Fax"]]}
    )
    assert report.ok, messages(report)
    assert [str(w) for w in report.warnings] == [
        "Trang HoSo, dòng 1, cột “Kênh tiếp nhận”: cột lặp lại; chỉ đọc cột đầu tiên có tiêu đề này"
    ]
    assert Dossier.objects.get(code="HS-R1").channel == "direct"


def test_an_import_with_a_long_file_name_keeps_a_shortened_reason_in_the_audit_trail(province):
    report = import_workbook(
        io.BytesIO(workbook_bytes({"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, dossier_row("HS-L1")]})),
        user=province.staff_stttt,
        dry_run=False,
        filename="so-theo-doi-ho-so-" * 10 + ".xlsx",
    )
    assert report.ok, messages(report)
    record = Dossier.objects.get(code="HS-L1").history.get()
    assert (record.history_type, record.history_user) == ("+", province.staff_stttt)
    assert record.history_change_reason.startswith("Nhập từ tệp Excel so-theo-doi-ho-so-")
    assert len(record.history_change_reason) == 100


def test_a_sheet_whose_header_is_not_on_the_first_row_names_the_rows_excel_shows(province):
    report = run(
        {
            "TTHC": [TTHC_HEADERS],
            "HoSo": [[None], [None], HOSO_HEADERS, dossier_row("HS-X1", procedure="9.999999")],
        }
    )
    assert messages(report) == [
        "Trang HoSo, dòng 4, cột “Mã TTHC”: Không có thủ tục mã “9.999999” trong phạm vi của bạn."
    ]


def test_a_department_created_by_an_administrator_import_gets_its_place_in_the_tree(province):
    admin = make_user("quantri", role="administrator")
    report = run(
        {
            "DonVi": [
                ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"],
                ["SXD-QH", "Phòng Quy hoạch", "sxd"],
            ],
            "TTHC": [TTHC_HEADERS],
            "HoSo": [HOSO_HEADERS],
        },
        user=admin,
    )
    assert report.ok, messages(report)
    assert Department.objects.get(code="SXD-QH").path == "/SXD/SXD-QH/"


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_outside_any_surrounding_transaction(province, tmp_path):
    # The other tests run inside a transaction; the command and the worker do not, and the row locks
    # taken while checking need one of their own.
    make_dossier(province.stttt_procedure, code="HS-T1", received_at=local(2025, 3, 3, 8))
    path = tmp_path / "so.xlsx"
    path.write_bytes(
        workbook_bytes(
            {"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, dossier_row("HS-T1", status="Chờ bổ sung")]}
        )
    )
    call_command("import_xlsx", str(path))
    assert Dossier.objects.get(code="HS-T1").status == "awaiting_supplement"


def test_a_rating_on_a_dossier_not_yet_returned_is_refused(province):
    row = dossier_row("HS-S1")
    row[8] = "Hài lòng"
    report = run({"HoSo": [HOSO_HEADERS, row]})
    assert messages(report) == [
        "Trang HoSo, dòng 2, cột “Mức độ hài lòng”: Chỉ ghi nhận mức độ hài lòng sau khi đã trả kết quả."
    ]
    assert not Dossier.objects.exists()
