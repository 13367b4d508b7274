"""The criteria workbook (sheet TieuChi): a sound tree imports; a broken one is refused with one message per
problem, by row and column, and nothing is written; the command's exit statuses; last year's copy."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sampledata.demo_scorecards import CRITERIA
from scorecards.criteria import assessments_open, criteria_import, criteria_set_copy
from scorecards.models import Assessment, CriteriaSet, Criterion, Score
from tests.factories import make_department, make_user, workbook_bytes

HEADERS = [
    "Mã",
    "Nội dung",
    "Mã cha",
    "Điểm tối đa",
    "Hướng dẫn chấm",
    "Tài liệu kiểm chứng",
    "Chỉ số tự động",
    "Cách tính điểm",
]
GOOD = [
    HEADERS,
    ["1", "Công tác chỉ đạo, điều hành CCHC", None, 6, None, None, None, None],
    ["1.1", "Ban hành kế hoạch CCHC năm", "1", 2, "Ban hành trước 15/12: 2 điểm", "Kế hoạch", None, None],
    ["1.2", "Báo cáo CCHC định kỳ", "1", "4", None, "Các báo cáo", None, None],
    ["2", "Cải cách thủ tục hành chính", None, "3,5", None, None, None, None],
    ["2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "2", 2, None, None, "on_time_rate", "≥100:1; ≥95:0,75; ≥0:0"],
    ["2.2", "Chỉ số phục vụ (Bộ chỉ số 766)", "2", "1,5", None, None, "index766.total", "tuyến tính 50-90"],
]


def _import(rows, **options):
    source = io.BytesIO(workbook_bytes({"TieuChi": rows}))
    return criteria_import(
        source, year=options.pop("year", 2025), kind=options.pop("kind", "agency"), user=None, **options
    )


def _messages(report) -> list[str]:
    return [str(issue) for issue in report.errors]


def test_a_sound_workbook_imports_the_tree_with_its_parsed_rules(db):
    report = _import(GOOD)

    assert report.ok, _messages(report)
    criteria = {
        c.code: c for c in Criterion.objects.filter(criteria_set__year=2025, criteria_set__kind="agency")
    }
    assert list(criteria) == ["1", "1.1", "1.2", "2", "2.1", "2.2"]
    assert criteria["1.1"].parent == criteria["1"] and criteria["1"].parent is None
    assert criteria["2"].max_points == Decimal("3.50")
    assert criteria["1.1"].guidance == "Ban hành trước 15/12: 2 điểm"
    assert criteria["2.1"].rule == {"kind": "steps", "steps": [["100", "1"], ["95", "0.75"], ["0", "0"]]}
    assert criteria["2.2"].rule == {"kind": "linear", "low": "50", "high": "90"}
    assert [c.code for c in sorted(criteria.values(), key=lambda c: c.order)] == [
        "1",
        "1.1",
        "1.2",
        "2",
        "2.1",
        "2.2",
    ]
    assert Criterion.history.count() == 6


def test_a_dry_run_judges_the_file_and_writes_nothing(db):
    report = _import(GOOD, dry_run=True)

    assert report.ok and report.created == 6
    assert not CriteriaSet.objects.exists()


def test_a_broken_workbook_is_refused_with_one_message_per_problem_and_nothing_written(db):
    rows = [
        HEADERS,
        ["1", "Công tác chỉ đạo, điều hành CCHC", None, 7, None, None, None, None],
        ["1.1", "Ban hành kế hoạch CCHC năm", "1", 2, None, None, None, None],
        ["1.2", "Báo cáo CCHC định kỳ", "1", 4, None, None, None, None],
        ["3.1", "Tuyển dụng công chức", "3", 2, None, None, None, None],
        ["2", "Cải cách TTHC", None, 2, None, None, None, None],
        ["2.1", "Tỷ lệ hồ sơ đúng hạn", "2", 2, None, None, "ty_le_dung_han", "tuyến tính 80-100"],
        ["2.2", "Thanh toán trực tuyến", "2", 0, None, None, "online_rate", "tuyến tính 100-80"],
    ]

    report = _import(rows)

    assert _messages(report) == [
        "Trang TieuChi, dòng 7, cột “Chỉ số tự động”: “ty_le_dung_han” không phải mã chỉ số của cổng (xem lệnh "
        "indicators) hay của Bộ chỉ số 766 (index766.total, index766.<nhóm>)",
        "Trang TieuChi, dòng 8, cột “Cách tính điểm”: Cách tính điểm tuyến tính cần giá trị đầu nhỏ hơn giá trị "
        "cuối (“tuyến tính 100-80”).",
        "Trang TieuChi, dòng 5, cột “Mã cha”: không có tiêu chí mã “3” trong trang",
        "Trang TieuChi, dòng 2, cột “Điểm tối đa”: điểm tối đa của “1” là 7 nhưng tổng điểm tối đa các tiêu chí "
        "con (1.1, 1.2) là 6",
    ]
    assert not CriteriaSet.objects.exists() and not Criterion.objects.exists()


def test_cells_loops_and_duplicates_are_each_named(db):
    rows = [
        HEADERS,
        ["A", "", None, "mười", None, None, None, None],
        ["B", "Vòng lặp", "C", 1, None, None, None, None],
        ["C", "Vòng lặp", "B", 1, None, None, None, None],
        ["A", "Trùng mã", None, 1, None, None, "on_time_rate", None],
        ["D", "Có cách tính, không chỉ số", None, 1, None, None, None, "≥100:1"],
    ]

    assert _messages(_import(rows)) == [
        "Trang TieuChi, dòng 2, cột “Nội dung”: thiếu nội dung tiêu chí",
        "Trang TieuChi, dòng 2, cột “Điểm tối đa”: “mười” không phải số điểm từ 0 đến dưới 10.000, tối đa 2 chữ "
        "số thập phân",
        "Trang TieuChi, dòng 5, cột “Cách tính điểm”: tiêu chí chấm tự động cần cách tính điểm",
        "Trang TieuChi, dòng 6, cột “Chỉ số tự động”: có cách tính điểm nhưng không nêu chỉ số tự động",
        "Trang TieuChi, dòng 5, cột “Mã”: mã “A” đã có ở dòng 2",
        "Trang TieuChi, dòng 3, cột “Mã cha”: mã cha tạo thành vòng lặp: B → C → B",
    ]


def test_a_sheet_without_a_required_column_is_refused(db):
    report = _import([["Mã", "Nội dung"], ["1", "X"]])

    assert _messages(report) == ["Trang TieuChi, dòng 1, cột “Điểm tối đa”: thiếu cột bắt buộc"]


def test_reimport_replaces_the_criteria_until_a_unit_is_assessed(db):
    assert _import(GOOD).ok
    assert _import(GOOD[:4] + [["1.3", "Tuyên truyền CCHC", "1", 0, None, None, None, None]]).ok
    assert list(Criterion.objects.order_by("order").values_list("code", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "1.3",
    ]
    criteria_set = CriteriaSet.objects.get()
    assessments_open(user=make_user("admin"), criteria_set=criteria_set, departments=[make_department("SXD")])

    report = _import(GOOD)

    assert _messages(report) == [
        "Trang TieuChi: Bộ tiêu chí Sở, ban, ngành 2025 đã có phiếu chấm của đơn vị; không thể nhập lại."
    ]


def test_the_command_exits_0_1_and_2(db, tmp_path, capsys):
    good, bad, unreadable = tmp_path / "good.xlsx", tmp_path / "bad.xlsx", tmp_path / "bad.txt"
    good.write_bytes(workbook_bytes({"TieuChi": GOOD}))
    bad.write_bytes(workbook_bytes({"TieuChi": [HEADERS, ["1", "X", "9", 1, None, None, None, None]]}))
    unreadable.write_text("không phải bảng tính")

    call_command("import_criteria", str(good), "--year", "2025", "--kind", "agency")
    assert "Đã nhập 6 tiêu chí của bộ tiêu chí Sở, ban, ngành năm 2025." in capsys.readouterr().out
    for path, kind, status in ((bad, "commune", 1), (unreadable, "agency", 2), (good, "tinh", 2)):
        with pytest.raises(SystemExit) as exit_status:
            call_command("import_criteria", str(path), "--year", "2026", "--kind", kind)
        assert exit_status.value.code == status
    assert "Lỗi: Đối tượng “tinh” không hợp lệ" in capsys.readouterr().err
    assert CriteriaSet.objects.count() == 1


def test_last_years_criteria_are_copied_as_a_start(db):
    assert _import(GOOD, year=2024).ok
    admin = make_user("admin")

    copy = criteria_set_copy(user=admin, year=2025, kind="agency")

    codes = dict(Criterion.objects.filter(criteria_set=copy).values_list("code", "parent__code"))
    assert codes == {"1": None, "1.1": "1", "1.2": "1", "2": None, "2.1": "2", "2.2": "2"}
    assert Criterion.objects.get(criteria_set=copy, code="2.1").rule["kind"] == "steps"
    with pytest.raises(ValidationError, match="Năm 2025 đã có bộ tiêu chí"):
        criteria_set_copy(user=admin, year=2025, kind="agency")
    with pytest.raises(ValidationError, match="Chưa có bộ tiêu chí năm nào trước năm 2024"):
        criteria_set_copy(user=admin, year=2024, kind="commune")


def test_opening_a_year_gives_each_agency_in_being_a_draft_with_a_score_per_leaf(db):
    assert _import(GOOD).ok
    make_department("SXD", kind="agency")
    make_department("SXD-VP", kind="division", parent=make_department("STC"))
    make_department("STTTT", valid_to="2025-02-28")

    opened = assessments_open(user=make_user("admin"), criteria_set=CriteriaSet.objects.get())

    assert sorted(a.department.code for a in opened) == ["STC", "SXD"]
    assert Score.objects.filter(assessment__in=opened).count() == 2 * 4
    assert set(Assessment.objects.values_list("status", flat=True)) == {"draft"}


FIXTURE = Path(__file__).parent.parent / "fixtures" / "tieu_chi_so_2025.xlsx"


def test_the_demo_workbook_holds_the_demo_tree_and_imports(db, capsys):
    call_command("import_criteria", str(FIXTURE), "--year", "2025", "--kind", "agency", "--dry-run")
    assert capsys.readouterr().out.strip() == "Sẽ nhập 41 tiêu chí của bộ tiêu chí Sở, ban, ngành năm 2025."

    report = criteria_import(FIXTURE, year=2025, kind="agency", user=None)

    assert report.ok, _messages(report)
    imported = [
        (c.code, c.title, c.parent.code if c.parent else "", c.max_points, c.auto_indicator, c.auto_rule)
        for c in Criterion.objects.order_by("order").select_related("parent")
    ]
    assert imported == [
        (row[0], row[1], row[2], Decimal(row[3]).quantize(Decimal("0.01")), row[6], row[7])
        for row in CRITERIA
    ]
    assert sum(c.max_points for c in Criterion.objects.filter(parent=None)) == 70
    assert Criterion.objects.filter(children__isnull=True).count() == 33


def test_an_administrator_imports_from_the_page(client, province, django_assert_max_num_queries):
    admin = make_user("quantri", role="administrator")
    client.force_login(admin)
    url = reverse("scorecards:criteria_import")
    broken = SimpleUploadedFile("tieu-chi.xlsx", workbook_bytes({"TieuChi": [HEADERS, ["1", "X", "9", 1]]}))

    # The session, the user, then the set of the year looked up to be replaced: a refused file stops there.
    with django_assert_max_num_queries(3):
        refused = client.post(url, {"file": broken, "year": "2025", "kind": "agency"})
    good = SimpleUploadedFile("tieu-chi.xlsx", workbook_bytes({"TieuChi": GOOD}))
    done = client.post(url, {"file": good, "year": "2025", "kind": "agency"}, follow=True)

    assert refused.status_code == 200
    assert (
        "Trang TieuChi, dòng 2, cột “Mã cha”: không có tiêu chí mã “9” trong trang"
        in refused.content.decode()
    )
    assert "Đã nhập 6 tiêu chí của bộ tiêu chí Sở, ban, ngành 2025." in done.content.decode()
    assert Criterion.history.filter(history_user=admin).count() == 6


def test_only_an_administrator_may_import_criteria(client, province):
    for user in (province.staff_stttt, province.inspector, province.leader):
        client.force_login(user)
        upload = SimpleUploadedFile("tieu-chi.xlsx", workbook_bytes({"TieuChi": GOOD}))
        response = client.post(
            reverse("scorecards:criteria_import"), {"file": upload, "year": "2025", "kind": "agency"}
        )
        assert response.status_code == 403
    assert not CriteriaSet.objects.exists()


def test_the_page_refuses_a_file_that_is_not_a_workbook(client, province):
    client.force_login(make_user("quantri", role="administrator"))
    upload = SimpleUploadedFile("tieu-chi.xlsx", b"not a zip")

    response = client.post(
        reverse("scorecards:criteria_import"), {"file": upload, "year": "2025", "kind": "agency"}
    )

    assert response.status_code == 200
    assert (
        "Tệp không phải bảng tính Excel .xlsx" in response.content.decode()
        or "xlsx" in response.content.decode()
    )
    assert not CriteriaSet.objects.exists()
