"""One narrative fixture for the whole suite: a small province whose people have names.

Sở Thông tin và Truyền thông (STTTT) has a division; its staff member Lan keeps its data. Sở Xây
dựng (SXD) is the other department, whose staff member Minh must never see STTTT's records. Hùng
inspects, Hoa leads the province.
"""

from dataclasses import dataclass

import pytest

from accounts.models import Role, User
from departments.models import DataLock, Department
from procedures.models import Dossier, Procedure
from tests.factories import make_department, make_procedure, make_user


@pytest.fixture(autouse=True)
def _dossiers_deleted_before_the_flush(request):
    """A test that commits (transaction=True) leaves its rows to the flush, which empties the tables in an
    order of its own. On SQLite the summary's delete trigger reads a dossier's procedure, so dossiers
    flushed after their procedures fail the flush (a NOT NULL field) and the next test's setup: they are
    deleted first, while the procedures exist, and their data locks before them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        yield
        return
    # Set up the database first, so that its flush runs after this fixture's clean-up.
    request.getfixturevalue("transactional_db")
    yield
    DataLock.objects.all().delete()
    Dossier.objects.all().delete()


@dataclass
class Province:
    stttt: Department
    stttt_office: Department
    sxd: Department
    stttt_procedure: Procedure
    sxd_procedure: Procedure
    staff_stttt: User
    staff_sxd: User
    inspector: User
    leader: User


@pytest.fixture
def province(db) -> Province:
    stttt = make_department("STTTT", name="Sở Thông tin và Truyền thông")
    stttt_office = make_department("STTTT-VP", name="Văn phòng Sở", parent=stttt)
    sxd = make_department("SXD", name="Sở Xây dựng")
    return Province(
        stttt=stttt,
        stttt_office=stttt_office,
        sxd=sxd,
        stttt_procedure=make_procedure(
            stttt, code="1.004227", name="Cấp giấy phép xuất bản bản tin", statutory_days=5
        ),
        sxd_procedure=make_procedure(
            sxd, code="1.009972", name="Cấp giấy phép xây dựng", statutory_days=15, reduced_days=10
        ),
        staff_stttt=make_user("lan", departments=(stttt,)),
        staff_sxd=make_user("minh", departments=(sxd,)),
        inspector=make_user("hung", role=Role.INSPECTOR),
        leader=make_user("hoa", role=Role.LEADER),
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; the tests check permissions, not the hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings, tmp_path):
    """Background jobs run inside the request in tests, and keep their files in a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JOB_FILES_ROOT = tmp_path / "jobs"


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Evidence files uploaded by tests go to a folder of their own, not the portal's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
