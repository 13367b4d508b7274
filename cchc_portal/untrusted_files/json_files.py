"""JSON and JSON Lines files from users, refused past a size before they are read and parsed in the
capped child, nesting at most a given depth."""

import json
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from cchc_portal.untrusted_files.child_process import capped_child
from cchc_portal.untrusted_files.refusal import FileRefused, Source

# The national layout nests an array of dossiers, their lists and the objects in them: 4 levels.
JSON_MAX_DEPTH = 32


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
