"""The capped child that parses untrusted files, and the guard on JSON files for the national layout:
whatever the child meets ends as a refused file with a Vietnamese message, never a crash of the caller."""

import io
import json
import time

import pytest

from cchc_portal.untrusted_files import FileRefused, capped_child, read_json
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
