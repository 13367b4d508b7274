"""`make bench`'s export and import: each measured in a process of its own (the bench command run again
with --measure), so that the peak memory reported is theirs. The export runs twice, with our writer
(reporting/xlsx.py) and with XlsxWriter, which replaces ours the day ours is no longer clearly faster."""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Self

import xlsxwriter
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from procedures import workbook as wb
from procedures.dvcqg import PORTAL_CHANNELS, STATUS_OF_PORTAL
from procedures.import_dvc import import_dvc
from procedures.imports import import_workbook
from procedures.models import Dossier, Procedure
from procedures.selectors import dossier_list
from reporting.exports import LABELS, write_workbook
from reporting.models import DossierCount
from reporting.summary_triggers import CHANGES
from reporting.xlsx import StreamingWorkbook
from sampledata.bench_pages import bench_user, vacuum

EXPORT_ROWS = 100_000
IMPORT_ROWS = 50_000
# reporting/xlsx.py is code of our own where a well-kept library exists: it stays only while it writes
# the export at least this many times as fast as XlsxWriter (the figures are in its docstring).
OWN_WRITER_MIN_SPEEDUP = 1.5
NATIONAL_CHANNELS = {portal: national for national, portal in PORTAL_CHANNELS.items()}


def run_child(measure: str, rows: int) -> dict:
    """Run one measurement in a fresh process and read back what it printed (JSON on its last line)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cchc_portal.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "django", "bench", "--measure", measure, "--rows", str(rows)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{measure} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _memory_mb(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0


class LibraryWorkbook:
    """XlsxWriter in constant_memory mode (rows streamed to the file, as ours does) behind the interface
    of reporting.xlsx.StreamingWorkbook, writing each value as ours does: text as text even when it
    starts with "=", numbers as numbers, dates and date-times in the same formats, a bold header."""

    def __init__(self, target: str | Path | IO[bytes]) -> None:
        self.book = xlsxwriter.Workbook(target, {"constant_memory": True})
        self.bold = self.book.add_format({"bold": True})
        self.day = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.moment = self.book.add_format({"num_format": "dd/mm/yyyy hh:mm"})

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.book.close()

    def write_sheet(self, name: str, header: list[str], rows: Iterable[list]) -> None:
        sheet = self.book.add_worksheet(name)
        for column, title in enumerate(header):
            sheet.write_string(0, column, title, self.bold)
        for line, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(line, column, value)
                elif isinstance(value, datetime):
                    sheet.write_datetime(line, column, value, self.moment)
                elif isinstance(value, date):
                    sheet.write_datetime(line, column, value, self.day)
                elif isinstance(value, bool):
                    sheet.write_boolean(line, column, value)
                else:
                    sheet.write_number(line, column, value)


def measure_export(rows: int, *, library: bool = False) -> dict:
    """The dossier export (the import layout, as the export job writes it) of the first `rows` dossiers,
    written by ours or, with `library`, by XlsxWriter."""

    first = Dossier.objects.order_by("pk").values_list("pk", flat=True).first()
    dossiers = dossier_list(user=bench_user()).filter(pk__gte=first, pk__lt=first + rows)
    baseline = _memory_mb("VmRSS")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        written = write_workbook(
            Path(folder) / "export.xlsx",
            procedures=Procedure.objects.none(),
            dossiers=dossiers,
            writer=LibraryWorkbook if library else StreamingWorkbook,
        )
        seconds = time.perf_counter() - started
        size = (Path(folder) / "export.xlsx").stat().st_size
    return {
        "rows": written,
        "seconds": seconds,
        "peak_mb": _memory_mb("VmHWM"),
        "baseline_mb": baseline,
        "file_mb": size / 1e6,
    }


def _import_workbook(path: Path, rows: int) -> int:
    """A workbook of `rows` new dossiers, copied from existing ones under new codes (a month's upload)."""

    book = Workbook(write_only=True)
    book.create_sheet("TTHC").append([column.header for column in wb.PROCEDURE_COLUMNS])
    sheet = book.create_sheet("HoSo")
    sheet.append([column.header for column in wb.DOSSIER_COLUMNS])
    source = (
        Dossier.objects.exclude(status=Dossier.Status.AWAITING_SUPPLEMENT)
        .order_by("-pk")
        .values_list(
            "procedure__code", "department__code", "channel", "received_at", "due_on", "finished_at", "status",
            "satisfaction",
        )[:rows]
    )  # fmt: skip
    count = 0
    for procedure, department, channel, received, due, finished, status, satisfaction in source.iterator(
        chunk_size=5000
    ):
        count += 1
        sheet.append(
            [
                f"BENCH-{count:07d}",
                procedure,
                department,
                LABELS["channel"][channel],
                timezone.localtime(received).replace(tzinfo=None),
                due,
                timezone.localtime(finished).replace(tzinfo=None) if finished else None,
                LABELS["status"][status],
                LABELS["satisfaction"].get(satisfaction, ""),
            ]
        )
    book.save(path)
    return count


def measure_import(rows: int) -> dict:
    """Import `rows` new dossiers from a workbook, all checks and writes included, then roll back."""
    return _measured_import(
        "import.xlsx",
        lambda path: _import_workbook(path, rows),
        lambda path: import_workbook(str(path), user=None, dry_run=False, filename="bench.xlsx"),
    )


# The tables an import writes. An import measured is rolled back and leaves its rows dead; a PostgreSQL
# without autovacuum (this machine's, CI's) would make each import pay for the one measured before it
# (the national layout's after the workbook's: 8,700 rows/s against 9,800 on vacuumed tables).
WRITTEN_TABLES = (
    Dossier._meta.db_table,
    Dossier.history.model._meta.db_table,
    DossierCount._meta.db_table,
    CHANGES,
)


def _measured_import(name: str, write: Callable[[Path], int], run: Callable[[Path], object]) -> dict:
    """One import of a file `write` makes, timed, then rolled back, on tables vacuumed first; its peak
    memory from the process's."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        vacuum(WRITTEN_TABLES)
        baseline = _memory_mb("VmRSS")
        with transaction.atomic():
            started = time.perf_counter()
            report = run(path)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
    if report.errors:
        raise RuntimeError(f"import refused: {[str(error) for error in report.errors[:3]]}")
    return {
        "rows": report.created["dossiers"],
        "seconds": seconds,
        "peak_mb": _memory_mb("VmHWM"),
        "baseline_mb": baseline,
    }


def _national_file(path: Path, rows: int) -> int:
    """JSON Lines of `rows` new dossiers in the national layout, copied from stored ones with their facts."""

    source = (
        Dossier.objects.exclude(status=Dossier.Status.AWAITING_SUPPLEMENT)
        .order_by("-pk")
        .values(
            "procedure__code", "department__code", "channel", "received_at", "due_on", "finished_at", "status",
            "fee_amount", "paid_online", "digitised", "population_data",
        )[:rows]
    )  # fmt: skip
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for count, dossier in enumerate(source.iterator(chunk_size=5000), start=1):
            # Compact: 50,000 records of these fields hold 18.6 MB with spaces, near IMPORT_MAX_MB (20).
            record = _national_record(count, dossier)
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return count


def _national_record(number: int, dossier: dict) -> dict:
    finished = dossier["finished_at"]
    ended = f"{timezone.localtime(finished):%Y%m%d%H%M%S}" if finished else ""
    received = f"{timezone.localtime(dossier['received_at']):%Y%m%d%H%M%S}"
    return {
        "MaHoSo": f"BENCH-DVC-{number:07d}",
        "MaTTHC": dossier["procedure__code"],
        "DonViXuLy": dossier["department__code"],
        "KenhThucHien": str(NATIONAL_CHANNELS[dossier["channel"]]),
        "TrangThaiHoSo": str(STATUS_OF_PORTAL[dossier["status"]].value),
        "NgayTiepNhan": received,
        # The close of office on the due date, or the receipt where a same-day dossier came in after it.
        "NgayHenTra": max(f"{dossier['due_on']:%Y%m%d}170000", received),
        "NgayKetThucXuLy": ended,
        "NgayTra": ended if dossier["status"] == Dossier.Status.RESOLVED else "",
        "DanhSachLePhi": [] if dossier["fee_amount"] is None else [{"Gia": dossier["fee_amount"]}],
        "DuocThanhToanTrucTuyen": "1" if dossier["paid_online"] else "0",
        "HoSoCoThanhPhanSoHoa": "1" if dossier["digitised"] else "0",
        "TaiKhoanDuocXacThucVoiVNeID": "1" if dossier["population_data"] else "0",
    }


def measure_import_dvc(rows: int) -> dict:
    """Import `rows` new dossiers from a file in the national layout, all checks and writes included, then
    roll back."""
    return _measured_import(
        "dong-bo.jsonl",
        lambda path: _national_file(path, rows),
        lambda path: import_dvc(str(path), user=None, dry_run=False, synced=True, filename="bench.jsonl"),
    )


def measure_library_export(rows: int) -> dict:
    """The same export written by XlsxWriter."""
    return measure_export(rows, library=True)


MEASURES: dict[str, Callable[[int], dict]] = {
    "export": measure_export,
    "export_xlsxwriter": measure_library_export,
    "import": measure_import,
    "import_dvc": measure_import_dvc,
}


def transfer_line(
    label: str, result: dict, *, target: int | None = None, memory_mb: int | None = None
) -> str:
    """One export or import: rows, time, rate and peak memory, and whether the targets are met."""
    rate = result["rows"] / result["seconds"]
    line = (
        f"{label:<29} {result['rows']:>8,} dòng {result['seconds']:>6.1f} s {rate:>9,.0f} dòng/s "
        f"{f'(mục tiêu ≥ {target:,})' if target else '':<19}  bộ nhớ đỉnh {result['peak_mb']:.0f} MB "
        f"(lúc đầu {result['baseline_mb']:.0f} MB)"
    )
    if target is None:
        return line
    met = rate >= target and (memory_mb is None or result["peak_mb"] < memory_mb)
    return f"{line}  đạt? {'có' if met else 'KHÔNG'}"


def write_transfers(write: Callable[[str], None]) -> None:
    """The export (ours and XlsxWriter's) and the import, each measured in a process of its own."""
    export = run_child("export", EXPORT_ROWS)
    library = run_child("export_xlsxwriter", EXPORT_ROWS)
    imported = run_child("import", IMPORT_ROWS)
    national = run_child("import_dvc", IMPORT_ROWS)
    write("")
    write(transfer_line(f"Xuất Excel {EXPORT_ROWS:,} hồ sơ", export, target=15_000, memory_mb=150))
    write(transfer_line("  … cùng tệp, bằng XlsxWriter", library))
    write(transfer_line(f"Nhập Excel {IMPORT_ROWS:,} hồ sơ", imported, target=10_000))
    # The national layout's import must keep up with the workbook's (issue 14): its target is that rate.
    workbook_rate = int(imported["rows"] / imported["seconds"])
    write(transfer_line(f"Nhập tệp đồng bộ DVCQG {IMPORT_ROWS:,}", national, target=workbook_rate))
    # Both wrote the same rows, so the ratio of their times is the ratio of their rates.
    speedup = library["seconds"] / export["seconds"]
    write(
        f"Bộ ghi riêng reporting/xlsx.py nhanh gấp {speedup:.1f} lần XlsxWriter (constant_memory); "
        f"giữ khi ≥ {OWN_WRITER_MIN_SPEEDUP} lần: {'có' if speedup >= OWN_WRITER_MIN_SPEEDUP else 'KHÔNG'}"
    )
