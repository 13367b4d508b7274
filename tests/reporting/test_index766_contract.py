"""The national index's command line and API return the same JSON (the spec's contract), and the same
errors as the indicators' (exit status 2, HTTP 400)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_march_2025, make_user

pytestmark = pytest.mark.django_db

QUERY = {"department": "STTTT", "from": "2025-03-01", "to": "2025-03-31"}


@pytest.fixture
def march(province):
    make_march_2025(province)
    return province


def argv(options: dict) -> list[str]:
    return [item for key, value in options.items() for item in (f"--{key}", value)]


def run_json(options: dict) -> dict:
    out = StringIO()
    call_command("index766", *argv(options), "--json", stdout=out)
    return json.loads(out.getvalue())


def indicator(payload: dict, code: str) -> dict:
    return next(i for group in payload["groups"] for i in group["indicators"] if i["code"] == code)


def test_command_json_is_the_contract_with_every_group_and_indicator(march):
    payload = run_json(QUERY)
    assert list(payload) == [
        "department", "period", "structure", "groups", "total", "max_available", "score_100",
    ]  # fmt: skip
    assert payload["department"] == "STTTT"
    assert payload["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert [g["code"] for g in payload["groups"]] == [
        "cong_khai", "tien_do", "dvctt", "thanh_toan", "so_hoa", "hai_long",
    ]  # fmt: skip
    assert sum(len(g["indicators"]) for g in payload["groups"]) == 22
    assert indicator(payload, "1.4") == {
        "code": "1.4",
        "label": "Hồ sơ đồng bộ lên DVCQG",
        "numerator": 1,
        "denominator": 2,
        "ratio": 50.0,
        "points": 3.0,
        "max": 6.0,
        "threshold": 100.0,
    }


def test_the_whole_province_is_asked_for_without_a_department_or_as_tinh(march):
    everything = run_json({"from": "2025-03-01", "to": "2025-03-31"})
    assert everything["department"] == "TINH"
    assert indicator(everything, "1.4")["numerator"] == 2
    assert indicator(everything, "1.4")["denominator"] == 3
    assert run_json({"department": "tinh", "from": "2025-03-01", "to": "2025-03-31"}) == everything


def test_api_returns_exactly_what_the_command_prints(client, march):
    client.force_login(march.inspector)
    for query in (QUERY, {**QUERY, "structure": "historical"}, {"from": "2025-03-01", "to": "2025-03-31"}):
        response = client.get(reverse("api:index766"), query)
        assert response.status_code == 200
        assert response.json() == run_json(query)


def test_staff_cannot_read_another_units_index_through_the_api(client, march):
    client.force_login(march.staff_sxd)
    response = client.get(reverse("api:index766"), QUERY)
    assert response.status_code == 400
    assert response.json() == {"error": "Không tìm thấy đơn vị có mã “STTTT”."}


def test_command_prints_a_vietnamese_table_without_json(march, capsys):
    call_command("index766", *argv(QUERY))
    out = capsys.readouterr().out
    assert "Sở Thông tin và Truyền thông (STTTT) · 01/03/2025 – 31/03/2025" in out
    assert "Hồ sơ đồng bộ lên DVCQG" in out and "50%" in out
    # No publication decision: nothing to score, never 0.
    assert "TTHC công bố đúng hạn" in out and "không phát sinh" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"department": "KHONGCO", "from": "2025-03-01", "to": "2025-03-31"}, "Không tìm thấy đơn vị có mã “KHONGCO”."),
        ({"from": "01/03/2025", "to": "2025-03-31"}, "Tham số from phải là một ngày có thật dạng YYYY-MM-DD, không phải “01/03/2025”."),
        ({"from": "2025-04-01", "to": "2025-03-31"}, "Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to)."),
        (
            {"from": "0001-01-01", "to": "2025-03-31"},
            "Kỳ của Bộ chỉ số 766 phải nằm trong khoảng 01/01/2000 – 31/12/2100.",
        ),
        (
            {"from": "2025-03-01", "to": "2025-03-31", "structure": "hien-tai"},
            "Tham số structure phải là “current” (cơ cấu hiện tại) hoặc “historical” (tại thời điểm phát "
            "sinh), không phải “hien-tai”.",
        ),
    ],
    ids=["unknown-department", "day-first-date", "from-after-to", "year-1", "structure"],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_status_2_or_http_400(client, march, options, message):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("index766", *argv(options), stderr=err)
    assert exit_status.value.code == 2
    assert err.getvalue().strip() == f"Lỗi: {message}"
    client.force_login(make_user("doc", role="leader"))
    response = client.get(reverse("api:index766"), options)
    assert response.status_code == 400
    assert response.json() == {"error": message}
