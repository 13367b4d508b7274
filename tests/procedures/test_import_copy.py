"""The import's bulk writer on PostgreSQL: COPY reads its CSV a batch at a time (cchc_portal.bulk), so rows
past the first batch, and values CSV must quote, arrive exactly as given."""

import pytest
from django.db import connection

from cchc_portal.bulk import copy_rows

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
