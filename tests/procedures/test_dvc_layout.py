"""Reading dossiers in the national synchronisation layout (spec/index766.md): data/dvc_20.json holds 20
dossiers of two units, received 05-16/01/2026, covering every status (1-10), every channel and every fact;
each field of each record is checked against the file by hand. The file also carries fields the portal
does not use (TenTTHC, ChuHoSo, the documents' names, the fees' codes), which are ignored.

No test here needs the database: the reader is pure."""

import io
import json
from pathlib import Path

import pytest

from cchc_portal.untrusted_files import FileRefused, read_json
from procedures.dvc_layout import DvcReading, DvcRecord, read_dvc_records
from procedures.dvcqg import NationalChannel, NationalStatus, SupplementRequest
from procedures.rules import Status
from tests.factories import local

FILE = Path(__file__).parent / "data" / "dvc_20.json"
SO = "000.00.12.H56"
XA = "000.20.31.H56"
# Dossier.Channel's values, written out: the reader must give these, not whatever the mapping says.
CHANNELS = {1: "direct", 2: "online", 3: "postal"}


def jan(day: int, hour: int, minute: int = 0):
    return local(2026, 1, day, hour, minute)


def dossier(code: str, status: int, portal: Status | None, *, channel: int, **values) -> DvcRecord:
    """The record the file's dossier `code` (its date and number: "260105-0001") should read as: received
    at 08:30 that day, of the department's first procedure unless `values` say otherwise, and with no fact
    but those given."""
    unit = values.pop("unit_code", SO)
    record = {
        "position": int(code[-4:]),
        "code": f"{unit}-{code}",
        "procedure_code": "1.004227",
        "unit_code": unit,
        "national_channel": NationalChannel(channel),
        "channel": CHANNELS[channel],
        "national_status": NationalStatus(status),
        "status": portal,
        "received_at": jan(int(code[4:6]), 8, 30),
        "due_at": None,
        "processing_complete_at": None,
        "returned_at": None,
        "ended_at": None,
        "supplements": (),
        "digitised": False,
        "population_data": False,
        "paid_online": False,
        "fee": None,
        "electronic_result": False,
        "reused_data": False,
        "from_dvcqg_store": False,
    }
    return DvcRecord(**(record | values))


# The commune's building permits and karaoke licences.
PERMIT = {"unit_code": XA, "procedure_code": "1.009972"}
KARAOKE = {"unit_code": XA, "procedure_code": "2.000889"}
EXPECTED = [
    # Registered on the portal and not yet received: no receipt time, which only statuses 1 and 3 may lack.
    dossier("260105-0001", 1, None, channel=2, received_at=None, population_data=True),
    dossier("260105-0002", 2, Status.IN_PROGRESS, channel=1, due_at=jan(12, 17)),
    # Not accepted: its submitted form is not digitised (DuocSoHoa "0").
    dossier("260105-0003", 3, None, channel=2, due_at=jan(12, 17)),
    dossier(
        "260106-0004",
        4,
        Status.IN_PROGRESS,
        channel=3,
        due_at=jan(13, 17),
        population_data=True,
        paid_online=True,
        fee=50000,
    ),
    dossier(
        "260106-0005",
        5,
        Status.AWAITING_SUPPLEMENT,
        channel=2,
        due_at=jan(13, 17),
        supplements=(SupplementRequest(jan(7, 10)),),
    ),
    # The fee given as text ("150000"), not yet paid.
    dossier("260107-0006", 6, Status.IN_PROGRESS, channel=1, **PERMIT, due_at=jan(14, 17), fee=150000),
    dossier(
        "260107-0007", 7, Status.WITHDRAWN, channel=2, **PERMIT, due_at=jan(14, 17), ended_at=jan(9, 15, 30)
    ),
    dossier("260108-0008", 8, Status.REFUSED, channel=1, **PERMIT, due_at=jan(15, 17), ended_at=jan(12, 9)),
    dossier(
        "260108-0009",
        9,
        Status.RESOLVED,
        channel=2,
        due_at=jan(15, 17),
        processing_complete_at=jan(14, 16),
        ended_at=jan(14, 16),
        digitised=True,
        electronic_result=True,
    ),
    # Every fact at once: two fees (50,000 + 25,000) paid on the province's gateway ("2"), a blank result
    # path beside a real one, one document digitised and another reused from the DVCQG store.
    dossier(
        "260109-0010",
        10,
        Status.RESOLVED,
        channel=2,
        due_at=jan(16, 17),
        processing_complete_at=jan(15, 11),
        returned_at=jan(16, 8, 30),
        ended_at=jan(15, 11),
        digitised=True,
        population_data=True,
        paid_online=True,
        fee=75000,
        electronic_result=True,
        reused_data=True,
        from_dvcqg_store=True,
    ),
    # Returned without a processing-complete time: its end is the return.
    dossier(
        "260109-0011",
        10,
        Status.RESOLVED,
        channel=1,
        due_at=jan(16, 17),
        returned_at=jan(16, 15),
        ended_at=jan(16, 15),
    ),
    dossier(
        "260112-0012",
        10,
        Status.RESOLVED,
        channel=2,
        due_at=jan(19, 17),
        processing_complete_at=jan(22, 10),
        returned_at=jan(22, 14, 30),
        ended_at=jan(22, 10),
        supplements=(SupplementRequest(jan(13, 9), jan(14, 8)), SupplementRequest(jan(15, 10), jan(16, 14))),
    ),
    # Free: a fee entry of 0, which is not "no fee".
    dossier(
        "260112-0013",
        10,
        Status.RESOLVED,
        channel=1,
        due_at=jan(19, 17),
        processing_complete_at=jan(16, 9),
        returned_at=jan(16, 10),
        ended_at=jan(16, 9),
        fee=0,
    ),
    # Digitised by one of its documents although HoSoCoThanhPhanSoHoa says "0".
    dossier("260113-0014", 4, Status.IN_PROGRESS, channel=2, due_at=jan(20, 17), digitised=True),
    # NgayHenTra blank: the due time is computed when the record is written.
    dossier(
        "260113-0015", 9, Status.RESOLVED, channel=1, processing_complete_at=jan(15, 16), ended_at=jan(15, 16)
    ),
    # Status and channel given as numbers.
    dossier("260114-0016", 2, Status.IN_PROGRESS, channel=2, due_at=jan(21, 17)),
    # A result whose path is blank is not an electronic one.
    dossier(
        "260114-0017",
        10,
        Status.RESOLVED,
        channel=3,
        due_at=jan(21, 17),
        processing_complete_at=jan(20, 16),
        returned_at=jan(21, 9),
        ended_at=jan(20, 16),
    ),
    dossier("260115-0018", 4, Status.IN_PROGRESS, channel=2, **KARAOKE, due_at=jan(22, 17), reused_data=True),
    dossier(
        "260115-0019",
        10,
        Status.RESOLVED,
        channel=2,
        **KARAOKE,
        due_at=jan(22, 17),
        processing_complete_at=jan(21, 10),
        returned_at=jan(21, 14),
        ended_at=jan(21, 10),
        population_data=True,
        from_dvcqg_store=True,
    ),
    # The first supplement came back, the second (NgayTiepNhanBoSung null) has not.
    dossier(
        "260116-0020",
        5,
        Status.AWAITING_SUPPLEMENT,
        channel=2,
        **KARAOKE,
        due_at=jan(23, 17),
        supplements=(SupplementRequest(jan(19, 9), jan(20, 8)), SupplementRequest(jan(21, 10))),
    ),
]


def dossiers() -> list[dict]:
    return json.loads(FILE.read_text(encoding="utf-8"))


def read(values: list) -> tuple[list[DvcRecord], list[str]]:
    reading = read_dvc_records(read_json(io.BytesIO(json.dumps(values).encode())))
    return reading.records, [str(error) for error in reading.errors]


@pytest.fixture(scope="module")
def reading() -> DvcReading:
    """The file read once for the module: each read_json starts a child process."""
    return read_dvc_records(read_json(FILE))


@pytest.mark.parametrize("number", range(1, 21))
def test_each_dossier_of_the_national_file_reads_as_its_values(reading, number):
    assert reading.errors == []
    assert len(reading.records) == 20
    assert reading.records[number - 1] == EXPECTED[number - 1]


def test_the_file_covers_every_status_channel_and_fact(reading):
    records = reading.records
    assert {record.national_status for record in records} == set(NationalStatus)
    assert {record.national_channel for record in records} == set(NationalChannel)
    for fact in (
        "digitised",
        "population_data",
        "paid_online",
        "electronic_result",
        "reused_data",
        "from_dvcqg_store",
    ):
        assert {getattr(record, fact) for record in records} == {True, False}, fact
    assert {record.fee for record in records} >= {None, 0, 50000}
    assert {len(record.supplements) for record in records} == {0, 1, 2}
    assert [record.code for record in records if not record.counted] == [
        "000.00.12.H56-260105-0001",
        "000.00.12.H56-260105-0003",
    ]


def test_the_same_dossiers_as_json_lines_read_the_same(reading, tmp_path):
    path = tmp_path / "dvc_20.jsonl"
    path.write_text(
        "\n".join(json.dumps(value, ensure_ascii=False) for value in dossiers()) + "\n", encoding="utf-8"
    )
    assert read_dvc_records(read_json(path, lines=True)) == reading


def test_a_broken_file_gives_one_message_per_problem_naming_the_record_and_field():
    values = dossiers()
    values[1]["NgayTiepNhan"] = "2026-13-01"
    values[3]["TrangThaiHoSo"] = "11"
    values[5]["KenhThucHien"] = 4
    values[8]["MaHoSo"] = values[1]["MaHoSo"]
    values[9]["DanhSachLePhi"][1]["Gia"] = -25000
    values[11]["DanhSachHoSoBoSung"][1]["NgayTiepNhanBoSung"] = "20260115090000"
    values[12]["NgayTra"] = "20260112080000"
    records, errors = read(values)
    assert errors == [
        "Hồ sơ 000.00.12.H56-260105-0002: NgayTiepNhan “2026-13-01” không phải thời điểm dạng yyyyMMddHHmmss.",
        "Hồ sơ 000.00.12.H56-260106-0004: TrangThaiHoSo “11” không phải trạng thái hồ sơ quốc gia (1–10).",
        "Hồ sơ 000.20.31.H56-260107-0006: KenhThucHien “4” không phải kênh thực hiện "
        "(1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích).",
        "Hồ sơ 000.00.12.H56-260105-0002: MaHoSo trùng ở hồ sơ thứ 2 và thứ 9.",
        "Hồ sơ 000.00.12.H56-260109-0010: DanhSachLePhi[2].Gia “-25000” không được âm.",
        "Hồ sơ 000.00.12.H56-260112-0012: DanhSachHoSoBoSung[2].NgayTiepNhanBoSung “20260115090000” "
        "trước NgayBoSung “20260115100000”.",
        "Hồ sơ 000.00.12.H56-260112-0013: NgayTra “20260112080000” trước NgayTiepNhan “20260112083000”.",
    ]
    # A record with a problem is left out, so that nothing of it can be written.
    assert [record.position for record in records] == [1, 3, 5, 7, 8, 11, 14, 15, 16, 17, 18, 19, 20]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("NgayHenTra", "20260230170000", "NgayHenTra “20260230170000” không phải thời điểm có thật"),
        ("NgayHenTra", "22050112170000", "NgayHenTra “22050112170000”: năm 2205 nằm ngoài khoảng 2000–2100"),
        ("NgayHenTra", "20260104170000", "NgayHenTra “20260104170000” trước NgayTiepNhan “20260105083000”"),
        ("NgayTiepNhan", "", "NgayTiepNhan không được để trống"),
        ("MaTTHC", None, "MaTTHC không được để trống"),
        ("DonViXuLy", 12, "DonViXuLy “12” phải là chuỗi ký tự"),
        ("TrangThaiHoSo", True, "TrangThaiHoSo “True” không phải trạng thái hồ sơ quốc gia (1–10)"),
        ("HoSoCoThanhPhanSoHoa", "có", "HoSoCoThanhPhanSoHoa “có” không hợp lệ; chọn một trong: “1”, “0”"),
        (
            "DuocThanhToanTrucTuyen",
            "3",
            "DuocThanhToanTrucTuyen “3” không hợp lệ; chọn một trong: “1”, “2”, “0”",
        ),
        ("DanhSachLePhi", {"Gia": 1000}, "DanhSachLePhi phải là một mảng"),
        (
            "DanhSachLePhi",
            [{"Gia": "50.000đ"}],
            "DanhSachLePhi[1].Gia “50.000đ” không phải số tiền (đồng, số nguyên)",
        ),
        ("DanhSachLePhi", [{"TenPhiLePhi": "Lệ phí"}], "DanhSachLePhi[1].Gia không được để trống"),
        ("DanhSachHoSoBoSung", [{"NgayBoSung": ""}], "DanhSachHoSoBoSung[1].NgayBoSung không được để trống"),
        (
            "DanhSachHoSoBoSung",
            [{"NgayBoSung": "20260105080000"}],
            "DanhSachHoSoBoSung[1].NgayBoSung “20260105080000” trước NgayTiepNhan “20260105083000”",
        ),
        ("TaiLieuNop", ["cccd.pdf"], "TaiLieuNop[1] không phải một đối tượng JSON"),
        (
            "DanhSachGiayToKetQua",
            [{"DuongDanTepTinKetQua": 7}],
            "DanhSachGiayToKetQua[1].DuongDanTepTinKetQua “7” phải là chuỗi ký tự",
        ),
    ],
)
def test_a_wrong_value_is_one_message_naming_the_field(field, value, problem):
    values = dossiers()[1:2]
    values[0][field] = value
    assert read(values) == ([], [f"Hồ sơ 000.00.12.H56-260105-0002: {problem}."])


def test_values_written_with_spaces_or_as_numbers_read_as_the_plain_ones():
    plain = dossiers()[1:2]
    written = dossiers()[1:2]
    written[0].update(
        TrangThaiHoSo=f" {plain[0]['TrangThaiHoSo']} ",
        KenhThucHien=int(plain[0]["KenhThucHien"]),
        NgayTiepNhan=f" {plain[0]['NgayTiepNhan']}",
        NgayHenTra=int(plain[0]["NgayHenTra"]),
        HoSoCoThanhPhanSoHoa=" 1 ",
    )
    plain[0]["HoSoCoThanhPhanSoHoa"] = "1"
    assert read(written) == read(plain)
    assert read(plain)[0][0].digitised


@pytest.mark.parametrize(
    ("number", "field", "status"),
    [
        (7, "NgayKetThucXuLy", "7 (Công dân yêu cầu rút hồ sơ)"),
        (8, "NgayKetThucXuLy", "8 (Dừng xử lý)"),
        (9, "NgayKetThucXuLy", "9 (Đã xử lý xong)"),
        (11, "NgayTra", "10 (Đã trả kết quả)"),
    ],
)
def test_an_ended_dossier_without_the_time_its_end_comes_from_is_one_message(number, field, status):
    values = dossiers()[number - 1 : number]
    values[0]["NgayKetThucXuLy"] = values[0]["NgayTra"] = ""
    _, errors = read(values)
    assert errors == [
        f"Hồ sơ {values[0]['MaHoSo']}: {field} không được để trống khi TrangThaiHoSo là {status}."
    ]


def test_a_record_without_a_code_or_not_an_object_is_named_by_its_place_in_the_file():
    values = dossiers()[:2] + [7, "000.00.12.H56-260105-0003"]
    values[1]["MaHoSo"] = "  "
    assert read(values)[1] == [
        "Hồ sơ thứ 2: MaHoSo không được để trống.",
        "Hồ sơ thứ 3: không phải một đối tượng JSON.",
        "Hồ sơ thứ 4: không phải một đối tượng JSON.",
    ]


def test_a_json_document_that_is_not_a_list_of_dossiers_is_refused():
    with pytest.raises(FileRefused) as refused:
        read_dvc_records(dossiers()[0])
    assert str(refused.value) == "Tệp phải là một mảng JSON các hồ sơ, hoặc JSON Lines mỗi dòng một hồ sơ."
