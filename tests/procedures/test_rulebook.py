"""One rule, one message: the workbook import, the API and the page refuse the same bad dossier in the same
words, since all three ask the dossier rulebook (procedures.rules) or the data-lock refusal beside it."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from departments.models import DataLock, Department
from procedures.imports import import_workbook
from procedures.models import Dossier
from tests.factories import (
    HOSO_HEADERS,
    TTHC_HEADERS,
    as_read,
    local,
    make_api_key,
    make_dossier,
    make_succession,
    make_user,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

FUTURE = "Thời điểm tiếp nhận không được ở tương lai."
BEFORE_RECEIPT = "Thời điểm trả kết quả không được trước thời điểm tiếp nhận."
UNKNOWN_PROCEDURE = "Không có thủ tục mã “9.999999” trong phạm vi của bạn."
LOCKED = (
    "Số liệu của Sở Thông tin và Truyền thông đã được khóa đến hết ngày 31/03/2025 (Quý I); "
    "hãy đề nghị quản trị mở khóa."
)
OUTSIDE_TREE = "Sở Xây dựng không thực hiện thủ tục này vào ngày tiếp nhận 10/03/2025."
ENDED = (
    "Sở Thông tin và Truyền thông đã kết thúc hoạt động từ ngày 01/03/2025: hãy ghi hồ sơ cho đơn vị kế thừa "
    "Sở Xây dựng."
)

# A receipt as each path takes it: its own date format, the procedure and the department by code.
RECEIPT = {"code": "HS-NEW", "procedure": "1.004227", "department": "STTTT", "received": local(2025, 3, 10)}


@pytest.fixture
def clerk(province):
    """A clerk of both departments, so that a unit outside the procedure's tree is one she may pick."""
    return make_user("thu", departments=(province.stttt, province.sxd))


def _messages(value: object) -> list[str]:
    """Every message in a form's errors or an API answer, wherever it is nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [message for item in value for message in _messages(item)]


def _imported(row: dict) -> list[str]:
    received, finished = row["received"], row.get("finished")
    cells = [
        row["code"],
        row["procedure"],
        row["department"],
        "Trực tiếp",
        f"{received:%d/%m/%Y %H:%M}",
        None,
        f"{finished:%d/%m/%Y %H:%M}" if finished else None,
        "Đã giải quyết" if finished else None,
        None,
    ]
    sheets = {"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, cells]}
    report = import_workbook(io.BytesIO(workbook_bytes(sheets)), user=None, dry_run=True)
    # The import says where, then the rule's own words.
    return [issue.message for issue in report.errors]


def _api_register(user, row: dict, django_assert_max_num_queries) -> list[str]:
    client = Client(headers={"Authorization": f"Token {make_api_key(user)}"})
    body = {
        "code": row["code"],
        "procedure": row["procedure"],
        "department": row["department"],
        "channel": "direct",
        "received_at": row["received"].isoformat(),
    }
    # At most: the token, its last use, the code's uniqueness, the user's departments, the procedure, the
    # department (with the user's departments again); in the service's savepoint, the data lock, the units
    # and successions and the procedure's units (the organisation on the day), the code's uniqueness
    # (full_clean), then the rollback and release.
    with django_assert_max_num_queries(15):
        response = client.post(reverse("api:dossier-list"), body, content_type="application/json")
    assert response.status_code == 400, response.content
    return _messages(response.json()["fields"])


def _page_register(user, row: dict, django_assert_max_num_queries) -> list[str]:
    client = Client()
    client.force_login(user)
    form = {
        "code": row["code"],
        "procedure": row["procedure"],
        # The page lists departments by their key, procedures by code.
        "department": Department.objects.get(code=row["department"]).pk,
        "channel": "direct",
        "received_at": f"{row['received']:%d/%m/%Y %H:%M}",
    }
    # At most: the session, the user, the user's departments (twice), the code's uniqueness, the
    # procedure, the department, the calendar (the due date shown); in the service's savepoint, the data
    # lock, the units, successions and the procedure's units, the code's uniqueness, the rollback and
    # release; the page again lists the procedures, the departments and the receiving units.
    with django_assert_max_num_queries(19):
        response = client.post(reverse("procedures:dossier_register"), form)
    assert response.status_code == 200
    return _messages(response.context["form"].errors)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"received": local(2099, 1, 1, 8)}, FUTURE),
        ({"procedure": "9.999999"}, UNKNOWN_PROCEDURE),
        ({"received": local(2025, 3, 10)}, LOCKED),
        ({"department": "SXD"}, OUTSIDE_TREE),
        ({"received": local(2025, 3, 10)}, ENDED),
    ],
    ids=[
        "received in the future",
        "unknown procedure",
        "locked period",
        "unit outside the tree",
        "unit that had ended",
    ],
)
def test_the_import_the_api_and_the_page_refuse_a_bad_receipt_in_the_same_words(
    province, clerk, change, message, django_assert_max_num_queries
):
    if message == LOCKED:
        DataLock.objects.create(
            department=province.stttt,
            locked_until=date(2025, 3, 31),
            reason="Quý I",
            locked_by=province.inspector,
        )
    if message == ENDED:
        Department.objects.filter(pk=province.stttt.pk).update(valid_to=date(2025, 2, 28))
        make_succession(province.stttt, province.sxd, effective_on=date(2025, 3, 1))
    row = {**RECEIPT, **change}
    assert message in _imported(row)
    assert message in _api_register(clerk, row, django_assert_max_num_queries)
    assert message in _page_register(clerk, row, django_assert_max_num_queries)
    assert not Dossier.objects.filter(code="HS-NEW").exists()


def test_the_import_the_api_and_the_page_refuse_a_return_before_the_receipt_in_the_same_words(
    province, clerk, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 10, 9))
    early = local(2025, 3, 10, 8)
    row = {**RECEIPT, "code": "HS-1", "finished": early}
    assert BEFORE_RECEIPT in _imported(row)

    client = Client(headers={"Authorization": f"Token {make_api_key(clerk)}"})
    # The token, its last use, the user's departments (twice), the dossier; in the service's savepoint,
    # the dossier again (locked for update), the data lock, the units, successions and procedure's units
    # (the organisation on the day) and the code's uniqueness (full_clean), the rollback and release.
    with django_assert_num_queries(14):
        api = client.post(
            reverse("api:dossier-finish", args=["HS-1"]),
            {"status": "resolved", "finished_at": early.isoformat()},
            content_type="application/json",
        )
    assert api.status_code == 400
    assert BEFORE_RECEIPT in _messages(api.json()["fields"])

    page = Client()
    page.force_login(clerk)
    form = as_read("HS-1", {"status": "resolved", "finished_at": f"{early:%d/%m/%Y %H:%M}"})
    # The session, the user, the user's departments, the dossier and its supplements; in the service's
    # savepoint, the dossier again (locked for update), the data lock, the units, successions and
    # procedure's units, the code's uniqueness, the rollback and release.
    with django_assert_num_queries(14):
        response = page.post(reverse("procedures:dossier_finish", args=["HS-1"]), form)
    assert BEFORE_RECEIPT in _messages(response.context["form"].errors)
    assert Dossier.objects.get(code="HS-1").finished_at is None
