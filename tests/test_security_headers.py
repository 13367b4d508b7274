"""Every answer carries a strict Content-Security-Policy and is kept out of caches; the markup gives the
policy nothing to refuse (no inline script, handler or style), which the browser tests confirm."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import Job
from jobs.services import job_file
from tests.dashboards.test_dashboards import ORGANISATION, STAFF_OVERVIEW
from tests.factories import make_api_key, make_dossier
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
POLICY = {
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def policy(response) -> set[str]:
    return {part.strip() for part in response.headers["Content-Security-Policy"].split(";")}


def not_stored(response) -> bool:
    directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def lans_export(province) -> Job:
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
    return job


def test_pages_downloads_and_api_answers_of_a_logged_in_user_are_never_stored(
    client, province, lans_export, django_assert_num_queries
):
    make_dossier(province.stttt_procedure, code="HS-1")
    client.force_login(province.staff_stttt)
    # Each answer's queries: the session and the user, then for Lan (staff) her departments where her
    # scope matters, and what the answer shows.
    urls = [
        # The overview: a staff member's (tests/dashboards/test_dashboards.py lists its queries), of this
        # year, which ends today: its own figures give today's overdue counts, one query fewer.
        (reverse("home"), STAFF_OVERVIEW - 1),
        # Her departments, the dossier, its supplement requests, the data locks covering it, its petitions.
        (reverse("procedures:dossier_detail", kwargs={"code": "HS-1"}), 7),
        # Her departments (twice), the count, the successions and the units the file names (KeThua, DonVi),
        # the procedures' units, the procedures, the dossiers, the decisions and the petitions.
        (reverse("dashboards:export_dossiers"), 12),
        # Her departments (twice), the organisation (on PostgreSQL kept for the data version since the
        # overview read it), the department's counts, the fields.
        (
            reverse("reporting:form_06a_department", kwargs={"code": "STTTT"}),
            6 + (DATA_VERSION if DATA_VERSION else ORGANISATION),
        ),
        # Nothing more for the blank template; the job for a download.
        (reverse("reporting:template"), 2),
        (reverse("jobs:download", kwargs={"pk": lans_export.pk}), 3),
        # Her departments (twice), the count and the page of dossiers.
        (reverse("api:dossier-list"), 6),
    ]
    for url, queries in urls:
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
        assert not_stored(response), (url, response.headers.get("Cache-Control"))
        assert policy(response) == POLICY, url
    download = client.get(reverse("dashboards:export_dossiers"))
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_token_clients_answers_are_never_stored(province, django_assert_num_queries):
    leader = Client(headers={"Authorization": f"Token {make_api_key(province.leader)}"})
    # The token and its user, its use recorded, the count (there is no dossier, so no page is read).
    with django_assert_num_queries(3):
        response = leader.get(reverse("api:dossier-list"))
    assert response.status_code == 200
    assert not_stored(response) and policy(response) == POLICY


def test_the_login_page_errors_and_refusals_carry_the_policy_too(client, province, django_assert_num_queries):
    # None: without a session cookie or a token nothing is read.
    with django_assert_num_queries(0):
        answers = [
            client.get(reverse("login")),
            client.get(reverse("home")),  # the redirect to the login page
            client.get("/khong-co-trang-nay/"),
            Client().get(reverse("api:dossier-list")),
        ]
    assert [response.status_code for response in answers] == [200, 302, 404, 403]
    client.force_login(province.staff_sxd)
    # The session, the user, her departments and the dossier looked for.
    with django_assert_num_queries(4):
        answers.append(client.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-KHONG-CO"})))
    assert answers[-1].status_code == 404
    for response in answers:
        assert policy(response) == POLICY and not_stored(response)


def test_no_template_has_an_inline_script_event_handler_or_style_attribute():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if inline.search(line)
    ]
    assert offenders == []
