import pytest
from docx import Document

from inspections.models import InspectionPlan, Recommendation
from tests.factories import PASSWORD, local, make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inspector_concludes_staff_report_and_the_inspector_closes(browser_session, province):
    InspectionPlan.objects.create(year=2025, title="Kế hoạch kiểm tra CCHC năm 2025")
    make_dossier(province.stttt_procedure, received_at=local(2025, 3, 3), finished_at=local(2025, 3, 5))
    session = browser_session
    session.login("hung", PASSWORD)
    page = session.open("/kiem-tra/them/")
    page.select_option("#id_plan", label="Kế hoạch kiểm tra CCHC năm 2025")
    page.select_option("#id_department", label=str(province.stttt))
    for field, value in (
        ("scope_start", "01/01/2025"),
        ("scope_end", "30/06/2025"),
        ("planned_start", "07/07/2025"),
        ("planned_end", "11/07/2025"),
    ):
        page.fill(f"#id_{field}", value)
    page.select_option("#id_lead", label="hung")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.click("#start-inspection")
    page.wait_for_load_state()
    assert page.locator("#inspection-status").inner_text() == "Đang kiểm tra"

    finding = page.locator("#finding-form")
    finding.locator("#id_kind").select_option("limitation")
    finding.locator("#id_area").select_option("e_government")
    finding.locator("#id_severity").select_option("moderate")
    finding.locator("#id_text").fill("Tỷ lệ hồ sơ trực tuyến còn thấp.")
    finding.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Tỷ lệ hồ sơ trực tuyến còn thấp." in page.locator("#findings").inner_text()

    form = page.locator("#recommendation-form")
    form.locator("#id_text").fill("Tăng tỷ lệ hồ sơ trực tuyến")
    form.locator("#id_area").select_option("e_government")
    form.locator("#id_responsible").select_option(label=str(province.stttt))
    form.locator("#id_deadline").fill("31/12/2025")
    form.locator("#id_indicator").select_option("online_rate")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    conclude = page.locator("#conclude-form")
    conclude.locator("#id_concluded_on").fill("15/07/2025")
    conclude.locator("#id_number").fill("12/KL-ĐKT")
    conclude.locator("button[type=submit]").click()
    page.wait_for_load_state()
    # Concluding freezes the figures: a page says so and asks again before anything changes.
    assert "Xác nhận kết luận" in page.locator("#confirm-conclude").inner_text()
    page.click("#confirm-conclude")
    page.wait_for_load_state()
    assert page.locator("#inspection-status").inner_text() == "Đã kết luận"
    with page.expect_download() as download:
        page.click("#download-docx")
    document = Document(str(download.value.path()))
    assert any("Sở Thông tin và Truyền thông" in p.text for p in document.paragraphs)
    recommendation = Recommendation.objects.get()

    session.page.context.clear_cookies()
    session.login("lan", PASSWORD)
    page = session.open(recommendation.get_absolute_url())
    progress = page.locator("#progress-form")
    progress.locator("#id_reported_on").fill("20/11/2025")
    progress.locator("#id_text").fill("Đã triển khai tiếp nhận qua Zalo OA.")
    progress.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#recommendation-status").inner_text() == "Đơn vị đã báo cáo, chờ xác minh"

    session.page.context.clear_cookies()
    session.login("hung", PASSWORD)
    page = session.open(recommendation.get_absolute_url())
    verify = page.locator("#verify-form")
    verify.locator("#id_decision").select_option("close")
    verify.locator("#id_on").fill("25/11/2025")
    verify.locator("#id_text").fill("Đã xác minh.")
    verify.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#recommendation-status").inner_text() == "Đã khắc phục (đã xác minh)"
    assert session.errors == []
