"""The portal on a phone (390×844) and on a laptop (1366×768): nothing scrolls sideways, list tables
become labelled cards on the phone, charts are drawn for the width, a long page has its index."""

from datetime import date

import pytest

from inspections import services as inspection_services
from inspections.models import InspectionPlan
from procedures.models import Dossier
from tests.factories import PASSWORD, local, make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def a_year_of_work(province):
    """STTTT's dossiers of 2025, month by month, and a recommendation of its inspection long overdue."""
    for month in range(1, 13):
        make_dossier(
            province.stttt_procedure,
            code=f"STTTT-2025-{month:03}",
            applicant="Nguyễn Văn Thử",
            received_at=local(2025, month, 3),
            finished_at=local(2025, month, 5),
            channel=Dossier.Channel.ONLINE,
        )
    plan = InspectionPlan.objects.create(year=2025, title="Kế hoạch kiểm tra CCHC năm 2025")
    inspection = inspection_services.inspection_create(
        plan=plan,
        department=province.stttt,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 6, 30),
        planned_start=date(2025, 7, 7),
        planned_end=date(2025, 7, 11),
        lead=province.inspector,
        members=[],
    )
    inspection_services.inspection_start(inspection=inspection, user=province.inspector)
    inspection_services.recommendation_add(
        inspection=inspection,
        user=province.inspector,
        text="Rà soát, chuẩn hóa quy trình tiếp nhận và trả kết quả hồ sơ của các phòng chuyên môn",
        area="e_government",
        responsible=province.stttt,
        deadline=date(2025, 12, 31),
    )
    return province


def label_of(cell) -> str:
    return cell.evaluate("cell => getComputedStyle(cell, '::before').content")


def test_on_a_phone_no_page_scrolls_sideways_lists_are_labelled_cards_and_long_pages_fold(
    browser_session, a_year_of_work
):
    session = browser_session
    page = session.page
    page.set_viewport_size(PHONE)
    session.login("hoa", PASSWORD)
    year = "?kind=year&year=2025"
    for path in ("/" + year, "/don-vi/STTTT/" + year, "/ho-so/", "/kien-nghi/"):
        session.open(path)
        assert not page.evaluate(SCROLLS_SIDEWAYS), path

    # The recommendations: one card per row, each cell under its column's name, the text still a link.
    session.open("/kien-nghi/")
    card = page.locator("table.table-stack tbody tr").first
    assert page.locator("table.table-stack thead").bounding_box()["height"] <= 1
    assert label_of(card.locator("td[data-label]").nth(1)) == '"Thời hạn"'
    assert "31/12/2025 (quá hạn)" in card.locator("td[data-label]").nth(1).inner_text()
    # The text keeps the card's width rather than a word a line.
    assert card.locator("td").first.bounding_box()["width"] > 300
    card.locator("a").first.click()
    page.wait_for_load_state()
    assert "Rà soát, chuẩn hóa quy trình" in page.locator("main").inner_text()

    # The overview: the phone's drawing of the chart, with every other month labelled down to the last;
    # the ranking's rows as cards that keep their sort links.
    session.open("/" + year)
    assert page.locator(".chart svg.chart-wide").is_hidden()
    phone_chart = page.locator(".chart svg.chart-phone")
    assert phone_chart.is_visible() and phone_chart.bounding_box()["width"] <= PHONE["width"]
    assert phone_chart.locator("text[text-anchor=middle]").all_text_contents() == [
        f"{month:02}/2025" for month in range(2, 13, 2)
    ]
    ranking_row = page.locator("table.ranking tbody tr", has_text="Sở Thông tin và Truyền thông")
    assert label_of(ranking_row.locator("td[data-label]").nth(1)) == '"Tiếp nhận"'
    assert ranking_row.locator("td[data-label]").nth(1).inner_text() == "12"
    assert page.locator("table.ranking thead a.sort-link").first.is_visible()

    # The department page: its index stays at the top; secondary blocks are folded until asked for.
    session.open("/don-vi/STTTT/" + year)
    index = page.locator("nav.page-index")
    assert index.is_visible()
    form_06a = page.locator("#sec-form-06a details")
    assert form_06a.get_attribute("open") is None
    assert page.locator("#sec-recent details").get_attribute("open") is None
    assert page.locator("#sec-dossier-indicators").is_visible()
    index.locator("a[href='#sec-form-06a']").click()
    page.wait_for_function("document.querySelector('#sec-form-06a details').open")
    assert page.locator(".form-06a").is_visible()
    # Scrolled to Biểu 06a (smoothly, as Bootstrap scrolls), the index is still at the top of the screen.
    page.wait_for_function("() => window.scrollY > 1000")
    assert index.bounding_box()["y"] == 0
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    assert session.errors == []


def test_on_a_laptop_tables_stay_tables_charts_are_wide_and_nothing_is_folded(
    browser_session, a_year_of_work
):
    session = browser_session
    page = session.page
    page.set_viewport_size(LAPTOP)
    session.login("hoa", PASSWORD)
    session.open("/?kind=year&year=2025")
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    assert page.locator(".chart svg.chart-wide").is_visible()
    assert page.locator(".chart svg.chart-phone").is_hidden()
    assert page.locator("table.ranking thead th", has_text="Đơn vị").is_visible()
    assert label_of(page.locator("table.ranking tbody td[data-label]").first) == "none"

    session.open("/don-vi/STTTT/?kind=year&year=2025")
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    assert page.locator("details[data-phone-fold]:not([open])").count() == 0
    assert page.locator(".form-06a").is_visible()
    session.open("/kien-nghi/")
    assert page.locator("table.table-stack thead th", has_text="Thời hạn").is_visible()
    assert session.errors == []
