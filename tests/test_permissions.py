"""Who may open what: every view and API endpoint × every role.

A view added without a line here fails test_every_view_has_an_entry_in_the_matrix, so that no page
reaches production without someone deciding who may see it."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from departments.models import DataLock
from procedures.models import Dossier
from tests.factories import local, make_dossier, make_user

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

# view name: (kwargs, expected status by role) — every request is a GET; writes are tested below.
MATRIX = {
    "home": ({}, expect()),
    "login": ({}, expect(anonymous=200, **dict.fromkeys(ROLES[1:], 302))),
    # Logging out is a POST (base.html's button); a GET changes nothing.
    "logout": ({}, {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}),
    "password_change": ({}, expect()),
    "password_change_done": ({}, expect()),
    "departments:list": ({}, expect()),
    "departments:detail": ({"code": "STTTT"}, OWN_RECORD_READ),
    "departments:lock": ({"code": "STTTT"}, expect(staff_own=403, staff_other=403)),
    "departments:unlock": (
        {"code": "STTTT", "lock_id": "LOCK"},
        expect(staff_own=403, staff_other=403, inspector=403, leader=403),
    ),
    "procedures:procedure_list": ({}, expect()),
    "procedures:procedure_create": ({}, DATA_ENTRY),
    "procedures:procedure_detail": ({"code": "1.004227"}, OWN_RECORD_READ),
    "procedures:procedure_edit": ({"code": "1.004227"}, OWN_RECORD_WRITE),
    "procedures:dossier_list": ({}, expect()),
    "procedures:dossier_register": ({}, DATA_ENTRY),
    "procedures:dossier_detail": ({"code": "HS-1"}, OWN_RECORD_READ),
    "procedures:dossier_edit": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_request_supplement": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_receive_supplement": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_finish": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_apology": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "procedures:dossier_rate": ({"code": "HS-1"}, OWN_RECORD_WRITE),
    "reporting:quality": ({"code": "STTTT"}, OWN_RECORD_READ),
    # The API answers in JSON: 403 without a session, 400 for a department the user may not see
    # (exactly as for an unknown one).
    "api:indicators": ({}, expect(anonymous=403, staff_other=400)),
    "api:department-list": ({}, API_READ),
    "api:department-detail": ({"code": "STTTT"}, API_OWN_RECORD),
    "api:field-list": ({}, API_READ),
    "api:procedure-list": ({}, API_READ),
    "api:procedure-detail": ({"code": "1.004227"}, API_OWN_RECORD),
    "api:dossier-list": ({}, API_READ),
    "api:dossier-detail": ({"code": "HS-1"}, API_OWN_RECORD),
    # A POST-only action: a GET is refused before any lookup; writes are tested in tests/test_api.py.
    "api:dossier-finish": ({"code": "HS-1"}, expect(anonymous=403, **dict.fromkeys(ROLES[1:], 405))),
    "api_schema": ({}, API_READ),
    "api_docs": ({}, expect()),
    "admin:index": ({}, expect(staff_own=302, staff_other=302, inspector=302, leader=302)),
}
QUERIES = {"api:indicators": {"department": "STTTT", "from": "2025-01-01", "to": "2025-12-31"}}


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
    return users, lock


def test_every_view_has_an_entry_in_the_matrix():
    assert named_views() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, name, role):
    users, lock = world
    kwargs, expected = MATRIX[name]
    kwargs = {key: (lock.pk if value == "LOCK" else value) for key, value in kwargs.items()}
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(reverse(name, kwargs=kwargs), QUERIES.get(name, {}))
    assert response.status_code == expected[role], f"{name} as {role}"


WRITES = [
    ("procedures:dossier_finish", {"status": "resolved", "finished_at": "04/03/2025 10:00"}),
    ("procedures:dossier_edit", {"channel": "online", "received_at": "03/03/2025 09:00", "applicant": "X"}),
    ("procedures:dossier_request_supplement", {"requested_on": "04/03/2025", "reason": "Thiếu giấy tờ"}),
    ("procedures:procedure_edit", {"code": "1.004227", "name": "Đổi tên", "statutory_days": "5"}),
]


@pytest.mark.parametrize(("name", "data"), WRITES, ids=[name for name, _ in WRITES])
@pytest.mark.parametrize(("role", "status"), [("staff_other", 404), ("inspector", 403), ("leader", 403)])
def test_writes_by_a_wrong_role_or_department_change_nothing(client, world, name, data, role, status):
    users, _ = world
    client.force_login(users[role])
    code = "1.004227" if name.startswith("procedures:procedure") else "HS-1"
    response = client.post(reverse(name, kwargs={"code": code}), data)
    assert response.status_code == status
    dossier = Dossier.objects.get(code="HS-1")
    assert (dossier.status, dossier.channel, dossier.applicant) == ("in_progress", "direct", "")
    assert dossier.procedure.name == "Cấp giấy phép xuất bản bản tin"
