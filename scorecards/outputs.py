"""The scorecard's workbooks: a unit's scorecard (self vs appraised vs final, by area) and the province's
ranking, written with reporting's streaming writer (points as numbers, as Excel sums them)."""

from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from reporting.xlsx import StreamingWorkbook
from scorecards.pages import Ranking, Row
from scorecards.scoring import Scorecard


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _scorecard_rows(rows: list[Row]) -> Iterable[list]:
    for row in rows:
        leaf, area = row.leaf, row.area
        if leaf is not None:
            yield [
                row.node.code,
                row.node.title,
                _number(row.node.max_points),
                _number(leaf.auto),
                _number(leaf.self_points),
                _number(leaf.appraised if leaf.appraised is not None else leaf.override),
                _number(leaf.final),
                _number(row.difference),
                leaf.score.self_note if leaf.score else "",
                (leaf.score.appraisal_note or leaf.score.override_reason) if leaf.score else "",
            ]
        elif area is not None:
            yield [
                row.node.code,
                row.node.title.upper(),
                _number(area.max),
                None,
                _number(area.self_points),
                _number(area.appraised),
                _number(area.final),
                _number(area.final - area.self_points),
            ]
        else:
            yield [row.node.code, row.node.title, _number(row.node.max_points)]


def scorecard_workbook(card: Scorecard, rows: list[Row], target: IO[bytes]) -> None:
    header = [
        _("Mã"),
        _("Tiêu chí"),
        _("Điểm tối đa"),
        _("Điểm tự động"),
        _("Điểm tự chấm"),
        _("Điểm thẩm định"),
        _("Điểm cuối cùng"),
        _("Chênh lệch"),
        _("Giải trình của đơn vị"),
        _("Ý kiến thẩm định"),
    ]
    survey = [
        "",
        _("Điều tra xã hội học"),
        _number(card.assessment.criteria_set.survey_max_points),
        None,
        None,
        None,
        _number(card.survey),
    ]
    total = ["", _("TỔNG ĐIỂM"), None, None, None, None, _number(card.total)]
    with StreamingWorkbook(target) as workbook:
        workbook.write_sheet(_("PhieuCham"), header, [*_scorecard_rows(rows), survey, total])


def ranking_workbook(table: Ranking, target: IO[bytes]) -> None:
    header = [
        _("Hạng"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        *[f"{area.code}. {area.title}" for area in table.areas],
        _("Điều tra xã hội học"),
        _("Tổng điểm"),
        _("Trạng thái"),
        _("Tổng điểm năm trước"),
        _("Hạng năm trước"),
        _("Thay đổi so với năm trước"),
    ]
    rows = (
        [
            row.card.rank,
            row.card.assessment.department.code,
            row.card.assessment.department.name,
            *[_number(points) for points in row.areas],
            _number(row.card.survey),
            _number(row.card.total),
            row.card.assessment.get_status_display(),
            _number(row.previous_total),
            row.previous_rank,
            _number(row.change),
        ]
        for row in table.rows
    )
    with StreamingWorkbook(target) as workbook:
        workbook.write_sheet(_("XepHang"), header, rows)
