"""The capped child that parses untrusted files, and the guard on JSON files for the national layout:
whatever the child meets ends as a refused file with a Vietnamese message, never a crash of the caller."""

import io
import json
import math
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from cchc_portal.untrusted_files import FileRefused, capped_child, read_json, xlsx_batches, xlsx_rows
from tests import child_work

UNREADABLE = FileRefused("Tệp không đọc được.")
MEMORY = (
    "Tệp quá lớn hoặc bị hỏng, không đọc được trong giới hạn bộ nhớ 1024 MB; hãy mở bằng Excel, lưu lại "
    "rồi nhập lại, hoặc chia thành nhiều tệp."
)


def outcome(work, *args) -> list:
    with capped_child(work, *args, unreadable=UNREADABLE) as answers:
        return list(answers)


def test_what_the_child_yields_arrives_in_order():
    assert outcome(child_work.counts, 5) == [0, 1, 2, 3, 4]


def test_a_child_killed_by_a_signal_refuses_the_file():
    with pytest.raises(FileRefused) as refused:
        outcome(child_work.dies)
    assert str(refused.value) == MEMORY


def test_a_child_past_its_memory_cap_refuses_the_file_and_the_caller_goes_on():
    with pytest.raises(FileRefused) as refused:
        outcome(child_work.allocates, 2048)
    assert str(refused.value) == MEMORY
    assert outcome(child_work.allocates, 10) == [10 * 1024 * 1024]


def test_a_child_past_its_time_is_stopped(settings):
    settings.IMPORT_MAX_SECONDS = 1
    started = time.perf_counter()
    with pytest.raises(FileRefused) as refused:
        outcome(child_work.sleeps, 30)
    assert time.perf_counter() - started < 5
    assert str(refused.value) == (
        "Tệp quá lớn hoặc bị hỏng, không đọc xong trong 1 giây; hãy mở bằng Excel, lưu lại rồi nhập lại, "
        "hoặc chia thành nhiều tệp."
    )


def test_a_child_whose_reading_fails_gives_the_callers_message():
    with pytest.raises(FileRefused) as refused:
        outcome(child_work.fails)
    assert refused.value is UNREADABLE


def test_an_answer_naming_a_class_other_than_dates_is_refused_rather_than_loaded():
    with pytest.raises(FileRefused) as refused:
        outcome(child_work.answers_with_a_class)
    assert refused.value is UNREADABLE


def test_rows_reach_the_parent_exactly_as_calamine_reads_them():
    # Past the first batch (the one with the header), the date-time and date columns cross packed.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "HoSo"
    sheet.append(["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả", "Giờ", "Số"])
    for n in range(2_500):
        received = datetime(2025, 3, 3, 8, 30, 15, 250_000) + timedelta(minutes=n) if n % 3 else None
        finished = "05/03/2025" if n % 2 else datetime(2025, 3, 12, 17)
        sheet.append(
            [f"HS-{n}", received, date(2025, 3, 10) if n % 4 else None, finished, clock(9, n % 60), n / 2]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    read_here = [tuple(row) for row in workbook.get_sheet_by_name("HoSo").iter_rows()]
    with capped_child(xlsx_rows, buffer.getvalue(), ["HoSo"], unreadable=UNREADABLE) as answers:
        sent = [row for batch in xlsx_batches(answers) for row in batch]
    assert sent == read_here
    assert [tuple(map(type, row)) for row in sent] == [tuple(map(type, row)) for row in read_here]
    assert {type(row[2]) for row in sent[1:]} == {date, str}


DOSSIERS = [
    {
        "MaHoSo": "000.00.01.H01-250301-0001",
        "NgayTiepNhan": "20250301080000",
        "DanhSachLePhi": [{"Gia": 50000}],
    },
    {"MaHoSo": "000.00.01.H01-250301-0002", "NgayTiepNhan": "20250301090000", "DanhSachLePhi": []},
]


def test_a_json_file_is_read_in_the_child():
    assert read_json(io.BytesIO(json.dumps(DOSSIERS).encode())) == DOSSIERS


def test_a_json_lines_file_gives_one_value_per_line(tmp_path):
    path = tmp_path / "ho-so.jsonl"
    path.write_text("\n".join(json.dumps(dossier) for dossier in DOSSIERS) + "\n\n", encoding="utf-8")
    assert read_json(path, lines=True) == DOSSIERS


@pytest.mark.parametrize("lines", [False, True], ids=["array", "json lines"])
def test_json_the_fast_parser_refuses_is_read_as_the_standard_library_reads_it(lines):
    # orjson reads neither NaN nor integers past 64 bits; the standard library reads both.
    content = b"[NaN, 18446744073709551616]" if not lines else b"[1]\n[NaN, 18446744073709551616]\n"
    values = read_json(io.BytesIO(content), lines=lines)
    nan, big = values[-1] if lines else values
    assert math.isnan(nan)
    assert big == 2**64


def test_a_json_file_past_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(FileRefused) as refused:
        read_json(io.BytesIO(b"[" + b"0," * 600_000 + b"0]"))
    assert str(refused.value) == "Tệp lớn hơn giới hạn 1 MB."


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_past_the_limit_is_refused(depth):
    with pytest.raises(FileRefused) as refused:
        read_json(io.BytesIO(b"[" * depth + b"]" * depth))
    assert str(refused.value) == "Tệp JSON lồng nhau quá 32 cấp."


def test_json_nested_to_the_limit_is_read():
    assert read_json(io.BytesIO(b"[" * 32 + b"]" * 32)) is not None


@pytest.mark.parametrize(
    ("content", "lines", "message"),
    [
        (b'[{"MaHoSo": "1"},\n {"MaHoSo": }]', False, "Tệp JSON không hợp lệ ở dòng 2, cột 13."),
        (b'{"MaHoSo": "1"}\n{"MaHoSo": "2"\n', True, "Tệp JSON không hợp lệ ở dòng 2, cột 15."),
        ('[{"MaHoSo": "Hồ sơ"}]'.encode("utf-16"), False, "Tệp JSON phải là văn bản UTF-8."),
    ],
    ids=["syntax", "a bad line", "utf-16"],
)
def test_a_bad_json_file_is_refused_saying_where(content, lines, message):
    with pytest.raises(FileRefused) as refused:
        read_json(io.BytesIO(content), lines=lines)
    assert str(refused.value) == message
