"""The command line and the API return the same JSON (spec/indicators.md), and the same errors."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import local, make_dossier
from tests.queries import DATA_VERSION, ORGANISATION_KEPT

pytestmark = pytest.mark.django_db

QUERY = {"department": "STTTT", "from": "2025-03-01", "to": "2025-03-31"}
# An answer with figures reads the session, the user, the departments the user sees and those asked for,
# the organisation (units, successions: procedures.selectors.load_organisation), and their dossier,
# procedure and report counts and declarations. PostgreSQL first reads the data version keying the kept
# figures, and keeps the organisation for it.
INDICATORS_ANSWER = 9 + DATA_VERSION


@pytest.fixture
def march(province):
    make_dossier(
        province.stttt_procedure,
        code="HS-1",
        received_at=local(2025, 3, 3),
        finished_at=local(2025, 3, 5),
        satisfaction="satisfied",
    )
    make_dossier(
        province.stttt_procedure,
        code="HS-2",
        department=province.stttt_office,
        received_at=local(2025, 3, 4),
        channel="online",
    )
    return province


def argv(options: dict) -> list[str]:
    return [item for key, value in options.items() for item in (f"--{key}", value)]


def run_json(options: dict) -> dict:
    out = StringIO()
    call_command("indicators", *argv(options), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_command_json_matches_the_contract(march):
    payload = run_json(QUERY)
    assert payload["department"] == {"code": "STTTT", "name": "Sở Thông tin và Truyền thông"}
    assert payload["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert payload["structure"] == "current"
    assert list(payload) == ["department", "period", "structure", "indicators"]
    assert payload["indicators"]["received"] == 2
    assert payload["indicators"]["received_online"] == 1
    assert payload["indicators"]["on_time_rate"] == 100.0
    assert payload["indicators"]["satisfaction_rate"] == 100.0
    assert payload["indicators"]["staff_reduction_rate"] is None


def test_api_returns_exactly_what_the_command_prints(client, march, django_assert_num_queries):
    client.force_login(march.inspector)
    with django_assert_num_queries(INDICATORS_ANSWER):
        response = client.get(reverse("api:indicators"), QUERY)
    assert response.status_code == 200
    assert response.json() == run_json(QUERY)
    historical = {**QUERY, "structure": "historical"}
    # The same reads but the organisation, kept (on PostgreSQL) for the data version.
    with django_assert_num_queries(INDICATORS_ANSWER - ORGANISATION_KEPT):
        response = client.get(reverse("api:indicators"), historical)
    assert response.json()["structure"] == "historical"
    assert response.json() == run_json(historical)


def test_command_prints_a_vietnamese_table_without_json(march, capsys):
    call_command("indicators", *argv(QUERY))
    out = capsys.readouterr().out
    assert "Sở Thông tin và Truyền thông (STTTT) · 01/03/2025 – 31/03/2025" in out
    assert "Tỷ lệ giải quyết đúng hạn" in out and "100%" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"department": "KHONGCO", "from": "2025-03-01", "to": "2025-03-31"},
            "Không tìm thấy đơn vị có mã “KHONGCO”.",
        ),
        (
            {"department": "STTTT", "from": "01/03/2025", "to": "2025-03-31"},
            "Tham số from phải là một ngày có thật dạng YYYY-MM-DD, không phải “01/03/2025”.",
        ),
        (
            {"department": "STTTT", "from": "2025-02-30", "to": "2025-03-31"},
            "Tham số from phải là một ngày có thật dạng YYYY-MM-DD, không phải “2025-02-30”.",
        ),
        (
            {"department": "STTTT", "from": "2025-04-01", "to": "2025-03-31"},
            "Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to).",
        ),
        (
            {"department": "STTTT", "from": "2025-03-01", "to": "2025-03-31", "structure": "hien-tai"},
            "Tham số structure phải là “current” (cơ cấu hiện tại) hoặc “historical” (tại thời điểm phát "
            "sinh), không phải “hien-tai”.",
        ),
    ],
    ids=["unknown-department", "day-first-date", "date-that-does-not-exist", "from-after-to", "structure"],
)
def test_bad_input_is_one_line_and_exit_status_2_or_http_400(
    client, march, options, message, django_assert_num_queries
):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("indicators", *argv(options), stderr=err)
    assert exit_status.value.code == 2
    assert err.getvalue().strip() == f"Lỗi: {message}"
    client.force_login(march.inspector)
    # The session and the user: a bad date is refused before anything else is read, an unknown code after
    # the departments are looked up.
    with django_assert_num_queries(2 + (options["department"] == "KHONGCO")):
        response = client.get(reverse("api:indicators"), options)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_command_exits_with_status_2_from_the_shell(march):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "indicators",
            "--department",
            "STTTT",
            "--from",
            "2025-13-01",
            "--to",
            "2025-03-31",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "Lỗi: Tham số from phải là một ngày có thật dạng YYYY-MM-DD, không phải “2025-13-01”."
    )


def test_api_requires_authentication_and_says_so_in_vietnamese(client, march, django_assert_num_queries):
    # None: a visitor without a session cookie or a token is refused before anything is read.
    with django_assert_num_queries(0):
        response = client.get(reverse("api:indicators"), QUERY)
    assert response.status_code == 403
    assert response.json() == {"error": "Cần đăng nhập hoặc gửi mã truy cập (token) để dùng API."}


@pytest.mark.parametrize("bad", ["2019-W01-1", "20190101", "2019-1-01"])
def test_api_refuses_dates_that_are_not_exactly_yyyy_mm_dd(client, march, bad, django_assert_num_queries):
    client.force_login(march.inspector)
    # The session and the user: the date is refused before anything else is read.
    with django_assert_num_queries(2):
        response = client.get(reverse("api:indicators"), {**QUERY, "from": bad})
    assert response.status_code == 400


def test_a_nul_byte_in_a_code_is_a_clean_400_or_404(client, march, django_assert_num_queries):
    client.force_login(march.inspector)
    # The session and the user: the code is refused before any department is looked up.
    with django_assert_num_queries(2):
        response = client.get(reverse("api:indicators"), {**QUERY, "department": "\x00"})
    assert response.status_code == 400
    # No address matches a code holding a nul byte: only the session and the user are read, for the
    # header of the Vietnamese 404 page.
    with django_assert_num_queries(2):
        assert client.get("/don-vi/%00/").status_code == 404
    with django_assert_num_queries(2):
        assert client.get("/ho-so/%00/").status_code == 404


def test_staff_cannot_read_another_departments_indicators(client, march, django_assert_num_queries):
    client.force_login(march.staff_sxd)
    # The session, the user, the user's departments and the department asked for, not among them.
    with django_assert_num_queries(4):
        response = client.get(reverse("api:indicators"), QUERY)
    assert response.status_code == 400
    assert response.json() == {"error": "Không tìm thấy đơn vị có mã “STTTT”."}


def test_api_without_department_lists_the_departments_the_user_sees(client, march, django_assert_num_queries):
    client.force_login(march.staff_stttt)
    # The same reads however many departments the user sees.
    with django_assert_num_queries(INDICATORS_ANSWER):
        payload = client.get(reverse("api:indicators"), {"from": "2025-03-01", "to": "2025-03-31"}).json()
    assert [row["department"]["code"] for row in payload["results"]] == ["STTTT"]
    client.force_login(march.leader)
    with django_assert_num_queries(INDICATORS_ANSWER - ORGANISATION_KEPT):
        payload = client.get(reverse("api:indicators"), {"from": "2025-03-01", "to": "2025-03-31"}).json()
    assert [row["department"]["code"] for row in payload["results"]] == ["STTTT", "SXD"]
    assert date.fromisoformat(payload["period"]["to"]) == date(2025, 3, 31)
