"""The scoring engine of the PAR scorecard: a leaf's auto figure and points, each leaf's final points,
each unit's total, area subtotals and rank.

Which points count for a leaf (one rule, here only): the council's appraised points if it gave any; else,
on an auto-scored leaf, the council's override of the auto points (given with a reason); else the auto
points. A unit's own self-score never becomes final: the council appraises what it claims. A leaf with
none of these has no final points yet (null) and adds nothing to the total.

A unit's total is the sum of its leaves' final points plus its survey points. Units are ranked among the
set's final assessments only, by total, highest first; equal totals share a rank (1, 1, 3).

Auto figures are those of the whole assessment year in the current structure (a successor's figures
include its predecessors' records in the fields that passed to it), read with reporting's indicators for
every unit of the set at once: the queries are the same for one unit as for all of them. Once an
assessment is final its auto figures are frozen on its scores (freeze_auto) and read from there."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from departments.models import Department
from procedures.organisation import CURRENT
from reporting.definitions import DEFINITIONS
from reporting.index766 import index766
from reporting.index766_table import GROUPS
from reporting.indicators import indicators_for_departments
from reporting.results import Period
from scorecards.models import Assessment, CriteriaSet, Criterion, Score
from scorecards.rules import rule_points

INDEX_PREFIX = "index766."
INDEX_TOTAL = "index766.total"
ZERO = Decimal(0)


def auto_indicator_labels() -> dict[str, str]:
    """Every code a leaf may be scored from, with its label: the portal's indicators (`manage.py
    indicators`), the national index's total and each of its groups, as a share of its maximum (%)."""
    labels = {definition.code: str(definition.label) for definition in DEFINITIONS}
    labels[INDEX_TOTAL] = _("Bộ chỉ số 766: tổng điểm (quy về thang 100)")
    for group in GROUPS:
        labels[f"{INDEX_PREFIX}{group.code}"] = _("Bộ chỉ số 766: %(group)s (%% điểm tối đa của nhóm)") % {
            "group": group.label
        }
    return labels


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def final_points(
    *, appraised: Decimal | None, override: Decimal | None, auto: Decimal | None
) -> Decimal | None:
    if appraised is not None:
        return appraised
    if override is not None:
        return override
    return auto


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    points: Decimal | None


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _index_value(result, code: str) -> Decimal | None:
    if code == INDEX_TOTAL:
        return _decimal(result.score_100)
    group = next(group for group in result.groups if f"{INDEX_PREFIX}{group.code}" == code)
    if group.points is None or not group.max:
        return None
    return (Decimal(str(group.points)) * 100 / Decimal(str(group.max))).quantize(Decimal("0.01"))


def indicator_values(
    codes: set[str], departments: list[Department], year: int
) -> dict[tuple[int, str], Decimal | None]:
    """Each unit's figure of each code for the year, in the current structure, read for all units at
    once (reporting's queries for one unit are those for all)."""
    period = year_period(year)
    values: dict[tuple[int, str], Decimal | None] = {}
    plain = {code for code in codes if not code.startswith(INDEX_PREFIX)}
    if plain and departments:
        sets = indicators_for_departments(departments, period, structure=CURRENT)
        for department in departments:
            for code in plain:
                values[(department.pk, code)] = _decimal(sets[department.pk][code].value)
    indexed = codes - plain
    if indexed and departments:
        _province, units = index766(departments, period, structure=CURRENT)
        for department in departments:
            for code in indexed:
                values[(department.pk, code)] = _index_value(units[department.pk].result, code)
    return values


def auto_figures(
    leaves: list[Criterion], departments: list[Department], year: int
) -> dict[tuple[int, int], Figure]:
    """(department id, leaf id) → the figure and the points of every auto-scored leaf for every unit."""
    auto = [leaf for leaf in leaves if leaf.auto_indicator]
    values = indicator_values({leaf.auto_indicator for leaf in auto}, departments, year)
    figures = {}
    for department in departments:
        for leaf in auto:
            value = values.get((department.pk, leaf.auto_indicator))
            points = None if value is None else rule_points(leaf.rule, value, leaf.max_points)
            figures[(department.pk, leaf.pk)] = Figure(value, points)
    return figures


@dataclass(frozen=True)
class Leaf:
    criterion: Criterion
    area: Criterion
    score: Score | None
    auto_value: Decimal | None
    auto: Decimal | None
    self_points: Decimal | None
    appraised: Decimal | None
    override: Decimal | None
    final: Decimal | None


@dataclass(frozen=True)
class AreaTotal:
    area: Criterion
    max: Decimal
    self_points: Decimal
    appraised: Decimal
    final: Decimal


@dataclass(frozen=True)
class Scorecard:
    assessment: Assessment
    leaves: list[Leaf]
    areas: list[AreaTotal]
    survey: Decimal | None
    total: Decimal
    rank: int | None


@dataclass(frozen=True)
class Tree:
    """The set's criteria in order, its leaves and the area (top-level node) each node belongs to."""

    nodes: list[Criterion]
    leaves: list[Criterion]
    area_of: dict[int, Criterion]


def criteria_tree(criteria_set: CriteriaSet) -> Tree:
    """The tree in one query; leaves and areas are worked out from the parent links."""
    nodes = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("order", "pk"))
    by_id = {node.pk: node for node in nodes}
    parents = {node.parent_id for node in nodes}
    area_of: dict[int, Criterion] = {}
    for node in nodes:
        top = node
        while top.parent_id is not None:
            top = by_id[top.parent_id]
        area_of[node.pk] = top
    return Tree(nodes, [node for node in nodes if node.pk not in parents], area_of)


def _leaf(
    criterion: Criterion, area: Criterion, score: Score | None, figure: Figure | None, frozen: bool
) -> Leaf:
    if frozen:
        figure = Figure(score.auto_value, score.auto_points) if score else Figure(None, None)
    figure = figure or Figure(None, None)
    appraised = score.appraised_points if score else None
    override = score.override_points if score else None
    return Leaf(
        criterion=criterion,
        area=area,
        score=score,
        auto_value=figure.value,
        auto=figure.points,
        self_points=score.self_points if score else None,
        appraised=appraised,
        override=override,
        final=final_points(appraised=appraised, override=override, auto=figure.points),
    )


def _areas(tree: Tree, leaves: list[Leaf]) -> list[AreaTotal]:
    areas = [node for node in tree.nodes if node.parent_id is None]
    totals = []
    for area in areas:
        mine = [leaf for leaf in leaves if leaf.area.pk == area.pk]
        totals.append(
            AreaTotal(
                area=area,
                max=area.max_points,
                self_points=sum((leaf.self_points or ZERO for leaf in mine), ZERO),
                appraised=sum((leaf.appraised or ZERO for leaf in mine), ZERO),
                final=sum((leaf.final or ZERO for leaf in mine), ZERO),
            )
        )
    return totals


def ranks(totals: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranks, highest first: equal totals share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(totals.values(), reverse=True)
    return {key: ordered.index(total) + 1 for key, total in totals.items()}


def set_scorecards(criteria_set: CriteriaSet) -> dict[int, Scorecard]:
    """Every assessment of the set, scored and ranked: three queries (assessments, criteria, scores) and
    reporting's fixed number for the auto figures of the units whose assessment is not final."""
    assessments = list(
        Assessment.objects.filter(criteria_set=criteria_set).select_related("department", "criteria_set")
    )
    tree = criteria_tree(criteria_set)
    scores: dict[tuple[int, int], Score] = {
        (score.assessment_id, score.criterion_id): score
        for score in Score.objects.filter(assessment__criteria_set=criteria_set)
    }
    live = [a.department for a in assessments if a.status != Assessment.Status.FINAL]
    figures = auto_figures(tree.leaves, live, criteria_set.year) if live else {}
    cards: dict[int, Scorecard] = {}
    for assessment in assessments:
        frozen = assessment.status == Assessment.Status.FINAL
        leaves = [
            _leaf(
                leaf,
                tree.area_of[leaf.pk],
                scores.get((assessment.pk, leaf.pk)),
                figures.get((assessment.department_id, leaf.pk)),
                frozen,
            )
            for leaf in tree.leaves
        ]
        total = sum((leaf.final or ZERO for leaf in leaves), ZERO) + (assessment.survey_points or ZERO)
        cards[assessment.pk] = Scorecard(
            assessment, leaves, _areas(tree, leaves), assessment.survey_points, total, None
        )
    placed = ranks(
        {pk: card.total for pk, card in cards.items() if card.assessment.status == Assessment.Status.FINAL}
    )
    return {
        pk: Scorecard(card.assessment, card.leaves, card.areas, card.survey, card.total, placed.get(pk))
        for pk, card in cards.items()
    }


def assessment_scorecard(assessment: Assessment) -> Scorecard:
    return set_scorecards(assessment.criteria_set)[assessment.pk]


@transaction.atomic
def freeze_auto(assessment: Assessment, *, user: User) -> None:
    """Store the auto figure and points of every auto-scored leaf on the assessment's scores, so that a
    final scorecard never moves when records of its year are imported later. Called by finalisation,
    before the status changes; a missing score row is created."""
    tree = criteria_tree(assessment.criteria_set)
    auto = [leaf for leaf in tree.leaves if leaf.auto_indicator]
    if not auto:
        return
    figures = auto_figures(auto, [assessment.department], assessment.criteria_set.year)
    existing = {
        score.criterion_id: score for score in Score.objects.filter(assessment=assessment, criterion__in=auto)
    }
    for leaf in auto:
        figure = figures[(assessment.department_id, leaf.pk)]
        score = existing.get(leaf.pk) or Score(assessment=assessment, criterion=leaf)
        score.auto_value, score.auto_points = figure.value, figure.points
        score._history_user = user
        score.save()
