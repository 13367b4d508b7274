"""The yearly PAR scorecard in a real browser: the unit's staff self-score and submit, an inspector
appraises and finalises, the leader reads the ranking."""

import pytest

from tests.factories import PASSWORD, local, make_dossier, make_scorecard_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def leaf_form(page, code: str, form: str):
    """The leaf's details opened, and its form of the given kind."""
    details = page.locator(f"tr.leaf-detail[data-code='{code}'] details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator(f"form.{form}")


def test_staff_self_score_and_submit_an_inspector_finalises_the_leader_reads_the_ranking(
    browser_session, province
):
    make_scorecard_year([province.stttt, province.sxd])
    make_dossier(province.stttt_procedure, received_at=local(2025, 3, 3), finished_at=local(2025, 3, 5))
    session = browser_session
    session.login("lan", PASSWORD)
    page = session.open("/")
    page.get_by_role("button", name="Chỉ số", exact=True).click()
    page.click("#menu-scorecards")
    page.wait_for_load_state()
    page.click("#assessments a:has-text('Sở Thông tin và Truyền thông')")
    page.wait_for_load_state()
    for code, points, note in (("1.1", "4", "Kế hoạch số 12/KH-STTTT"), ("1.2", "5,5", "Báo cáo đủ bốn quý")):
        form = leaf_form(page, code, "self-form")
        form.locator("input[name=points]").fill(points)
        form.locator("textarea[name=note]").fill(note)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert f"Đã lưu điểm tự chấm tiêu chí {code}." in page.locator("main .alert").first.inner_text()
    assert page.locator("tr.leaf[data-code='1.2'] td.self").inner_text() == "5,5"
    page.click("#submit-assessment")
    page.wait_for_load_state()
    assert page.locator("#assessment-status").inner_text() == "Đã gửi, chờ thẩm định"
    assert page.locator("form.self-form").count() == 0

    session.page.context.clear_cookies()
    session.login("hung", PASSWORD)
    page = session.open("/chi-so-cchc/")
    page.click("#assessments a:has-text('Sở Thông tin và Truyền thông')")
    page.wait_for_load_state()
    # The auto leaf scores 10 from the on-time rate (100%); the council appraises the two others.
    assert page.locator("tr.leaf[data-code='2.1'] td.auto").inner_text() == "10"
    for code, points in (("1.1", "4"), ("1.2", "5")):
        form = leaf_form(page, code, "appraise-form")
        form.locator("input[name=points]").fill(points)
        form.locator("textarea[name=note]").fill("Đối chiếu hồ sơ minh chứng")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    page.fill("#survey-points", "8,5")
    page.click("#survey-form button[type=submit]")
    page.wait_for_load_state()
    page.click("#close-appraisal")
    page.wait_for_load_state()
    assert page.locator("#assessment-status").inner_text() == "Đã thẩm định"
    page.click("#finalise")
    page.wait_for_load_state()
    assert page.locator("#assessment-status").inner_text() == "Đã chốt kết quả"
    assert page.locator("#total").inner_text() == "27,5 điểm"

    session.page.context.clear_cookies()
    session.login("hoa", PASSWORD)
    page = session.open("/chi-so-cchc/")
    page.click("#ranking-link")
    page.wait_for_load_state()
    first = page.locator("#ranking tbody tr").first
    assert first.get_attribute("data-code") == "STTTT"
    assert first.locator("td.rank").inner_text() == "1"
    assert first.locator("td.total").inner_text() == "27,5"
    assert session.errors == []
