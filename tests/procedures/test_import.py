"""Excel import as spec/excel-template.md lays it out: every error named by sheet, row and column,
nothing written when anything is wrong, and the same file twice changing nothing."""

import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from departments.models import DataLock, Department
from procedures.imports import import_workbook
from procedures.models import Dossier, Field, Procedure
from procedures.workbook import WorkbookRefused
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, workbook_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def good_sheets() -> dict[str, list[list]]:
    return {
        "DonVi": [
            ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"],
            ["STTTT-BC", "Phòng Báo chí, Xuất bản", "STTTT"],
        ],
        "TTHC": [
            TTHC_HEADERS,
            ["1.000111", "Cấp giấy phép in", "Xuất bản, In và Phát hành", "STTTT", 10, 7, "Một phần", "Có"],
            ["1.000222", "Cấp phép họp báo", "Báo chí", "STTTT-BC", 5, None, "Toàn trình", None],
        ],
        "HoSo": [
            HOSO_HEADERS,
            ["HS-001", "1.000111", None, "Trực tuyến", datetime(2025, 1, 24, 10, 0), None, None, None, None],
            [
                "HS-002",
                "1.000222",
                "STTTT-BC",
                "Trực tiếp",
                "03/03/2025 08:30",
                "10/03/2025",
                "07/03/2025 16:00",
                "Đã giải quyết",
                "Rất hài lòng",
            ],
            [
                "HS-003",
                "1.004227",
                None,
                "Bưu chính công ích",
                "04/03/2025",
                None,
                "05/03/2025",
                "Rút hồ sơ",
                None,
            ],
        ],
    }


def run(sheets, *, user=None, dry_run=False):
    return import_workbook(
        io.BytesIO(workbook_bytes(sheets)), user=user, dry_run=dry_run, filename="so-ho-so.xlsx"
    )


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Department, Field, Procedure, Dossier))


def test_a_valid_workbook_creates_what_it_holds(province):
    report = run(good_sheets())
    assert report.ok, [str(e) for e in report.errors]
    assert dict(report.created) == {
        "departments": 1,
        "fields": 2,
        "successions": 0,
        "procedures": 2,
        "dossiers": 3,
    }
    first = Dossier.objects.get(code="HS-001")
    # Reduced time 7 working days across Tết 2025: from Fri 24/01, Mon 03/02 is day 1.
    assert (first.due_on, first.status, first.channel, first.department.code) == (
        date(2025, 2, 11),
        "in_progress",
        "online",
        "STTTT",
    )
    second = Dossier.objects.get(code="HS-002")
    assert (second.due_on, second.status, second.satisfaction, second.finished_on) == (
        date(2025, 3, 10),
        "resolved",
        "very_satisfied",
        date(2025, 3, 7),
    )
    assert Dossier.objects.get(code="HS-003").status == "withdrawn"
    procedure = Procedure.objects.get(code="1.000222")
    assert (procedure.online_level, procedure.accepts_postal, procedure.level) == (4, False, "province")
    assert [unit.code for unit in procedure.units.all()] == ["STTTT-BC"]
    assert Department.objects.get(code="STTTT-BC").path == "/STTTT/STTTT-BC/"


def test_importing_the_same_file_twice_changes_nothing(province):
    run(good_sheets())
    before = (counts(), list(Dossier.history.values_list("id", flat=True)))
    report = run(good_sheets())
    assert report.ok
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert report.unchanged["dossiers"] == 3
    assert (counts(), list(Dossier.history.values_list("id", flat=True))) == before


def test_a_changed_row_updates_its_record_and_the_audit_trail_names_the_import(province):
    run(good_sheets())
    sheets = good_sheets()
    sheets["HoSo"][1][3] = "Trực tiếp"
    report = run(sheets, user=province.staff_stttt)
    assert report.updated["dossiers"] == 1
    latest = Dossier.objects.get(code="HS-001").history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        province.staff_stttt,
        "Nhập từ tệp Excel so-ho-so.xlsx",
    )
    change = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change] == [("channel", "online", "direct")]


def test_a_dry_run_reports_the_counts_and_writes_nothing(province):
    before = counts()
    report = run(good_sheets(), dry_run=True)
    assert report.ok and report.created["dossiers"] == 3
    assert counts() == before


ERRORS = [
    (
        ("HoSo", 2, 4),
        "31/02/2025",
        "Trang HoSo, dòng 2, cột “Ngày tiếp nhận”: ngày “31/02/2025” không tồn tại",
    ),
    (
        ("HoSo", 2, 4),
        "01/01/2099 08:00",
        "Trang HoSo, dòng 2, cột “Ngày tiếp nhận”: Thời điểm tiếp nhận không được ở tương lai.",
    ),
    (
        ("HoSo", 3, 6),
        "01/03/2025 08:00",
        "Trang HoSo, dòng 3, cột “Ngày trả kết quả”: Thời điểm trả kết quả không được trước thời điểm tiếp nhận.",
    ),
    (
        ("HoSo", 3, 6),
        "01/01/2099",
        "Trang HoSo, dòng 3, cột “Ngày trả kết quả”: Thời điểm trả kết quả không được ở tương lai.",
    ),
    (
        ("HoSo", 2, 1),
        "9.999999",
        "Trang HoSo, dòng 2, cột “Mã TTHC”: Không có thủ tục mã “9.999999” trong phạm vi của bạn.",
    ),
    (("HoSo", 2, 2), "KHONGCO", "Trang HoSo, dòng 2, cột “Mã đơn vị”: không có đơn vị mã “KHONGCO”"),
    (
        ("HoSo", 2, 3),
        "Fax",
        "Trang HoSo, dòng 2, cột “Kênh tiếp nhận”: “Fax” không hợp lệ; chọn một trong: "
        "“Trực tiếp”, “Trực tuyến”, “Bưu chính công ích”",
    ),
    (("HoSo", 2, 3), None, "Trang HoSo, dòng 2, cột “Kênh tiếp nhận”: không được để trống"),
    (
        ("HoSo", 3, 7),
        "Đang giải quyết",
        "Trang HoSo, dòng 3, cột “Trạng thái”: Hồ sơ đã trả kết quả phải có trạng thái Đã giải quyết, Rút hồ sơ hoặc Từ chối.",
    ),
    (
        ("HoSo", 3, 5),
        "01/03/2025",
        "Trang HoSo, dòng 3, cột “Ngày hẹn trả”: Ngày hẹn trả không được trước ngày tiếp nhận.",
    ),
    (("HoSo", 3, 0), "HS-001", "Trang HoSo, dòng 3, cột “Mã hồ sơ”: mã “HS-001” lặp lại trong trang"),
    (
        ("TTHC", 2, 0),
        "1.2345",
        "Trang TTHC, dòng 2, cột “Mã TTHC”: Mã TTHC phải có dạng d.dddddd, ví dụ 1.004227.",
    ),
    (
        ("TTHC", 2, 5),
        12,
        "Trang TTHC, dòng 2, cột “Thời hạn cắt giảm”: phải lớn hơn 0 và không quá thời hạn quy định (10)",
    ),
    (
        ("TTHC", 2, 4),
        "mười",
        "Trang TTHC, dòng 2, cột “Thời hạn quy định”: Thời hạn “mười” không đọc được: hãy ghi số ngày hoặc "
        "số giờ, ví dụ 5, 0,5, 2 ngày, 4 giờ.",
    ),
    (
        ("TTHC", 2, 6),
        "5",
        "Trang TTHC, dòng 2, cột “Mức độ DVCTT”: “5” không hợp lệ; chọn một trong: “1”, “2”, “3”, "
        "“4”, “Một phần”, “Toàn trình”",
    ),
    (
        ("DonVi", 2, 2),
        "KHONGCO",
        "Trang DonVi, dòng 2, cột “Mã đơn vị cấp trên”: không có đơn vị mã “KHONGCO”",
    ),
]


@pytest.mark.parametrize(
    ("cell", "value", "message"), ERRORS, ids=[m.split(": ", 1)[1][:40] for _, _, m in ERRORS]
)
def test_each_bad_cell_is_named_and_nothing_is_written(province, cell, value, message):
    sheets = good_sheets()
    sheet, row, column = cell
    sheets[sheet][row - 1][column] = value
    before = counts()
    report = run(sheets)
    assert message in [str(error) for error in report.errors]
    assert counts() == before


def test_missing_sheet_and_missing_column_are_refused(province):
    sheets = good_sheets()
    del sheets["HoSo"]
    sheets["TTHC"] = [row[:4] + row[5:] for row in sheets["TTHC"]]
    report = run(sheets)
    assert [str(e) for e in report.errors] == [
        "Trang TTHC, dòng 1, cột “Thời hạn quy định”: thiếu cột bắt buộc",
        "Trang HoSo: thiếu trang tính bắt buộc “HoSo”",
    ]


def test_headers_match_in_any_order_and_case_and_extra_columns_are_a_warning(province):
    sheets = good_sheets()
    sheets["HoSo"] = [[row[i] for i in (3, 0, 1, 4)] + [None] for row in sheets["HoSo"]]
    sheets["HoSo"][0] = ["  kênh TIẾP nhận ", "MÃ HỒ SƠ", "mã tthc", "Ngày tiếp nhận", "Ghi chú"]
    sheets["HoSo"] = sheets["HoSo"][:2]
    report = run(sheets)
    assert report.ok, [str(e) for e in report.errors]
    assert [str(w) for w in report.warnings] == [
        "Trang HoSo, dòng 1, cột “Ghi chú”: cột không thuộc mẫu, được bỏ qua"
    ]
    assert Dossier.objects.get(code="HS-001").channel == "online"


def test_staff_may_import_only_their_own_departments(province):
    sheets = good_sheets()
    sheets["HoSo"].append(["HS-SXD", "1.009972", None, "Trực tiếp", "03/03/2025", None, None, None, None])
    report = run(sheets, user=province.staff_stttt)
    assert "Trang HoSo, dòng 5, cột “Mã đơn vị”: bạn không có quyền với đơn vị “SXD”" in [
        str(e) for e in report.errors
    ]
    assert not Dossier.objects.exists()


def test_a_locked_period_refuses_the_rows_that_fall_in_it(province):
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Quý I",
        locked_by=province.inspector,
    )
    report = run(good_sheets())
    assert (
        "Trang HoSo, dòng 3, cột “Ngày tiếp nhận”: Số liệu của Sở Thông tin và Truyền thông đã được khóa đến hết ngày 31/03/2025 (Quý I); hãy đề nghị quản trị mở khóa."
        in [str(e) for e in report.errors]
    )
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Ma ho so;Ma TTHC\nHS-1;1.000111\n", "Tệp không phải bảng tính Excel .xlsx."),
        (
            b"PK\x03\x04 this is not really a zip",
            "Tệp .xlsx bị hỏng, không đọc được; hãy mở bằng Excel, lưu lại rồi nhập lại.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "Tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls); hãy lưu lại thành .xlsx không mật khẩu.",
        ),
    ],
    ids=["csv", "damaged", "password-protected"],
)
def test_unreadable_files_are_refused_with_a_clear_message(province, content, message):
    with pytest.raises(WorkbookRefused) as error:
        import_workbook(io.BytesIO(content), user=None, dry_run=False)
    assert str(error.value) == message


def test_a_workbook_over_the_size_limit_is_refused(province, settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(WorkbookRefused, match="Tệp lớn hơn giới hạn"):
        run(good_sheets())


def test_a_workbook_over_the_row_limit_is_refused(province, settings):
    settings.IMPORT_MAX_ROWS = 4
    report = run(good_sheets())
    assert "Trang HoSo, dòng 3: tệp vượt quá giới hạn 4 dòng" in [str(e) for e in report.errors]
    assert not Dossier.objects.exists()


def test_command_exit_status_is_0_1_or_2(province, tmp_path, capsys):
    good, bad, broken = tmp_path / "good.xlsx", tmp_path / "bad.xlsx", tmp_path / "broken.xlsx"
    good.write_bytes(workbook_bytes(good_sheets()))
    sheets = good_sheets()
    sheets["HoSo"][1][4] = "31/02/2025"
    bad.write_bytes(workbook_bytes(sheets))
    broken.write_bytes(b"not a workbook")
    call_command("import_xlsx", str(good), "--dry-run")
    assert "Sẽ nhập 6 dòng" in capsys.readouterr().out
    assert not Dossier.objects.exists()
    for path, status in ((bad, 1), (broken, 2)):
        with pytest.raises(SystemExit) as exit_status:
            call_command("import_xlsx", str(path))
        assert exit_status.value.code == status
    call_command("import_xlsx", str(good))
    assert Dossier.objects.count() == 3


def test_command_from_the_shell_exits_2_on_a_missing_file():
    result = subprocess.run(
        [sys.executable, "manage.py", "import_xlsx", "/khong/co/tep.xlsx"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi:")
