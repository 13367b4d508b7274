"""Evidence files and progress reports have an audit trail: who uploaded, reported or deleted what, shown
on the inspection's and the recommendation's pages to inspectors and administrators."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc_portal.audit import history_entries
from inspections import services
from inspections.models import Evidence, ProgressReport
from inspections.selectors import recommendation_related_history
from tests.factories import add_strength
from tests.queries import DATA_VERSION

pytestmark = pytest.mark.django_db


def history_section(page) -> str:
    html = page.content.decode()
    return html[html.index('id="history"') :] if 'id="history"' in html else ""


def test_evidence_uploaded_on_the_inspection_page_is_in_its_trail_with_the_uploader(
    client, inspection, province, django_assert_num_queries
):
    client.force_login(province.inspector)
    client.post(
        reverse("inspections:finding_add", kwargs={"pk": inspection.pk}),
        {
            "kind": "limitation",
            "area": "e_government",
            "severity": "moderate",
            "text": "Tỷ lệ hồ sơ trực tuyến còn thấp.",
            "files": [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")],
        },
    )
    evidence = Evidence.objects.get()
    record = evidence.history.get()
    assert (record.history_type, record.history_user, record.filename) == (
        "+",
        province.inspector,
        "bien-ban.pdf",
    )
    # The session, the user, the inspection, the organisation (units; successions with their fields), the
    # department's dossier counts, the catalogue's units and levels, its report counts and declarations,
    # its dossiers, recommendations, the history of the inspection, its findings
    # and evidence, the users named there, the findings, their evidence and the departments to choose
    # from. PostgreSQL first reads the data version keying the kept figures.
    with django_assert_num_queries(18 + DATA_VERSION):
        trail = history_section(client.get(inspection.get_absolute_url()))
    assert "Tài liệu minh chứng “bien-ban.pdf”" in trail
    assert "Nội dung đánh giá “Hạn chế, tồn tại: Tỷ lệ hồ sơ trực tuyến còn thấp.”" in trail
    client.force_login(province.staff_stttt)
    assert history_section(client.get(inspection.get_absolute_url())) == ""


def test_evidence_deleted_in_the_admin_stays_in_the_trail_with_who_deleted_it(
    admin_client, admin_user, inspection, province, django_assert_max_num_queries
):
    add_strength(inspection, province.inspector, [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")])
    evidence = Evidence.objects.get()
    # The session, the user; in the admin's savepoint the evidence, the content type its log names (read
    # once a run, hence at most), the log written, and in a savepoint of its own the evidence deleted and
    # its history written; the releases.
    with django_assert_max_num_queries(11):
        response = admin_client.post(
            reverse("admin:inspections_evidence_delete", args=[evidence.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    kinds = [
        (r.history_type, r.history_user)
        for r in Evidence.history.filter(id=evidence.pk).order_by("history_id")
    ]
    assert kinds == [("+", province.inspector), ("-", admin_user)]
    entries = admin_client.get(inspection.get_absolute_url()).context["history"]
    deleted = next(entry for entry in entries if entry.action == "Xóa")
    assert (deleted.record, deleted.user) == ("Tài liệu minh chứng “bien-ban.pdf”", admin_user.username)


def test_evidence_can_be_neither_added_nor_changed_in_the_admin(
    admin_client, inspection, province, django_assert_num_queries
):
    add_strength(inspection, province.inspector, [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")])
    evidence = Evidence.objects.get()
    # The session and the user: the add form is refused before anything else is read.
    with django_assert_num_queries(2):
        assert admin_client.get(reverse("admin:inspections_evidence_add")).status_code == 403
    # The session, the user; in the admin's savepoint the evidence, then the refusal rolls back.
    with django_assert_num_queries(6):
        change = admin_client.post(
            reverse("admin:inspections_evidence_change", args=[evidence.pk]), {"filename": "khac.exe"}
        )
    assert change.status_code == 403
    evidence.refresh_from_db()
    assert evidence.filename == "bien-ban.pdf"


def test_a_progress_report_submitted_on_its_page_is_in_the_recommendations_trail(
    client, recommendation, province, django_assert_num_queries
):
    client.force_login(province.staff_stttt)
    client.post(
        reverse("inspections:recommendation_report", kwargs={"pk": recommendation.pk}),
        {
            "reported_on": "20/11/2025",
            "text": "Đã triển khai Zalo OA",
            "files": [SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4")],
        },
    )
    report = ProgressReport.objects.get()
    assert [(r.history_type, r.history_user) for r in report.history.all()] == [("+", province.staff_stttt)]
    evidence = report.evidence.get()
    assert [(r.history_type, r.history_user) for r in evidence.history.all()] == [("+", province.staff_stttt)]
    client.force_login(province.inspector)
    # The session, the user, the recommendation, its progress reports, their authors and evidence, and the
    # history of the recommendation, its reports and its evidence.
    with django_assert_num_queries(9):
        trail = history_section(client.get(recommendation.get_absolute_url()))
    assert "Báo cáo thực hiện kiến nghị “Báo cáo tiến độ 20/11/2025”" in trail
    assert "Tài liệu minh chứng “ke-hoach.pdf”" in trail
    assert "Trạng thái</strong>: Chưa thực hiện xong → Đơn vị đã báo cáo, chờ xác minh" in trail


def test_a_verdict_written_outside_a_request_is_signed_by_the_inspector(recommendation, province):
    services.recommendation_report(
        recommendation=recommendation,
        user=province.staff_stttt,
        reported_on=date(2025, 11, 20),
        text="Đã làm",
    )
    services.recommendation_verify(
        recommendation=recommendation, user=province.inspector, closed=True, on=date(2025, 11, 25), text="Đạt"
    )
    verdict = ProgressReport.objects.get(kind="closed")
    assert verdict.history.get().history_user == province.inspector
    assert recommendation.history.latest().history_user == province.inspector


def test_the_recommendations_trail_is_read_in_three_queries_however_many_reports_and_files(
    recommendation, province, django_assert_num_queries
):
    for day in (20, 21):
        services.recommendation_report(
            recommendation=recommendation,
            user=province.staff_stttt,
            reported_on=date(2025, 11, day),
            text="Đã làm",
            files=[SimpleUploadedFile("a.pdf", b"%PDF"), SimpleUploadedFile("b.pdf", b"%PDF")],
        )
    # The recommendation's rows, its reports' rows, and their files' rows (the reports' ids a subquery),
    # each with its user.
    with django_assert_num_queries(3):
        entries = history_entries(recommendation, *recommendation_related_history(recommendation))
    assert sum(entry.record.startswith("Tài liệu minh chứng") for entry in entries) == 4
