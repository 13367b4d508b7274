"""What the scorecard's pages and workbooks show, put together from the scoring engine's figures: a unit's
tree (areas → criteria → leaves, self vs appraised vs final), the findings cited under its criteria, and
the province's ranking by total and by area with the change from the year before."""

from dataclasses import dataclass, field
from decimal import Decimal

from inspections.models import Finding, Recommendation
from reporting.charts import Chart, Rect, Tick
from reporting.formatting import vn_number
from scorecards.models import Assessment, CriteriaSet, Criterion, FindingCitation, ScoreEvidence
from scorecards.scoring import AreaTotal, Leaf, Scorecard, criteria_tree, set_scorecards

ZERO = Decimal(0)


@dataclass
class Row:
    """One line of a scorecard: an area with its subtotals, a criterion grouping leaves, or a leaf."""

    node: Criterion
    depth: int
    leaf: Leaf | None = None
    area: AreaTotal | None = None
    evidence: list[ScoreEvidence] = field(default_factory=list)
    citations: list[FindingCitation] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def difference(self) -> Decimal | None:
        """Final against self: what the council took off (negative) or added."""
        if self.leaf is None or self.leaf.final is None or self.leaf.self_points is None:
            return None
        return self.leaf.final - self.leaf.self_points


def scorecard_rows(
    card: Scorecard,
    evidence: list[ScoreEvidence],
    citations: list[FindingCitation],
    open_recommendations: list[Recommendation],
) -> list[Row]:
    """The tree in order, each leaf with its scores, files, cited findings and the open recommendations
    of the cited findings' inspections in the same reform area."""
    tree = criteria_tree(card.assessment.criteria_set)
    by_id = {node.pk: node for node in tree.nodes}
    leaves = {leaf.criterion.pk: leaf for leaf in card.leaves}
    areas = {area.area.pk: area for area in card.areas}
    files: dict[int, list[ScoreEvidence]] = {}
    for item in evidence:
        files.setdefault(item.score_id, []).append(item)
    cited: dict[int, list[FindingCitation]] = {}
    for citation in citations:
        cited.setdefault(citation.criterion_id, []).append(citation)
    rows = []
    for node in tree.nodes:
        depth, parent = 0, node.parent_id
        while parent is not None:
            depth, parent = depth + 1, by_id[parent].parent_id
        leaf = leaves.get(node.pk)
        row = Row(node, depth, leaf=leaf, area=areas.get(node.pk), citations=cited.get(node.pk, []))
        if leaf is not None and leaf.score is not None:
            row.evidence = files.get(leaf.score.pk, [])
        concerned = {(c.finding.inspection_id, c.finding.area) for c in row.citations}
        row.recommendations = [r for r in open_recommendations if (r.inspection_id, r.area) in concerned]
        rows.append(row)
    return rows


def cited_findings(assessment: Assessment) -> tuple[list[FindingCitation], list[Recommendation]]:
    """The findings of the unit's inspections cited under the set's criteria, and the open
    recommendations of those inspections: two queries."""
    citations = list(
        FindingCitation.objects.filter(
            criterion__criteria_set_id=assessment.criteria_set_id,
            finding__inspection__department__path__startswith=assessment.department.path,
        ).select_related("finding__inspection")
    )
    inspections = {citation.finding.inspection_id for citation in citations}
    recommendations = (
        list(
            Recommendation.objects.filter(inspection_id__in=inspections)
            .exclude(status=Recommendation.Status.CLOSED)
            .order_by("deadline", "pk")
        )
        if inspections
        else []
    )
    return citations, recommendations


def unit_findings(assessment: Assessment) -> list[Finding]:
    """The findings the council may cite: those of the unit's (and its sub-units') inspections."""
    return list(
        Finding.objects.filter(inspection__department__path__startswith=assessment.department.path)
        .select_related("inspection")
        .order_by("-inspection__planned_start", "pk")
    )


@dataclass(frozen=True)
class RankingRow:
    card: Scorecard
    areas: list[Decimal]
    previous_total: Decimal | None
    previous_rank: int | None

    @property
    def change(self) -> Decimal | None:
        if self.previous_total is None or self.card.rank is None:
            return None
        return self.card.total - self.previous_total


@dataclass(frozen=True)
class Ranking:
    criteria_set: CriteriaSet
    previous: CriteriaSet | None
    areas: list[Criterion]
    rows: list[RankingRow]
    averages: list[Decimal]


def ranking(criteria_set: CriteriaSet, *, sort: str = "total") -> Ranking:
    """Every unit of the set, the final ones by rank (or by an area's points, `sort` being its code),
    with last year's total and rank of the same unit where it had a final scorecard then."""
    cards = set_scorecards(criteria_set)
    previous = CriteriaSet.objects.filter(kind=criteria_set.kind, year=criteria_set.year - 1).first()
    before = (
        {card.assessment.department_id: card for card in set_scorecards(previous).values()}
        if previous
        else {}
    )
    areas = [node for node in criteria_tree(criteria_set).nodes if node.parent_id is None]
    rows = []
    for card in cards.values():
        last = before.get(card.assessment.department_id)
        final_last = last is not None and last.rank is not None
        rows.append(
            RankingRow(
                card,
                [area.final for area in card.areas],
                last.total if final_last else None,
                last.rank if final_last else None,
            )
        )
    codes = [area.code for area in areas]
    if sort in codes:
        column = codes.index(sort)
        rows.sort(
            key=lambda row: (row.card.rank is None, -row.areas[column], row.card.assessment.department.name)
        )
    else:
        rows.sort(
            key=lambda row: (
                row.card.rank is None,
                row.card.rank or 0,
                -row.card.total,
                row.card.assessment.department.name,
            )
        )
    return Ranking(criteria_set, previous, areas, rows, area_averages(list(cards.values())))


def area_averages(cards: list[Scorecard]) -> list[Decimal]:
    """Each area's mean final points over the units of the set (the province average)."""
    if not cards:
        return []
    count = Decimal(len(cards))
    return [
        (sum((card.areas[index].final for card in cards), ZERO) / count).quantize(Decimal("0.01"))
        for index in range(len(cards[0].areas))
    ]


def area_chart(card: Scorecard, averages: list[Decimal], *, width: int = 640) -> Chart:
    """The unit's final points in each area beside the province average, as a share of the area's
    maximum so that areas of different weights read on one scale."""
    row, left, right = 40, 230, 70
    plot = width - left - right
    chart = Chart(
        width,
        row * len(card.areas) + 8,
        "Điểm từng lĩnh vực so với bình quân của tỉnh",
        plot_left=left,
        plot_right=width - right,
    )
    chart.legend = [("s-within", "Đơn vị"), ("s-no-result", "Bình quân tỉnh")]
    for index, (area, average) in enumerate(zip(card.areas, averages, strict=False)):
        top = 4 + index * row
        for offset, css, value, who in (
            (4, "s-within", area.final, "Đơn vị"),
            (19, "s-no-result", average, "Bình quân tỉnh"),
        ):
            share = float(value / area.max) if area.max else 0.0
            chart.rects.append(
                Rect(
                    left,
                    top + offset,
                    round(share * plot, 1),
                    13,
                    css,
                    f"{area.area.title} · {who}: {vn_number(value)}/{vn_number(area.max)} điểm",
                )
            )
        chart.y_ticks.append(Tick(top + row / 2, f"{area.area.code}. {area.area.title[:30]}"))
        chart.x_labels.append(Tick(top + 10, f"{vn_number(area.final)}/{vn_number(area.max)}"))
        chart.x_labels.append(Tick(top + 25, vn_number(average)))
    return chart
