import pytest

from procedures.models import Dossier
from tests.factories import PASSWORD, local, make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_registers_a_dossier_sees_its_due_date_and_returns_the_result(browser_session, province):
    session = browser_session
    session.login("lan", PASSWORD)
    page = session.open("/ho-so/tiep-nhan/")
    page.fill("#id_code", "STTTT-2025-000001")
    page.select_option("#id_procedure", province.stttt_procedure.code)
    page.select_option("#id_department", str(province.stttt.pk))
    page.fill("#id_applicant", "Công ty TNHH Truyền thông Hạ Long")
    page.select_option("#id_channel", "online")
    page.fill("#id_received_at", "24/01/2025 10:15")
    page.click("button[name=preview]")
    page.wait_for_load_state()
    assert "07/02/2025" in page.locator("#computed-due").inner_text()
    assert not Dossier.objects.exists()

    page.click("button[name=save]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hồ sơ STTTT-2025-000001"
    assert "Đã tiếp nhận hồ sơ STTTT-2025-000001, hẹn trả ngày 07/02/2025." in page.content()

    page.click("text=Trả kết quả / rút / từ chối")
    page.select_option("#id_status", "resolved")
    page.fill("#id_finished_at", "06/02/2025 16:00")
    page.select_option("#id_satisfaction", "very_satisfied")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Đã giải quyết" in page.locator(".status").first.inner_text()
    assert "Trước hạn" in page.content()
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.satisfaction, dossier.channel) == ("resolved", "very_satisfied", "online")
    assert session.errors == []


def test_staff_cannot_open_another_departments_dossier(browser_session, province):
    make_dossier(province.sxd_procedure, code="SXD-2025-000001", received_at=local(2025, 3, 3))
    session = browser_session
    session.login("lan", PASSWORD)
    response = session.page.goto(session.base_url + "/ho-so/SXD-2025-000001/")
    assert response.status == 404
    page = session.open("/ho-so/")
    assert "SXD-2025-000001" not in page.content()
