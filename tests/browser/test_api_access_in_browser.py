"""The API's two doors in a real browser, under the Content-Security-Policy (a violation is a console
error, which fails the test): the Swagger UI, and the admin page where a token is issued and shown once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken, Role, User
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_list_the_endpoints_and_run_a_request(browser_session, province):
    session = browser_session
    session.login("hoa", PASSWORD)
    page = session.open("/api/docs/")
    page.wait_for_selector(".opblock")
    assert "API Cổng CCHC" in page.locator(".info .title").inner_text()
    page.click("#operations-departments-departments_list .opblock-summary")
    page.click("text=Try it out")
    page.click("text=Execute")
    status = page.locator(".live-responses-table tbody .response-col_status")
    assert status.inner_text().strip() == "200"
    assert "Sở Thông tin và Truyền thông" in page.locator(".live-responses-table").inner_text()
    assert session.errors == []


def test_an_administrator_issues_a_token_sees_it_once_and_it_opens_the_api(browser_session, province):
    User.objects.create_superuser("quantri", password=PASSWORD, role=Role.ADMINISTRATOR)
    session = browser_session
    session.login("quantri", PASSWORD)
    page = session.open("/admin/accounts/apitoken/add/")
    page.select_option("#id_user", str(province.staff_stttt.pk))
    page.fill("#id_name", "Hệ thống một cửa điện tử")
    page.fill("#id_expires_on", f"{timezone.localdate() + timedelta(days=30):%d/%m/%Y}")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "Hãy sao chép mã ngay bây giờ" in page.content()
    key = page.input_value("#api-token-key")
    assert key.startswith(ApiToken.objects.get().prefix)
    answer = page.request.get(
        session.base_url + "/api/v1/dossiers/", headers={"Authorization": f"Token {key}"}
    )
    assert answer.status == 200
    page = session.open("/admin/accounts/apitoken/")
    assert f"{ApiToken.objects.get().prefix}…" in page.content() and key not in page.content()
    assert session.errors == []
