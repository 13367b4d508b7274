import re

import pytest

from procedures.models import Dossier
from tests.factories import PASSWORD, local, make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dossiers_2025(province):
    for day in range(3, 8):
        make_dossier(
            province.stttt_procedure,
            received_at=local(2025, 3, day),
            finished_at=local(2025, 3, day + 1),
            channel=Dossier.Channel.ONLINE,
            satisfaction="satisfied",
        )
    make_dossier(province.sxd_procedure, received_at=local(2025, 6, 2), finished_at=local(2025, 8, 1))
    return province


def test_leader_changes_period_opens_a_department_and_follows_a_drill_down(browser_session, dossiers_2025):
    session = browser_session
    session.login("hoa", PASSWORD)
    page = session.page
    assert page.locator("h1").inner_text() == "Tổng quan toàn tỉnh"
    # Each chart is drawn for a wide screen and for a phone; the browser shows one of them.
    assert page.locator(".chart svg:visible").count() == 1

    page.select_option("#id_kind", "year")
    page.fill("#id_year", "2025")
    page.click("#period-picker button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#period-label").inner_text() == "Năm 2025"
    # Six dossiers received in 2025; the chart has a bar for those resolved in March (early) and in
    # August (late), each with its tooltip.
    assert page.locator(".kpi-value").first.inner_text() == "6"
    assert page.locator(".chart svg:visible rect").count() == 2
    assert page.locator(".chart svg:visible rect title").first.text_content() == "03/2025 · Trước hạn: 5"

    page.click("table.ranking >> text=Sở Thông tin và Truyền thông")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sở Thông tin và Truyền thông"
    assert "Trong kỳ, đơn vị đã tiếp nhận 5 hồ sơ" in page.locator("#summary").inner_text()
    assert page.locator(".chart svg:visible").count() == 2

    page.click("#ind-resolved_early a")
    page.wait_for_load_state()
    assert re.search(r"/ho-so/\?indicator=resolved_early", page.url)
    assert page.locator("#drilldown-count").inner_text() == "5"
    assert page.locator("table tbody tr").count() == 5
    assert session.errors == []


def test_period_picker_shows_only_the_inputs_of_the_chosen_kind(browser_session, province):
    session = browser_session
    session.login("hung", PASSWORD)
    page = session.page
    page.select_option("#id_kind", "custom")
    assert page.locator("#id_start").is_visible() and not page.locator("#id_year").is_visible()
    page.select_option("#id_kind", "month")
    assert page.locator("#id_month").is_visible() and not page.locator("#id_start").is_visible()
    assert session.errors == []
