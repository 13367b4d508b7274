"""The national layout through the import page (upload → check → confirm, as a workbook), and the imported
dossiers' facts on their pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import Job
from procedures.import_dvc import import_dvc
from procedures.models import Dossier
from tests.factories import make_user
from tests.procedures.test_import_dvc import FILE, SO, XA, national  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national")]


@pytest.fixture
def both(client, province):
    """Staff of the one-stop desk keeping both departments' data: the whole file is theirs."""
    client.force_login(make_user("thu", departments=(province.stttt, province.sxd)))
    return client


# The session, the user and the job: a job's page, or a 404 for one not one's own or not confirmable.
JOB_PAGE = 3


def upload(client, content: bytes, name: str = "dong-bo.json", **fields):
    return client.post(reverse("procedures:import"), {"file": SimpleUploadedFile(name, content), **fields})


def test_a_national_file_is_checked_then_imported_on_confirmation_as_synced(
    both, django_assert_num_queries, django_assert_max_num_queries
):
    client = both
    # The session, the user; the check's job recorded, then run at once by the tests' task backend: read,
    # marked started, its progress written twice; in a savepoint the units, the user's units, the fields,
    # the units and successions, the procedures and their units, the dossiers, the data locks and the
    # calendar; its result written.
    with django_assert_num_queries(20):
        response = upload(client, FILE.read_bytes(), synced="on")
    check = Job.objects.get()
    assert response.url == check.get_absolute_url()
    assert (check.status, check.parameters, check.result["ok"]) == ("succeeded", {"synced": True}, True)
    assert check.result["layout"] == "dvc"
    with django_assert_num_queries(JOB_PAGE + 1):
        page = client.get(check.get_absolute_url()).content.decode()
    assert "Tệp hợp lệ: 20 hồ sơ, không có lỗi." in page
    assert "Bỏ qua 2 hồ sơ trạng thái 1/3 (không được tính)." in page
    assert not Dossier.objects.exists()
    with django_assert_max_num_queries(60):
        response = client.post(reverse("jobs:confirm", kwargs={"pk": check.pk}))
    done = Job.objects.get(kind=Job.Kind.IMPORT)
    assert (done.status, done.result["created"], done.result["skipped"]) == ("succeeded", {"dossiers": 18}, 2)
    assert Dossier.objects.filter(synced_to_dvcqg=True).count() == 18
    assert "Đã nhập 20 hồ sơ" in client.get(done.get_absolute_url()).content.decode()


def test_a_file_of_another_units_dossiers_lists_each_problem_and_cannot_be_confirmed(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    upload(client, FILE.read_bytes(), "dong-bo.jsonl")
    check = Job.objects.get()
    assert check.parameters == {"synced": False}
    with django_assert_num_queries(JOB_PAGE):
        page = client.get(check.get_absolute_url()).content.decode()
    # The six dossiers of SXD, whose unit Lan does not manage.
    assert "Tệp có 6 lỗi; không có dữ liệu nào được ghi." in page
    assert (
        f"<tr><td>{XA}-260107-0006</td><td>6</td><td>DonViXuLy</td>"
        "<td>bạn không có quyền với đơn vị “SXD”</td></tr>" in page
    )
    with django_assert_num_queries(JOB_PAGE):
        assert client.post(reverse("jobs:confirm", kwargs={"pk": check.pk})).status_code == 404
    assert not Dossier.objects.exists()


def test_only_workbooks_and_national_files_are_taken_and_only_the_latter_marked_synced(
    client, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    # The session and the user: the form refuses the file before a job is recorded.
    with django_assert_num_queries(2):
        page = upload(client, b"a;b", "so-ho-so.csv").content.decode()
    assert (
        "Chỉ nhận tệp .xlsx (Excel 2007 trở lên), hoặc .json/.jsonl theo định dạng đồng bộ quốc gia." in page
    )
    with django_assert_num_queries(2):
        page = upload(client, b"PK", "so-ho-so.xlsx", synced="on").content.decode()
    assert "Tệp Excel ghi việc đồng bộ ở cột “Đã đồng bộ DVCQG”; ô này chỉ dùng cho tệp .json/.jsonl." in page
    assert not Job.objects.exists()


def test_an_unreadable_national_file_fails_its_job_with_the_reason(client, province):
    client.force_login(province.staff_stttt)
    upload(client, b'[{"MaHoSo": ', "hong.json")
    job = Job.objects.get()
    assert (job.status, job.failure) == ("failed", "Tệp JSON không hợp lệ ở dòng 1, cột 13.")


def test_an_imported_dossiers_pages_show_its_national_facts(both):
    client = both
    import_dvc(FILE, user=None, dry_run=False, synced=True)
    page = client.get(f"/ho-so/{SO}-260109-0010/").content.decode()
    for shown in (
        '<dd class="col-sm-7">10 – Đã trả kết quả</dd>',
        '<dd class="col-sm-7">15/01/2026 11:00</dd>',
        '<dd class="col-sm-7">75000 đồng, thanh toán trực tuyến</dd>',
        '<dt class="col-sm-5">Có kết quả điện tử</dt><dd class="col-sm-7">Có</dd>',
        '<dt class="col-sm-5">Kết nối kho DVCQG</dt><dd class="col-sm-7">Có</dd>',
        '<dt class="col-sm-5">Đã đồng bộ DVCQG</dt><dd class="col-sm-7">Có</dd>',
        '<dt class="col-7">Trả kết quả</dt><dd class="col-5">16/01/2026 08:30</dd>',
    ):
        assert shown in page, shown
    # Asked for a supplement twice: late by the DVCQG rule, while Biểu 06a sees it within its deadline.
    page = client.get(f"/ho-so/{XA}-260116-0020/").content.decode()
    assert "Hai quy tắc đánh giá khác nhau." in page
    assert "Yêu cầu bổ sung 2 lần: quá hạn theo quy tắc DVCQG" in page
    assert (
        "Từ 09:00 19/01/2026 đến 08:00 20/01/2026" in page
        and "Từ 10:00 21/01/2026 đến nay (đang chờ)" in page
    )
    form = client.get(f"/ho-so/{SO}-260109-0010/du-lieu-dvcqg/").content.decode()
    assert 'name="fee_amount" value="75000"' in form
    assert '<option value="10" selected>' in form
