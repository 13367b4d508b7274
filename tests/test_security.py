"""Security promises: production settings pass Django's deployment check, logins are throttled,
forms need their CSRF token, and user input never reaches raw SQL or unescaped HTML."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, as_read, local, make_dossier

ROOT = Path(__file__).resolve().parent.parent
# What the test run sets for itself and a production server never has.
TEST_ONLY_VARIABLES = {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_production_settings_pass_check_deploy_without_a_warning():
    env = {
        **{k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES},
        "SECRET_KEY": "q7#v9!zK2@pL4$wR8^tY1&uI5*oP3(aS6)dF0_gH-jJ=kL+zX[cV]bN{mQ}eW|rT;yU:iO,pA.sD/fG?hJ",
        "ALLOWED_HOSTS": "cchc.tinh.gov.vn",
        "DATABASE_URL": "sqlite:////tmp/cchc-check-deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
def test_login_is_refused_after_five_wrong_passwords_even_with_the_right_one(
    client, province, django_assert_num_queries
):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "lan", "password": "doan-mo"})
        assert response.status_code == 200
    # The fifth failure locks the account out from this address, and the right password no longer helps.
    # django-axes reads the failures recorded for the address and for the name, the user, the failures
    # again, then in a savepoint the attempt and its count raised, and the failures once more.
    with django_assert_num_queries(9):
        assert client.post(reverse("login"), {"username": "lan", "password": "doan-mo"}).status_code == 429
    # Locked out: the failures for the address and for the name, the attempt and its count raised in a
    # savepoint, the failures once more. The user is not looked up.
    with django_assert_num_queries(7):
        response = client.post(reverse("login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, province, django_assert_num_queries):
    for _ in range(4):
        client.post(reverse("login"), {"username": "lan", "password": "doan-mo"})
    # The failures for the address and for the name, the user, the session key's uniqueness and the
    # session written (in a savepoint), the failures again, axes' log entry written, the failures read and
    # deleted with their expiry, the user's last login written, the session saved again (in a savepoint).
    with django_assert_num_queries(16):
        assert client.post(reverse("login"), {"username": "lan", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_refused(province, django_assert_num_queries):
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    client = Client(enforce_csrf_checks=True)
    client.force_login(province.staff_stttt)
    form = as_read("HS-1", {"status": "resolved", "finished_at": "04/03/2025 10:00"})
    # None: the form is refused before the session is read.
    with django_assert_num_queries(0):
        response = client.post(reverse("procedures:dossier_finish", kwargs={"code": "HS-1"}), form)
    assert response.status_code == 403


@pytest.mark.django_db
def test_text_typed_by_users_is_escaped_on_the_page(client, province, django_assert_num_queries):
    make_dossier(
        province.stttt_procedure,
        code="HS-1",
        received_at=local(2025, 3, 3),
        applicant='<script>alert("x")</script>',
    )
    client.force_login(province.inspector)
    # The session, the user, the dossier, its supplement requests, the data locks covering it, its history,
    # its petitions.
    with django_assert_num_queries(7):
        page = client.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


# Modules whose SQL is put together from their own constants and model metadata only, never from
# input (values travel as parameters or COPY data): the dossier summary's triggers and reads, the bulk COPY writer,
# the bulk history copy, the data-version read, the generator's sequences, the benchmark's reference
# query, and the migrations' trigger keeper (SQLite's own trigger names and text, read back).
RAW_SQL_MODULES = {
    "reporting/dossier_counts.py",
    "reporting/counts.py",
    "reporting/cache.py",
    "cchc_portal/bulk.py",
    "cchc_portal/audit.py",
    "cchc_portal/migration_ops.py",
    "sampledata/province.py",
    "sampledata/bench_pages.py",
}
# The one module that writes markup in Python for speed (STYLE.md): every value it joins is escaped
# first, and it marks the joined rows safe once.
FAST_MARKUP_MODULES = {"reporting/fast_html.py"}


def test_no_raw_sql_or_unescaped_output_in_the_code():
    patterns = re.compile(
        r"\.raw\(|\.extra\(|RawSQL|cursor\(\)|mark_safe|\|safe\b|autoescape off|format_html\(f"
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in (
            "accounts",
            "cchc_portal",
            "jobs",
            "departments",
            "procedures",
            "reporting",
            "inspections",
            "dashboards",
            "notifications",
            "sampledata",
            "templates",
        )
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html"}
        and "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in RAW_SQL_MODULES | FAST_MARKUP_MODULES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if patterns.search(line)
    ]
    assert offenders == []


def test_permissions_come_from_the_role_alone_and_a_refusal_costs_no_query(
    province, django_assert_num_queries
):
    from django.contrib.auth.models import Permission

    from accounts.models import User

    leader = province.leader
    leader.user_permissions.add(Permission.objects.get(codename="view_audit_trail"))
    leader = User.objects.get(pk=leader.pk)
    with django_assert_num_queries(0):
        assert not leader.has_perm("accounts.view_audit_trail")
        assert leader.has_perm("departments.add_datalock")
