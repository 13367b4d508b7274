"""Hùng's 2025 inspection of STTTT, under way, and a recommendation it concluded with."""

from datetime import date

import pytest

from inspections import services
from inspections.models import Inspection, InspectionPlan, Recommendation


@pytest.fixture
def plan(db) -> InspectionPlan:
    return InspectionPlan.objects.create(year=2025, title="Kế hoạch kiểm tra CCHC năm 2025")


@pytest.fixture
def inspection(province, plan) -> Inspection:
    inspection = services.inspection_create(
        plan=plan,
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 6, 30),
        planned_start=date(2025, 7, 7),
        planned_end=date(2025, 7, 11),
        lead=province.inspector,
        members=[],
    )
    return services.inspection_start(inspection=inspection, user=province.inspector)


@pytest.fixture
def recommendation(province, inspection) -> Recommendation:
    recommendation = services.recommendation_add(
        inspection=inspection,
        user=province.inspector,
        text="Tăng tỷ lệ hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
    )
    services.inspection_conclude(
        inspection=inspection, user=province.inspector, concluded_on=date(2025, 7, 15), number="12/KL-ĐKT"
    )
    return recommendation
