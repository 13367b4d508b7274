"""Codes that look like others (decomposed letters, invisible characters, full-width letters, "." and
"..") are refused with one message, whichever way they arrive: the page, the API, the Excel import and the
admin; a code typed with surrounding spaces or decomposed letters finds its record; the migration and the
data-quality page name the codes stored before the rule."""

import importlib
import io
import unicodedata
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cchc_portal.codes import code_fault
from departments.models import Department
from procedures.imports import import_workbook
from procedures.models import DOSSIER_CODE_BREAKS_RULE, Dossier, Field, Procedure, dossier_code_rule
from tests.dashboards.test_dashboards import DRILL_DOWN, ORGANISATION
from tests.factories import (
    HOSO_HEADERS,
    ONE_DOSSIER_WORKBOOK,
    TTHC_HEADERS,
    local,
    make_dossier,
    workbook_bytes,
)
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan(client, province) -> Client:
    client.force_login(province.staff_stttt)
    return client


HIDDEN = "Mã hồ sơ không được chứa ký tự ẩn hoặc ký tự điều khiển ({})."
NOT_ASCII = (
    "Mã hồ sơ chỉ gồm chữ cái không dấu, chữ số và dấu câu (ký tự ASCII), ví dụ 000.00.18.H12-250303-0001."
)
FULLWIDTH = (
    "Mã hồ sơ không được chứa ký tự độ rộng toàn phần (full-width) hay ký tự tương thích như chữ ghép, "
    "chỉ số trên, số trong vòng tròn (“Ｈ”, U+FF28); hãy gõ lại bằng bàn phím ở chế độ thường."
)
DOTS = "Mã hồ sơ không được chỉ là “.” hoặc “..”."
LOOKALIKES = [
    pytest.param(unicodedata.normalize("NFD", "HSÁ-001"), NOT_ASCII, id="nfd-twin"),
    pytest.param("HS\u200b-001", HIDDEN.format("U+200B"), id="zero-width-space"),
    pytest.param("\ufeffHS-001", HIDDEN.format("U+FEFF"), id="byte-order-mark"),
    pytest.param("HS-001\u200f", HIDDEN.format("U+200F"), id="right-to-left-mark"),
    pytest.param("ＨＳ001", FULLWIDTH, id="fullwidth"),
    pytest.param(".", DOTS, id="dot"),
    pytest.param("..", DOTS, id="dot-dot"),
]


# A receipt the register page refuses for its code: the session, the user, the user's departments
# (twice), the procedure, the department; the page again lists the procedures, the departments and every
# unit as a receiving unit.
PAGE_REFUSES_CODE = 9


def register_on_the_page(province, code: str, django_assert_num_queries) -> list[str]:
    client = Client()
    client.force_login(province.staff_stttt)
    with django_assert_num_queries(PAGE_REFUSES_CODE):
        response = client.post(
            reverse("procedures:dossier_register"),
            {
                "code": code,
                "procedure": province.stttt_procedure.code,
                "department": province.stttt.pk,
                "channel": "direct",
                "received_at": "03/03/2025 09:00",
            },
        )
    assert response.status_code == 200
    return response.context["form"].errors["code"]


def register_over_the_api(province, code: str, django_assert_num_queries) -> list[str]:
    client = Client()
    client.force_login(province.staff_stttt)
    receipt = {
        "code": code,
        "procedure": "1.004227",
        "department": "STTTT",
        "channel": "online",
        "received_at": "2025-03-04T10:00:00+07:00",
    }
    # The session, the user, the user's departments, the procedure, the department (with the user's
    # departments again): the serializer refuses the code before the rulebook is asked.
    with django_assert_num_queries(6):
        response = client.post(reverse("api:dossier-list"), receipt, content_type="application/json")
    assert response.status_code == 400
    return response.json()["fields"]["code"]


def register_by_import(province, code: str, django_assert_num_queries) -> list[str]:
    """The import makes no request, so it has no request's queries to count."""
    sheets = {**ONE_DOSSIER_WORKBOOK, "HoSo": [HOSO_HEADERS, [code, *ONE_DOSSIER_WORKBOOK["HoSo"][1][1:]]]}
    report = import_workbook(io.BytesIO(workbook_bytes(sheets)), user=province.staff_stttt, dry_run=False)
    assert not report.ok
    return [issue.message for issue in report.errors if issue.column == "Mã hồ sơ"]


def register_in_the_admin(province, code: str, django_assert_num_queries) -> list[str]:
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("quantri", password="x", role="administrator")
    )
    # The admin finds a model's content type through a cache kept for the whole process; read it now, so
    # that the count does not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(Dossier)
    # The session, the user; in the admin's savepoint the procedure, the department and the data lock,
    # the procedure and department chosen, the units, successions and the units carrying out the
    # procedure (the rulebook's checks), the twelve check constraints (each in a savepoint; five of them
    # on the national facts, 15 queries, one on the due time, 3); the procedure and department choices and
    # every unit as a receiving unit to show the form again.
    with django_assert_num_queries(51):
        response = client.post(
            reverse("admin:procedures_dossier_add"),
            {
                "code": code,
                "procedure": province.stttt_procedure.pk,
                "department": province.stttt.pk,
                "channel": "direct",
                "received_at_0": "03/03/2025",
                "received_at_1": "09:00",
                "status": "in_progress",
                "supplements-TOTAL_FORMS": "0",
                "supplements-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 200
    return response.context["adminform"].form.errors["code"]


ENTRY_PATHS = [
    pytest.param(register_on_the_page, id="page"),
    pytest.param(register_over_the_api, id="api"),
    pytest.param(register_by_import, id="import"),
    pytest.param(register_in_the_admin, id="admin"),
]


@pytest.mark.parametrize("register", ENTRY_PATHS)
@pytest.mark.parametrize(("code", "message"), LOOKALIKES)
def test_a_lookalike_dossier_code_is_refused_with_the_same_message_on_every_path(
    province, register, code, message, django_assert_num_queries
):
    assert register(province, code, django_assert_num_queries) == [message]
    assert not Dossier.objects.exists()
    assert not Procedure.objects.filter(code="1.000111").exists()


def test_the_page_shows_the_message_next_to_the_code(lan, province, django_assert_num_queries):
    with django_assert_num_queries(PAGE_REFUSES_CODE):
        response = lan.post(
            reverse("procedures:dossier_register"),
            {
                "code": "HS\u200b-001",
                "procedure": province.stttt_procedure.code,
                "department": province.stttt.pk,
            },
        )
    assert escape(HIDDEN.format("U+200B")) in response.content.decode()


def test_a_code_typed_with_spaces_around_it_is_stored_without_them_on_every_path(
    lan, province, django_assert_num_queries
):
    # The session, the user, the user's departments (twice), the code's uniqueness, the procedure, the
    # department, the calendar; in the service's savepoint, the data lock, the units, successions and the
    # units carrying out the procedure (the rulebook's organisation), the code's uniqueness, the calendar
    # again, the dossier and its history written, the release.
    with django_assert_num_queries(18):
        registered = lan.post(
            reverse("procedures:dossier_register"),
            {
                "code": "  HS-001\u3000",
                "procedure": province.stttt_procedure.code,
                "department": province.stttt.pk,
                "channel": "direct",
                "received_at": "03/03/2025 09:00",
            },
        )
    assert registered.status_code == 302
    receipt = {
        "code": "\u00a0HS-002 ",
        "procedure": "1.004227",
        "department": "STTTT",
        "channel": "online",
        "received_at": "2025-03-04T10:00:00+07:00",
    }
    # The session, the user, the code's uniqueness, the department, the procedure, the user's departments
    # (twice); in the service's savepoint, the data lock, the rulebook's organisation (3), the code's
    # uniqueness, the calendar, the dossier and its history written, the release.
    with django_assert_num_queries(17):
        assert (
            lan.post(reverse("api:dossier-list"), receipt, content_type="application/json").status_code == 201
        )
    assert sorted(Dossier.objects.values_list("code", flat=True)) == ["HS-001", "HS-002"]


def test_a_procedure_code_with_a_hidden_character_is_refused_with_the_same_message_on_every_path(
    lan, province, django_assert_num_queries
):
    message = "Mã TTHC không được chứa ký tự ẩn hoặc ký tự điều khiển (U+200B)."
    # Eight characters, the field's length, so that the length is not what is wrong.
    procedure = {
        "code": "1.00\u200b111",
        "name": "Cấp giấy phép in",
        "field": Field.objects.get().pk,
        "department": "STTTT",
        "statutory_days": 10,
        "online_level": 2,
    }
    # The session, the user, the code's uniqueness, the field, the department and the user's departments.
    with django_assert_num_queries(6):
        api = lan.post(reverse("api:procedure-list"), procedure, content_type="application/json")
    # The session, the user, the user's departments, the field and units chosen, the field again, the
    # five check constraints the form's fields touch (each in a savepoint); the field and unit choices to
    # show the form again.
    with django_assert_num_queries(23):
        page = lan.post(
            reverse("procedures:procedure_create"),
            {**procedure, "department": "", "level": "province", "units": [province.stttt.pk]},
        )
    tthc = [TTHC_HEADERS, ["1.00\u200b111", *ONE_DOSSIER_WORKBOOK["TTHC"][1][1:]]]
    report = import_workbook(
        io.BytesIO(workbook_bytes({"TTHC": tthc, "HoSo": [HOSO_HEADERS]})),
        user=province.staff_stttt,
        dry_run=False,
    )
    assert api.json()["fields"]["code"] == [message]
    assert page.context["form"].errors["code"] == [message]
    assert [issue.message for issue in report.errors] == [message]
    assert list(Procedure.objects.values_list("code", flat=True).order_by("code")) == ["1.004227", "1.009972"]


def test_a_department_code_in_full_width_letters_is_refused_by_the_import_and_the_admin(
    client, province, django_assert_num_queries
):
    message = (
        "Mã đơn vị không được chứa ký tự độ rộng toàn phần (full-width) hay ký tự tương thích như chữ ghép, "
        "chỉ số trên, số trong vòng tròn (“Ｓ”, U+FF33); hãy gõ lại bằng bàn phím ở chế độ thường."
    )
    administrator = get_user_model().objects.create_superuser("quantri", password="x", role="administrator")
    donvi = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"], ["ＳTTTT2", "Sở mới", None]]
    report = import_workbook(
        io.BytesIO(workbook_bytes({"DonVi": donvi, "TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS]})),
        user=administrator,
        dry_run=False,
    )
    client.force_login(administrator)
    # The admin finds a model's content type through a cache kept for the whole process; read it now, so
    # that the count does not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(Department)
    # The session, the user; in the admin's savepoint the three check constraints the form touches (each
    # in a savepoint: a unit is not its own parent, its kind, its dates in order).
    with django_assert_num_queries(13):
        response = client.post(
            reverse("admin:departments_department_add"),
            {"code": "ＳTTTT2", "name": "Sở mới", "kind": "agency"},
        )
    assert [issue.message for issue in report.errors] == [message]
    assert response.context["adminform"].form.errors["code"] == [message]
    assert not Department.objects.filter(name="Sở mới").exists()


def test_a_code_typed_decomposed_or_with_spaces_finds_the_record_stored_before_the_rule(
    lan, province, django_assert_num_queries
):
    # Stored before the rule by the import, which normalised it to NFC.
    make_dossier(province.stttt_procedure, code="HSÁ-001", received_at=local(2025, 3, 3))
    typed = quote(unicodedata.normalize("NFD", "HSÁ-001"))
    # The session, the user, the user's departments, the dossier, its supplement requests, the data locks
    # covering it and its petitions.
    with django_assert_num_queries(7):
        assert lan.get(f"/ho-so/{typed}/").status_code == 200
    # The session, the user, the user's departments and those below them, the dossier.
    with django_assert_num_queries(5):
        assert lan.get(f"/api/v1/dossiers/{typed}/").json()["code"] == "HSÁ-001"
    # The session, the user, the user's departments (for the records and the filter), the department
    # filtered on, the count and the page of dossiers.
    with django_assert_num_queries(7):
        listed = lan.get(
            reverse("api:dossier-list"), {"department": " STTTT ", "procedure": "1.004227\u00a0"}
        )
    assert [dossier["code"] for dossier in listed.json()["results"]] == ["HSÁ-001"]
    # The session, the user, the user's departments and those below them, the procedure, its units (for
    # `units` and `department`).
    with django_assert_num_queries(6):
        assert lan.get(f"/api/v1/procedures/{quote(' 1.004227')}/").status_code == 200
    # The session, the user, the user's departments and the department.
    with django_assert_num_queries(4):
        assert lan.get(f"/api/v1/departments/{quote('STTTT ')}/").status_code == 200


COMPATIBILITY = (
    "Mã không được chứa ký tự độ rộng toàn phần (full-width) hay ký tự tương thích như chữ ghép, chỉ số "
    "trên, số trong vòng tròn (“{}”, {}); hãy gõ lại bằng bàn phím ở chế độ thường."
)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("HS\u20281", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+2028)."),
        ("HS\ue0001", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+E000)."),
        ("HS\u03781", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+0378)."),
        ("HS\u202e1", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+202E)."),
        ("HS\u31641", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+3164)."),
        ("HS\ufe0f1", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+FE0F)."),
        ("HS\u00a01", "Mã không được chứa khoảng trắng."),
        ("HS\t1", "Mã không được chứa ký tự ẩn hoặc ký tự điều khiển (U+0009)."),
        ("\ufb01le", COMPATIBILITY.format("\ufb01", "U+FB01")),
        ("HS\u00b2", COMPATIBILITY.format("\u00b2", "U+00B2")),
        ("HS\u2460", COMPATIBILITY.format("\u2460", "U+2460")),
        ("HS\uff61", COMPATIBILITY.format("\uff61", "U+FF61")),
        ("HS\\1", "Mã không được chứa dấu “/” hoặc “\\” vì mã là một phần địa chỉ trang."),
        ("000.00.18.H12-250303-0001", None),
    ],
)
def test_each_kind_of_fault_has_one_message_naming_the_character(code, message):
    assert code_fault(code, label="Mã") == message


BAD_STORED = ["HS 1", " HS-2", "HS-3\n", "HS/4", "HS\\5", ".", "..", "HSÁ-6", "HS\u200b7", "ＨＳ8", "HS\x019"]
GOOD_STORED = ["000.00.18.H12-250303-0001", "HS-1", '=HYPERLINK("x")', "[x]", "~!", "a.b_c"]


def test_the_quality_condition_finds_exactly_the_codes_the_rule_refuses(province):
    for code in [*BAD_STORED, *GOOD_STORED]:
        make_dossier(province.stttt_procedure, code=code)
    found = set(Dossier.objects.filter(DOSSIER_CODE_BREAKS_RULE).values_list("code", flat=True))
    assert found == set(BAD_STORED)
    assert {code for code in [*BAD_STORED, *GOOD_STORED] if dossier_code_rule.problem(code)} == found


def test_the_quality_page_counts_the_dossiers_whose_code_breaks_the_rule_and_lists_them(
    client, province, django_assert_num_queries
):
    for code in ["HS 1", "..", "HS\u200b7", "HS-OK"]:
        make_dossier(province.stttt_procedure, code=code, received_at=local(2025, 3, 3))
    client.force_login(province.inspector)
    period = {"kind": "year", "year": "2025"}
    # The session, the user, the department, the data version (on PostgreSQL) and the organisation (the
    # records of the structure asked for), and every check counted in one query over its dossiers.
    with django_assert_num_queries(4 + DATA_VERSION + ORGANISATION):
        response = client.get(reverse("dashboards:quality", kwargs={"code": "STTTT"}), period)
    counts = {result.check.code: result.count for result in response.context["results"]}
    assert counts["code_breaks_rule"] == 3
    assert "Mã hồ sơ không đúng quy tắc" in response.content.decode()
    # A list a figure links to (tests/dashboards/test_dashboards.py lists its queries), with its page of
    # dossiers; on PostgreSQL the organisation the quality page has just read is kept for the data
    # version, and not read again.
    with django_assert_num_queries(DRILL_DOWN - (ORGANISATION if DATA_VERSION else 0)):
        listed = client.get(
            reverse("dashboards:dossier_list"),
            {"quality": "code_breaks_rule", "department": "STTTT", "from": "2025-01-01", "to": "2025-12-31"},
        )
    assert listed.status_code == 200
    rows = listed.context["page"].object_list
    assert sorted(dossier.code for dossier in rows) == ["..", "HS 1", "HS\u200b7"]
    # No page can be reached at "/ho-so/../": each links to its admin page, where it is renamed.
    for dossier in rows:
        assert reverse("admin:procedures_dossier_change", args=[dossier.pk]) in listed.content.decode()


def test_the_migration_reports_each_stored_code_that_breaks_the_rule_and_changes_nothing(province, capsys):
    bad = [make_dossier(province.stttt_procedure, code=code) for code in ["HS\u200b1", "..", "HS 3"]]
    make_dossier(province.stttt_procedure, code="HS-4")
    state = MigrationExecutor(connection).loader.project_state(("procedures", "0006_code_rule"))
    migration = importlib.import_module("procedures.migrations.0006_code_rule")
    migration.report_codes(state.apps, None)
    assert sorted(capsys.readouterr().out.splitlines()) == [
        f"  Hồ sơ id {bad[0].pk}, mã 'HS\\u200b1': {HIDDEN.format('U+200B')}",
        f"  Hồ sơ id {bad[1].pk}, mã '..': {DOTS}",
        f"  Hồ sơ id {bad[2].pk}, mã 'HS 3': Mã hồ sơ không được chứa khoảng trắng.",
    ]
    assert sorted(Dossier.objects.values_list("code", flat=True)) == ["..", "HS 3", "HS-4", "HS\u200b1"]


def test_fields_created_by_an_import_have_an_audit_trail_naming_who_imported_them(province):
    report = import_workbook(
        io.BytesIO(workbook_bytes(ONE_DOSSIER_WORKBOOK)),
        user=province.staff_stttt,
        dry_run=False,
        filename="tthc.xlsx",
    )
    assert report.ok, report.errors
    created = Field.objects.get(name="Xuất bản").history.get()
    assert (created.history_type, created.history_user) == ("+", province.staff_stttt)
    assert created.history_change_reason == "Nhập từ tệp Excel tthc.xlsx"


def test_a_field_renamed_in_the_admin_shows_in_its_history(client, province, django_assert_num_queries):
    client.force_login(
        get_user_model().objects.create_superuser("quantri", password="x", role="administrator")
    )
    field = Field.objects.get()
    # The admin's log and the history's link to the user who made a change find a model's content type
    # through a cache kept for the whole process; read them now, so that the count does not depend on
    # whether an earlier test filled it.
    ContentType.objects.get_for_models(Field, get_user_model())
    # The session, the user; in the admin's savepoint the field, its name's uniqueness, the field and its
    # history written, the log entry written.
    with django_assert_num_queries(9):
        client.post(reverse("admin:procedures_field_change", args=[field.pk]), {"name": "Báo chí"})
    # The session, the user, the field, the count and page of its history and the users who made it.
    with django_assert_num_queries(6):
        history = client.get(reverse("admin:procedures_field_history", args=[field.pk]))
    assert history.status_code == 200
    assert [record.name for record in field.history.all()] == ["Báo chí", "Lĩnh vực chung"]
