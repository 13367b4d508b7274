"""A procedure's time limits in half days and in hours, entered by every path (issue 14, item 4): the model,
the procedure form (the page and the admin), the API and the workbook's TTHC sheet read "0,5" and "4 giờ"
alike, and refuse "0,3", "-1" and "abc" with the same Vietnamese words."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from procedures.forms import ProcedureModelForm
from procedures.imports import import_workbook
from procedures.management.commands.import_xlsx import summary
from procedures.models import Procedure
from procedures.office_hours import TimeLimit, TimeUnit
from reporting.exports import write_workbook
from reporting.template_workbook import template_workbook
from tests.factories import HOSO_HEADERS, TTHC_HEADERS, make_procedure, workbook_bytes

pytestmark = pytest.mark.django_db

UNREADABLE = "không đọc được: hãy ghi số ngày hoặc số giờ, ví dụ 5, 0,5, 2 ngày, 4 giờ."
REFUSED = {
    "0,3": "Thời hạn “0,3” không hợp lệ: chỉ nhận số ngày tròn hoặc nửa ngày (0,5).",
    "-1": f"Thời hạn “-1” {UNREADABLE}",
    "abc": f"Thời hạn “abc” {UNREADABLE}",
}


def _form_data(province, statutory: str, reduced: str = "") -> dict:
    return {
        "code": "1.004227",
        "name": "Cấp giấy phép xuất bản bản tin",
        "field": province.stttt_procedure.field_id,
        "level": "province",
        "units": [province.stttt.pk],
        "statutory_days": statutory,
        "reduced_days": reduced,
        "online_level": "3",
    }


def _tthc_import(statutory, reduced=None, *, dry_run=True):
    row = ["1.000111", "Cấp giấy phép in", "Xuất bản", "STTTT", statutory, reduced, "Một phần", "Có"]
    content = io.BytesIO(workbook_bytes({"TTHC": [TTHC_HEADERS, row], "HoSo": [HOSO_HEADERS]}))
    return import_workbook(content, user=None, dry_run=dry_run)


# -- Accepted -------------------------------------------------------------------------------------------------


def test_staff_enter_half_a_day_and_hours_on_the_procedure_page_and_read_them_back(lan, province):
    url = reverse("procedures:procedure_edit", kwargs={"code": "1.004227"})
    assert lan.post(url, _form_data(province, "1,5", "0,5")).status_code == 302
    procedure = Procedure.objects.get(code="1.004227")
    assert (procedure.statutory_limit, procedure.reduced_limit) == (
        TimeLimit(Decimal("1.5"), TimeUnit.DAYS),
        TimeLimit(Decimal("0.5"), TimeUnit.DAYS),
    )
    page = lan.get(procedure.get_absolute_url()).content.decode()
    assert "1,5 ngày làm việc" in page and "0,5 ngày làm việc (giảm 66,67%)" in page

    # A bare reduced number is in the statutory limit's unit: 8 hours cut to 4.
    assert lan.post(url, _form_data(province, "8 giờ", "4")).status_code == 302
    procedure.refresh_from_db()
    assert (procedure.time_unit, procedure.statutory_days, procedure.reduced_days) == ("hours", 8, 4)
    page = lan.get(procedure.get_absolute_url()).content.decode()
    assert "8 giờ làm việc" in page and "4 giờ làm việc (giảm 50%)" in page
    # The form shows the limits as they were typed, for the next edit.
    form = lan.get(url).context["form"]
    assert (form["statutory_days"].value(), form["reduced_days"].value()) == ("8 giờ", "4 giờ")
    listing = lan.get(reverse("dashboards:procedure_list")).content.decode()
    assert '<td data-label="Thời hạn quy định" class="text-end">8 giờ</td>' in listing


def test_a_reduced_limit_in_another_unit_than_the_statutory_one_is_refused(province):
    form = ProcedureModelForm(data=_form_data(province, "2", "4 giờ"), instance=province.stttt_procedure)
    assert form.errors == {
        "reduced_days": ["Thời hạn “4 giờ” phải tính bằng ngày làm việc, đơn vị thời hạn của thủ tục."]
    }


def test_the_api_reads_and_writes_amounts_with_their_time_unit(lan_api, province):
    url = reverse("api:procedure-detail", args=["1.004227"])
    changed = lan_api.patch(
        url, {"time_unit": "hours", "statutory_days": 4, "reduced_days": 2.5}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.json()
    payload = changed.json()
    assert (payload["time_unit"], payload["statutory_days"], payload["reduced_days"]) == ("hours", 4, 2.5)
    assert payload["processing_days"] == 2.5
    # Text as staff type it is read too, and sets the unit where none is sent.
    changed = lan_api.patch(
        url, {"statutory_days": "0,5 ngày", "reduced_days": None}, content_type="application/json"
    )
    assert changed.status_code == 400
    assert changed.json()["fields"] == {
        "statutory_days": ["Thời hạn “0,5 ngày” phải tính bằng giờ làm việc, đơn vị thời hạn của thủ tục."]
    }
    changed = lan_api.patch(
        url,
        {"time_unit": "days", "statutory_days": "0,5", "reduced_days": None},
        content_type="application/json",
    )
    assert (changed.json()["time_unit"], changed.json()["statutory_days"]) == ("days", 0.5)


def test_the_workbook_keeps_one_unit_a_procedure_and_an_export_imports_again_unchanged(province):
    # Two cells of one procedure in two units are refused: it keeps both limits in one.
    report = _tthc_import(8.0, "4 giờ")
    assert [str(error) for error in report.errors] == [
        "Trang TTHC, dòng 2, cột “Thời hạn cắt giảm”: Thời hạn “4 giờ” phải tính bằng ngày làm việc, "
        "đơn vị thời hạn của thủ tục."
    ]
    make_procedure(province.stttt, code="1.000112", statutory_days=Decimal("0.5"))
    make_procedure(
        province.stttt, code="1.000113", time_unit="hours", statutory_days=8, reduced_days=Decimal("3.5")
    )
    target = io.BytesIO()
    write_workbook(
        target, procedures=Procedure.objects.filter(code__in=["1.000112", "1.000113"]), dossiers=None
    )
    rows = {
        row[0]: row[4:6]
        for row in openpyxl.load_workbook(target)["TTHC"].iter_rows(min_row=2, values_only=True)
    }
    assert rows == {"1.000112": (0.5, None), "1.000113": ("8 giờ", "3,5 giờ")}
    target.seek(0)
    before = list(Procedure.objects.order_by("code").values())
    report = import_workbook(target, user=None, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert summary(report).endswith("không có thay đổi.")
    assert list(Procedure.objects.order_by("code").values()) == before


@pytest.mark.parametrize(
    ("statutory", "reduced", "limits"),
    [
        ("0,5", None, ("0,5 ngày", None)),
        (1.5, 0.5, ("1,5 ngày", "0,5 ngày")),
        ("4 giờ", "2,5", ("4 giờ", "2,5 giờ")),
        ("8h", None, ("8 giờ", None)),
    ],
)
def test_the_tthc_sheet_reads_limits_as_staff_type_them(province, statutory, reduced, limits):
    report = _tthc_import(statutory, reduced, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    procedure = Procedure.objects.get(code="1.000111")
    reduced_limit = procedure.reduced_limit
    assert (str(procedure.statutory_limit), str(reduced_limit) if reduced_limit else None) == limits


def test_the_blank_template_says_how_to_write_a_limit():
    target = io.BytesIO()
    template_workbook(target)
    sheet = openpyxl.load_workbook(target)["TTHC"]
    notes = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment}
    assert notes["Thời hạn quy định"] == (
        "Thời hạn giải quyết theo quy định; lớn hơn 0. Số ngày làm việc (5; nửa ngày: 0,5) hoặc số giờ làm"
        " việc (4 giờ)."
    )
    assert notes["Thời hạn cắt giảm"] == (
        "Để trống nếu chưa cắt giảm; cùng đơn vị với thời hạn quy định và không lớn hơn thời hạn đó. Số"
        " ngày làm việc (3; nửa ngày: 0,5) hoặc số giờ làm việc (2 giờ)."
    )


# -- Refused, with the same words on every path ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["0,3", "-1"])
def test_the_model_refuses_a_limit_with_the_words_of_the_other_paths(province, text):
    procedure = province.stttt_procedure
    procedure.statutory_days = Decimal(text.replace(",", "."))
    with pytest.raises(ValidationError) as refused:
        procedure.full_clean()
    assert refused.value.message_dict == {"statutory_days": [REFUSED[text]]}


def test_the_database_refuses_a_limit_that_is_not_whole_or_half(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procedure(province.stttt, statutory_days=Decimal("0.3"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procedure(province.stttt, statutory_days=5, reduced_days=Decimal("2.7"))
    make_procedure(province.stttt, statutory_days=Decimal("2.5"), reduced_days=Decimal("0.5"))


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_the_form_refuses_a_limit_with_the_same_words(province, text):
    form = ProcedureModelForm(data=_form_data(province, text), instance=province.stttt_procedure)
    assert form.errors == {"statutory_days": [REFUSED[text]]}
    form = ProcedureModelForm(data=_form_data(province, "5", text), instance=province.stttt_procedure)
    assert form.errors == {"reduced_days": [REFUSED[text]]}


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_the_api_refuses_a_limit_with_the_same_words(lan_api, province, text):
    url = reverse("api:procedure-detail", args=["1.004227"])
    refused = lan_api.patch(url, {"statutory_days": text}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"statutory_days": [REFUSED[text]]}
    assert Procedure.objects.get(code="1.004227").statutory_days == 5


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_the_workbook_refuses_a_limit_with_the_same_words(province, text):
    report = _tthc_import(text, dry_run=False)
    assert [str(error) for error in report.errors] == [
        f"Trang TTHC, dòng 2, cột “Thời hạn quy định”: {REFUSED[text]}"
    ]
    assert not Procedure.objects.filter(code="1.000111").exists()
