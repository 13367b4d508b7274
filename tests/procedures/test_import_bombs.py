"""Workbooks built to take the worker down: each is refused with a message saying what is wrong, quickly
and without the memory it was built to claim, from the command line, the page and the job alike."""

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from jobs.models import Job
from procedures.imports import import_workbook
from procedures.models import Dossier
from procedures.workbook import WorkbookRefused
from reporting.xlsx import StreamingWorkbook
from tests.factories import HOSO_HEADERS, ONE_DOSSIER_WORKBOOK, TTHC_HEADERS, workbook_bytes

pytestmark = pytest.mark.django_db

ADVICE = "Hãy xóa các dòng, cột thừa rồi lưu lại, hoặc chia thành nhiều tệp."
LIMITS = f"vượt quá giới hạn 200001 dòng, 70 cột (ô xa nhất được phép: BR200001). {ADVICE}"
MEMORY = (
    "Tệp quá lớn hoặc bị hỏng, không đọc được trong giới hạn bộ nhớ %s MB; hãy mở bằng Excel, lưu lại rồi "
    "nhập lại, hoặc chia thành nhiều tệp."
)
DAMAGED = "Tệp .xlsx bị hỏng, không đọc được; hãy mở bằng Excel, lưu lại rồi nhập lại."


# -- Building workbooks by hand -----------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = (
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
     b'2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
    ("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
     f'2006/relationships"><Relationship Id="rId1" Type="{RELATIONS}/officeDocument" '
     f'Target="xl/workbook.xml"/></Relationships>'.encode()),
    ("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
     '<sheet name="TTHC" sheetId="1" r:id="rId1"/><sheet name="HoSo" sheetId="2" r:id="rId2"/>'
     "</sheets></workbook>".encode()),
    ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
     f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELATIONS}/worksheet" '
     f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RELATIONS}/worksheet" '
     f'Target="/xl/worksheets/sheet2.xml"/></Relationships>'.encode()),
)  # fmt: skip


def header(headers: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{title}</t></is></c>' for i, title in enumerate(headers)
    )
    return f'<row r="1">{cells}</row>'


def sheet(rows: str, *, dimension: str | None = None, root: str = "worksheet") -> bytes:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{MAIN}">{declared}<sheetData>{rows}'
        f"</sheetData></{root}>"
    ).encode()


def hand_made(hoso: bytes, *, extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A workbook of a blank TTHC sheet and the given HoSo part, written by zipfile."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in PACKAGE:
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet(header(TTHC_HEADERS)))
        archive.writestr("xl/worksheets/sheet2.xml", hoso)
        for name, content in extra:
            archive.writestr(name, content, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of members given as (name, raw deflate data, size to declare, CRC), so that a member can be
    deflated without zipfile compressing hundreds of megabytes, or declare a size it does not have."""
    local, central = io.BytesIO(), []
    for name, data, size, crc in members:
        encoded, offset = name.encode(), local.tell()
        local.write(
            struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        )
        local.write(encoded + data)
        central.append(
            struct.pack(
                "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                offset,
            )
            + encoded
        )  # fmt: skip
    directory = b"".join(central)
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), local.tell(), 0
    )
    return local.getvalue() + directory + end


def deflated(part: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(part) + packer.flush(), len(part), zlib.crc32(part)


def compressed_bomb(*, declared: int | None = None) -> tuple[bytes, int, int]:
    """A workbook whose HoSo part is 256 MB of one row repeated, deflated to a few hundred kilobytes
    without compressing 256 MB: the row block is compressed once and its copies follow each other,
    each ending on a full flush. Returns the file, and the part's real and compressed sizes."""
    block = b'<row r="2"><c r="A2" t="inlineStr"><is><t>HS</t></is></c></row>' * 16_384
    opening, closing = sheet("").split(b"</sheetData>")
    closing = b"</sheetData>" + closing
    copies = 256
    pieces = [zlib.compressobj(9, zlib.DEFLATED, -15) for _piece in range(3)]
    data = (
        pieces[0].compress(opening)
        + pieces[0].flush(zlib.Z_FULL_FLUSH)
        + (pieces[1].compress(block) + pieces[1].flush(zlib.Z_FULL_FLUSH)) * copies
        + pieces[2].compress(closing)
        + pieces[2].flush()
    )
    crc = zlib.crc32(opening)
    for _copy in range(copies):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(closing, crc)
    size = len(opening) + len(block) * copies + len(closing)
    members = [(name, *deflated(content)) for name, content in PACKAGE]
    members.append(("xl/worksheets/sheet1.xml", *deflated(sheet(header(TTHC_HEADERS)))))
    members.append(("xl/worksheets/sheet2.xml", data, declared or size, crc))
    return raw_zip(members), size, len(data)


def sparse_bomb() -> bytes:
    """What openpyxl writes for a HoSo sheet with its headers and one cell at Excel's last: 5.7 KB, and a
    dimension A1:XFD1048576 that makes calamine allocate 512 GiB."""
    book = openpyxl.Workbook()
    book.active.title = "TTHC"
    book.active.append(TTHC_HEADERS)
    hoso = book.create_sheet("HoSo")
    hoso.append(HOSO_HEADERS)
    hoso.cell(row=1048576, column=16384, value=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def deep_reference(*, dimension: str | None = "A1:I2") -> bytes:
    """A HoSo sheet whose last cell is ALL100000 (3.2 GB and 11 s in calamine), under a dimension that lies."""
    return hand_made(
        sheet(
            header(HOSO_HEADERS) + '<row r="100000"><c r="ALL100000"><v>1</v></c></row>', dimension=dimension
        )
    )


@contextmanager
def measured() -> Iterator[SimpleNamespace]:
    """The wall time of the block, and how far it raised this process's peak resident memory: the
    kernel's high-water mark is reset first (Linux /proc/self/clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")
    before = _memory_kb("VmRSS")
    outcome = SimpleNamespace()
    started = time.perf_counter()
    yield outcome
    outcome.seconds = time.perf_counter() - started
    outcome.peak_mb = (_memory_kb("VmHWM") - before) / 1024


def _memory_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    raise AssertionError(key)


def refusal(content: bytes) -> str:
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(io.BytesIO(content), user=None, dry_run=False)
    return str(refused.value)


@pytest.fixture
def reader_started(province):
    """The child processes are forked from a server each worker starts on its first workbook."""
    import_workbook(io.BytesIO(workbook_bytes(ONE_DOSSIER_WORKBOOK)), user=None, dry_run=True)


# -- The three bombs ------------------------------------------------------------------------------------------


def test_a_cell_at_excels_last_column_and_row_is_refused_at_once(province):
    content = sparse_bomb()
    assert len(content) < 10_000
    with measured() as cost:
        message = refusal(content)
    assert message == f"Trang HoSo khai báo ô XFD1048576, {LIMITS}"
    assert cost.seconds < 1
    assert cost.peak_mb < 200
    assert not Dossier.objects.exists()


def test_a_compressed_bomb_is_refused_from_the_zip_directory_before_anything_is_inflated(province):
    content, size, packed = compressed_bomb()
    assert size > 250_000_000
    assert len(content) < 1_000_000
    with measured() as cost:
        message = refusal(content)
    assert message == (
        f"Tệp có phần “xl/worksheets/sheet2.xml” nén bất thường: giải nén ra gấp {size // packed} lần "
        "(giới hạn 100 lần). Đây không phải tệp Excel bình thường; hãy mở bằng Excel, lưu lại rồi nhập lại."
    )
    assert cost.seconds < 1
    assert cost.peak_mb < 200


def test_a_compressed_bomb_whose_header_understates_its_size_is_refused_as_soon_as_it_passes_it(
    province, reader_started
):
    content, _size, _packed = compressed_bomb(declared=40_000)
    with measured() as cost:
        message = refusal(content)
    assert message == DAMAGED
    assert cost.seconds < 1
    assert cost.peak_mb < 200


def test_a_sheet_whose_dimension_lies_is_refused_by_the_cell_it_holds(province, reader_started):
    with measured() as cost:
        message = refusal(deep_reference())
    assert message == f"Trang HoSo có ô ALL100000, {LIMITS}"
    assert cost.seconds < 1
    assert cost.peak_mb < 200


def test_a_sheet_that_declares_its_far_cell_is_refused_before_any_child_reads_it(province):
    assert refusal(deep_reference(dimension="A1:ALL100000")) == f"Trang HoSo khai báo ô ALL100000, {LIMITS}"


# -- Other ways of writing a far cell -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "cell"),
    [
        ("<row>" + "<c><v>1</v></c>" * 71 + "</row>", "BS2"),
        ("<row r='7'><c r='ALL7'><v>1</v></c></row>", "ALL7"),
        ('<row r="7"><c r = "ALL7"><v>1</v></c></row>', "ALL7"),
        ('<row r="7"><c t="n" r="ALL7"><v>1</v></c></row>', "ALL7"),
        ('<row r="7"><c r="all7"><v>1</v></c></row>', "ALL7"),
        ('<row r="7"><c r="A000300000"><v>1</v></c></row>', "A000300000"),
        ('<x:row xmlns:x="' + MAIN + '" r="7"><x:c r="ALL7"><x:v>1</x:v></x:c></x:row>', "ALL7"),
        ('<row r="300000"><c><v>1</v></c></row>', "A300000"),
    ],
    ids=[
        "no references",
        "single quotes",
        "spaces around =",
        "reference not first",
        "lower case",
        "leading zeros",
        "namespace prefix",
        "row reference only",
    ],
)
def test_a_far_cell_is_found_however_it_is_written(province, reader_started, rows, cell):
    assert refusal(hand_made(sheet(header(HOSO_HEADERS) + rows))) == f"Trang HoSo có ô {cell}, {LIMITS}"


def test_a_sheet_in_utf16_is_refused_as_damaged(province):
    part = sheet(header(HOSO_HEADERS)).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert refusal(hand_made(part.encode("utf-16"))) == DAMAGED


# -- Limits of a real workbook --------------------------------------------------------------------------------


def test_extra_columns_within_the_allowance_are_read_and_one_past_it_is_refused(province):
    sheets = {name: [list(row) for row in rows] for name, rows in ONE_DOSSIER_WORKBOOK.items()}
    sheets["HoSo"][0] += [None] * 50 + ["Ghi chú"]
    report = import_workbook(io.BytesIO(workbook_bytes(sheets)), user=None, dry_run=False)
    assert report.ok
    assert [str(warning) for warning in report.warnings] == [
        "Trang HoSo, dòng 1, cột “Ghi chú”: cột không thuộc mẫu, được bỏ qua"
    ]
    assert Dossier.objects.count() == 1
    sheets["HoSo"][1] += [None] * 61 + ["quá xa"]
    assert refusal(workbook_bytes(sheets)) == f"Trang HoSo khai báo ô BS2, {LIMITS}"


def test_a_sheet_longer_than_the_row_limit_is_refused_before_it_is_read(province, settings):
    settings.IMPORT_MAX_ROWS = 2
    sheets = {name: [list(row) for row in rows] for name, rows in ONE_DOSSIER_WORKBOOK.items()}
    sheets["HoSo"] += [sheets["HoSo"][1]] * 2
    assert refusal(workbook_bytes(sheets)) == (
        "Trang HoSo khai báo ô I4, vượt quá giới hạn 3 dòng, 70 cột (ô xa nhất được phép: BR3). " + ADVICE
    )


def test_a_workbook_that_inflates_past_the_limit_is_refused(province, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    content = hand_made(sheet(header(HOSO_HEADERS)), extra=(("xl/media/image1.png", bytes(2 * 1024 * 1024)),))
    assert refusal(content) == (
        "Tệp khi giải nén chiếm hơn 2 MB, vượt quá giới hạn 1 MB; hãy chia thành nhiều tệp."
    )


def test_a_reader_past_its_memory_cap_refuses_an_ordinary_workbook_and_the_next_one_imports(
    province, settings
):
    # A child is forked with its server's heap, some of it free, and a cap below the child's size still
    # lets it use that: one row can be read in it, 2,000 cannot (70 to 350 KB were free, depending on
    # how the server's modules happened to be compiled).
    row = ONE_DOSSIER_WORKBOOK["HoSo"][1]
    dossiers = [[f"HS-{n:05d}", *row[1:]] for n in range(2000)]
    settings.IMPORT_MAX_MEMORY_MB = 16
    assert refusal(workbook_bytes({**ONE_DOSSIER_WORKBOOK, "HoSo": [HOSO_HEADERS, *dossiers]})) == MEMORY % 16
    settings.IMPORT_MAX_MEMORY_MB = 1024
    assert import_workbook(io.BytesIO(workbook_bytes(ONE_DOSSIER_WORKBOOK)), user=None, dry_run=False).ok
    assert Dossier.objects.count() == 1


def test_reading_reports_its_progress_up_to_forty_percent(province, tmp_path):
    path = tmp_path / "ho-so.xlsx"
    row = ONE_DOSSIER_WORKBOOK["HoSo"][1]
    with StreamingWorkbook(path) as book:
        book.write_sheet("TTHC", TTHC_HEADERS, ONE_DOSSIER_WORKBOOK["TTHC"][1:])
        book.write_sheet("HoSo", HOSO_HEADERS, ([f"HS-{n:05d}", *row[1:]] for n in range(12_000)))
    stages = []
    import_workbook(
        str(path), user=None, dry_run=True, progress=lambda percent, stage: stages.append((percent, stage))
    )
    assert stages[:3] == [
        (16, "Đã đọc 5000 dòng"),
        (33, "Đã đọc 10000 dòng"),
        (40, "Đang kiểm tra 12001 dòng"),
    ]


# -- Every way in ---------------------------------------------------------------------------------------------


def test_the_command_exits_2_naming_the_far_cell(province, tmp_path, capsys):
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(sparse_bomb())
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_xlsx", str(path), "--dry-run")
    assert exit_status.value.code == 2
    assert capsys.readouterr().err.strip() == f"Lỗi: Trang HoSo khai báo ô XFD1048576, {LIMITS}"


def test_an_uploaded_bomb_ends_as_a_failed_job_whose_page_says_why(
    client, province, reader_started, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    upload = {"file": SimpleUploadedFile("ho-so.xlsx", deep_reference())}
    # The session, the user, the job recorded, then run at once by the tests' task backend: read, marked
    # started and failed. The workbook is refused before any row is read.
    with django_assert_num_queries(6):
        client.post(reverse("procedures:import"), upload)
    job = Job.objects.get(kind=Job.Kind.IMPORT_CHECK)
    assert job.status == Job.Status.FAILED
    # The session, the user, the job.
    with django_assert_num_queries(3):
        page = client.get(job.get_absolute_url()).content.decode()
    assert f"Trang HoSo có ô ALL100000, {LIMITS}" in page
