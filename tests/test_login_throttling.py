"""Login throttling: five failures lock a user name out from one address (tests/test_security.py), many
user names tried from one address lock the address out, and behind the reverse proxy the client is the
address the proxy saw, never one the client wrote itself."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.throttling import client_address
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]


WRONG = "doan-mo"
# The fifth failure of a name from one address, which locks it out: django-axes reads the failures
# recorded for the address and for the name, the user, the failures again, then in a savepoint the
# attempt and its count raised, and the failures once more to decide on the lockout.
FIFTH_FAILURE = 9
# A login while the address is locked out, by a name not yet tried from it: the failures for the address
# and for the name, the failures again, then in two savepoints the attempt looked for and recorded, and
# the failures twice more. The user is not looked up.
LOCKED_OUT = 11
# A login that succeeds: the failures for the address and for the name, the user, the session key's
# uniqueness and the session written (in a savepoint), the failures again, axes' log entry written, the
# failures cleared, the user's last login written, the session saved again (in a savepoint).
LOGGED_IN = 14


def log_in(client: Client, username: str, password: str = WRONG, **meta) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}, **meta).status_code


def test_many_user_names_tried_from_one_address_lock_that_address_out(
    client, province, django_assert_num_queries
):
    # Twelve user names, each tried fewer times than locks a user name out: the address's twentieth
    # failure locks the address, whichever name comes next.
    statuses = [log_in(client, f"nguoi-{n}", REMOTE_ADDR="203.0.113.7") for n in range(12) for _ in range(2)]
    assert statuses[:19] == [200] * 19
    assert statuses[19:] == [429] * 5
    with django_assert_num_queries(LOCKED_OUT):
        locked = client.post(
            reverse("login"), {"username": "lan", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
        )
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    with django_assert_num_queries(LOGGED_IN):
        assert log_in(Client(), "lan", PASSWORD, REMOTE_ADDR="203.0.113.8") == 302


def test_a_client_behind_the_trusted_proxy_is_identified_by_x_forwarded_for(
    client, province, behind_proxy, django_assert_num_queries
):
    via_proxy = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert [log_in(client, "lan", **via_proxy) for _ in range(4)] == [200] * 4
    with django_assert_num_queries(FIFTH_FAILURE):
        assert log_in(client, "lan", **via_proxy) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_forged_x_forwarded_for_from_an_untrusted_address_is_ignored(
    client, province, behind_proxy, django_assert_num_queries
):
    # A client that writes a new address each time is still counted under its own.
    statuses = [
        log_in(client, "lan", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        for n in range(4)
    ]
    assert statuses == [200] * 4
    with django_assert_num_queries(FIFTH_FAILURE):
        assert log_in(client, "lan", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.4") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}


def test_two_users_behind_the_proxy_do_not_share_a_lockout(
    client, province, behind_proxy, django_assert_num_queries
):
    lan_at_home = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    minh_at_work = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    for _ in range(20):
        log_in(client, "lan", **lan_at_home)
    assert log_in(client, "lan", PASSWORD, **lan_at_home) == 429
    with django_assert_num_queries(LOGGED_IN):
        assert log_in(Client(), "minh", PASSWORD, **minh_at_work) == 302
    with django_assert_num_queries(LOGGED_IN):
        assert log_in(Client(), "lan", PASSWORD, **minh_at_work) == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),
        # Only the right-most untrusted entry was written by a trusted proxy; the rest is the client's.
        (PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.3", "203.0.113.7", "10.0.0.3"),
        (PROXY, "", PROXY),
        (PROXY, "203.0.113.7, not-an-address", PROXY),
        (PROXY, " 2001:db8::7 ", "2001:db8::7"),
    ],
)
def test_the_client_address_is_read_only_from_what_a_trusted_proxy_wrote(
    behind_proxy, remote, forwarded, client
):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_address_outside_it(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.9.8.7"
    )
    assert client_address(request) == "203.0.113.7"
