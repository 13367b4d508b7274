"""The criteria workbook (sheet TieuChi) read and judged: every problem reported by row and column in
Vietnamese, one message per problem, before anything is written (scorecards.criteria writes).

The file is read as every workbook from users is (cchc_portal.untrusted_files): measured first, parsed in
a capped child process."""

import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext as _

from cchc_portal import untrusted_files
from cchc_portal.codes import CodeRule, normalise_code
from procedures.workbook import Issue, WorkbookRefused
from procedures.workbook_cells import normalise, text
from scorecards.rules import RuleError, parse_rule
from scorecards.scoring import auto_indicator_labels

SHEET = "TieuChi"
# Header → key. A criteria tree is a few hundred rows at most; the limits keep a wrong file cheap.
COLUMNS = {
    "Mã": "code",
    "Nội dung": "title",
    "Mã cha": "parent",
    "Điểm tối đa": "max_points",
    "Hướng dẫn chấm": "guidance",
    "Tài liệu kiểm chứng": "evidence",
    "Chỉ số tự động": "auto_indicator",
    "Cách tính điểm": "auto_rule",
}
REQUIRED = ("Mã", "Nội dung", "Điểm tối đa")
MAX_ROWS = 2000
MAX_COLUMNS = len(COLUMNS) + 20
MAX_BYTES = 5 * 1024 * 1024
code_rule = CodeRule(
    label=_("Mã tiêu chí"),
    pattern=r"[0-9A-Za-z._-]+",
    message=_("Mã tiêu chí chỉ gồm chữ cái không dấu, chữ số, '.', '-' và '_'."),
)


@dataclass
class Node:
    """One row of the sheet, read."""

    row: int
    code: str
    title: str
    parent: str
    max_points: Decimal | None
    guidance: str
    evidence: str
    auto_indicator: str
    auto_rule: str
    rule: dict | None


@dataclass
class CheckedTree:
    nodes: list[Node] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def read_sheet(source: str | IO[bytes]) -> tuple[list[tuple[int, dict]], list[Issue]]:
    """The data rows of TieuChi as (row number, {key: cell}), and the problems of its header; or
    WorkbookRefused when the file cannot be read as a workbook with that sheet."""
    size = os.path.getsize(source) if isinstance(source, str | os.PathLike) else source.seek(0, os.SEEK_END)
    if size > MAX_BYTES:
        raise WorkbookRefused(_("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    limits = {"max_rows": MAX_ROWS + 1, "max_columns": MAX_COLUMNS}
    try:
        names = untrusted_files.inspect_xlsx(
            source, sheets=lambda name: normalise(name) == SHEET.lower(), **limits
        )
        if not names:
            raise WorkbookRefused(_("Tệp không có trang tính “%(sheet)s”.") % {"sheet": SHEET})
        untrusted_files.measure_xlsx(source, sheets=names[-1:], **limits)
        with untrusted_files.capped_child(
            untrusted_files.xlsx_rows,
            untrusted_files.child_source(source),
            names[-1:],
            unreadable=untrusted_files.damaged_xlsx(),
        ) as batches:
            lines = [cells for batch in untrusted_files.xlsx_batches(batches) for cells in batch]
    except WorkbookRefused:
        raise
    except untrusted_files.FileRefused as error:
        raise WorkbookRefused(str(error)) from None
    return _rows(lines)


def _blank(cells: tuple) -> bool:
    return all(text(cell) == "" for cell in cells)


def _rows(lines: list[tuple]) -> tuple[list[tuple[int, dict]], list[Issue]]:
    numbered = [(number, cells) for number, cells in enumerate(lines, start=1) if not _blank(cells)]
    if not numbered:
        return [], [Issue(SHEET, None, None, _("trang tính không có dữ liệu"))]
    (header_row, header), data = numbered[0], numbered[1:]
    known = {normalise(title): title for title in COLUMNS}
    positions: dict[str, int] = {}
    issues = []
    for index, title in enumerate(header):
        if normalise(title) in known and COLUMNS[known[normalise(title)]] not in positions:
            positions[COLUMNS[known[normalise(title)]]] = index
    for title in REQUIRED:
        if COLUMNS[title] not in positions:
            issues.append(Issue(SHEET, header_row, title, _("thiếu cột bắt buộc")))
    rows = [
        (number, {key: cells[i] if i < len(cells) else None for key, i in positions.items()})
        for number, cells in data
    ]
    return rows, issues


def _points(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    written = text(value).replace(",", ".") if isinstance(value, str) else str(value)
    number = Decimal(written)
    if not number.is_finite() or number < 0 or number != number.quantize(Decimal("0.01")):
        raise ValueError
    if number >= 10_000:
        raise ValueError
    return number.quantize(Decimal("0.01"))


def _node(number: int, cells: dict, issues: list[Issue], indicators: dict[str, str]) -> Node:
    def problem(column: str, message: str) -> None:
        issues.append(Issue(SHEET, number, column, message))

    code = normalise_code(text(cells.get("code")))
    if not code:
        problem("Mã", _("thiếu mã tiêu chí"))
    elif code_rule.problem(code):
        problem("Mã", code_rule.problem(code))
    title = text(cells.get("title"))
    if not title:
        problem("Nội dung", _("thiếu nội dung tiêu chí"))
    max_points = None
    raw = cells.get("max_points")
    if text(raw) == "":
        problem("Điểm tối đa", _("thiếu điểm tối đa"))
    else:
        try:
            max_points = _points(raw)
        except (ValueError, InvalidOperation, ArithmeticError):
            problem(
                "Điểm tối đa",
                _("“%(value)s” không phải số điểm từ 0 đến dưới 10.000, tối đa 2 chữ số thập phân")
                % {"value": text(raw)},
            )
    indicator, rule_written = text(cells.get("auto_indicator")), text(cells.get("auto_rule"))
    rule = None
    if indicator and indicator not in indicators:
        problem(
            "Chỉ số tự động",
            _(
                "“%(code)s” không phải mã chỉ số của cổng (xem lệnh indicators) hay của Bộ chỉ số 766 (index766.total, index766.<nhóm>)"
            )
            % {"code": indicator},
        )
    if indicator and not rule_written:
        problem("Cách tính điểm", _("tiêu chí chấm tự động cần cách tính điểm"))
    if rule_written and not indicator:
        problem("Chỉ số tự động", _("có cách tính điểm nhưng không nêu chỉ số tự động"))
    if rule_written:
        try:
            rule = parse_rule(rule_written)
        except RuleError as error:
            problem("Cách tính điểm", str(error))
    return Node(
        number,
        code,
        title,
        normalise_code(text(cells.get("parent"))),
        max_points,
        text(cells.get("guidance")),
        text(cells.get("evidence")),
        indicator,
        rule_written,
        rule,
    )


def check_rows(rows: list[tuple[int, dict]]) -> CheckedTree:
    """The rows as a tree, with one message per problem: each cell's own faults, then the tree's
    (a code given twice, a parent missing, a loop, an auto rule on a node with children, maxima that do
    not add up)."""
    checked = CheckedTree()
    indicators = auto_indicator_labels()
    checked.nodes = [_node(number, cells, checked.errors, indicators) for number, cells in rows]
    if not checked.nodes:
        checked.errors.append(Issue(SHEET, None, None, _("không có tiêu chí nào")))
        return checked
    _check_tree(checked)
    return checked


def points_text(value: Decimal) -> str:
    """Points as Vietnamese write them: 10, 2,5, 0,75."""
    return f"{value.normalize():f}".replace(".", ",")


def _check_tree(checked: CheckedTree) -> None:
    errors, nodes = checked.errors, checked.nodes
    first: dict[str, Node] = {}
    for node in nodes:
        if node.code in first:
            message = _("mã “%(code)s” đã có ở dòng %(row)s") % {
                "code": node.code,
                "row": first[node.code].row,
            }
            errors.append(Issue(SHEET, node.row, "Mã", message))
        elif node.code:
            first[node.code] = node
    for node in nodes:
        if node.parent and node.parent not in first:
            message = _("không có tiêu chí mã “%(code)s” trong trang") % {"code": node.parent}
            errors.append(Issue(SHEET, node.row, "Mã cha", message))
    _check_loops(first, errors)
    children: dict[str, list[Node]] = {}
    for node in first.values():
        if node.parent in first:
            children.setdefault(node.parent, []).append(node)
    for code, kids in children.items():
        parent = first[code]
        if parent.auto_indicator:
            message = _("tiêu chí có tiêu chí con thì không chấm tự động")
            errors.append(Issue(SHEET, parent.row, "Chỉ số tự động", message))
        _check_maximum(parent, kids, errors)


def _check_maximum(parent: Node, kids: list[Node], errors: list[Issue]) -> None:
    """A parent's maximum is its children's sum; said once, on the parent's row, with the figures."""
    if parent.max_points is None or any(kid.max_points is None for kid in kids):
        return
    total = sum((kid.max_points for kid in kids), Decimal(0))
    if total == parent.max_points:
        return
    message = _(
        "điểm tối đa của “%(code)s” là %(max)s nhưng tổng điểm tối đa các tiêu chí con (%(children)s) là %(sum)s"
    ) % {
        "code": parent.code,
        "max": points_text(parent.max_points),
        "children": ", ".join(kid.code for kid in kids),
        "sum": points_text(total),
    }
    errors.append(Issue(SHEET, parent.row, "Điểm tối đa", message))


def _check_loops(first: dict[str, Node], errors: list[Issue]) -> None:
    """A parent chain that comes back on itself, said once per loop, on its first row."""
    seen_loops: set[frozenset[str]] = set()
    for start in first.values():
        chain: list[str] = []
        code = start.code
        while code in first and code not in chain:
            chain.append(code)
            code = first[code].parent
        if code not in chain:
            continue
        loop = chain[chain.index(code) :]
        if frozenset(loop) in seen_loops:
            continue
        seen_loops.add(frozenset(loop))
        top = min((first[member] for member in loop), key=lambda node: node.row)
        errors.append(
            Issue(
                SHEET,
                top.row,
                "Mã cha",
                _("mã cha tạo thành vòng lặp: %(loop)s") % {"loop": " → ".join([*loop, loop[0]])},
            )
        )
