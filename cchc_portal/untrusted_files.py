"""Files from users, read without letting them take the process down.

The fast readers trust what they read: python-calamine sizes a sheet by its last cell, so one cell at
XFD1048576 makes it allocate 512 GiB, and the process aborts (SIGABRT) where no Python code can catch
it; a few megabytes of deflated XML inflate to gigabytes. So a file is measured with the standard
library, streaming, never a whole part in memory: first what the zip's directory declares and the last
cell each sheet declares (inspect_xlsx), then every part as it really inflates and every cell reference
of the sheets, however it is written (measure_xlsx). A file past a limit is refused with a message
saying what is wrong. The parse itself runs in a child process whose memory and CPU time are capped
(capped_child), so that whatever the measures did not foresee fails that one reading, never the worker.
read_json does the same for JSON files.

What a layout expects (which sheets, how many rows and columns) is the caller's: procedures/workbook.py."""

import copy
import gc
import io
import json
import multiprocessing
import os
import pickle
import posixpath
import re
import resource
import signal
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import IO, Any
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

Source = str | os.PathLike | IO[bytes]

CHUNK = 1024 * 1024
# workbook.xml and its relationships are a few kilobytes; they are parsed whole below this size.
SMALL_PART = 4 * 1024 * 1024
# Real sheets deflate 7 to 13 times (exports of reporting/xlsx.py and openpyxl, and rows repeating
# everything but their code at the strongest level); XML built to inflate shrinks a thousand times.
# Below a megabyte a part cannot do harm whatever its ratio.
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
# A tag is carried from one chunk to the next until its end arrives; a real one is under a kilobyte.
MAX_TAG = 64 * 1024
# Rows cross from the child to the parent in batches, so that both work at once and the parent can
# report progress; 2,000 rows of the dossier sheet are about 300 KB pickled.
BATCH_ROWS = 2000
# The national layout nests an array of dossiers, their lists and the objects in them: 4 levels.
JSON_MAX_DEPTH = 32
# What a child that ran out of memory exits with when it could not even say so.
OUT_OF_MEMORY = 3


class FileRefused(Exception):
    """An untrusted file that will not be read; the message says why, in Vietnamese."""


def damaged_xlsx() -> FileRefused:
    return FileRefused(_("Tệp .xlsx bị hỏng, không đọc được; hãy mở bằng Excel, lưu lại rồi nhập lại."))


# -- Measuring a workbook -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetExtent:
    name: str
    last_row: int  # as Excel numbers rows; 0 for an empty sheet


def inspect_xlsx(
    source: Source, *, sheets: Callable[[str], bool], max_rows: int, max_columns: int
) -> list[str]:
    """What can be known before anything parses the file: what the zip's directory declares (sizes,
    compression ratios), the sheets, and the last cell each chosen sheet declares. The names of the
    sheets `sheets` accepts, in workbook order; FileRefused for a file past a limit or one that is not
    a sound .xlsx."""
    with _workbook(source) as (archive, parts):
        chosen = [(name, part) for name, part in parts if sheets(name)]
        for name, part in chosen:
            head = next(_tags(_inflate(archive, archive.getinfo(part))), b"")
            _check_head(head, name, max_rows, max_columns)
        return [name for name, _part in chosen]


def measure_xlsx(
    source: Source, *, sheets: list[str], max_rows: int, max_columns: int
) -> dict[str, SheetExtent]:
    """Every member inflated as it really inflates, and every cell of the named sheets, each in at most
    `max_rows` rows and `max_columns` columns; FileRefused naming what is past a limit. Returns the
    named sheets' extents."""
    with _workbook(source) as (archive, parts):
        named = {part: name for name, part in parts if name in sheets}
        found: dict[str, SheetExtent] = {}
        for member in archive.infolist():
            name = named.get(member.filename)
            if name is None:
                for _chunk in _inflate(archive, member):
                    pass
            else:
                found[name] = _scan_sheet(archive, member, name, max_rows, max_columns)
        return {name: found[name] for name in named.values()}


@contextmanager
def _workbook(source: Source) -> Iterator[tuple[zipfile.ZipFile, list[tuple[str, str]]]]:
    """The zip, once its directory has passed, and its (sheet name, member) pairs in workbook order."""
    try:
        if not isinstance(source, str | os.PathLike):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            _check_directory(members, settings.IMPORT_MAX_UNZIPPED_BYTES)
            parts = _sheet_parts(archive)
            if not {part for _name, part in parts} <= {member.filename for member in members}:
                raise damaged_xlsx()
            yield archive, parts
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
        # A damaged zip or deflate stream, a bad CRC, a compression method or encryption zipfile
        # does not read (it says so with a subclass of RuntimeError): none of it is a workbook calamine
        # would read either.
        raise damaged_xlsx() from None


def _check_directory(members: list[zipfile.ZipInfo], limit: int) -> None:
    """What the zip's directory declares, refused before anything is inflated."""
    names = [member.filename for member in members]
    if len(set(names)) != len(names) or any(member.flag_bits & 0x1 for member in members):
        # Two members of one name would let the measure read one and the reader the other.
        raise damaged_xlsx()
    declared = sum(member.file_size for member in members)
    if declared > limit:
        raise _too_big(declared, limit)
    for member in members:
        _check_ratio(member, member.file_size)


def _check_ratio(member: zipfile.ZipInfo, size: int) -> None:
    if size > RATIO_FROM and size > MAX_RATIO * max(member.compress_size, 1):
        raise FileRefused(
            _(
                "Tệp có phần “%(part)s” nén bất thường: giải nén ra gấp %(ratio)s lần (giới hạn %(limit)s "
                "lần). Đây không phải tệp Excel bình thường; hãy mở bằng Excel, lưu lại rồi nhập lại."
            )
            % {"part": member.filename, "ratio": size // max(member.compress_size, 1), "limit": MAX_RATIO}
        )


def _too_big(size: int, limit: int) -> FileRefused:
    return FileRefused(
        _("Tệp khi giải nén chiếm hơn %(size)s MB, vượt quá giới hạn %(limit)s MB; hãy chia thành nhiều tệp.")
        % {"size": size // (1024 * 1024), "limit": limit // (1024 * 1024)}
    )


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, refused as damaged unless they are exactly as many as the directory
    declares: the declared sizes are what the limits were checked against. zipfile alone would stop at
    the declared size, hiding from the measure what calamine, which reads the deflate stream to its
    end, would still read; so the member is read one byte further."""
    further = copy.copy(member)
    further.file_size = member.file_size + 1
    size = 0
    with archive.open(further) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            if size > member.file_size:
                raise damaged_xlsx()
            yield chunk
    if size != member.file_size:
        raise damaged_xlsx()


def _read_small(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        member = archive.getinfo(name)
    except KeyError:
        raise damaged_xlsx() from None
    if member.file_size > SMALL_PART:
        raise damaged_xlsx()
    data = b"".join(_inflate(archive, member))
    # A document type can declare entities, and none is needed in a workbook: refused, in either of
    # the encodings the check below can see, there is nothing left for expat to expand.
    if _wide(data) or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise damaged_xlsx()
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - no document type, at most SMALL_PART bytes
    except ElementTree.ParseError:
        raise damaged_xlsx() from None


def _wide(data: bytes) -> bool:
    """A part in UTF-16 or UTF-32: readers accept them, and byte patterns written for UTF-8 would not
    see their tags. Spreadsheets write UTF-8."""
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) in workbook order, found where calamine looks for them."""
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in _read_small(archive, "xl/_rels/workbook.xml.rels").iter()
        if _local(element.tag) == "Relationship"
    }
    found = []
    for element in _read_small(archive, "xl/workbook.xml").iter():
        if _local(element.tag) != "sheet":
            continue
        relation = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        target = targets.get(relation)
        if target is None:
            raise damaged_xlsx()
        part = target.lstrip("/")
        if not part.startswith("xl/"):
            part = posixpath.normpath(posixpath.join("xl", part))
        found.append((element.get("name", ""), part))
    return found


# -- Scanning a sheet's cells ---------------------------------------------------------------------------------

BEYOND = 1 << 40  # a row or column number too long to be worth converting: past any limit


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else BEYOND


def _column(letters: bytes) -> int:
    if len(letters) > 8:
        return BEYOND
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


REFERENCE = re.compile(rb"([A-Za-z]*)([0-9]*)")
DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
LAST_ROW = re.compile(rb'<row r="([0-9]{1,9})"')
# The opening of a row or cell tag, with or without a namespace prefix, then its attributes up to the
# closing bracket, quotes respected. No scan crosses a "<", which XML forbids inside a tag: each byte
# is looked at a bounded number of times whatever the file holds.
TAG_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*+:)?(row|c)(?=[\s/>])")
TAG_REST = re.compile(rb"""(?:[^<>"']++|"[^<"]*+"|'[^<']*+')*+>""")
R_ATTRIBUTE = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _at_most(top: str, first: str, rest: str) -> str:
    """A pattern for the numerals from 1 to `top`: those with fewer characters, then those as long
    and not greater character by character (true both of decimals without leading zeros and of
    column letters). `first` and `rest` are the character ranges of a numeral's first and other
    characters, such as "1-9" and "0-9"."""
    options = [f"[{first}][{rest}]{{0,{len(top) - 2}}}"] if len(top) > 1 else []
    for index, character in enumerate(top):
        lowest = (first if index == 0 else rest)[0]
        if character > lowest:
            below = chr(ord(character) - 1)
            options.append(f"{top[:index]}[{lowest}-{below}][{rest}]{{{len(top) - index - 1}}}")
    options.append(top)
    return "|".join(options)


@lru_cache(maxsize=8)
def _unusual(max_rows: int, max_columns: int) -> tuple[re.Pattern[bytes], ...]:
    """Patterns for a cell tag NOT written as every spreadsheet writes them (unprefixed, the reference
    first, in double quotes, upper case, within the limits): searched at C speed, a chunk where none
    occurs needs no other look. Row tags need none: a row places only the cells that have no
    reference, and a row without cells takes no room in calamine."""
    rows = _at_most(str(max_rows), "1-9", "0-9")
    columns = _at_most(_letters(max_columns), "A-Z", "A-Z")
    return re.compile(f'<c(?=[\\s/>])(?! r="(?:{columns})(?:{rows})")'.encode()), PREFIXED


def _scan_sheet(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    sheet: str,
    max_rows: int,
    max_columns: int,
) -> SheetExtent:
    """The extent of a sheet part, or FileRefused naming its first cell past the limits.
    A part written the usual way costs two searches per chunk; any other (references missing, in
    other quotes or case, namespace prefixes, a cell out of bounds) is read again tag by tag."""
    unusual = _unusual(max_rows, max_columns)
    last_row = 0
    head = True
    for data in _tags(_inflate(archive, member)):
        if head and data:
            _check_head(data, sheet, max_rows, max_columns)
            head = False
        if any(pattern.search(data) for pattern in unusual):
            return _scan_tags(archive, member, sheet, max_rows, max_columns)
        last = LAST_ROW.match(data, max(data.rfind(b'<row r="'), 0))
        if last:
            last_row = max(last_row, int(last.group(1)))
    return SheetExtent(sheet, last_row)


def _tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks cut so that none ends inside a tag."""
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        start = data.rfind(b"<")
        if start == -1 or data.find(b">", start) != -1:
            tail = b""
            yield data
            continue
        tail = data[start:]
        if len(tail) > MAX_TAG:
            raise damaged_xlsx()
        yield data[:start]
    if tail:
        yield tail


def _position(reference: bytes) -> tuple[int, int] | None:
    """(row, column) of a reference such as XFD1048576, as calamine reads it (any case, leading
    zeros); None when it is not one."""
    parsed = REFERENCE.fullmatch(reference)
    if parsed is None or not parsed.group(1) or not parsed.group(2):
        return None
    return _number(parsed.group(2)), _column(parsed.group(1))


def _check_head(data: bytes, sheet: str, max_rows: int, max_columns: int) -> None:
    if _wide(data):
        raise damaged_xlsx()
    declared = DIMENSION.search(data)
    if declared is None:
        return
    reference = declared.group(1).rpartition(b":")[2]
    position = _position(reference)
    if position is not None and (position[0] > max_rows or position[1] > max_columns):
        raise _beyond(
            _("Trang %(sheet)s khai báo ô %(cell)s, vượt quá giới hạn %(rows)s dòng, %(columns)s cột"),
            sheet,
            reference,
            max_rows,
            max_columns,
        )


def _scan_tags(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    sheet: str,
    max_rows: int,
    max_columns: int,
) -> SheetExtent:
    """The exact reading: every row and cell tag placed as calamine places them, a missing reference
    being the next row, or the next column of the row."""
    row = column = last_row = 0
    for data in _tags(_inflate(archive, member)):
        for start in TAG_START.finditer(data):
            rest = TAG_REST.match(data, start.end())
            if rest is None:
                raise damaged_xlsx()
            found = R_ATTRIBUTE.search(data, start.end(), rest.end() - 1)
            reference = (
                None if found is None else found.group(1) if found.group(1) is not None else found.group(2)
            )
            if start.group(1) == b"row":
                if reference is None:
                    row += 1
                elif reference.isdigit():
                    row = _number(reference)
                else:
                    raise damaged_xlsx()
                column = 0
                continue
            position = None if reference is None else _position(reference)
            if reference is not None and position is None:
                raise damaged_xlsx()
            row, column = position or (row, column + 1)
            if row > max_rows or column > max_columns:
                shown = reference or f"{_letters(column)}{row}".encode()
                raise _beyond(
                    _("Trang %(sheet)s có ô %(cell)s, vượt quá giới hạn %(rows)s dòng, %(columns)s cột"),
                    sheet,
                    shown,
                    max_rows,
                    max_columns,
                )
            last_row = max(last_row, row)
    return SheetExtent(sheet, last_row)


def _beyond(message: str, sheet: str, reference: bytes, max_rows: int, max_columns: int) -> FileRefused:
    cell = reference[:24].decode("ascii", "replace").upper()
    advice = _(
        "(ô xa nhất được phép: %(last)s). Hãy xóa các dòng, cột thừa rồi lưu lại, hoặc chia thành nhiều tệp."
    ) % {"last": f"{_letters(max_columns)}{max_rows}"}
    details = {"sheet": sheet, "cell": cell, "rows": max_rows, "columns": max_columns}
    return FileRefused(f"{message % details} {advice}")


# -- Parsing in a capped child process ------------------------------------------------------------------------

# The only classes a child's answer may name: calamine's dates and times. Anything else in a pickle
# from a process that has read an untrusted file is refused rather than imported and called.
ANSWER_CLASSES = {("datetime", name) for name in ("date", "datetime", "time", "timedelta")}


class _Answer(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ANSWER_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


@lru_cache(maxsize=1)
def _processes() -> multiprocessing.context.BaseContext:
    """Children are forked from a server process started once, fresh (it shares nothing with the
    worker: database connections, threads, locks), with this module and calamine imported: a child
    starts in milliseconds. multiprocessing still runs the caller's main module again in each child
    (manage.py: nothing; the pytest script: a quarter of a second), so that module must be guarded by
    `if __name__ == "__main__"`, as multiprocessing requires anyway."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "python_calamine"])
    return context


@contextmanager
def capped_child(work: Callable[..., Iterator], *args: Any, unreadable: FileRefused) -> Iterator[Iterator]:
    """What `work(*args)` yields, computed in a child process whose address space is capped at
    settings.IMPORT_MAX_MEMORY_MB and its CPU time at settings.IMPORT_MAX_SECONDS (the parent waits no
    longer either). A child that runs out of either, or is killed, raises FileRefused; one whose work
    raises anything else, `unreadable`. `work` must be importable by name; leaving the block ends the
    child."""
    memory, seconds = settings.IMPORT_MAX_MEMORY_MB, settings.IMPORT_MAX_SECONDS
    context = _processes()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(send, memory * 1024 * 1024, seconds, work, args), daemon=True
    )
    process.start()
    send.close()
    try:
        yield _answers(receive, process, time.monotonic() + seconds, unreadable, memory, seconds)
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()


def _answers(
    receive: Connection,
    process: BaseProcess,
    deadline: float,
    unreadable: FileRefused,
    memory: int,
    seconds: int,
) -> Iterator:
    too_slow = FileRefused(
        _(
            "Tệp quá lớn hoặc bị hỏng, không đọc xong trong %(seconds)s giây; hãy mở bằng Excel, lưu lại "
            "rồi nhập lại, hoặc chia thành nhiều tệp."
        )
        % {"seconds": seconds}
    )
    too_big = FileRefused(
        _(
            "Tệp quá lớn hoặc bị hỏng, không đọc được trong giới hạn bộ nhớ %(mb)s MB; hãy mở bằng Excel, "
            "lưu lại rồi nhập lại, hoặc chia thành nhiều tệp."
        )
        % {"mb": memory}
    )
    while True:
        if not receive.poll(max(deadline - time.monotonic(), 0)):
            raise too_slow
        try:
            answer = receive.recv_bytes()
        except EOFError:
            # The child ended without a word: killed by the kernel or its CPU cap, aborted by calamine
            # when an allocation failed under the memory cap, or broken.
            process.join()
            if process.exitcode == -signal.SIGXCPU:
                raise too_slow from None
            if process.exitcode < 0 or process.exitcode == OUT_OF_MEMORY:
                raise too_big from None
            raise RuntimeError(f"the reading process exited with status {process.exitcode}") from None
        try:
            kind, item = _Answer(io.BytesIO(answer)).load()
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
            raise unreadable from None
        if kind == "end":
            return
        if kind == "memory":
            raise too_big
        if kind == "unreadable":
            raise unreadable
        yield item


def _child(send: Connection, memory: int, seconds: int, work: Callable[..., Iterator], args: tuple) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    # A child stopped by its caps must not leave a core dump of its address space behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # What a reader makes are lists of plain values, which never form cycles, and the process ends
    # with the reading: the cycle collector would only cost time.
    gc.disable()

    def answer(kind: str, item: Any = None) -> None:
        send.send_bytes(pickle.dumps((kind, item), protocol=pickle.HIGHEST_PROTOCOL))

    try:
        try:
            for item in work(*args):
                answer("item", item)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - whatever an untrusted file makes the reader raise, it is unreadable
            answer("unreadable")
        except BaseException as error:
            # A panic in Rust code (pyo3's PanicException is no Exception): calamine's answer to an
            # allocation refused under the cap, or to a file it could not cope with.
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            answer("memory")
        else:
            answer("end")
    except MemoryError:
        try:
            answer("memory")
        except MemoryError:
            os._exit(OUT_OF_MEMORY)


def xlsx_rows(source: str | bytes, sheets: list[str]) -> Iterator[tuple[int, list]]:
    """Run in the child: each sheet's rows as calamine reads them, in batches packed by _pack, then an
    empty batch; xlsx_batches unpacks them in the parent."""
    # Imported here, in the only process that parses with it.
    from python_calamine import CalamineWorkbook

    if isinstance(source, str):
        book = CalamineWorkbook.from_path(source)
    else:
        book = CalamineWorkbook.from_filelike(io.BytesIO(source))
    for name in sheets:
        rows = book.get_sheet_by_name(name).iter_rows()
        while batch := list(islice(rows, BATCH_ROWS)):
            yield _pack(batch)
        yield 0, []


# How a column of a batch crosses: as it is or, when it holds only dates or only date-times (and empty
# cells), as ordinals or ISO text, which pickle far cheaper than the objects: 50,000 dossier rows, with
# two or three date-times each, are pickled and unpickled in 0.27 s instead of 0.48 s.
AS_IS, DATE_TIMES, DATES = 0, 1, 2
PLAIN = {str, float, int, bool, type(None)}


def _pack(batch: list[list]) -> tuple[int, list]:
    columns = []
    for column in zip(*batch, strict=True):
        kinds = Counter(map(type, column))
        if kinds.keys() <= PLAIN:
            columns.append((AS_IS, column))
        elif kinds.keys() <= {datetime, str} and column.count("") == kinds[str]:
            columns.append((DATE_TIMES, [value.isoformat() if value else "" for value in column]))
        elif kinds.keys() <= {date, str} and column.count("") == kinds[str]:
            columns.append((DATES, [value.toordinal() if value else 0 for value in column]))
        else:
            columns.append((AS_IS, column))
    return len(batch), columns


def xlsx_batches(answers: Iterator[tuple[int, list]]) -> Iterator[list[tuple]]:
    """In the parent: the batches xlsx_rows sent, as rows (tuples of cells), an empty one ending a sheet."""
    from_text, from_ordinal = datetime.fromisoformat, date.fromordinal
    for count, columns in answers:
        unpacked = []
        for kind, column in columns:
            if kind == DATE_TIMES:
                column = [from_text(value) if value else "" for value in column]
            elif kind == DATES:
                column = [from_ordinal(value) if value else "" for value in column]
            unpacked.append(column)
        yield list(zip(*unpacked, strict=True)) if unpacked else [()] * count


def child_source(source: Source) -> str | bytes:
    """What the child opens: the path itself, or the bytes of an open file (its size already checked)."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    source.seek(0)
    return source.read()


# -- JSON ---------------------------------------------------------------------------------------------------


def read_json(
    source: Source, *, lines: bool = False, max_bytes: int | None = None, max_depth: int = JSON_MAX_DEPTH
) -> Any:
    """A JSON document, or with `lines` the list of a JSON Lines file's values, from an untrusted file:
    refused past `max_bytes` (settings.IMPORT_MAX_BYTES by default) before it is read, and parsed in a
    capped child, nesting at most `max_depth` levels."""
    limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            data = handle.read(limit + 1)
    else:
        data = source.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(_("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    unreadable = FileRefused(_("Tệp JSON không đọc được."))
    with capped_child(_json_values, data, lines, max_depth, unreadable=unreadable) as answers:
        outcome, *details = next(answers)
    if outcome == "encoding":
        raise FileRefused(_("Tệp JSON phải là văn bản UTF-8."))
    if outcome == "syntax":
        line, column = details
        raise FileRefused(
            _("Tệp JSON không hợp lệ ở dòng %(line)s, cột %(column)s.") % {"line": line, "column": column}
        )
    if outcome == "depth":
        raise FileRefused(_("Tệp JSON lồng nhau quá %(n)s cấp.") % {"n": max_depth})
    return details[0]


def _json_values(data: bytes, lines: bool, max_depth: int) -> Iterator[tuple]:
    """Run in the child: ("ok", value), or why not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield ("encoding",)
        return
    try:
        if lines:
            value = []
            # Split on line feeds only: str.splitlines() would also split inside strings holding
            # U+2028 or other separators JSON allows there.
            for number, line in enumerate(text.split("\n"), start=1):
                if line.strip():
                    try:
                        value.append(json.loads(line))
                    except json.JSONDecodeError as error:
                        yield ("syntax", number, error.colno)
                        return
        else:
            value = json.loads(text)
    except json.JSONDecodeError as error:
        yield ("syntax", error.lineno, error.colno)
        return
    except RecursionError:
        yield ("depth",)
        return
    yield ("depth",) if _deeper_than(value, max_depth) else ("ok", value)


def _deeper_than(value: Any, limit: int) -> bool:
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in item)
    return False
