"""A leader reads the national index (766) in a real browser: the province's page, the ranking sorted by
a group, a unit's page, and a numerator followed to the dossiers it counts."""

import re

import pytest

from departments.models import Department
from tests.factories import PASSWORD, make_department, make_march_2025, make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def march_2025(province):
    make_march_2025(province)
    commune = make_department("XA-AN", name="UBND xã An", kind=Department.Kind.COMMUNE)
    make_procedure(commune, code="2.000001", name="Chứng thực bản sao từ bản chính")
    return province


def test_leader_sorts_the_ranking_opens_a_unit_and_follows_a_numerator(browser_session, march_2025):
    session = browser_session
    session.login("hoa", PASSWORD)
    page = session.page
    page.click("#menu-indices > a")
    page.click("nav >> text=Chỉ số 766")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bộ chỉ số 766 toàn tỉnh"

    page.select_option("#id_kind", "month")
    page.fill("#id_year", "2025")
    page.select_option("#id_month", "3")
    page.click("#period-picker button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#period-label").inner_text() == "Tháng 3/2025"
    agencies = page.locator("#ranking-agencies tbody tr")
    assert agencies.nth(0).get_attribute("data-unit") == "STTTT"
    assert page.locator("#ranking-communes tbody tr").count() == 1

    # Sorted by "Công khai, minh bạch": all of SXD's dossiers are synced (6 points), half of STTTT's (3).
    page.click("#ranking-agencies a[data-sort='cong_khai']")
    page.wait_for_load_state()
    assert "sort=cong_khai" in page.url
    assert (
        page.locator("#ranking-agencies a[data-sort='cong_khai']").get_attribute("aria-sort") == "descending"
    )
    assert [agencies.nth(i).get_attribute("data-unit") for i in range(2)] == ["SXD", "STTTT"]
    assert agencies.nth(1).locator("td[data-col='cong_khai']").inner_text() == "3"

    page.click("#ranking-agencies >> text=Sở Thông tin và Truyền thông")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sở Thông tin và Truyền thông"
    assert "Theo Bộ chỉ số 766, đơn vị đạt 25/66 điểm" in page.locator("#summary").inner_text()
    assert page.locator("#index-trend svg:visible").count() == 1

    page.click("#group-cong_khai tr[data-code='1.4'] td.numerator a")
    page.wait_for_load_state()
    assert re.search(r"/ho-so/\?indicator=766%3A1\.4%3Anumerator", page.url)
    assert page.locator("table tbody tr").count() == 1
    assert "HS-1" in page.locator("table tbody").inner_text()
    assert session.errors == []


def test_the_index_pages_fit_a_phone_screen(browser_session, march_2025):
    session = browser_session
    session.page.set_viewport_size({"width": 390, "height": 844})
    session.login("hoa", PASSWORD)
    page = session.open("/chi-so-766/STTTT/?kind=month&year=2025&month=3")
    # Wide tables scroll inside their box: the page itself is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page = session.open("/chi-so-766/?kind=month&year=2025&month=3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The province's table per procedure: each procedure a card of its indicators.
    page = session.open("/chi-so-766/toan-tinh/thu-tuc/?kind=month&year=2025&month=3")
    assert page.locator("tr[data-procedure]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert session.errors == []
