"""The REST API v1: token authentication, the pages' scoping (another department's record is a 404, a
role without the permission a 403), writes through the services with Vietnamese errors naming the field,
filters, pagination, and the OpenAPI schema and docs served without a CDN."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from departments.models import DataLock, Department
from procedures.models import Dossier, Procedure
from tests.factories import (
    local,
    make_api_key,
    make_department,
    make_dossier,
    make_field,
    make_procedure,
    make_user,
)

pytestmark = pytest.mark.django_db

RECEIPT = {
    "code": "000.00.18.H12-250304-0001",
    "procedure": "1.004227",
    "department": "STTTT-VP",
    "channel": "online",
    "received_at": "2025-03-04T10:00:00+07:00",
    "applicant": "Công ty TNHH Truyền thông Sao Mai",
}


# A token's request begins with 1 the token and its user, 2 its first use recorded (at most once a minute),
# and, for staff, 3 their departments and 4 the departments below them (their scope).
FIRST_USE = 2
STAFF_SCOPE = 2


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Token {make_api_key(user)}"})


@pytest.fixture
def hs1(province) -> Dossier:
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))


@pytest.fixture
def lan(province) -> Client:
    return token_client(province.staff_stttt)


def test_a_token_authenticates_and_a_wrong_one_is_refused_in_vietnamese(
    province, hs1, django_assert_num_queries
):
    assert token_client(province.leader).get(reverse("api:dossier-detail", args=["HS-1"])).status_code == 200
    # The token looked up, and nothing more.
    with django_assert_num_queries(1):
        response = Client(headers={"Authorization": "Token sai"}).get(reverse("api:dossier-list"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json() == {"error": "Mã truy cập API không hợp lệ."}


def test_a_dossier_reads_with_codes_iso_dates_and_the_provinces_offset(lan, hs1, django_assert_num_queries):
    # The token, its use, Lan's scope, the dossier with its procedure and department.
    with django_assert_num_queries(FIRST_USE + STAFF_SCOPE + 1):
        payload = lan.get(reverse("api:dossier-detail", args=["HS-1"])).json()
    assert payload["procedure"] == "1.004227" and payload["department"] == "STTTT"
    assert payload["channel"] == "direct" and payload["status"] == "in_progress"
    assert payload["received_at"] == "2025-03-03T09:00:00+07:00"
    # Five working days after Monday 3 March 2025, the day of receipt not counted.
    assert payload["due_on"] == payload["computed_due_on"] == "2025-03-10"


def test_staff_see_only_their_departments_records(province, hs1, django_assert_num_queries):
    make_dossier(province.sxd_procedure, code="HS-SXD")
    minh = token_client(province.staff_sxd)
    # The token, its use, Minh's scope, the count, the page of dossiers.
    with django_assert_num_queries(FIRST_USE + STAFF_SCOPE + 2):
        response = minh.get(reverse("api:dossier-list"))
    assert [d["code"] for d in response.json()["results"]] == ["HS-SXD"]
    assert [d["code"] for d in minh.get(reverse("api:procedure-list")).json()["results"]] == ["1.009972"]
    assert [d["code"] for d in minh.get(reverse("api:department-list")).json()["results"]] == ["SXD"]
    for name, code in [("api:dossier-detail", "HS-1"), ("api:procedure-detail", "1.004227")]:
        response = minh.get(reverse(name, args=[code]))
        assert response.status_code == 404
        assert response.json() == {"error": "Không tìm thấy bản ghi."}


def test_a_dossier_code_with_dots_is_found_at_its_own_url(lan, province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="000.00.18.H12-250303-0001")
    # The token, its use, Lan's scope, the dossier.
    with django_assert_num_queries(FIRST_USE + STAFF_SCOPE + 1):
        response = lan.get("/api/v1/dossiers/000.00.18.H12-250303-0001/")
    assert response.status_code == 200 and response.json()["code"] == "000.00.18.H12-250303-0001"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"department": "STTTT"}, ["HS-VP", "HS-1"]),  # the subtree
        ({"department": "STTTT-VP"}, ["HS-VP"]),
        ({"procedure": "1.004227"}, ["HS-VP", "HS-1"]),
        ({"channel": "postal"}, ["HS-VP"]),
        ({"status": "resolved"}, ["HS-1"]),
        ({"received_from": "2025-03-04"}, ["HS-VP"]),
        ({"received_to": "2025-03-03"}, ["HS-1"]),
        ({"received_from": "2025-03-01", "received_to": "2025-03-31"}, ["HS-VP", "HS-1"]),
    ],
)
def test_the_dossier_list_filters_like_the_page(province, query, expected, django_assert_max_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", finished_at=local(2025, 3, 5))
    make_dossier(
        province.stttt_procedure,
        code="HS-VP",
        department=province.stttt_office,
        channel=Dossier.Channel.POSTAL,
        received_at=local(2025, 3, 4),
    )
    leader = token_client(province.leader)
    # The token, its use, the department filtered on (when one is), the count, the page of dossiers.
    with django_assert_max_num_queries(FIRST_USE + 3):
        response = leader.get(reverse("api:dossier-list"), query)
    assert [d["code"] for d in response.json()["results"]] == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"received_from": "2025-3-1"}, "received_from", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-03-31."),
        ({"received_from": "2025-W10-1"}, "received_from", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-03-31."),
        (
            {"received_from": "2025-03-31", "received_to": "2025-03-01"},
            "received_to",
            "Ngày kết thúc phải từ ngày bắt đầu trở về sau.",
        ),
        ({"channel": "fax"}, "channel", "Hãy chọn một lựa chọn hợp lệ"),
        ({"department": "SXD"}, "department", "Hãy chọn một lựa chọn hợp lệ"),  # not Lan's department
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(
    lan, query, field, message, django_assert_max_num_queries
):
    # The token, its use, Lan's scope, and the department named when one is: no dossier is read.
    with django_assert_max_num_queries(FIRST_USE + STAFF_SCOPE + 1):
        response = lan.get(reverse("api:dossier-list"), query)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert response.json()["fields"][field][0].startswith(message)


def test_the_dossier_list_costs_the_same_queries_for_one_row_or_many(
    lan, province, django_assert_max_num_queries
):
    url = reverse("api:dossier-list")
    make_dossier(province.stttt_procedure)
    # 1 the token and its user, 2 its first use recorded (at most once a minute), 3 the user's
    # departments (the dossiers' scope), 4 the same for the departments the filter may name, 5 the
    # filter's department, 6 the count, 7 the page of dossiers with their procedure and department.
    with django_assert_max_num_queries(7):
        assert lan.get(url, {"department": "STTTT"}).json()["count"] == 1
    for _ in range(30):
        make_dossier(province.stttt_procedure, department=province.stttt_office)
    # The same, but the token's use was recorded a moment ago.
    with django_assert_max_num_queries(6):
        assert lan.get(url, {"department": "STTTT"}).json()["count"] == 31


@pytest.mark.parametrize("name", ["api:procedure-list", "api:department-list", "api:field-list"])
def test_other_lists_cost_the_same_queries_for_one_row_or_many(province, name, django_assert_max_num_queries):
    leader = token_client(province.leader)
    for number in range(10):
        make_procedure(province.sxd, field=make_field(f"Lĩnh vực {number}"))
    # 1 the token and its user, 2 its first use recorded (at most once a minute), 3 the count, 4 the
    # page (procedures with their field, departments with their parent), 5 the units of the page's
    # procedures (their `units` and `department`), read at once; a leader's scope needs no query.
    with django_assert_max_num_queries(5 if name == "api:procedure-list" else 4):
        assert leader.get(reverse(name)).status_code == 200


def test_pages_hold_fifty_rows_and_page_size_stops_at_five_hundred(province, django_assert_num_queries):
    Procedure.objects.all().delete()
    for _ in range(60):
        make_procedure(province.sxd)
    leader = token_client(province.leader)
    first = leader.get(reverse("api:procedure-list")).json()
    assert first["count"] == 60 and len(first["results"]) == 50 and first["next"].endswith("page=2")
    assert len(leader.get(reverse("api:procedure-list"), {"page": 2}).json()["results"]) == 10
    assert len(leader.get(reverse("api:procedure-list"), {"page_size": 10}).json()["results"]) == 10
    # The token (its use recorded a moment ago), the count, the page of procedures, their units.
    with django_assert_num_queries(4):
        response = leader.get(reverse("api:procedure-list"), {"page_size": 100000})
    assert len(response.json()["results"]) == 60


def test_staff_register_a_receipt_and_the_due_date_is_computed(lan, province, django_assert_num_queries):
    # The token, its use, the code's uniqueness, Lan's scope, the procedure, her scope again, the
    # department; then in a savepoint (2) the data locks, the units and successions and the units
    # carrying out the procedure (the rulebook's organisation), the code's uniqueness again, the
    # calendar, the dossier and its history written.
    with django_assert_num_queries(17):
        response = lan.post(reverse("api:dossier-list"), RECEIPT, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.headers["Location"] == "/api/v1/dossiers/000.00.18.H12-250304-0001/"
    dossier = Dossier.objects.get(code=RECEIPT["code"])
    # Tuesday 4 March + 5 working days.
    assert dossier.due_on == dossier.computed_due_on == date(2025, 3, 11)
    assert (dossier.department, dossier.channel) == (province.stttt_office, "online")
    assert response.json()["due_on"] == "2025-03-11"


def test_a_receipt_without_an_offset_is_read_in_vietnam_time(lan, django_assert_num_queries):
    receipt = {**RECEIPT, "received_at": "2025-03-04T23:30:00"}
    # As for any receipt: the token, its use, the checks (5), the savepoint (2), the locks, the
    # organisation (3), the code's uniqueness, the calendar, the dossier and its history written.
    with django_assert_num_queries(17):
        response = lan.post(reverse("api:dossier-list"), receipt, content_type="application/json")
    assert response.status_code == 201
    assert Dossier.objects.get(code=RECEIPT["code"]).received_on == date(2025, 3, 4)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received_at": "04/03/2025 10:00"}, "received_at", "Thời điểm sai định dạng"),
        ({"due_on": "11/03/2025"}, "due_on", "Ngày phải có dạng YYYY-MM-DD"),
        ({"due_on": "2025-03-01"}, "due_on", "Ngày hẹn trả không được trước ngày tiếp nhận."),
        ({"received_at": "2099-03-04T10:00:00+07:00"}, "received_at", "Thời điểm tiếp nhận không được ở"),
        ({"received_at": "0025-03-04T10:00:00+07:00"}, "received_at", "Thời điểm phải trong khoảng"),
        ({"procedure": "9.999999"}, "procedure", "Không có thủ tục mã “9.999999” trong phạm vi của bạn."),
        ({"procedure": "1.009972"}, "procedure", "Không có thủ tục mã “1.009972”"),  # another department's
        ({"department": "SXD"}, "department", "Không có đơn vị mã “SXD” trong phạm vi của bạn."),
        (
            {"department": "STTTT", "procedure": "1.000001"},
            "department",
            "Sở Thông tin và Truyền thông không thực hiện thủ tục này vào ngày tiếp nhận 04/03/2025.",
        ),
        ({"channel": "fax"}, "channel", "“fax” không phải là một lựa chọn hợp lệ."),
        ({"code": "HS/1"}, "code", "Mã hồ sơ không được chứa dấu “/”"),
        ({"code": "HS-1"}, "code", "Đã có hồ sơ mã “HS-1”."),
        ({"code": None}, "code", "Trường này không được để null."),
    ],
)
def test_a_bad_receipt_is_a_400_naming_the_field_in_vietnamese(
    lan, province, hs1, change, field, message, django_assert_max_num_queries
):
    make_procedure(province.stttt_office, code="1.000001")
    # The token, its use, the code's uniqueness, the department, the procedure, Lan's scope (twice); a
    # refusal by the rulebook adds its savepoint (taken, rolled back, released: 3), the data locks, the
    # units and successions, the units carrying out the procedure and the code's uniqueness again. No write
    # is attempted.
    with django_assert_max_num_queries(15):
        response = lan.post(
            reverse("api:dossier-list"), {**RECEIPT, **change}, content_type="application/json"
        )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Dữ liệu không hợp lệ."
    assert list(body["fields"]) == [field]
    assert body["fields"][field][0].startswith(message), body
    assert not Dossier.objects.exclude(code="HS-1").exists()


def test_a_body_that_is_not_json_is_a_400_in_vietnamese(lan, django_assert_num_queries):
    # The token and its use: the body is refused before anything else is read.
    with django_assert_num_queries(FIRST_USE):
        response = lan.post(reverse("api:dossier-list"), "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "Nội dung yêu cầu không phải JSON hợp lệ."}


def test_a_locked_period_refuses_the_receipt_with_the_lock_message(lan, province, django_assert_num_queries):
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Kiểm tra quý I",
        locked_by=province.inspector,
    )
    # The token, its use, the checks (5), then in a savepoint the lock found and its department, rolled
    # back (4).
    with django_assert_num_queries(12):
        response = lan.post(reverse("api:dossier-list"), RECEIPT, content_type="application/json")
    assert response.status_code == 400
    message = (
        "Số liệu của Sở Thông tin và Truyền thông đã được khóa đến hết ngày 31/03/2025 (Kiểm tra quý I); "
        "hãy đề nghị quản trị mở khóa."
    )
    assert response.json() == {"error": message, "fields": {"non_field_errors": [message]}}
    assert not Dossier.objects.exists()


def test_a_locked_dossier_cannot_be_changed_or_finished(lan, province, hs1, django_assert_num_queries):
    DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2025, 3, 31),
        reason="Quý I",
        locked_by=province.inspector,
    )
    url = reverse("api:dossier-detail", args=["HS-1"])
    assert lan.patch(url, {"applicant": "X"}, content_type="application/json").status_code == 400
    finish = {"status": "resolved", "finished_at": "2025-03-05T10:00:00+07:00"}
    # The token, Lan's scope, the dossier, then in a savepoint the dossier locked for the change, the lock
    # found and its department, rolled back (6).
    with django_assert_num_queries(10):
        response = lan.post(
            reverse("api:dossier-finish", args=["HS-1"]), finish, content_type="application/json"
        )
    assert response.status_code == 400 and "đã được khóa" in response.json()["error"]
    hs1.refresh_from_db()
    assert (hs1.applicant, hs1.status) == ("", "in_progress")


def test_staff_correct_the_receipt_and_a_computed_due_date_follows_it(lan, hs1, django_assert_num_queries):
    url = reverse("api:dossier-detail", args=["HS-1"])
    # The token, its use, Lan's scope (2), the dossier; then in a savepoint (2) the dossier read for the
    # change, the locks over its old and new dates (2), the units and successions and the units carrying
    # out the procedure (the rulebook's organisation), the code's uniqueness, the calendar, the supplement
    # requests, the dossier and its history written.
    with django_assert_num_queries(18):
        response = lan.patch(
            url, {"received_at": "2025-03-04T09:00:00+07:00"}, content_type="application/json"
        )
    assert response.status_code == 200, response.json()
    hs1.refresh_from_db()
    assert (hs1.channel, hs1.due_on) == ("direct", date(2025, 3, 11))


def test_a_due_date_typed_by_staff_is_kept_by_a_partial_change(lan, province, django_assert_num_queries):
    make_dossier(
        province.stttt_procedure, code="HS-2", received_at=local(2025, 3, 3), due_on=date(2025, 3, 20)
    )
    url = reverse("api:dossier-detail", args=["HS-2"])
    change = {"received_at": "2025-03-04T09:00:00+07:00", "applicant": "Bà Lê Thị Thu"}
    # As for any correction of the receipt: the token, its use, Lan's scope (2), the dossier, the
    # savepoint (2), the dossier, the locks (2), the organisation (3), the code's uniqueness, the
    # calendar, the supplement requests, the writes (2).
    with django_assert_num_queries(18):
        response = lan.patch(url, change, content_type="application/json")
    assert response.status_code == 200
    dossier = Dossier.objects.get(code="HS-2")
    assert (dossier.due_on, dossier.computed_due_on, dossier.applicant) == (
        date(2025, 3, 20),
        date(2025, 3, 11),
        "Bà Lê Thị Thu",
    )


def test_a_full_change_replaces_the_receipt_data(lan, hs1, django_assert_num_queries):
    url = reverse("api:dossier-detail", args=["HS-1"])
    change = {"channel": "postal", "received_at": "2025-03-03T09:00:00+07:00", "due_on": "2025-03-14"}
    # As for a partial change: the token, its use, Lan's scope (2), the dossier, the savepoint (2), the
    # dossier, the locks (2), the organisation (3), the code's uniqueness, the calendar, the supplement
    # requests, the writes (2).
    with django_assert_num_queries(18):
        response = lan.put(url, change, content_type="application/json")
    assert response.status_code == 200
    hs1.refresh_from_db()
    assert (hs1.channel, hs1.due_on, hs1.applicant) == ("postal", date(2025, 3, 14), "")
    assert lan.put(url, {"channel": "postal"}, content_type="application/json").status_code == 400


def test_staff_finish_a_dossier_once(lan, hs1, django_assert_num_queries):
    url = reverse("api:dossier-finish", args=["HS-1"])
    finish = {"status": "resolved", "finished_at": "2025-03-07T15:00:00+07:00", "satisfaction": "satisfied"}
    # The token, its use, Lan's scope (2), the dossier; then in a savepoint (2) the dossier read for the
    # change, the locks, the units and successions and the units carrying out the procedure (the
    # rulebook's organisation), the code's uniqueness, the calendar, the supplement requests, the dossier
    # and its history written.
    with django_assert_num_queries(17):
        response = lan.post(url, finish, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["timeliness"]) == ("resolved", "early")
    again = lan.post(url, finish, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["error"] == "Hồ sơ đã kết thúc, không thể trả kết quả lần nữa."
    refused = lan.post(url, {**finish, "status": "in_progress"}, content_type="application/json")
    assert list(refused.json()["fields"]) == ["status"]


WRITES = [
    ("post", "api:dossier-list", None, RECEIPT),
    ("patch", "api:dossier-detail", "HS-1", {"applicant": "X"}),
    ("put", "api:dossier-detail", "HS-1", {"channel": "online", "received_at": "2025-03-03T09:00:00+07:00"}),
    (
        "post",
        "api:dossier-finish",
        "HS-1",
        {"status": "resolved", "finished_at": "2025-03-05T10:00:00+07:00"},
    ),
    ("patch", "api:procedure-detail", "1.004227", {"name": "Đổi tên"}),
    (
        "post",
        "api:procedure-list",
        None,
        {"code": "1.000009", "name": "Mới", "field": 1, "statutory_days": 5},
    ),
]


@pytest.mark.parametrize(
    ("method", "name", "code", "data"), WRITES, ids=[f"{m} {n}" for m, n, _, _ in WRITES]
)
@pytest.mark.parametrize(("role", "status"), [("inspector", 403), ("leader", 403), ("staff_sxd", 404)])
def test_writes_by_a_wrong_role_or_department_change_nothing(
    province, hs1, method, name, code, data, role, status, django_assert_max_num_queries
):
    client = token_client(getattr(province, role))
    url = reverse(name, args=[code] if code else [])
    # A wrong role costs the token and its use; another department's staff add their scope and the
    # lookups that find nothing in it (the procedure, the department and its tree for a new dossier).
    with django_assert_max_num_queries(2 if status == 403 else 7):
        response = getattr(client, method)(url, data, content_type="application/json")
    # Staff of another department are refused a new record by its procedure, which they cannot see.
    expected = 400 if status == 404 and code is None else status
    assert response.status_code == expected, response.json()
    hs1.refresh_from_db()
    assert (hs1.status, hs1.channel, hs1.applicant) == ("in_progress", "direct", "")
    assert Dossier.objects.count() == 1 and Procedure.objects.count() == 2
    assert Procedure.objects.get(code="1.004227").name == "Cấp giấy phép xuất bản bản tin"


def test_anonymous_writes_are_refused_in_vietnamese(province, django_assert_num_queries):
    # None: without a session or a token the request is refused before anything is read.
    with django_assert_num_queries(0):
        response = Client().post(reverse("api:dossier-list"), RECEIPT, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"error": "Cần đăng nhập hoặc gửi mã truy cập (token) để dùng API."}


def test_staff_add_and_change_a_procedure_of_their_department(lan, province, django_assert_num_queries):
    field = province.stttt_procedure.field
    new = {
        "code": "1.000009",
        "name": "Cấp phép",
        "field": field.pk,
        "department": "STTTT-VP",
        "statutory_days": 10,
    }
    # The token, its use, the code's uniqueness, the field, the unit and Lan's scope; the procedure and its
    # history written (its units read: none yet); its units as they were, the unit looked for and added,
    # the history written again with its units (read and written); the answer reads its units for
    # `units` and again for `department`.
    with django_assert_num_queries(17):
        response = lan.post(reverse("api:procedure-list"), new, content_type="application/json")
    assert response.status_code == 201, response.json()
    # A client written before procedures listed several units sends and reads one `department`.
    assert (response.json()["department"], response.json()["units"]) == ("STTTT-VP", ["STTTT-VP"])
    assert response.json()["level"] == "province"
    url = reverse("api:procedure-detail", args=["1.000009"])
    response = lan.patch(url, {"reduced_days": 7}, content_type="application/json")
    assert response.json()["reduction_pct"] == 30.0
    too_long = lan.patch(url, {"reduced_days": 11}, content_type="application/json")
    assert too_long.json()["fields"] == {
        "reduced_days": ["Thời hạn cắt giảm không được dài hơn thời hạn quy định."]
    }
    # A `department` is read as the procedure's one unit, and refused as such.
    elsewhere = lan.patch(url, {"department": "SXD"}, content_type="application/json")
    assert elsewhere.json()["fields"] == {"units": ["Không có đơn vị mã “SXD” trong phạm vi của bạn."]}
    assert list(Procedure.objects.get(code="1.000009").units.all()) == [province.stttt_office]


def test_a_procedure_carried_out_by_two_units_is_created_with_its_level(
    lan, province, django_assert_num_queries
):
    new = {
        "code": "1.000010",
        "name": "Cấp phép hai đơn vị",
        "field": province.stttt_procedure.field_id,
        "level": "province",
        "units": ["STTTT-VP", "STTTT"],
        "statutory_days": 10,
    }
    # The token, its use, the code's uniqueness, the field, each unit asked for (with Lan's scope: 2 each);
    # the procedure and its history written (its units read: none yet); its units as they were, the units
    # looked for and added, the history written again with its units (read and written); the answer reads
    # its units for `units` and again for `department`.
    with django_assert_num_queries(19):
        response = lan.post(reverse("api:procedure-list"), new, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["level"], body["units"], body["department"]) == ("province", ["STTTT", "STTTT-VP"], "STTTT")
    procedure = Procedure.objects.get(code="1.000010")
    assert sorted(procedure.units.values_list("code", flat=True)) == ["STTTT", "STTTT-VP"]
    assert lan.get(reverse("api:procedure-detail", args=["1.000010"])).json()["units"] == [
        "STTTT",
        "STTTT-VP",
    ]


def test_a_provincial_procedure_without_a_unit_is_refused(lan, province, django_assert_num_queries):
    new = {
        "code": "1.000011",
        "name": "Không đơn vị",
        "field": province.stttt_procedure.field_id,
        "statutory_days": 5,
    }
    # The token, its use (recorded on the first call only), the code's uniqueness, the field: the rulebook
    # refuses the empty list of units before any write, whether `units` is left out, empty, or
    # `department` is blank.
    for number, payload in enumerate(({}, {"units": []}, {"level": "province", "department": None})):
        with django_assert_num_queries(4 if number == 0 else 3):
            response = lan.post(
                reverse("api:procedure-list"), {**new, **payload}, content_type="application/json"
            )
        assert response.status_code == 400, payload
        assert response.json()["fields"] == {
            "units": ["Thủ tục cấp tỉnh phải có ít nhất một đơn vị thực hiện."]
        }
    # Nor may an existing one lose its units.
    url = reverse("api:procedure-detail", args=["1.004227"])
    response = lan.patch(url, {"units": []}, content_type="application/json")
    assert response.json()["fields"] == {"units": ["Thủ tục cấp tỉnh phải có ít nhất một đơn vị thực hiện."]}
    assert not Procedure.objects.filter(code="1.000011").exists()
    assert list(Procedure.objects.get(code="1.004227").units.all()) == [province.stttt]


def test_a_commune_level_procedure_without_a_unit_is_carried_out_by_every_commune(
    province, django_assert_num_queries
):
    commune = make_department("XA-AN-BINH", name="UBND xã An Bình", kind=Department.Kind.COMMUNE)
    other = make_department("XA-BINH-MINH", name="UBND xã Bình Minh", kind=Department.Kind.COMMUNE)
    clerk = token_client(make_user("binh", departments=(commune,)))
    new = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "field": province.stttt_procedure.field_id,
        "level": "commune",
        "statutory_days": 1,
    }
    # The token, its use, the code's uniqueness, the field; the procedure and its history written (its
    # units read for the history: none); its units as they were (none to add); the answer reads its units
    # for `units` and again for `department`.
    with django_assert_num_queries(10):
        response = clerk.post(reverse("api:procedure-list"), new, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (response.json()["level"], response.json()["units"], response.json()["department"]) == (
        "commune",
        [],
        None,
    )
    # The clerk of another commune sees it in the shared catalogue, and registers a dossier of it.
    neighbour = token_client(make_user("minh_xa", departments=(other,)))
    codes = [row["code"] for row in neighbour.get(reverse("api:procedure-list")).json()["results"]]
    assert codes == ["1.001193"]
    receipt = {**RECEIPT, "procedure": "1.001193", "department": "XA-BINH-MINH"}
    response = neighbour.post(reverse("api:dossier-list"), receipt, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["department"] == "XA-BINH-MINH"


def test_a_dossier_registered_with_a_receiving_unit_shows_it(lan, province, django_assert_num_queries):
    make_department("TTPVHCC", name="Trung tâm Phục vụ hành chính công", kind=Department.Kind.SERVICE_CENTRE)
    receipt = {**RECEIPT, "receiving_unit": "TTPVHCC"}
    # As for any receipt, and the receiving unit looked up by its code.
    with django_assert_num_queries(18):
        response = lan.post(reverse("api:dossier-list"), receipt, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (response.json()["department"], response.json()["receiving_unit"]) == ("STTTT-VP", "TTPVHCC")
    assert Dossier.objects.get(code=RECEIPT["code"]).receiving_unit.code == "TTPVHCC"
    url = reverse("api:dossier-detail", args=[RECEIPT["code"]])
    assert lan.get(url).json()["receiving_unit"] == "TTPVHCC"


def test_a_dossier_received_by_a_unit_that_had_ended_is_refused_naming_the_day(lan, province):
    make_department(
        "TTPVHCC-CU",
        name="Trung tâm cũ",
        kind=Department.Kind.SERVICE_CENTRE,
        valid_to=date(2025, 2, 28),
    )
    receipt = {**RECEIPT, "receiving_unit": "TTPVHCC-CU"}
    response = lan.post(reverse("api:dossier-list"), receipt, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "receiving_unit": ["Đơn vị tiếp nhận Trung tâm cũ không hoạt động vào ngày tiếp nhận 04/03/2025."]
    }
    assert not Dossier.objects.exists()


def test_the_procedure_list_filtered_by_a_unit_holds_the_procedures_it_and_the_units_below_it_carry_out(
    lan, province
):
    make_procedure(province.stttt_office, code="1.000001")
    url = reverse("api:procedure-list")
    codes = [row["code"] for row in lan.get(url, {"department": "STTTT"}).json()["results"]]
    assert codes == ["1.000001", "1.004227"]
    codes = [row["code"] for row in lan.get(url, {"department": "STTTT-VP"}).json()["results"]]
    assert codes == ["1.000001"]


def test_the_schema_needs_a_login_and_describes_every_endpoint(province, django_assert_num_queries):
    assert Client().get(reverse("api_schema")).status_code == 403
    leader = token_client(province.leader)
    # The token and its use: the schema is built from the code, not the data.
    with django_assert_num_queries(FIRST_USE):
        schema = leader.get(reverse("api_schema"), {"format": "json"}).json()
    assert schema["info"] == {
        "title": "API Cổng CCHC",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert {
        "/api/v1/indicators/",
        "/api/v1/departments/{code}/",
        "/api/v1/dossiers/",
        "/api/v1/dossiers/{code}/",
        "/api/v1/dossiers/{code}/finish/",
        "/api/v1/procedures/{code}/",
        "/api/v1/fields/",
    } <= set(schema["paths"])


def test_the_docs_are_served_from_static_files_not_a_cdn(client, province, django_assert_num_queries):
    client.force_login(province.leader)
    # The session and the user.
    with django_assert_num_queries(2):
        page = client.get(reverse("api_docs")).content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls and all(url.startswith(("/static/", "/api/docs/")) for url in urls), urls
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in urls
    assert not re.search(r"https?://", page)
