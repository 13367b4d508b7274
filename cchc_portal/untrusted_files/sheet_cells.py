"""The extent of a workbook's sheets: the last cell each sheet declares, then every cell reference of the
sheets, however it is written, each refused past the caller's limits with a message naming the sheet and
the cell."""

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from cchc_portal.untrusted_files.refusal import FileRefused, Source, damaged_xlsx
from cchc_portal.untrusted_files.zip_parts import inflate, is_wide, open_workbook

# A tag is carried from one chunk to the next until its end arrives; a real one is under a kilobyte.
MAX_TAG = 64 * 1024


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
    with open_workbook(source) as (archive, parts):
        chosen = [(name, part) for name, part in parts if sheets(name)]
        for name, part in chosen:
            head = next(_tags(inflate(archive, archive.getinfo(part))), b"")
            _check_head(head, name, max_rows, max_columns)
        return [name for name, _part in chosen]


def measure_xlsx(
    source: Source, *, sheets: list[str], max_rows: int, max_columns: int
) -> dict[str, SheetExtent]:
    """Every member inflated as it really inflates, and every cell of the named sheets, each in at most
    `max_rows` rows and `max_columns` columns; FileRefused naming what is past a limit. Returns the
    named sheets' extents."""
    with open_workbook(source) as (archive, parts):
        named = {part: name for name, part in parts if name in sheets}
        found: dict[str, SheetExtent] = {}
        for member in archive.infolist():
            name = named.get(member.filename)
            if name is None:
                for _chunk in inflate(archive, member):
                    pass
            else:
                found[name] = _scan_sheet(archive, member, name, max_rows, max_columns)
        return {name: found[name] for name in named.values()}


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
    for data in _tags(inflate(archive, member)):
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
    if is_wide(data):
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
    for data in _tags(inflate(archive, member)):
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
