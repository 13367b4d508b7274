"""A workbook's zip, measured before anything parses it: what its directory declares (sizes, compression
ratios, one member per name), each member inflated as it really inflates, streaming, never a whole part
in memory, and where its sheets are."""

import copy
import os
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from cchc_portal.untrusted_files.refusal import FileRefused, Source, damaged_xlsx

CHUNK = 1024 * 1024
# workbook.xml and its relationships are a few kilobytes; they are parsed whole below this size.
SMALL_PART = 4 * 1024 * 1024
# Real sheets deflate 7 to 13 times (exports of reporting/xlsx.py and openpyxl, and rows repeating
# everything but their code at the strongest level); XML built to inflate shrinks a thousand times.
# Below a megabyte a part cannot do harm whatever its ratio.
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024


@contextmanager
def open_workbook(source: Source) -> Iterator[tuple[zipfile.ZipFile, list[tuple[str, str]]]]:
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


def inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
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
    data = b"".join(inflate(archive, member))
    # A document type can declare entities, and none is needed in a workbook: refused, in either of
    # the encodings the check below can see, there is nothing left for expat to expand.
    if is_wide(data) or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise damaged_xlsx()
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - no document type, at most SMALL_PART bytes
    except ElementTree.ParseError:
        raise damaged_xlsx() from None


def is_wide(data: bytes) -> bool:
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
