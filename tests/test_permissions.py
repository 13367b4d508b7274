"""Who may open what: every view and API endpoint × every role.

A view added without a line here fails test_every_view_has_an_entry_in_the_matrix, so that no page
reaches production without someone deciding who may see it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from departments.models import DataLock
from inspections.models import Evidence, Finding, Inspection, InspectionPlan, Recommendation
from jobs.models import Job
from jobs.services import job_file
from procedures.models import Dossier
from reporting.models import Declaration, PeriodicReport
from scorecards.models import Score, ScoreEvidence
from tests.factories import (
    as_read,
    local,
    make_dossier,
    make_petition,
    make_publication,
    make_scorecard_year,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_own", "staff_other", "inspector", "leader", "admin"]
LOGIN = 302  # sent to the login page
ALL = dict.fromkeys(ROLES[1:], 200)


def expect(anonymous=LOGIN, **by_role) -> dict[str, int]:
    return {"anonymous": anonymous, **ALL, **by_role}


OWN_RECORD_READ = expect(staff_other=404)
OWN_RECORD_WRITE = expect(staff_other=404, inspector=403, leader=403)
DATA_ENTRY = expect(inspector=403, leader=403)
API_READ = expect(anonymous=403)
API_OWN_RECORD = expect(anonymous=403, staff_other=404)

OWN_JOB = expect(staff_other=404, inspector=404, leader=404)
POST_ONLY = expect(**dict.fromkeys(ROLES[1:], 405))
INSPECTORS = expect(staff_own=403, staff_other=403, leader=403)

# view name: (kwargs, expected status by role) — every request is a GET; writes are tested below.
MATRIX = {
    "home": ({}, expect()),
    "login": ({}, expect(anonymous=200, **dict.fromkeys(ROLES[1:], 302))),
    # Logging out is a POST (base.html's button); a GET changes nothing.
    "logout": ({}, {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}),
    "password_change": ({}, expect()),
    "password_change_done": ({}, expect()),
    "dashboards:department_list": ({}, expect()),
    "dashboards:department": ({"code": "STTTT"}, OWN_RECORD_READ),
    "departments:lock": ({"code": "STTTT"}, expect(staff_own=403, staff_other=403)),
    "departments:unlock": (
        {"code": "STTTT", "lock_id": "LOCK"},
        expect(staff_own=403, staff_other=403, inspector=403, leader=403),
    ),
    "dashboards:procedure_list": ({}, expect()),
    "procedures:procedure_create": ({}, DATA_ENTRY),
    "procedures:procedure_detail": ({"code": "1.004227"}, OWN_RECORD_READ),
    "procedures:procedure_edit": ({"code": "1.004227"}, OWN_RECORD_WRITE),
    "dashboards:dossier_list": ({}, expect()),
    "dashboards:search": ({}, expect()),
    "procedures:dossier_register": ({}, DATA_ENTRY),
    "procedures:dossier_detail": ({"code": "HS-1"}, OWN_RECORD_READ),
    "procedures:dossier_edit": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_request_supplement": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_receive_supplement": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_finish": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_apology": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    # The one-stop desk's slips print for whoever may see the dossier (HS-1 is overdue: both are owed).
    "procedures:dossier_receipt_slip": ({"code": "HS-1"}, OWN_RECORD_READ),
    "procedures:dossier_apology_slip": ({"code": "HS-1"}, OWN_RECORD_READ),
    "procedures:dossier_rate": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_facts": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "dashboards:quality": ({"code": "STTTT"}, OWN_RECORD_READ),
    # The menu's entries to the pages kept per unit: a staff member of one unit is sent to it, those who
    # see several choose among them.
    "dashboards:quality_units": ({}, expect(staff_own=302, staff_other=302)),
    "dashboards:declaration_units": ({}, expect(staff_own=302, staff_other=302)),
    # The national index: the province's and the ranking for everyone (staff see their own units' rows),
    # a unit's only for those who may see it.
    "dashboards:index766": ({}, expect()),
    "dashboards:index766_ranking_xlsx": ({}, expect()),
    # The per-procedure table: the province's, staff counted their own units' dossiers.
    "dashboards:index766_procedures": ({}, expect()),
    "dashboards:index766_procedures_xlsx": ({}, expect()),
    "dashboards:index766_unit": ({"code": "STTTT"}, OWN_RECORD_READ),
    "dashboards:index766_unit_xlsx": ({"code": "STTTT"}, OWN_RECORD_READ),
    # The petitions behind a count of 5.2 or 5.3: another unit's count is said not to exist, with none.
    "dashboards:index766_petitions": ({}, expect()),
    # The API answers in JSON: 403 without a session, 400 for a department the user may not see
    # (exactly as for an unknown one).
    "api:indicators": ({}, expect(anonymous=403, staff_other=400)),
    "api:index766": ({}, expect(anonymous=403, staff_other=400)),
    "api:department-list": ({}, API_READ),
    "api:department-detail": ({"code": "STTTT"}, API_OWN_RECORD),
    "api:field-list": ({}, API_READ),
    "api:procedure-list": ({}, API_READ),
    "api:procedure-detail": ({"code": "1.004227"}, API_OWN_RECORD),
    "api:dossier-list": ({}, API_READ),
    "api:dossier-detail": ({"code": "HS-1"}, API_OWN_RECORD),
    # A POST-only action: a GET is refused before any lookup; writes are tested in tests/test_api.py.
    "api:dossier-finish": ({"code": "HS-1"}, expect(anonymous=403, **dict.fromkeys(ROLES[1:], 405))),
    "api:dossier-facts": ({"code": "HS-1"}, expect(anonymous=403, **dict.fromkeys(ROLES[1:], 405))),
    "api:dossier-supplements": ({"code": "HS-1"}, API_OWN_RECORD),
    # Publication decisions are the province's: everyone reads them (inspectors write, tested in
    # tests/procedures/test_publications.py); a petition is its unit's, as a dossier is.
    "api:publication-decision-list": ({}, API_READ),
    "api:publication-decision-detail": ({"pk": "DECISION"}, API_READ),
    "api:petition-list": ({}, API_READ),
    "api:petition-detail": ({"code": "PAKN-1"}, API_OWN_RECORD),
    # The pages of the same records, with the API's rules.
    "procedures:petition_list": ({}, expect()),
    "procedures:petition_create": ({}, DATA_ENTRY),
    "procedures:petition_detail": ({"code": "PAKN-1"}, OWN_RECORD_READ),
    "procedures:petition_edit": ({"code": "PAKN-1"}, OWN_RECORD_WRITE),
    "procedures:decision_list": ({}, expect()),
    "procedures:decision_create": ({}, expect(staff_own=403, staff_other=403, leader=403)),
    "procedures:decision_detail": ({"pk": "DECISION"}, expect()),
    "procedures:decision_edit": ({"pk": "DECISION"}, expect(staff_own=403, staff_other=403, leader=403)),
    "api_schema": ({}, API_READ),
    "api_docs": ({}, expect()),
    "admin:index": ({}, expect(staff_own=302, staff_other=302, inspector=302, leader=302)),
    # Excel in and out; a job is its requester's (staff_own here) or an administrator's to see.
    "procedures:import": ({}, DATA_ENTRY),
    "jobs:list": ({}, expect()),
    "jobs:detail": ({"pk": "JOB"}, OWN_JOB),
    "jobs:download": ({"pk": "JOB"}, OWN_JOB),
    "jobs:confirm": ({"pk": "JOB"}, POST_ONLY),
    # Everyone has notifications of their own; another's is as missing as one that never was (a test of
    # tests/notifications opens the owner's).
    "notifications:list": ({}, expect()),
    "notifications:open": ({"pk": 999999}, expect(**dict.fromkeys(ROLES[1:], 404))),
    "notifications:read": ({"pk": 999999}, POST_ONLY),
    "notifications:read_all": ({}, POST_ONLY),
    "notifications:preferences": ({}, expect()),
    "procedures:import_errors": ({"pk": "REFUSED_CHECK"}, OWN_JOB),
    "reporting:template": ({}, expect()),
    "dashboards:export_dossiers": ({}, expect()),
    "dashboards:export_procedures": ({}, expect()),
    "reporting:form_06a": ({}, expect(staff_own=404, staff_other=404)),
    "reporting:form_06a_department": ({"code": "STTTT"}, OWN_RECORD_READ),
    "reporting:ranking": ({}, expect()),
    # What a department declares: its own staff keep it, everyone who sees the department reads it.
    "reporting:declarations": ({"code": "STTTT"}, OWN_RECORD_READ),
    "reporting:declaration_add": ({"code": "STTTT"}, OWN_RECORD_WRITE),
    "reporting:declaration_edit": ({"code": "STTTT", "pk": "DECLARATION"}, OWN_RECORD_WRITE),
    "reporting:report_add": ({"code": "STTTT"}, OWN_RECORD_WRITE),
    "reporting:report_edit": ({"code": "STTTT", "pk": "REPORT"}, OWN_RECORD_WRITE),
    # Inspections: inspectors plan and run them; the inspected department's staff read them.
    "inspections:list": ({}, expect()),
    "inspections:plan_create": ({}, INSPECTORS),
    "inspections:plan": ({"year": 2025}, expect()),
    "inspections:create": ({}, INSPECTORS),
    "inspections:detail": ({"pk": "INSPECTION"}, OWN_RECORD_READ),
    "inspections:start": ({"pk": "INSPECTION"}, POST_ONLY),
    "inspections:finding_add": ({"pk": "INSPECTION"}, POST_ONLY),
    "inspections:recommendation_add": ({"pk": "INSPECTION"}, POST_ONLY),
    # A GET shows what concluding does, to be confirmed by a POST: for those who run inspections.
    "inspections:conclude": ({"pk": "INSPECTION"}, INSPECTORS),
    "inspections:docx": ({"pk": "INSPECTION"}, OWN_RECORD_READ),
    "inspections:print": ({"pk": "INSPECTION"}, OWN_RECORD_READ),
    "inspections:recommendations": ({}, expect()),
    "inspections:recommendation": ({"pk": "RECOMMENDATION"}, OWN_RECORD_READ),
    "inspections:recommendation_report": ({"pk": "RECOMMENDATION"}, POST_ONLY),
    "inspections:recommendation_verify": ({"pk": "RECOMMENDATION"}, POST_ONLY),
    "inspections:evidence": ({"pk": "EVIDENCE"}, OWN_RECORD_READ),
    # The PAR scorecard: a unit's scorecard is read by its staff and by everyone who oversees the province;
    # the ranking is the council's until published (its workbook is not there for others before); every
    # workflow step is a POST (tested in tests/scorecards/); the criteria are imported by administrators.
    "scorecards:list": ({}, expect()),
    "scorecards:ranking": ({}, expect()),
    "scorecards:ranking_xlsx": ({}, expect(staff_own=404, staff_other=404)),
    "scorecards:detail": ({"pk": "ASSESSMENT"}, OWN_RECORD_READ),
    "scorecards:print": ({"pk": "ASSESSMENT"}, OWN_RECORD_READ),
    "scorecards:xlsx": ({"pk": "ASSESSMENT"}, OWN_RECORD_READ),
    "scorecards:evidence": ({"pk": "SCORE_EVIDENCE"}, OWN_RECORD_READ),
    "scorecards:submit": ({"pk": "ASSESSMENT"}, POST_ONLY),
    "scorecards:close_appraisal": ({"pk": "ASSESSMENT"}, POST_ONLY),
    "scorecards:finalise": ({"pk": "ASSESSMENT"}, POST_ONLY),
    "scorecards:survey": ({"pk": "ASSESSMENT"}, POST_ONLY),
    "scorecards:cite": ({"pk": "ASSESSMENT"}, POST_ONLY),
    "scorecards:score_self": ({"pk": "SCORE"}, POST_ONLY),
    "scorecards:score_clarify": ({"pk": "SCORE"}, POST_ONLY),
    "scorecards:score_appraise": ({"pk": "SCORE"}, POST_ONLY),
    "scorecards:score_override": ({"pk": "SCORE"}, POST_ONLY),
    "scorecards:score_return": ({"pk": "SCORE"}, POST_ONLY),
    "scorecards:deadlines": ({"pk": "CRITERIA_SET"}, POST_ONLY),
    "scorecards:publish": ({"pk": "CRITERIA_SET"}, POST_ONLY),
    "scorecards:copy": ({"pk": "CRITERIA_SET"}, POST_ONLY),
    "scorecards:open": ({"pk": "CRITERIA_SET"}, POST_ONLY),
    "scorecards:criteria_import": ({}, expect(staff_own=403, staff_other=403, inspector=403, leader=403)),
    "api:par": ({}, expect(anonymous=403, staff_other=400)),
}
QUERIES = {
    "api:indicators": {"department": "STTTT", "from": "2025-01-01", "to": "2025-12-31"},
    "api:index766": {"department": "STTTT", "from": "2025-01-01", "to": "2025-12-31"},
    "api:par": {"year": "2025", "department": "STTTT"},
    "dashboards:search": {"q": "hs"},
    # A month of its own, not the default (the last complete month, which moves with the date): the
    # indexes a page reads for its period, the one before and its trend are not as many for every month
    # (on SQLite, where each is read: 188 queries for October 2026, 199 for September or November).
    "dashboards:index766": {"kind": "month", "year": "2025", "month": "3"},
    "dashboards:index766_unit": {"kind": "month", "year": "2025", "month": "3"},
    "dashboards:index766_petitions": {
        "indicator": "766:5.2:denominator", "department": "STTTT", "from": "2025-01-01", "to": "2025-12-31",
    },
}  # fmt: skip

# What opening a view costs at most, over every role that may open it: the session and the user, the
# user's departments for staff (whose scope is read, where a leader's needs no query), on PostgreSQL the
# data version where figures or the organisation (units and successions, reporting.cache) are read, then
# the view's own reads, which each page's own test lists. A view whose cost grows fails here as well as there.
OPENING_QUERIES = {
    "admin:index": 3,
    "api:department-detail": 4,
    "api:department-list": 5,
    "api:dossier-detail": 5,
    "api:dossier-list": 6,
    # The dossier's, then its supplement requests.
    "api:dossier-supplements": 6,
    "api:field-list": 4,
    "api:indicators": 11,
    # The unit, its index (reporting.index766) and its dossiers' processing days for 2.2.
    "api:index766": 32,
    "api:petition-detail": 5,
    "api:petition-list": 6,
    "api:publication-decision-detail": 4,
    "api:publication-decision-list": 5,
    "api:procedure-detail": 7,
    "api:procedure-list": 8,
    "api_docs": 2,
    "api_schema": 2,
    "dashboards:department": 41,
    "dashboards:department_list": 9,
    "dashboards:dossier_list": 8,
    # The procedures and units a dossier is found by, then the dossiers, the procedures and the units;
    # a staff member's units are read for each of the three kinds.
    "dashboards:search": 10,
    "dashboards:export_dossiers": 12,
    "dashboards:export_procedures": 10,
    # The units ranked and the index of all of them for the period and the one before, the province's
    # own, ten more months of its trend, and a staff member's units.
    "dashboards:index766": 188,
    # The units ranked, the index of all of them for the period and the one before, a staff member's units.
    "dashboards:index766_ranking_xlsx": 33,
    # The unit, its own index, the ranked units' for the period and the eleven months before, and the
    # per-procedure counts.
    "dashboards:index766_unit": 200,
    # The unit and its index alone.
    "dashboards:index766_unit_xlsx": 31,
    # The dossiers grouped by procedure and their days for 2.2 (a staff member's units and the
    # organisation first), the procedures' codes, the page's procedures, the settings.
    "dashboards:index766_procedures": 12,
    # The same, every procedure scored for the workbook.
    "dashboards:index766_procedures_xlsx": 12,
    # The unit, then the petitions of its 5.2 (the calendar, the petitions) and the page of them.
    "dashboards:index766_petitions": 30,
    "dashboards:procedure_list": 9,
    "departments:lock": 3,
    "departments:unlock": 5,
    "home": 20,
    "inspections:create": 6,
    "inspections:detail": 18,
    # The inspection, then its findings and recommendations counted for the confirmation.
    "inspections:conclude": 4,
    "inspections:docx": 7,
    "inspections:evidence": 5,
    "inspections:list": 5,
    "inspections:plan": 5,
    "inspections:plan_create": 2,
    "inspections:print": 7,
    "inspections:recommendation": 7,
    "inspections:recommendations": 7,
    "jobs:detail": 3,
    "jobs:list": 3,
    "jobs:download": 3,
    # A staff member's units, the count and the page of their notifications.
    "notifications:list": 5,
    # Their choices.
    "notifications:preferences": 3,
    # The session, the user, the check with its errors.
    "procedures:import_errors": 3,
    "password_change": 2,
    "password_change_done": 2,
    "procedures:decision_create": 2,
    "procedures:decision_detail": 5,
    "procedures:decision_edit": 4,
    "procedures:decision_list": 5,
    "procedures:dossier_apology": 5,
    # The dossier with its procedure and units, and its supplement requests.
    "procedures:dossier_apology_slip": 5,
    "procedures:dossier_receipt_slip": 5,
    "procedures:dossier_detail": 7,
    "procedures:dossier_edit": 5,
    "procedures:dossier_facts": 5,
    "procedures:dossier_finish": 5,
    "procedures:dossier_rate": 5,
    "procedures:dossier_receive_supplement": 5,
    "procedures:dossier_register": 7,
    "procedures:dossier_request_supplement": 5,
    "procedures:import": 2,
    "procedures:petition_create": 7,
    "procedures:petition_detail": 4,
    "procedures:petition_edit": 9,
    "procedures:petition_list": 7,
    "procedures:procedure_create": 5,
    "procedures:procedure_detail": 8,
    "procedures:procedure_edit": 8,
    "reporting:declaration_add": 4,
    "reporting:declaration_edit": 5,
    "reporting:declarations": 6,
    "reporting:form_06a": 5,
    "reporting:form_06a_department": 9,
    "dashboards:quality": 9,
    "dashboards:quality_units": 3,
    "dashboards:declaration_units": 3,
    "reporting:ranking": 18,
    "reporting:report_add": 4,
    "reporting:report_edit": 5,
    "reporting:template": 2,
    # The scorecard pages: the set (and the sets for the picker), the assessments in the user's scope; a
    # unit's scorecard and its outputs add the scoring engine of the whole set (tests/scorecards/test_pages.py
    # lists its queries), the ranking the engine for last year's set too.
    "scorecards:list": 6,
    "scorecards:ranking": 24,
    "scorecards:ranking_xlsx": 24,
    "scorecards:detail": 24,
    "scorecards:print": 20,
    "scorecards:xlsx": 20,
    "scorecards:evidence": 5,
    "scorecards:criteria_import": 2,
    "api:par": 22,
}
# A refusal reads nothing for an anonymous visitor (there is no session yet), only the session and the
# user for a role turned away outright (403, 405, a redirect), and at most three reads more to look a
# record up in the user's scope before answering that it is not there (404, or 400 for the indicators).
REFUSAL_QUERIES = {"anonymous": 0, "outright": 2, "looked_up": 5}
# A view that sends the user on to their own unit reads that unit first, as it would to list it.
REDIRECTING = {"dashboards:quality_units", "dashboards:declaration_units"}


def named_views(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                names.add("admin:index")
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


@pytest.fixture
def world(province):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    lock = DataLock.objects.create(
        department=province.stttt,
        locked_until=date(2019, 12, 31),
        reason="Kiểm tra 2019",
        locked_by=province.inspector,
    )
    admin = make_user("quantri", role="administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    users = {
        "staff_own": province.staff_stttt,
        "staff_other": province.staff_sxd,
        "inspector": province.inspector,
        "leader": province.leader,
        "admin": admin,
    }
    return users, {"LOCK": lock.pk, **_records(province)}


def _records(province) -> dict[str, object]:
    """One of each record a URL names, all of STTTT, and the job belongs to its staff member."""
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        user=province.staff_stttt,
        filename="ho-so.xlsx",
        stored_name="ho-so.xlsx",
        status=Job.Status.SUCCEEDED,
        result={"rows": 0},
    )
    job_file(job).parent.mkdir(parents=True, exist_ok=True)
    job_file(job).write_bytes(b"PK")
    plan = InspectionPlan.objects.create(year=2025, title="Kế hoạch 2025")
    inspection = Inspection.objects.create(
        plan=plan,
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 3, 31),
        planned_start=date(2025, 4, 1),
        planned_end=date(2025, 4, 5),
        lead=province.inspector,
        status=Inspection.Status.CONCLUDED,
        concluded_on=date(2025, 4, 10),
        concluded_indicators={},
    )
    recommendation = Recommendation.objects.create(
        inspection=inspection,
        text="Tăng hồ sơ trực tuyến",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
    )
    finding = Finding.objects.create(
        inspection=inspection, kind="strength", area="procedures", text="Tốt", created_by=province.inspector
    )
    evidence = Evidence.objects.create(
        finding=finding,
        file=SimpleUploadedFile("bien-ban.pdf", b"%PDF"),
        filename="bien-ban.pdf",
        size=4,
        uploaded_by=province.inspector,
    )
    refused = Job.objects.create(
        kind=Job.Kind.IMPORT_CHECK,
        user=province.staff_stttt,
        filename="ho-so.xlsx",
        stored_name="kiem-tra.xlsx",
        status=Job.Status.SUCCEEDED,
        result={"ok": False, "errors": [{"sheet": "HoSo", "row": 2, "column": "Mã hồ sơ", "message": "X"}]},
    )
    return {
        "JOB": job.pk,
        "REFUSED_CHECK": refused.pk,
        "DECLARATION": Declaration.objects.create(
            department=province.stttt, measured_on=date(2025, 6, 30)
        ).pk,
        "REPORT": PeriodicReport.objects.create(
            department=province.stttt, name="Quý I", deadline_on=date(2025, 3, 15)
        ).pk,
        "INSPECTION": inspection.pk,
        "RECOMMENDATION": recommendation.pk,
        "EVIDENCE": evidence.pk,
        "DECISION": make_publication(province.stttt_procedure).pk,
        "PETITION": make_petition(province.stttt, code="PAKN-1").pk,
        **_scorecard_records(province),
    }


def _scorecard_records(province) -> dict[str, object]:
    """STTTT's and SXD's scorecards of 2025, STTTT's with an evidence file on its first leaf."""
    criteria_set = make_scorecard_year([province.stttt, province.sxd])
    score = Score.objects.filter(assessment__department=province.stttt).order_by("criterion__order").first()
    evidence = ScoreEvidence.objects.create(
        score=score,
        file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF"),
        filename="ke-hoach.pdf",
        size=4,
        uploaded_by=province.staff_stttt,
    )
    return {
        "CRITERIA_SET": criteria_set.pk,
        "ASSESSMENT": score.assessment_id,
        "SCORE": score.pk,
        "SCORE_EVIDENCE": evidence.pk,
    }


def test_every_view_has_an_entry_in_the_matrix():
    assert named_views() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_the_matrix_gives_for_each_view(
    client, world, name, role, django_assert_max_num_queries
):
    users, ids = world
    kwargs, expected = MATRIX[name]
    kwargs = {
        key: ids.get(value, value) if isinstance(value, str) else value for key, value in kwargs.items()
    }
    if role != "anonymous":
        client.force_login(users[role])
    with django_assert_max_num_queries(queries_for(name, role, expected[role])):
        response = client.get(reverse(name, kwargs=kwargs), QUERIES.get(name, {}))
    assert response.status_code == expected[role], f"{name} as {role}"


def queries_for(name: str, role: str, status: int) -> int:
    """The most queries the view may cost this role, given the answer the matrix expects."""
    if role == "anonymous":
        return REFUSAL_QUERIES["anonymous"]
    if status == 200 or (status == 302 and name in REDIRECTING):
        return OPENING_QUERIES[name]
    if status in (400, 404):
        return REFUSAL_QUERIES["looked_up"]
    return REFUSAL_QUERIES["outright"]


WRITES = [
    ("procedures:dossier_finish", {"status": "resolved", "finished_at": "04/03/2025 10:00"}),
    ("procedures:dossier_edit", {"channel": "online", "received_at": "03/03/2025 09:00", "applicant": "X"}),
    ("procedures:dossier_request_supplement", {"requested_on": "04/03/2025", "reason": "Thiếu giấy tờ"}),
    ("procedures:procedure_edit", {"code": "1.004227", "name": "Đổi tên", "statutory_days": "5"}),
]


@pytest.mark.parametrize(("name", "data"), WRITES, ids=[name for name, _ in WRITES])
@pytest.mark.parametrize(("role", "status"), [("staff_other", 404), ("inspector", 403), ("leader", 403)])
def test_writes_by_a_wrong_role_or_department_change_nothing(
    client, world, name, data, role, status, django_assert_max_num_queries
):
    users, _ = world
    client.force_login(users[role])
    code = "1.004227" if name.startswith("procedures:procedure") else "HS-1"
    if code == "HS-1":
        data = as_read(code, data)
    # The session, the user, and the record looked up in the user's scope (a 404) or nothing more (a
    # 403 for the role): a refused write costs no more than a refused read.
    with django_assert_max_num_queries(REFUSAL_QUERIES["looked_up"]):
        response = client.post(reverse(name, kwargs={"code": code}), data)
    assert response.status_code == status
    dossier = Dossier.objects.get(code="HS-1")
    assert (dossier.status, dossier.channel, dossier.applicant) == ("in_progress", "direct", "")
    assert dossier.procedure.name == "Cấp giấy phép xuất bản bản tin"
