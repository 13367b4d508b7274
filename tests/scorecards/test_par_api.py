"""`manage.py par_scores` and GET /api/v1/par/: the issue's JSON (leaves only, null where not scored),
refusals in Vietnamese (exit status 2, HTTP 400), a staff member limited to their own units, the schema."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from scorecards.models import Assessment, CriteriaSet, Criterion, Score
from scorecards.rules import parse_rule
from tests.factories import local, make_department, make_dossier
from tests.queries import DATA_VERSION


@pytest.fixture
def scorecard(province):
    """STTTT's 2025 card in draft: 1.1 self-scored 3, 1.2 scored from the on-time rate (two dossiers, both
    on time: 100%, steps: 2 points)."""
    criteria_set = CriteriaSet.objects.create(year=2025, kind="agency", survey_max_points=10)
    area = Criterion.objects.create(
        criteria_set=criteria_set, code="1", title="Chỉ đạo, điều hành", max_points=6
    )
    manual = Criterion.objects.create(
        criteria_set=criteria_set, code="1.1", title="Kế hoạch CCHC", parent=area, max_points=4, order=1
    )
    Criterion.objects.create(
        criteria_set=criteria_set,
        code="1.2",
        title="Giải quyết hồ sơ đúng hạn",
        parent=area,
        max_points=2,
        order=2,
        auto_indicator="on_time_rate",
        auto_rule="≥100:1; ≥95:0,75; ≥0:0",
        rule=parse_rule("≥100:1; ≥95:0,75; ≥0:0"),
    )
    for _ in range(2):
        make_dossier(province.stttt_procedure, received_at=local(2025, 3, 3), finished_at=local(2025, 3, 4))
    assessment = Assessment.objects.create(criteria_set=criteria_set, department=province.stttt)
    Score.objects.create(
        assessment=assessment, criterion=manual, self_points=Decimal(3), self_note="Đã ban hành"
    )
    return assessment


EXPECTED = {
    "year": 2025,
    "department": {"code": "STTTT", "name": "Sở Thông tin và Truyền thông"},
    "status": "draft",
    "criteria": [
        {
            "code": "1.1",
            "title": "Kế hoạch CCHC",
            "max": 4.0,
            "auto": None,
            "self": 3.0,
            "appraised": None,
            "final": None,
        },
        {
            "code": "1.2",
            "title": "Giải quyết hồ sơ đúng hạn",
            "max": 2.0,
            "auto": 2.0,
            "self": None,
            "appraised": None,
            "final": 2.0,
        },
    ],
    "survey": None,
    "total": 2.0,
    "rank": None,
}
# The session, the user, the unit looked up by code, its assessment of the year; the set's assessments,
# criteria and scores; then the year's figures of the units whose card is open, all at once: the units and
# successions, the catalogue's groups, late reports, declarations and the dossier summary (on PostgreSQL the
# data version first).
API_QUERIES = 13 + DATA_VERSION


def test_the_api_answers_the_issues_json(client, province, scorecard, django_assert_num_queries):
    client.force_login(province.leader)

    with django_assert_num_queries(API_QUERIES):
        response = client.get(reverse("api:par"), {"year": "2025", "department": "STTTT"})

    assert response.status_code == 200
    assert response.json() == EXPECTED


def test_the_query_count_does_not_grow_with_units(client, province, scorecard, django_assert_num_queries):
    # SXD's one dossier of 2025 is finished a month late: 0% on time, no points on 1.2.
    make_dossier(province.sxd_procedure, received_at=local(2025, 3, 3), finished_at=local(2025, 5, 5))
    for unit in (province.sxd, make_department("STC"), make_department("SYT")):
        Assessment.objects.create(criteria_set=scorecard.criteria_set, department=unit)
    client.force_login(province.leader)

    with django_assert_num_queries(API_QUERIES):
        response = client.get(reverse("api:par"), {"year": "2025", "department": "SXD"})

    assert response.json()["criteria"][1]["auto"] == 0.0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"department": "STTTT"}, "Thiếu tham số year (năm đánh giá, ví dụ 2025)."),
        ({"year": "25", "department": "STTTT"}, "Năm “25” không hợp lệ: cần một năm từ 2000 đến 2100."),
        ({"year": "2025"}, "Thiếu tham số department (mã đơn vị, ví dụ SKHCN)."),
        ({"year": "2025", "department": "XYZ"}, "Không tìm thấy đơn vị có mã “XYZ”."),
        (
            {"year": "2024", "department": "STTTT"},
            "Sở Thông tin và Truyền thông không có phiếu chấm chỉ số CCHC năm 2024.",
        ),
    ],
)
def test_bad_queries_are_refused_in_vietnamese(client, province, scorecard, params, message):
    client.force_login(province.leader)

    response = client.get(reverse("api:par"), params)

    assert (response.status_code, response.json()) == (400, {"error": message})


def test_staff_see_only_their_own_units_card(client, province, scorecard):
    client.force_login(province.staff_sxd)
    refused = client.get(reverse("api:par"), {"year": "2025", "department": "STTTT"})
    client.force_login(province.staff_stttt)
    own = client.get(reverse("api:par"), {"year": "2025", "department": "STTTT"})

    assert (refused.status_code, refused.json()) == (400, {"error": "Không tìm thấy đơn vị có mã “STTTT”."})
    assert own.status_code == 200


def test_the_command_prints_the_same_json_and_exits_2_on_bad_input(province, scorecard, capsys):
    call_command("par_scores", "--year", "2025", "--department", "STTTT", "--json")
    assert json.loads(capsys.readouterr().out) == EXPECTED

    call_command("par_scores", "--year", "2025", "--department", "STTTT")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Sở Thông tin và Truyền thông (STTTT) · năm 2025 · Đang tự đánh giá"
    assert lines[2].split() == ["1.1", "4", "—", "3", "—", "—"]
    assert lines[-1] == "Điều tra xã hội học: — · Tổng điểm: 2 · Thứ hạng: chưa xếp hạng (chưa chốt kết quả)"

    with pytest.raises(SystemExit) as exit_status:
        call_command("par_scores", "--year", "năm", "--department", "STTTT")
    assert exit_status.value.code == 2
    assert capsys.readouterr().err.strip() == "Lỗi: Năm “năm” không hợp lệ: cần một năm từ 2000 đến 2100."


def test_the_schema_describes_the_endpoint(client, province):
    client.force_login(province.leader)

    schema = client.get(reverse("api_schema"), {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/par/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"year", "department"}
    assert set(schema["components"]["schemas"]["ParCriterion"]["properties"]) == {
        "code", "title", "max", "auto", "self", "appraised", "final",
    }  # fmt: skip
