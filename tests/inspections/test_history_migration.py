"""Evidence files and progress reports written before they had an audit trail get its first row when the
portal is upgraded, signed by whoever added them and dated when they did."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections import services
from inspections.models import Evidence, ProgressReport

pytestmark = pytest.mark.django_db
migration = importlib.import_module("inspections.migrations.0002_date_ranges_history")


def test_existing_evidence_and_reports_get_a_first_trail_row_signed_by_who_added_them(
    recommendation, province
):
    report = services.recommendation_report(
        recommendation=recommendation,
        user=province.staff_stttt,
        reported_on=date(2025, 11, 20),
        text="Đã triển khai",
        files=[SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4")],
    )
    evidence = report.evidence.get()
    # As before the upgrade: the records, and no trail of them.
    ProgressReport.history.all().delete()
    Evidence.history.all().delete()
    migration.record_existing(apps, None)
    for record in (report, evidence):
        row = record.history.get()
        assert (row.history_type, row.history_user) == ("+", province.staff_stttt)
    assert ProgressReport.history.get().history_date == report.created_at
    assert (Evidence.history.get().filename, Evidence.history.get().history_date) == (
        "ke-hoach.pdf",
        evidence.uploaded_at,
    )
