"""API tokens: stored as a prefix and a SHA-256 digest, shown once when an administrator issues them,
with an expiry and a revocation that keeps the record; a refused token is a 401 saying why."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, Role
from tests.factories import local, make_api_key, make_user

pytestmark = pytest.mark.django_db

DOSSIERS = "/api/v1/dossiers/"
# Lan's dossier list with a token: the token and its user, its use recorded, her departments and those
# below them, the count (there are none, so no page is read).
LIST_FIRST_USE = 5
# A refused token costs the one read that finds it (none when the header is malformed).
REFUSED = 1
# The admin's add form: the session, the user, and the users to choose from.
ADD_FORM = 3
# An add refused by the form: the session, the user; in a savepoint the user chosen and the choices
# checked; the users to choose from, to show the form again.
ADD_REFUSED = 7


def leaks(text: str, key: str) -> bool:
    """Whether `text` holds any 8 characters of `key` that reach past its public prefix."""
    return any(key[i : i + 8] in text for i in range(ApiToken.PREFIX_LENGTH - 7, len(key) - 7))


def api(key: str) -> Client:
    return Client(headers={"Authorization": f"Token {key}"})


def day(value) -> str:
    return f"{value:%d/%m/%Y}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", password="x", role=Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, superuser) -> Client:
    client.force_login(superuser)
    # The admin's log finds a model's content type through a cache kept for the whole process; read it
    # now, so that the queries counted do not depend on whether an earlier test filled it.
    ContentType.objects.get_for_model(ApiToken)
    return client


def issue_in_admin(admin_client: Client, user, **fields) -> str:
    """Fills in the admin's add form and returns the key read from the page that answers it."""
    data = {
        "user": user.pk,
        "name": "Hệ thống một cửa điện tử",
        "expires_on": day(timezone.localdate() + timedelta(days=90)),
        **fields,
    }
    page = admin_client.post(reverse("admin:accounts_apitoken_add"), data)
    assert page.status_code == 200
    return re.search(r'id="api-token-key"[^>]* value="([^"]+)"', page.content.decode()).group(1)


def test_the_admin_shows_a_new_key_once_with_the_instruction_to_copy_it(
    admin_client, province, django_assert_num_queries
):
    # The session, the user; in the admin's savepoint the user chosen and the choices checked, the token
    # written in a savepoint of its own, the log entry written.
    with django_assert_num_queries(10):
        page = admin_client.post(
            reverse("admin:accounts_apitoken_add"),
            {
                "user": province.staff_stttt.pk,
                "name": "Hệ thống một cửa",
                "expires_on": day(timezone.localdate() + timedelta(days=30)),
            },
        ).content.decode()
    assert "Hãy sao chép mã ngay bây giờ" in page
    key = re.search(r'value="(cchc_[^"]+)"', page).group(1)
    token = ApiToken.objects.get()
    assert key.startswith(token.prefix) and len(key) == 48
    assert (token.user, token.created_by.username) == (province.staff_stttt, "quantri")
    assert api(key).get(DOSSIERS).status_code == 200


def test_a_token_cannot_be_read_back_from_the_database_or_the_admin(
    admin_client, province, django_assert_num_queries
):
    key = issue_in_admin(admin_client, province.staff_stttt)
    token = ApiToken.objects.get()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(leaks(str(value), key) for value in row.values())
    assert token.digest != key and len(token.digest) == 64
    history = LogEntry.objects.values_list("object_id", "object_repr", "change_message")
    assert not any(leaks(str(value), key) for entry in history for value in entry)
    pages = [
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        reverse("admin:accounts_apitoken_history", args=[token.pk]),
    ]
    for url in pages:
        # The session, the user, then the list's count, total and page of tokens; the token and the users
        # to choose from (twice); or the token and the count and page of its log entries.
        with django_assert_num_queries(5):
            page = admin_client.get(url).content.decode()
        assert f"{token.prefix}…" in page, url
        assert not leaks(page, key), url


@pytest.mark.parametrize("role", [Role.STAFF, Role.INSPECTOR, Role.LEADER])
def test_no_one_but_a_superuser_issues_tokens_even_for_themselves(
    client, province, role, django_assert_num_queries
):
    # As before the tokens were hashed: no role grants a token permission, only a superuser has them.
    member = make_user(f"nv-{role}", role=role, departments=(province.stttt,))
    member.is_staff = True
    member.save()
    client.force_login(member)
    url = reverse("admin:accounts_apitoken_add")
    # The session and the user, whose permissions are enough to turn them away.
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 403
    data = {
        "user": province.staff_sxd.pk,
        "name": "Của tôi",
        "expires_on": day(timezone.localdate() + timedelta(days=9)),
    }
    # The session, the user, and the admin's savepoint rolled back: nothing else is read.
    with django_assert_num_queries(5):
        assert client.post(url, data).status_code == 403
    with django_assert_num_queries(5):
        assert client.post(url, {**data, "user": member.pk}).status_code == 403
    with django_assert_num_queries(2):
        assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "Ngày hết hạn phải sau hôm nay"),
        (-3, "Ngày hết hạn phải sau hôm nay"),
        (366, "Ngày hết hạn không được quá 365 ngày kể từ hôm nay, tức muộn nhất là"),
    ],
)
def test_an_expiry_today_in_the_past_or_past_the_maximum_is_refused_naming_the_field(
    admin_client, province, days, message, django_assert_num_queries
):
    data = {
        "user": province.staff_stttt.pk,
        "name": "Hệ thống một cửa",
        "expires_on": day(timezone.localdate() + timedelta(days=days)),
    }
    with django_assert_num_queries(ADD_REFUSED):
        page = admin_client.post(reverse("admin:accounts_apitoken_add"), data).content.decode()
    assert message in page
    assert not ApiToken.objects.exists()


def test_an_expiry_is_required_and_offered_ninety_days_ahead(
    admin_client, province, django_assert_num_queries
):
    with django_assert_num_queries(ADD_FORM):
        form = admin_client.get(reverse("admin:accounts_apitoken_add")).content.decode()
    assert day(timezone.localdate() + timedelta(days=90)) in form
    data = {"user": province.staff_stttt.pk, "name": "Hệ thống một cửa", "expires_on": ""}
    with django_assert_num_queries(ADD_REFUSED):
        page = admin_client.post(reverse("admin:accounts_apitoken_add"), data).content.decode()
    assert "Trường này là bắt buộc" in page
    assert not ApiToken.objects.exists()


def test_a_token_works_through_its_last_day_and_is_refused_the_day_after(province, django_assert_num_queries):
    key = make_api_key(province.staff_stttt)
    today = timezone.localdate()
    ApiToken.objects.update(expires_on=today)
    with django_assert_num_queries(LIST_FIRST_USE):
        assert api(key).get(DOSSIERS).status_code == 200
    yesterday = today - timedelta(days=1)
    ApiToken.objects.update(expires_on=yesterday)
    with django_assert_num_queries(REFUSED):
        response = api(key).get(DOSSIERS)
    assert response.status_code == 401
    assert response.json() == {
        "error": f"Mã truy cập API này đã hết hạn sau ngày {day(yesterday)}; "
        "hãy đề nghị quản trị viên cấp mã mới."
    }


def test_revoking_from_the_list_refuses_the_token_and_keeps_its_record(
    admin_client, superuser, province, django_assert_num_queries
):
    key = make_api_key(province.staff_stttt)
    other = make_api_key(province.staff_stttt, name="Kho dữ liệu tỉnh")
    token = ApiToken.objects.get(name="Kịch bản thử nghiệm")
    # The session, the user, the list's count and the selected tokens, and one update revoking them.
    with django_assert_num_queries(5):
        response = admin_client.post(
            reverse("admin:accounts_apitoken_changelist"),
            {"action": "revoke", "_selected_action": [token.pk]},
        )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == superuser and token.revoked_at is not None
    with django_assert_num_queries(REFUSED):
        refused = api(key).get(DOSSIERS)
    assert refused.status_code == 401
    assert refused.json() == {
        "error": f"Mã truy cập API này đã bị thu hồi ngày {day(timezone.localdate())}; "
        "hãy đề nghị quản trị viên cấp mã mới."
    }
    # A user may hold several tokens; revoking one leaves the others working.
    with django_assert_num_queries(LIST_FIRST_USE):
        assert api(other).get(DOSSIERS).status_code == 200
    assert ApiToken.objects.count() == 2


def test_revoking_from_the_change_page_and_no_delete_anywhere(
    admin_client, superuser, province, django_assert_num_queries
):
    key = make_api_key(province.staff_stttt)
    token = ApiToken.objects.get()
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])
    # The session, the user; in the admin's savepoint the token, its revocation and its save written,
    # the log entry written.
    with django_assert_num_queries(8):
        response = admin_client.post(url, {"name": token.name, "revoke": "on", "_save": "1"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == superuser
    with django_assert_num_queries(REFUSED):
        assert api(key).get(DOSSIERS).status_code == 401
    # The session, the user, the token, the users to choose from (twice) and the one who revoked it.
    with django_assert_num_queries(6):
        assert "Thu hồi mã này" not in admin_client.get(url).content.decode()
    # The session, the user and the token: no delete is offered.
    with django_assert_num_queries(3):
        assert admin_client.get(reverse("admin:accounts_apitoken_delete", args=[token.pk])).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_last_use_is_recorded_to_the_minute(province, django_assert_num_queries):
    key = make_api_key(province.leader)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    api(key).get(reverse("api:field-list"))
    token.refresh_from_db()
    first = token.last_used_at
    assert timezone.now() - first < timedelta(seconds=5)
    # 1 the token and its user, 2 the count, 3 the page: a use within the minute writes nothing.
    with django_assert_num_queries(3):
        api(key).get(reverse("api:field-list"))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_a_token_of_a_deactivated_account_is_refused(province, django_assert_num_queries):
    key = make_api_key(province.staff_stttt)
    province.staff_stttt.is_active = False
    province.staff_stttt.save()
    with django_assert_num_queries(REFUSED):
        response = api(key).get(DOSSIERS)
    assert response.status_code == 401
    assert response.json() == {"error": "Tài khoản gắn với mã truy cập API này đã bị khóa."}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token", "Header Authorization phải có dạng “Token <mã>”, không có khoảng trắng trong mã."),
        (
            "Token cchc_ab cd",
            "Header Authorization phải có dạng “Token <mã>”, không có khoảng trắng trong mã.",
        ),
        ("Token cchc_';DROP/**/TABLE/**/x;--", "Mã truy cập API không hợp lệ."),
        ("Token cchc_mãsai", "Mã truy cập API không hợp lệ."),
        ("Token " + "a" * 5000, "Mã truy cập API không hợp lệ."),
    ],
)
def test_a_malformed_header_is_a_401_in_vietnamese(province, header, message, django_assert_num_queries):
    # None: a key that cannot be one is refused before the database is asked.
    with django_assert_num_queries(0):
        response = Client(headers={"Authorization": header}).get(DOSSIERS)
    assert response.status_code == 401
    assert response.json() == {"error": message}


def test_a_key_differing_only_after_its_prefix_is_refused(province, django_assert_num_queries):
    key = make_api_key(province.staff_stttt)
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    with django_assert_num_queries(REFUSED):
        assert api(forged).get(DOSSIERS).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_the_old_plain_text_keys_keep_working_for_thirty_days_hashed_and_their_table_is_gone(
    province, django_assert_num_queries
):
    migration = importlib.import_module("accounts.migrations.0003_api_token")
    old_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    created = local(2024, 5, 6, 7, 8)
    with connection.schema_editor() as editor:
        # rest_framework.authtoken's table, as the portal had it before tokens were hashed.
        editor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, user_id bigint NOT NULL, '
            "created timestamp with time zone NOT NULL)"
        )
        editor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, province.staff_stttt.pk, connection.ops.adapt_datetimefield_value(created)],
        )
        migration.convert_plain_text_keys(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get()
    assert token.prefix == old_key[:17] and not leaks(str(ApiToken.objects.values().get()), old_key)
    assert token.expires_on == timezone.localdate() + timedelta(days=30)
    assert (token.created_at, token.created_by) == (created, None)
    assert "hãy cấp mã mới" in token.name
    with django_assert_num_queries(LIST_FIRST_USE):
        assert api(old_key).get(DOSSIERS).status_code == 200
