"""STTTT's dossier due on Monday 10/03/2025 (received on Monday 03/03, five working days), and a
recommendation Hùng's inspection gave STTTT, due on Friday 14/03/2025."""

from datetime import date

import pytest

from accounts.models import Role
from inspections.models import Inspection, InspectionPlan, Recommendation
from procedures.models import Dossier
from tests.factories import local, make_dossier, make_user


@pytest.fixture
def dossier(province) -> Dossier:
    dossier = make_dossier(province.stttt_procedure, code="HS-STTTT-9", received_at=local(2025, 3, 3))
    assert dossier.effective_due_on == date(2025, 3, 10)
    return dossier


@pytest.fixture
def team_member(province):
    """A second inspector, a member of Hùng's team."""
    return make_user("thu", role=Role.INSPECTOR)


@pytest.fixture
def recommendation(province, team_member) -> Recommendation:
    inspection = Inspection.objects.create(
        plan=InspectionPlan.objects.create(year=2025, title="Kế hoạch kiểm tra CCHC năm 2025"),
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 1, 31),
        planned_start=date(2025, 2, 3),
        planned_end=date(2025, 2, 7),
        lead=province.inspector,
        status=Inspection.Status.IN_PROGRESS,
    )
    inspection.members.set([team_member])
    return Recommendation.objects.create(
        inspection=inspection,
        text="Công khai đầy đủ thủ tục hành chính tại bộ phận một cửa",
        area="procedures",
        responsible=province.stttt,
        deadline=date(2025, 3, 14),
    )
