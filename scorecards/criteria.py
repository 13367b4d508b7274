"""The year's setup of the scorecard: the criteria imported from a workbook (or copied from the year
before), and an assessment with a score row per leaf opened for each unit to be scored."""

from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from departments.models import Department
from procedures.workbook import Issue
from scorecards.criteria_workbook import CheckedTree, Node, check_rows, read_sheet
from scorecards.models import Assessment, CriteriaSet, Criterion, Score
from scorecards.scoring import criteria_tree

KINDS = {CriteriaSet.Kind.AGENCY: Department.Kind.AGENCY, CriteriaSet.Kind.COMMUNE: Department.Kind.COMMUNE}


@dataclass
class CriteriaImport:
    year: int
    kind: str
    dry_run: bool
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    created: int = 0
    replaced: int = 0
    criteria_set: CriteriaSet | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _sign(record, user: User | None) -> None:
    record._history_user = user
    record.save()


def criteria_import(
    source: str | IO[bytes], *, year: int, kind: str, user: User | None, dry_run: bool = False
) -> CriteriaImport:
    """Read, judge and (unless dry_run or on any error) write the year's criteria of a kind, replacing
    the set's criteria if no unit is assessed on them yet. WorkbookRefused for an unreadable file."""
    rows, header_issues = read_sheet(source)
    if header_issues:
        return CriteriaImport(year=year, kind=kind, dry_run=dry_run, errors=header_issues)
    return criteria_import_rows(rows, year=year, kind=kind, user=user, dry_run=dry_run)


def criteria_import_rows(
    rows: list[tuple[int, dict]], *, year: int, kind: str, user: User | None, dry_run: bool = False
) -> CriteriaImport:
    """The sheet's rows, (row number, {column key: cell}), judged and written as criteria_import does:
    the demo loader brings its tree through here too."""
    report = CriteriaImport(year=year, kind=kind, dry_run=dry_run)
    checked = check_rows(rows)
    report.errors += checked.errors
    existing = CriteriaSet.objects.filter(year=year, kind=kind).first()
    if existing is not None and existing.assessments.exists():
        report.errors.append(
            Issue(
                "TieuChi",
                None,
                None,
                _("Bộ tiêu chí %(set)s đã có phiếu chấm của đơn vị; không thể nhập lại.") % {"set": existing},
            )
        )
    if report.errors:
        return report
    report.created = len(checked.nodes)
    report.replaced = existing.criteria.count() if existing else 0
    if not dry_run:
        report.criteria_set = _write(checked, existing, year=year, kind=kind, user=user)
    return report


def _parents_first(nodes: list[Node]) -> list[Node]:
    by_code = {node.code: node for node in nodes}
    depth: dict[str, int] = {}

    def depth_of(node: Node) -> int:
        if node.code not in depth:
            depth[node.code] = 0 if not node.parent else depth_of(by_code[node.parent]) + 1
        return depth[node.code]

    return sorted(nodes, key=lambda node: (depth_of(node), node.row))


@transaction.atomic
def _write(
    checked: CheckedTree, existing: CriteriaSet | None, *, year: int, kind: str, user: User | None
) -> CriteriaSet:
    criteria_set = existing or CriteriaSet(year=year, kind=kind)
    if existing is None:
        _sign(criteria_set, user)
    else:
        for old in Criterion.objects.filter(criteria_set=existing).order_by("-pk"):
            old._history_user = user
            old.delete()
    saved: dict[str, Criterion] = {}
    order = {node.code: index for index, node in enumerate(checked.nodes, start=1)}
    # A tree of a few hundred rows at most: each node is saved on its own so that its audit row names
    # the importing user, parents before children.
    for node in _parents_first(checked.nodes):
        criterion = Criterion(
            criteria_set=criteria_set,
            code=node.code,
            title=node.title,
            parent=saved.get(node.parent),
            max_points=node.max_points,
            guidance=node.guidance,
            evidence=node.evidence,
            auto_indicator=node.auto_indicator,
            auto_rule=node.auto_rule,
            rule=node.rule,
            order=order[node.code],
        )
        _sign(criterion, user)
        saved[node.code] = criterion
    return criteria_set


@transaction.atomic
def criteria_set_copy(*, user: User, year: int, kind: str) -> CriteriaSet:
    """The criteria of the nearest earlier year of the same kind, copied to `year` as its start (the
    deadlines and publication are the new year's own, left blank)."""
    source = CriteriaSet.objects.filter(kind=kind, year__lt=year).order_by("-year").first()
    if source is None:
        raise ValidationError(
            _("Chưa có bộ tiêu chí năm nào trước năm %(year)s để sao chép.") % {"year": year}
        )
    target = CriteriaSet.objects.filter(kind=kind, year=year).first()
    if target is not None and target.criteria.exists():
        raise ValidationError(
            _("Năm %(year)s đã có bộ tiêu chí %(set)s; không sao chép đè.") % {"year": year, "set": target}
        )
    if target is None:
        target = CriteriaSet(year=year, kind=kind, survey_max_points=source.survey_max_points)
        _sign(target, user)
    copies: dict[int, Criterion] = {}
    for node in _ordered_parents_first(source):
        copy = Criterion(
            criteria_set=target,
            code=node.code,
            title=node.title,
            parent=copies.get(node.parent_id),
            max_points=node.max_points,
            guidance=node.guidance,
            evidence=node.evidence,
            auto_indicator=node.auto_indicator,
            auto_rule=node.auto_rule,
            rule=node.rule,
            order=node.order,
        )
        _sign(copy, user)
        copies[node.pk] = copy
    return target


def _ordered_parents_first(criteria_set: CriteriaSet) -> list[Criterion]:
    tree = criteria_tree(criteria_set)
    by_id = {node.pk: node for node in tree.nodes}

    def depth(node: Criterion) -> int:
        return 0 if node.parent_id is None else depth(by_id[node.parent_id]) + 1

    return sorted(tree.nodes, key=lambda node: (depth(node), node.order, node.pk))


def units_to_assess(criteria_set: CriteriaSet) -> list[Department]:
    """The units a set scores by default: those of its kind in being on the last day of its year
    (agencies at the top of the tree; a unit that ended is scored through its successor)."""
    units = Department.objects.filter(kind=KINDS[criteria_set.kind]).existing_on(
        date(criteria_set.year, 12, 31)
    )
    if criteria_set.kind == CriteriaSet.Kind.AGENCY:
        units = units.roots()
    return list(units.order_by("path"))


@transaction.atomic
def assessments_open(
    *, user: User, criteria_set: CriteriaSet, departments: list[Department] | None = None
) -> list[Assessment]:
    """An assessment in draft, with an empty score for every leaf, for each unit that has none yet."""
    units = units_to_assess(criteria_set) if departments is None else departments
    wrong = [unit for unit in units if unit.kind != KINDS[criteria_set.kind]]
    if wrong:
        raise ValidationError(
            _("Bộ tiêu chí %(set)s không dùng để chấm %(unit)s.")
            % {"set": criteria_set, "unit": wrong[0].name}
        )
    taken = set(criteria_set.assessments.values_list("department_id", flat=True))
    leaves = criteria_tree(criteria_set).leaves
    opened = []
    for unit in units:
        if unit.pk in taken:
            continue
        assessment = Assessment(criteria_set=criteria_set, department=unit)
        _sign(assessment, user)
        bulk_create_with_history(
            [Score(assessment=assessment, criterion=leaf) for leaf in leaves], Score, default_user=user
        )
        opened.append(assessment)
    return opened
