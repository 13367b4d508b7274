"""Due times of dossiers whose procedure's limit is in half days or working hours (issue 14, item 4),
worked out by hand on the 2026 calendar the database is seeded with, and office hours 07:30-11:30 and
13:30-17:00 (a morning of 4 h, a day of 7 h 30). A limit in whole days keeps the due date it always had,
with no due time of its own (the close of office on it)."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from procedures import services
from procedures.imports import import_workbook
from procedures.management.commands.import_xlsx import summary
from procedures.models import Dossier, Procedure
from reporting.exports import write_workbook
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, local, make_dossier, make_procedure, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_hours(province) -> Procedure:
    return make_procedure(
        province.stttt, code="1.000201", time_unit="hours", statutory_days=8, reduced_days=4
    )


def _due(procedure: Procedure, received_at) -> tuple[date, object]:
    dossier = make_dossier(procedure, received_at=received_at)
    return dossier.due_on, dossier.due_at


@pytest.mark.parametrize(
    ("received_at", "due_at"),
    [
        # Mon 02/03 10:30: an hour to 11:30, the lunch break does not run, three more from 13:30.
        (local(2026, 3, 2, 10, 30), local(2026, 3, 2, 16, 30)),
        # Fri 06/03 16:00: an hour on Friday, the weekend does not run, three more from Mon 09/03 07:30.
        (local(2026, 3, 6, 16), local(2026, 3, 9, 10, 30)),
        # Received at lunch (Mon 02/03 12:00): the clock starts at 13:30.
        (local(2026, 3, 2, 12), local(2026, 3, 3, 8)),
    ],
)
def test_a_limit_in_hours_runs_in_office_hours_only(four_hours, received_at, due_at):
    assert _due(four_hours, received_at) == (due_at.date(), due_at)


def test_a_limit_in_hours_skips_public_holidays(province):
    # Wed 29/04 15:00, 8 h: 2 h on Wednesday; 30/04, 01/05 and the weekend are off; 6 h on Mon 04/05 end
    # at 15:30 (4 h in the morning, 2 h from 13:30).
    eight_hours = make_procedure(province.stttt, time_unit="hours", statutory_days=8)
    assert _due(eight_hours, local(2026, 4, 29, 15)) == (date(2026, 5, 4), local(2026, 5, 4, 15, 30))


def test_half_a_day_ends_at_the_end_of_the_next_working_mornings(province):
    half = make_procedure(province.stttt, statutory_days=Decimal("0.5"))
    # The day of receipt does not count: Fri 06/03 -> the morning of Mon 09/03.
    assert _due(half, local(2026, 3, 6, 9)) == (date(2026, 3, 9), local(2026, 3, 9, 11, 30))
    day_and_half = make_procedure(province.stttt, statutory_days=3, reduced_days=Decimal("1.5"))
    # Wed 29/04: Mon 04/05 is the first working day after it, Tue 05/05's morning the half.
    assert _due(day_and_half, local(2026, 4, 29, 15)) == (date(2026, 5, 5), local(2026, 5, 5, 11, 30))


def test_whole_days_keep_their_due_date_and_no_due_time_of_their_own(province):
    # Biểu 06a's figures rest on these: 5 working days after Wed 29/04 is Fri 08/05, as ever.
    assert _due(province.stttt_procedure, local(2026, 4, 29, 15)) == (date(2026, 5, 8), None)


def test_the_dossier_page_shows_the_due_time(lan, province, four_hours):
    dossier = make_dossier(four_hours, code="HS-GIO-1", received_at=local(2026, 3, 6, 16))
    page = lan.get(dossier.get_absolute_url()).content.decode()
    assert 'Hẹn trả</dt><dd class="col-5" id="due-time">10:30 09/03/2026</dd>' in page
    whole = make_dossier(province.stttt_procedure, code="HS-NGAY-1", received_at=local(2026, 3, 6, 16))
    page = lan.get(whole.get_absolute_url()).content.decode()
    assert 'Ngày hẹn trả</dt><dd class="col-5">13/03/2026</dd>' in page and 'id="due-time"' not in page


def test_the_receipt_page_previews_the_due_time(lan, four_hours):
    data = {
        "code": "HS-GIO-2",
        "procedure": "1.000201",
        "department": four_hours.units.get().pk,
        "channel": "direct",
        "received_at": "06/03/2026 16:00",
        "preview": "1",
    }
    page = lan.post(reverse("procedures:dossier_register"), data).content.decode()
    assert "giờ làm việc và lịch ngày làm việc: <strong>10:30 09/03/2026</strong>" in page
    assert not Dossier.objects.filter(code="HS-GIO-2").exists()


def test_a_due_date_typed_by_staff_has_no_due_time_and_a_corrected_receipt_moves_the_calendars(four_hours):
    typed = services.dossier_register(
        code="HS-GIO-3",
        procedure=four_hours,
        department=four_hours.units.get(),
        channel="direct",
        received_at=local(2026, 3, 6, 16),
        due_on=date(2026, 3, 12),
    )
    assert (typed.due_on, typed.due_at) == (date(2026, 3, 12), None)
    dossier = make_dossier(four_hours, code="HS-GIO-4", received_at=local(2026, 3, 6, 16))
    moved = services.dossier_update(
        dossier=dossier,
        applicant="",
        channel="direct",
        received_at=local(2026, 3, 2, 10, 30),
        due_on=dossier.due_on,
    )
    assert (moved.due_on, moved.due_at) == (date(2026, 3, 2), local(2026, 3, 2, 16, 30))
    # An edit that leaves the receipt and the due date keeps the due time.
    kept = services.dossier_update(
        dossier=moved,
        applicant="Nguyễn Văn A",
        channel="direct",
        received_at=moved.received_at,
        due_on=moved.due_on,
    )
    assert kept.due_at == local(2026, 3, 2, 16, 30)


def test_the_workbook_stores_the_due_time_of_a_new_dossier_and_an_export_imports_again_unchanged(four_hours):
    row = ["HS-GIO-5", "1.000201", None, "Trực tiếp", "06/03/2026 16:00", None, None, None, None]
    report = import_workbook(
        io.BytesIO(workbook_bytes({"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, row]})),
        user=None,
        dry_run=False,
    )
    assert report.ok, [str(error) for error in report.errors]
    dossier = Dossier.objects.get(code="HS-GIO-5")
    assert (dossier.due_on, dossier.due_at) == (date(2026, 3, 9), local(2026, 3, 9, 10, 30))
    target = io.BytesIO()
    write_workbook(target, procedures=Procedure.objects.none(), dossiers=Dossier.objects.all())
    # The HoSo sheet holds the due date; the import keeps the due time of that day.
    assert openpyxl.load_workbook(target)["HoSo"]["F2"].value.date() == date(2026, 3, 9)
    target.seek(0)
    before = list(Dossier.objects.values())
    report = import_workbook(target, user=None, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert summary(report).endswith("không có thay đổi.")
    assert list(Dossier.objects.values()) == before


def test_a_procedure_in_hours_cut_in_the_same_unit_counts_as_reduced(four_hours, province):
    assert four_hours.is_reduced and four_hours.reduction_pct == 50.0
    same = make_procedure(province.stttt, time_unit="hours", statutory_days=4, reduced_days=4)
    reduced = set(Procedure.objects.reduced().values_list("code", flat=True))
    assert four_hours.code in reduced and same.code not in reduced
