"""The import's bulk writer on PostgreSQL: COPY reads its CSV a batch at a time (cchc_portal.bulk), so rows
past the first batch, and values CSV must quote, arrive exactly as given; an import's new dossiers are
copied in several statements, each counted by the summary once."""

import io
from datetime import datetime

import pytest
from django.db import connection
from django.db.models import Sum

from cchc_portal.bulk import BackgroundCopy, copy_rows
from procedures.imports import import_workbook
from procedures.models import Dossier
from reporting.models import DossierCount
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, workbook_bytes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]


def test_copy_stores_every_row_of_several_batches_with_nulls_empty_text_and_quoted_text():
    rows = [
        (number, None if number % 7 == 0 else f'mã "{number}", dòng\nhai', "" if number % 3 else "ghi chú")
        for number in range(2500)
    ]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copied (number integer, label text, note text NOT NULL)")
        copy_rows("copied", ("number", "label", "note"), rows, not_null=("number", "note"))
        cursor.execute("SELECT number, label, note FROM copied ORDER BY number")
        assert cursor.fetchall() == rows


def test_a_streamed_import_copies_its_dossiers_in_several_statements_each_counted_once(province, monkeypatch):
    """New dossiers are copied a few statements at a time while the rest is judged (BackgroundCopy), so
    that the summary's triggers run along the way: every dossier stored, each in the summary once and in
    the audit trail once, whatever row a statement ends on."""
    monkeypatch.setattr(BackgroundCopy, "ROWS_PER_BATCH", 2)
    monkeypatch.setattr(BackgroundCopy, "ROWS_PER_STATEMENT", 3)
    rows = [
        [
            f"HS-{n:03d}",
            "1.004227",
            None,
            "Trực tuyến",
            datetime(2025, 3, 3 + n % 5, 9),
            None,
            None,
            None,
            None,
        ]
        for n in range(11)
    ]
    report = import_workbook(
        io.BytesIO(workbook_bytes({"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, *rows]})),
        user=province.staff_stttt,
        dry_run=False,
        filename="thang-3.xlsx",
    )
    assert report.ok, [str(error) for error in report.errors]
    assert Dossier.objects.filter(code__startswith="HS-").count() == 11
    received = DossierCount.objects.filter(
        department_id=DossierCount.PROVINCE, field_id=DossierCount.ALL_FIELDS, span=DossierCount.Span.YEAR
    ).aggregate(total=Sum("received_online"))["total"]
    assert received == 11
    # The historical rows name the import and who ran it.
    created = Dossier.history.filter(history_type="+", code__startswith="HS-")
    assert created.count() == 11
    assert set(created.values_list("history_change_reason", "history_user__username")) == {
        ("Nhập từ tệp Excel thang-3.xlsx", "lan")
    }
