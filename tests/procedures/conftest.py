"""The STTTT staff member Lan, signed in on the pages and with an API token."""

import pytest
from django.test import Client

from tests.factories import make_api_key


@pytest.fixture
def lan(client, province) -> Client:
    client.force_login(province.staff_stttt)
    return client


@pytest.fixture
def lan_api(province) -> Client:
    return Client(headers={"Authorization": f"Token {make_api_key(province.staff_stttt)}"})
