import pytest

from tests.factories import PASSWORD, local, make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_name_without_diacritics_in_the_header_finds_the_dossier(browser_session, province):
    make_dossier(
        province.stttt_procedure, code="HS-THU", applicant="Nguyễn Văn Thử", received_at=local(2025, 3, 3)
    )
    make_dossier(
        province.stttt_procedure, code="HS-BINH", applicant="Trần Thị Bình", received_at=local(2025, 3, 4)
    )
    session = browser_session
    session.login("hoa", PASSWORD)
    page = session.open("/")
    assert page.viewport_size["width"] == 1366
    box = page.locator("#header-search input[name=q]")
    assert box.is_visible()
    box.fill("nguyen van")
    box.press("Enter")
    page.wait_for_load_state()
    found = page.locator("#found-dossiers")
    assert "Nguyễn Văn Thử" in found.inner_text()
    assert "HS-BINH" not in found.inner_text()
    found.locator("a", has_text="HS-THU").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hồ sơ HS-THU"
    assert session.errors == []
