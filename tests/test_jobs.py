"""The page that follows a background job: how many errors a refused file has."""

import pytest
from django.urls import reverse

from jobs.models import Job

pytestmark = pytest.mark.django_db


def error(row: int) -> dict:
    return {"sheet": "HoSo", "row": row, "column": "Mã hồ sơ", "message": "Thiếu mã hồ sơ."}


def checked_file(user, **fields) -> Job:
    return Job.objects.create(
        kind=Job.Kind.IMPORT_CHECK,
        user=user,
        filename="so-ho-so.xlsx",
        stored_name="so-ho-so.xlsx",
        **fields,
    )


def test_a_file_with_more_errors_than_shown_counts_each_error_once(
    client, province, django_assert_num_queries
):
    job = checked_file(
        province.staff_stttt,
        status=Job.Status.SUCCEEDED,
        result={"ok": False, "dry_run": True, "rows": 503, "errors": [error(n) for n in range(2, 505)]},
    )
    client.force_login(province.staff_stttt)
    # The session, its user, the job.
    with django_assert_num_queries(3):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Tệp có 503 lỗi; không có dữ liệu nào được ghi." in page
    assert "… và 3 lỗi khác." in page
    assert page.count("Thiếu mã hồ sơ.") == 500
