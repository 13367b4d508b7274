"""Reads of the scorecard for the command line, the API and the pages, scoped like everything else: the
council (inspectors, leaders) and administrators see every unit's scorecard; a unit's staff their own."""

from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from departments.selectors import department_scope_q
from reporting.params import BadRequest, find_department
from scorecards.models import Assessment
from scorecards.params import parse_year
from scorecards.scoring import Scorecard, set_scorecards


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def par_payload(card: Scorecard) -> dict:
    """The scorecard as the JSON of `manage.py par_scores --json` and GET /api/v1/par/: leaves only,
    null where not yet scored."""
    assessment = card.assessment
    return {
        "year": assessment.criteria_set.year,
        "department": {"code": assessment.department.code, "name": assessment.department.name},
        "status": assessment.status,
        "criteria": [
            {
                "code": leaf.criterion.code,
                "title": leaf.criterion.title,
                "max": _number(leaf.criterion.max_points),
                "auto": _number(leaf.auto),
                "self": _number(leaf.self_points),
                "appraised": _number(leaf.appraised),
                "final": _number(leaf.final),
            }
            for leaf in card.leaves
        ],
        "survey": _number(card.survey),
        "total": _number(card.total),
        "rank": card.rank,
    }


def par_scores(*, user: User | None, year: str | None, department: str | None) -> dict:
    """A unit's scorecard of a year (user None: a command, which sees every unit); BadRequest saying
    in Vietnamese why it cannot be answered. The unit is ranked among the set's final assessments."""
    found_year = parse_year(year)
    if not department:
        raise BadRequest(_("Thiếu tham số department (mã đơn vị, ví dụ SKHCN)."))
    unit = find_department(department, user=user)
    assessment = (
        Assessment.objects.filter(criteria_set__year=found_year, department=unit)
        .select_related("criteria_set")
        .first()
    )
    if assessment is None:
        raise BadRequest(
            _("%(unit)s không có phiếu chấm chỉ số CCHC năm %(year)s.")
            % {"unit": unit.name, "year": found_year}
        )
    return par_payload(set_scorecards(assessment.criteria_set)[assessment.pk])


def assessment_list(*, user: User) -> QuerySet:
    return Assessment.objects.filter(department_scope_q(user, prefix="department__")).select_related(
        "criteria_set", "department"
    )


def assessment_get(*, user: User, pk: int) -> Assessment:
    return get_object_or_404(assessment_list(user=user), pk=pk)
