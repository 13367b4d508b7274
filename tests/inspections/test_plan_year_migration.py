"""Inspections filed before the rule under the plan of another year: the upgrade moves each to the plan of
the year it is carried out in where there is one, and names the others."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from inspections.models import Inspection, InspectionPlan

pytestmark = pytest.mark.django_db
migration = importlib.import_module("inspections.migrations.0003_inspection_in_its_plans_year")


def misfiled(province, plan, year: int) -> Inspection:
    # Written past Inspection.clean, as the pages allowed before the rule.
    return Inspection.objects.create(
        plan=plan,
        department=province.stttt,
        scope_start=date(year, 1, 1),
        scope_end=date(year, 6, 30),
        planned_start=date(year, 7, 6),
        planned_end=date(year, 7, 10),
        lead=province.inspector,
    )


def test_a_misfiled_inspection_moves_to_its_years_plan_and_one_without_is_named(province, capsys):
    plan_2019 = InspectionPlan.objects.create(year=2019, title="Kế hoạch 2019")
    plan_2026 = InspectionPlan.objects.create(year=2026, title="Kế hoạch 2026")
    moved = misfiled(province, plan_2019, 2026)
    left = misfiled(province, plan_2019, 2027)
    migration.refile_inspections(apps, None)
    moved.refresh_from_db()
    left.refresh_from_db()
    assert (moved.plan, left.plan) == (plan_2026, plan_2019)
    out = capsys.readouterr().out
    assert (
        f"Đợt kiểm tra id {moved.pk} (Sở Thông tin và Truyền thông): chuyển từ kế hoạch năm 2019 sang kế hoạch năm 2026."
        in out
    )
    assert (
        f"Đợt kiểm tra id {left.pk} (Sở Thông tin và Truyền thông), dự kiến 06/07/2027–10/07/2027, thuộc kế "
        "hoạch năm 2019: chưa có kế hoạch của năm đó." in out
    )
