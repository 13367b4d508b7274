"""A leader reads a merged unit's page in both structures: Sở Khoa học và Công nghệ took over Sở Thông tin
và Truyền thông on 01/03/2025, so its 2024 figures hold STTTT's two dossiers in the current structure and
none in the structure at the time they were filed (tests/dashboards/builders_h4.py)."""

import re

import pytest

from tests.dashboards.builders_h4 import merge_stttt_into_skhcn
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _received(page) -> str:
    return page.locator("#ind-received td a").inner_text().strip()


def test_leader_switches_the_structure_on_a_merged_units_page_and_its_predecessors_dossiers_come_and_go(
    browser_session, province
):
    merge_stttt_into_skhcn(province)
    session = browser_session
    session.login("hoa", PASSWORD)
    page = session.open("/don-vi/SKHCN/?kind=year&year=2024")
    assert page.locator("h1").inner_text() == "Sở Khoa học và Công nghệ"
    assert page.locator("#structure-switch [aria-current=true]").inner_text() == "hiện tại"
    assert "Sở Thông tin và Truyền thông" in page.locator("#unit-predecessors").inner_text()
    assert _received(page) == "2"

    # The figure opens the predecessor's dossiers, and the list keeps the structure's switch.
    page.click("#ind-received a")
    page.wait_for_load_state()
    assert page.locator("#drilldown-count").inner_text() == "2"
    assert sorted(page.locator("table tbody tr td:first-child").all_inner_texts()) == [
        "TT-2024-A",
        "TT-2024-B",
    ]

    # In the structure at the time, the same list holds none of them.
    page.click("#structure-switch [data-structure=historical]")
    page.wait_for_load_state()
    assert "structure=historical" in page.url
    assert page.locator("#drilldown-count").inner_text() == "0"

    # Back on the unit's page, the switch and the period are kept: the figure is 0 too.
    page.go_back()
    page.go_back()
    page.wait_for_load_state()
    page.click("#structure-switch [data-structure=historical]")
    page.wait_for_load_state()
    assert re.search(r"kind=year&year=2024.*structure=historical", page.url)
    assert page.locator("#period-label").inner_text() == "Năm 2024"
    assert _received(page) == "0"
    # The period picker keeps the structure when the period changes.
    page.fill("#id_year", "2024")
    page.click("#period-picker button[type=submit]")
    page.wait_for_load_state()
    assert "structure=historical" in page.url
    assert _received(page) == "0"

    # And back to the current structure: the predecessor's dossiers are counted again.
    page.click("#structure-switch [data-structure=current]")
    page.wait_for_load_state()
    assert _received(page) == "2"
    assert session.errors == []
