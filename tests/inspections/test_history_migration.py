"""Evidence files and progress reports written before they had an audit trail get its first row when the
portal is upgraded, signed by whoever added them."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("inspections", "0001_initial")]
AFTER = [("inspections", "0002_date_ranges_history")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_evidence_and_reports_get_a_first_trail_row_signed_by_who_added_them(province):
    apps = migrate(BEFORE)
    try:
        plan = apps.get_model("inspections", "InspectionPlan").objects.create(
            year=2025, title="Kế hoạch 2025"
        )
        inspection = apps.get_model("inspections", "Inspection").objects.create(
            plan=plan,
            department_id=province.stttt.pk,
            scope_start=date(2025, 1, 1),
            scope_end=date(2025, 6, 30),
            planned_start=date(2025, 7, 7),
            planned_end=date(2025, 7, 11),
            lead_id=province.inspector.pk,
        )
        recommendation = apps.get_model("inspections", "Recommendation").objects.create(
            inspection=inspection,
            text="Tăng tỷ lệ hồ sơ trực tuyến",
            area="e_government",
            responsible_id=province.stttt.pk,
            deadline=date(2025, 12, 31),
        )
        report = apps.get_model("inspections", "ProgressReport").objects.create(
            recommendation=recommendation,
            kind="progress",
            reported_on=date(2025, 11, 20),
            text="Đã triển khai",
            author_id=province.staff_stttt.pk,
        )
        evidence = apps.get_model("inspections", "Evidence").objects.create(
            report=report,
            file="evidence/2025/11/ke-hoach.pdf",
            filename="ke-hoach.pdf",
            size=8,
            uploaded_by_id=province.staff_stttt.pk,
        )
        apps = migrate(AFTER)
        for name, record in (("HistoricalProgressReport", report), ("HistoricalEvidence", evidence)):
            row = apps.get_model("inspections", name).objects.get()
            assert (row.id, row.history_type, row.history_user_id) == (
                record.pk,
                "+",
                province.staff_stttt.pk,
            )
        assert apps.get_model("inspections", "HistoricalEvidence").objects.get().filename == "ke-hoach.pdf"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
