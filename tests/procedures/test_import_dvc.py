"""Import of the national synchronisation layout (procedures.import_dvc, manage.py import_dvc).

tests/fixtures/dvc_20.json is the reader's file (tests/procedures/data/dvc_20.json, every status 1-10,
every channel and every fact, each record checked there by hand) with DonViXuLy written as the portal's
unit codes: the department STTTT (procedure 1.004227, 5 working days) and SXD (1.009972 and 2.000889).
Received 05-16/01/2026, a year before the tests run: nothing lies in the future."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from departments.models import DataLock
from procedures.import_dvc import import_dvc
from procedures.models import Dossier, Procedure, SupplementRequest
from tests.factories import local, make_department, make_dossier, make_procedure, make_succession

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent.parent / "fixtures" / "dvc_20.json"
SO = "000.00.12.H56"
XA = "000.20.31.H56"


def records() -> list[dict]:
    return json.loads(FILE.read_text(encoding="utf-8"))


def as_file(values: list[dict]) -> io.BytesIO:
    return io.BytesIO(json.dumps(values, ensure_ascii=False).encode())


@pytest.fixture
def national(province) -> Procedure:
    """The commune's karaoke licence, which SXD carries out beside its building permits."""
    return make_procedure(
        province.sxd, code="2.000889", name="Cấp giấy phép kinh doanh karaoke", statutory_days=7
    )


def run(*args: str) -> tuple[int, str, str]:
    """The command's exit status, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_dvc", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def stored(code: str) -> Dossier:
    return Dossier.objects.get(code=code)


def test_the_national_file_imports_every_counted_dossier_and_skips_statuses_1_and_3(national):
    status, out, err = run(str(FILE), "--synced")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "Bỏ qua 2 hồ sơ trạng thái 1/3 (không được tính).",
        "Đã nhập 20 hồ sơ — tạo 18, cập nhật 0, không đổi 0, bỏ qua 2.",
    ]
    assert Dossier.objects.count() == 18
    assert not Dossier.objects.filter(code__in=[f"{SO}-260105-0001", f"{SO}-260105-0003"]).exists()
    assert set(Dossier.objects.values_list("national_status", flat=True)) == {2, *range(4, 11)}
    assert set(Dossier.objects.values_list("status", flat=True)) == {
        "in_progress",
        "awaiting_supplement",
        "resolved",
        "withdrawn",
        "refused",
    }
    assert set(Dossier.objects.values_list("channel", flat=True)) == {"direct", "online", "postal"}
    assert set(Dossier.objects.values_list("synced_to_dvcqg", flat=True)) == {True}


def test_a_returned_dossier_holds_every_fact_of_its_record(national):
    import_dvc(FILE, user=None, dry_run=False, synced=True)
    dossier = stored(f"{SO}-260109-0010")
    assert (dossier.status, dossier.national_status, dossier.channel) == ("resolved", 10, "online")
    assert (dossier.received_at, dossier.processing_completed_at, dossier.finished_at) == (
        local(2026, 1, 9, 8, 30),
        local(2026, 1, 15, 11),
        local(2026, 1, 16, 8, 30),
    )
    assert (dossier.due_at, dossier.due_on, dossier.effective_due_on) == (
        local(2026, 1, 16, 17),
        date(2026, 1, 16),
        date(2026, 1, 16),
    )
    # Two fees of 50,000 and 25,000 paid on the province's gateway; one document digitised, another reused
    # from the DVCQG store; one result with a path.
    assert (dossier.fee_amount, dossier.paid_online) == (75000, True)
    assert all(
        (
            dossier.electronic_result,
            dossier.digitised,
            dossier.reused_data,
            dossier.dvcqg_store,
            dossier.population_data,
        )
    )
    # Processing complete on 15/01 11:00, before the due time 16/01 17:00.
    assert (dossier.dvcqg_on_time, dossier.dvcqg_late_on) == (True, date(2026, 1, 16))
    assert dossier.department.code == "STTTT" and dossier.procedure.code == "1.004227"


def test_withdrawn_stopped_and_processed_dossiers_end_at_their_end_of_processing(national):
    import_dvc(FILE, user=None, dry_run=False, synced=False)
    ends = {
        code: (d.status, d.finished_at, d.processing_completed_at, d.synced_to_dvcqg)
        for code, d in ((d.code, d) for d in Dossier.objects.filter(national_status__in=[7, 8, 9]))
    }
    assert ends == {
        f"{XA}-260107-0007": ("withdrawn", local(2026, 1, 9, 15, 30), None, False),
        f"{XA}-260108-0008": ("refused", local(2026, 1, 12, 9), None, False),
        f"{SO}-260108-0009": ("resolved", local(2026, 1, 14, 16), local(2026, 1, 14, 16), False),
        f"{SO}-260113-0015": ("resolved", local(2026, 1, 15, 16), local(2026, 1, 15, 16), False),
    }


def test_a_blank_due_time_is_the_calendars_due_date(national):
    import_dvc(FILE, user=None, dry_run=False, synced=False)
    # Received Tuesday 13/01 08:30, five working days: Tuesday 20/01, the close of office that day.
    dossier = stored(f"{SO}-260113-0015")
    assert (dossier.due_at, dossier.due_on, dossier.computed_due_on) == (
        None,
        date(2026, 1, 20),
        date(2026, 1, 20),
    )


def test_supplement_requests_are_kept_with_their_moments_and_move_the_deadline(national):
    import_dvc(FILE, user=None, dry_run=False, synced=False)
    requests = {
        (r.dossier.code, r.requested_at, r.supplied_at, r.requested_on, r.supplied_on)
        for r in SupplementRequest.objects.select_related("dossier")
    }
    assert requests == {
        (f"{SO}-260106-0005", local(2026, 1, 7, 10), None, date(2026, 1, 7), None),
        (
            f"{SO}-260112-0012",
            local(2026, 1, 13, 9),
            local(2026, 1, 14, 8),
            date(2026, 1, 13),
            date(2026, 1, 14),
        ),
        (
            f"{SO}-260112-0012",
            local(2026, 1, 15, 10),
            local(2026, 1, 16, 14),
            date(2026, 1, 15),
            date(2026, 1, 16),
        ),
        (
            f"{XA}-260116-0020",
            local(2026, 1, 19, 9),
            local(2026, 1, 20, 8),
            date(2026, 1, 19),
            date(2026, 1, 20),
        ),
        (f"{XA}-260116-0020", local(2026, 1, 21, 10), None, date(2026, 1, 21), None),
    }
    # Two pauses of one working day each: due 19/01, 21/01 once they are counted; two requests are late by
    # the DVCQG rule from the second one's day.
    twice = stored(f"{SO}-260112-0012")
    assert (twice.paused_on, twice.paused_days, twice.effective_due_on) == (None, 2, date(2026, 1, 21))
    assert (twice.dvcqg_on_time, twice.dvcqg_late_on) == (False, date(2026, 1, 15))
    # Waiting for its only request, asked for before the due time: never late while it waits.
    waiting = stored(f"{SO}-260106-0005")
    assert (waiting.status, waiting.paused_on, waiting.paused_days) == (
        "awaiting_supplement",
        date(2026, 1, 7),
        0,
    )
    assert (waiting.dvcqg_on_time, waiting.dvcqg_late_on) == (None, None)
    # One pause closed (19/01 -> 20/01, one working day), the second open since 21/01.
    second = stored(f"{XA}-260116-0020")
    assert (second.paused_on, second.paused_days, second.effective_due_on) == (
        date(2026, 1, 21),
        1,
        date(2026, 1, 26),
    )
    assert second.dvcqg_late_on == date(2026, 1, 21)


def test_importing_the_same_file_again_changes_nothing(national):
    import_dvc(FILE, user=None, dry_run=False, synced=True)
    before = list(Dossier.objects.order_by("pk").values())
    requests = list(SupplementRequest.objects.order_by("pk").values())
    history = Dossier.history.count()
    status, out, _ = run(str(FILE), "--synced")
    assert status == 0
    assert out.splitlines()[-1] == "Đã nhập 20 hồ sơ — tạo 0, cập nhật 0, không đổi 18, bỏ qua 2."
    assert list(Dossier.objects.order_by("pk").values()) == before
    assert list(SupplementRequest.objects.order_by("pk").values()) == requests
    assert Dossier.history.count() == history


def test_a_record_of_a_stored_code_updates_its_dossier_and_replaces_its_supplement_requests(national):
    import_dvc(FILE, user=None, dry_run=False, synced=False)
    values = records()
    # 0005's supplement came back on 08/01 at 14:00 and its result was returned on 12/01.
    changed = values[4]
    changed["DanhSachHoSoBoSung"][0]["NgayTiepNhanBoSung"] = "20260108140000"
    changed.update(TrangThaiHoSo="10", NgayKetThucXuLy="20260112090000", NgayTra="20260112100000")
    report = import_dvc(as_file(values), user=None, dry_run=False, synced=False)
    assert report.errors == []
    assert (report.created["dossiers"], report.updated["dossiers"], report.unchanged["dossiers"]) == (
        0,
        1,
        17,
    )
    dossier = stored(f"{SO}-260106-0005")
    assert (dossier.status, dossier.national_status, dossier.finished_at, dossier.version) == (
        "resolved",
        10,
        local(2026, 1, 12, 10),
        2,
    )
    # The pause (07/01 -> 08/01) moved the deadline 13/01 by one working day.
    assert (dossier.paused_on, dossier.paused_days, dossier.effective_due_on) == (None, 1, date(2026, 1, 14))
    assert list(dossier.supplements.values_list("requested_at", "supplied_at")) == [
        (local(2026, 1, 7, 10), local(2026, 1, 8, 14))
    ]
    assert dossier.history.first().history_change_reason == "Nhập từ tệp đồng bộ DVCQG"


def test_the_same_dossiers_as_json_lines_import_the_same(national, tmp_path):
    path = tmp_path / "dong-bo.jsonl"
    path.write_text("\n".join(json.dumps(value, ensure_ascii=False) for value in records()), encoding="utf-8")
    status, out, _ = run(str(path))
    assert status == 0
    assert out.splitlines()[-1] == "Đã nhập 20 hồ sơ — tạo 18, cập nhật 0, không đổi 0, bỏ qua 2."


def test_a_dry_run_counts_and_writes_nothing(national):
    status, out, _ = run(str(FILE), "--dry-run")
    assert status == 0
    assert out.splitlines()[-1] == "Sẽ nhập 20 hồ sơ — tạo 18, cập nhật 0, không đổi 0, bỏ qua 2."
    assert not Dossier.objects.exists()


def test_a_broken_file_is_refused_whole_with_one_message_per_problem_in_the_order_of_its_records(
    national, tmp_path
):
    values = records()
    values[1]["NgayTiepNhan"] = "2026-01-05 08:30"
    values[3]["MaTTHC"] = "9.999999"
    values[5]["DonViXuLy"] = "SYT"
    values[8]["TrangThaiHoSo"] = "11"
    path = tmp_path / "hong.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    status, out, err = run(str(path))
    assert status == 1
    assert err.splitlines() == [
        f"Hồ sơ {SO}-260105-0002: NgayTiepNhan “2026-01-05 08:30” không phải thời điểm dạng yyyyMMddHHmmss.",
        f"Hồ sơ {SO}-260106-0004, MaTTHC: Không có thủ tục mã “9.999999” trong phạm vi của bạn.",
        f"Hồ sơ {XA}-260107-0006: DonViXuLy không có đơn vị mã “SYT”.",
        f"Hồ sơ {SO}-260108-0009: TrangThaiHoSo “11” không phải trạng thái hồ sơ quốc gia (1–10).",
    ]
    assert out.splitlines() == [
        "Bỏ qua 2 hồ sơ trạng thái 1/3 (không được tính).",
        "Tệp có 4 lỗi; không có dữ liệu nào được ghi.",
    ]
    assert not Dossier.objects.exists()


def test_an_unreadable_or_missing_file_exits_2(national, tmp_path):
    path = tmp_path / "hong.json"
    path.write_text('[{"MaHoSo": "A"', encoding="utf-8")
    assert run(str(path)) == (2, "", "Lỗi: Tệp JSON không hợp lệ ở dòng 1, cột 16.\n")
    path.write_bytes('[{"MaHoSo": "café"}]'.encode("latin-1"))
    assert run(str(path)) == (2, "", "Lỗi: Tệp JSON phải là văn bản UTF-8.\n")
    missing = tmp_path / "khong-co.json"
    assert run(str(missing)) == (2, "", f"Lỗi: không có tệp “{missing}”.\n")
    assert not Dossier.objects.exists()


def test_staff_of_another_unit_are_refused_its_dossiers_and_nothing_is_written(province, national):
    report = import_dvc(FILE, user=province.staff_sxd, dry_run=False, synced=False)
    refused = {str(issue) for issue in report.errors}
    assert len(report.errors) == 12
    assert f"Hồ sơ {SO}-260105-0002: DonViXuLy bạn không có quyền với đơn vị “STTTT”." in refused
    assert not Dossier.objects.exists()
    # Of its own unit's six, none is refused: the same staff import them alone.
    own = [value for value in records() if value["DonViXuLy"] == "SXD"]
    report = import_dvc(as_file(own), user=province.staff_sxd, dry_run=False, synced=False)
    assert (report.errors, report.created["dossiers"]) == ([], 6)


def test_a_stored_dossier_of_another_unit_is_not_updated_by_its_code(province, national):
    make_dossier(province.stttt_procedure, code=f"{XA}-260107-0006", received_at=local(2026, 1, 7, 8, 30))
    own = [value for value in records() if value["DonViXuLy"] == "SXD"]
    report = import_dvc(as_file(own), user=province.staff_sxd, dry_run=False, synced=False)
    assert [str(issue) for issue in report.errors] == [
        f"Hồ sơ {XA}-260107-0006: MaHoSo hồ sơ “{XA}-260107-0006” thuộc đơn vị bạn không quản lý."
    ]
    assert Dossier.objects.count() == 1


def test_a_stored_dossier_may_not_go_back_to_a_status_that_is_not_counted(national):
    import_dvc(FILE, user=None, dry_run=False, synced=False)
    values = records()[1:2]
    values[0]["TrangThaiHoSo"] = "3"
    report = import_dvc(as_file(values), user=None, dry_run=False, synced=False)
    assert [str(issue) for issue in report.errors] == [
        f"Hồ sơ {SO}-260105-0002: TrangThaiHoSo “3” (Không được tiếp nhận) là trạng thái không được tính; "
        "hồ sơ đã lưu trên Cổng không chuyển về trạng thái này được."
    ]
    assert stored(f"{SO}-260105-0002").national_status == 2


@pytest.mark.parametrize(
    ("number", "change", "problem"),
    [
        # Waiting for a supplement (5) with its only request answered.
        (
            5,
            lambda value: value["DanhSachHoSoBoSung"][0].update(NgayTiepNhanBoSung="20260108090000"),
            "TrangThaiHoSo “5” (Yêu cầu bổ sung) cần một yêu cầu bổ sung chưa nhận (NgayTiepNhanBoSung để trống) "
            "trong DanhSachHoSoBoSung",
        ),
        # In progress (4) with a request still open.
        (
            4,
            lambda value: value.update(DanhSachHoSoBoSung=[{"NgayBoSung": "20260107090000"}]),
            "DanhSachHoSoBoSung[1].NgayTiepNhanBoSung không được để trống khi TrangThaiHoSo là 4 (Đang xử lý): "
            "chỉ hồ sơ ở trạng thái 5 (Yêu cầu bổ sung) đang chờ bổ sung",
        ),
        # Two requests open at once.
        (
            20,
            lambda value: value["DanhSachHoSoBoSung"][0].update(NgayTiepNhanBoSung=None),
            "DanhSachHoSoBoSung[2].NgayTiepNhanBoSung không được để trống: hồ sơ chỉ chờ một yêu cầu bổ sung tại "
            "một thời điểm",
        ),
    ],
)
def test_a_pause_must_agree_with_the_status(national, number, change, problem):
    values = records()[number - 1 : number]
    change(values[0])
    report = import_dvc(as_file(values), user=None, dry_run=False, synced=False)
    assert [str(issue) for issue in report.errors] == [f"Hồ sơ {values[0]['MaHoSo']}: {problem}."]
    assert not Dossier.objects.exists()


def test_the_rulebook_judges_each_record_with_its_own_words(national):
    values = records()[3:4]
    # A fee paid online for a dossier that has none.
    values[0]["DanhSachLePhi"] = []
    report = import_dvc(as_file(values), user=None, dry_run=False, synced=False)
    assert [str(issue) for issue in report.errors] == [
        f"Hồ sơ {SO}-260106-0004, DuocThanhToanTrucTuyen: Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán "
        "trực tuyến."
    ]
    issue = report.errors[0]
    assert (issue.position, issue.code, issue.field) == (1, f"{SO}-260106-0004", "DuocThanhToanTrucTuyen")


def test_a_locked_period_refuses_its_dossiers(province, national):
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2026, 1, 31),
        reason="Tháng 1",
        locked_by=province.inspector,
    )
    report = import_dvc(FILE, user=None, dry_run=False, synced=False)
    assert len(report.errors) == 12
    assert str(report.errors[0]) == (
        f"Hồ sơ {SO}-260105-0002, NgayTiepNhan: Số liệu của Sở Thông tin và Truyền thông đã được khóa đến hết "
        "ngày 31/01/2026 (Tháng 1); hãy đề nghị quản trị mở khóa."
    )
    assert not Dossier.objects.exists()


def test_the_import_reads_a_fixed_number_of_queries_however_many_records(national, django_assert_num_queries):
    # The savepoint; the units, the fields, the units and successions (the organisation); the procedures
    # and their units; the dossiers of the file's codes (their supplement requests only once some are
    # stored); the data locks, the calendar; the release.
    with django_assert_num_queries(11):
        report = import_dvc(FILE, user=None, dry_run=True, synced=False)
    assert report.created["dossiers"] == 18


def test_a_returned_dossier_needs_its_return_and_no_time_lies_in_the_future(national):
    values = records()
    # 0010 returned (10) with its processing complete but no NgayTra; 0005's request asked for in 2099.
    values[9]["NgayTra"] = ""
    values[4]["DanhSachHoSoBoSung"][0]["NgayBoSung"] = "20990107100000"
    report = import_dvc(as_file(values), user=None, dry_run=False, synced=False)
    assert [str(issue) for issue in report.errors] == [
        f"Hồ sơ {SO}-260106-0005: DanhSachHoSoBoSung[1].NgayBoSung không được ở tương lai.",
        f"Hồ sơ {SO}-260109-0010, NgayTra: Hãy nhập thời điểm trả kết quả cho hồ sơ đã kết thúc.",
    ]
    assert not Dossier.objects.exists()


def test_a_file_imported_without_synced_leaves_a_synced_dossier_synced(national):
    import_dvc(FILE, user=None, dry_run=False, synced=False)
    assert not Dossier.objects.filter(synced_to_dvcqg=True).exists()
    report = import_dvc(FILE, user=None, dry_run=False, synced=True)
    assert report.updated["dossiers"] == 18
    report = import_dvc(FILE, user=None, dry_run=False, synced=False)
    assert (report.updated["dossiers"], report.unchanged["dossiers"]) == (0, 18)
    assert Dossier.objects.filter(synced_to_dvcqg=True).count() == 18


def test_a_file_of_more_records_than_the_import_limit_is_refused(national, settings):
    settings.IMPORT_MAX_ROWS = 19
    assert run(str(FILE)) == (2, "", "Lỗi: Tệp vượt quá giới hạn 19 hồ sơ.\n")


def test_staff_of_a_successor_import_the_dossiers_of_the_unit_it_succeeded(province, national):
    # The building office of January, succeeded by SXD on 01/02/2026: its staff keep its records.
    office = make_department("PXD", name="Phòng Xây dựng", valid_to=date(2026, 1, 31))
    make_succession(office, province.sxd)
    permits = Procedure.objects.get(code="1.009972")
    permits.units.add(office)
    values = [value | {"DonViXuLy": "PXD"} for value in records() if value["MaTTHC"] == "1.009972"]
    report = import_dvc(as_file(values), user=province.staff_sxd, dry_run=False, synced=False)
    assert (report.errors, report.created["dossiers"]) == ([], 3)
    assert set(Dossier.objects.values_list("department__code", flat=True)) == {"PXD"}
