"""A dossier's national facts (spec/index766.md, "Data the index needs"): the rulebook's words, the
database's constraints, and every path they arrive by."""

import io
from datetime import datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from procedures import rules
from procedures.imports import import_workbook
from procedures.models import Dossier
from tests.factories import (
    HOSO_HEADERS,
    TTHC_HEADERS,
    as_read,
    local,
    make_department,
    make_dossier,
    make_procedure,
    workbook_bytes,
)
from tests.queries import DOSSIER_API_STEP, DOSSIER_SAVED

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return make_procedure(make_department("SYT"), statutory_days=10)


def _problems(**facts) -> dict[str, str]:
    return rules.national_problems(
        received_at=local(2025, 3, 3, 9),
        finished_at=local(2025, 3, 10, 15),
        now=timezone.now(),
        facts=facts,
    )


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        ({"national_status": 11}, "national_status", "Trạng thái DVCQG phải là một mã từ 1 đến 10."),
        (
            {"processing_completed_at": local(2025, 3, 3, 8)},
            "processing_completed_at",
            "Thời điểm xử lý xong không được trước thời điểm tiếp nhận.",
        ),
        (
            {"processing_completed_at": local(2025, 3, 10, 16)},
            "processing_completed_at",
            "Thời điểm xử lý xong không được sau thời điểm trả kết quả.",
        ),
        (
            {"fee_amount": -1},
            "fee_amount",
            "Lệ phí không được âm (để trống nếu không có phí, 0 nếu miễn phí).",
        ),
        (
            {"fee_amount": 0, "paid_online": True},
            "paid_online",
            "Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán trực tuyến.",
        ),
        (
            {"fee_amount": None, "paid_online": True},
            "paid_online",
            "Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán trực tuyến.",
        ),
    ],
    ids=["status-11", "processed-before-receipt", "processed-after-return", "fee-negative", "free", "no-fee"],
)
def test_the_rulebook_names_the_field_of_each_wrong_national_fact(facts, field, message):
    assert _problems(**facts) == {field: message}


def test_facts_within_the_rules_and_the_defaults_pass():
    assert _problems(**rules.NEW_DOSSIER_DEFAULTS) == {}
    assert (
        _problems(
            national_status=9,
            processing_completed_at=local(2025, 3, 10, 15),
            fee_amount=50_000,
            paid_online=True,
        )
        == {}
    )


def test_the_defaults_are_the_models_and_every_fact_is_in_the_audit_trail():
    for name, default in rules.NEW_DOSSIER_DEFAULTS.items():
        field = Dossier._meta.get_field(name)
        assert field.get_default() == default, name
        assert field.verbose_name
    historical = {field.name for field in Dossier.history.model._meta.fields}
    assert set(rules.NATIONAL_FACTS) <= historical


def test_a_stored_dossier_holds_the_defaults(procedure):
    dossier = make_dossier(procedure)
    dossier.refresh_from_db()
    assert {name: getattr(dossier, name) for name in rules.NATIONAL_FACTS} == rules.NEW_DOSSIER_DEFAULTS


def test_the_models_clean_says_what_is_wrong_by_field(procedure):
    dossier = make_dossier(procedure, finished_at=local(2025, 3, 10, 15))
    dossier.processing_completed_at = local(2025, 3, 11, 8)
    dossier.paid_online = True
    with pytest.raises(ValidationError) as error:
        dossier.clean()
    assert error.value.message_dict == {
        "processing_completed_at": ["Thời điểm xử lý xong không được sau thời điểm trả kết quả."],
        "paid_online": ["Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán trực tuyến."],
    }


@pytest.mark.parametrize(
    "facts",
    [
        {"national_status": 0},
        {"national_status": 11},
        {"processing_completed_at": local(2025, 3, 3, 8)},
        {"processing_completed_at": local(2025, 3, 10, 16)},
        {"fee_amount": -1},
        {"paid_online": True},
        {"paid_online": True, "fee_amount": 0},
    ],
    ids=[
        "status-0",
        "status-11",
        "processed-before-receipt",
        "processed-after-return",
        "fee-negative",
        "paid-without-fee",
        "paid-free",
    ],
)
def test_the_database_refuses_what_the_rulebook_refuses(procedure, facts):
    dossier = make_dossier(procedure, finished_at=local(2025, 3, 10, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(**facts)


def test_the_database_takes_a_processed_dossier_paid_online(procedure):
    dossier = make_dossier(procedure, finished_at=local(2025, 3, 10, 15))
    facts = {
        "national_status": 10,
        "processing_completed_at": local(2025, 3, 10, 15),
        "fee_amount": 50_000,
        "paid_online": True,
    }
    Dossier.objects.filter(pk=dossier.pk).update(**facts)
    dossier.refresh_from_db()
    assert (dossier.national_status, dossier.fee_amount, dossier.paid_online) == (10, 50_000, True)


FACTS = {
    "national_status": 10,
    "processing_completed_at": "2025-03-10T15:00:00+07:00",
    "fee_amount": 50000,
    "paid_online": True,
    "electronic_result": True,
    "digitised": True,
    "reused_data": False,
    "dvcqg_store": True,
    "population_data": True,
    "synced_to_dvcqg": True,
}


def processed_on_time_returned_late(province, **fields) -> Dossier:
    """Received Mon 03/03/2025, 5 working days: due Mon 10/03 (17:00 by the office hours); processed at
    15:00 that day, its result handed over on Wed 12/03."""
    return make_dossier(
        province.stttt_procedure,
        code="HS-1",
        received_at=local(2025, 3, 3),
        finished_at=local(2025, 3, 12, 10),
        **fields,
    )


def test_the_api_writes_the_facts_and_reads_them_back(lan_api, province, django_assert_num_queries):
    processed_on_time_returned_late(province)
    url = reverse("api:dossier-facts", args=["HS-1"])
    # The token, its use, the user's departments, the dossier; the savepoint, the dossier locked and the
    # data lock; the rulebook's save (tests/queries.py).
    with django_assert_num_queries(DOSSIER_API_STEP + DOSSIER_SAVED):
        response = lan_api.post(url, {**FACTS, "version": 1}, content_type="application/json")
    assert response.status_code == 200, response.json()
    read = lan_api.get(reverse("api:dossier-detail", args=["HS-1"])).json()
    assert {name: read[name] for name in FACTS} == FACTS
    assert read["version"] == 2
    # What is left out stays as stored.
    lan_api.post(url, {"synced_to_dvcqg": False}, content_type="application/json")
    dossier = Dossier.objects.get(code="HS-1")
    assert (dossier.synced_to_dvcqg, dossier.fee_amount, dossier.national_status) == (False, 50000, 10)


def test_the_api_refuses_a_payment_online_without_a_fee_by_its_field(lan_api, province):
    processed_on_time_returned_late(province)
    url = reverse("api:dossier-facts", args=["HS-1"])
    response = lan_api.post(url, {"paid_online": True, "fee_amount": 0}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"]["paid_online"] == [
        "Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán trực tuyến."
    ]
    refused = lan_api.post(url, {"national_status": 11}, content_type="application/json")
    assert refused.status_code == 400 and "national_status" in refused.json()["fields"]
    assert Dossier.objects.get(code="HS-1").version == 1


def test_the_page_form_saves_the_facts_and_says_what_is_wrong(lan, province):
    processed_on_time_returned_late(province)
    url = reverse("procedures:dossier_facts", kwargs={"code": "HS-1"})
    form = {"national_status": "9", "processing_completed_at": "13/03/2025 08:00", "fee_amount": "-5"}
    refused = lan.post(url, as_read("HS-1", form))
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert errors["processing_completed_at"] == ["Thời điểm xử lý xong không được sau thời điểm trả kết quả."]
    assert errors["fee_amount"] == ["Lệ phí không được âm (để trống nếu không có phí, 0 nếu miễn phí)."]
    form = {
        "national_status": "10",
        "processing_completed_at": "10/03/2025 15:00",
        "fee_amount": "50000",
        "paid_online": "on",
        "digitised": "on",
    }
    assert lan.post(url, as_read("HS-1", form)).status_code == 302
    dossier = Dossier.objects.get(code="HS-1")
    assert dossier.processing_completed_at == local(2025, 3, 10, 15)
    assert (dossier.national_status, dossier.fee_amount, dossier.paid_online, dossier.digitised) == (
        10,
        50000,
        True,
        True,
    )
    assert not dossier.electronic_result
    assert dossier.history.first().history_change_reason is None


def test_the_page_shows_the_facts_and_both_rules_when_they_disagree(lan, province, django_assert_num_queries):
    processed_on_time_returned_late(
        province, national_status=10, processing_completed_at=local(2025, 3, 10, 15), fee_amount=0
    )
    # The session, the user, the user's departments, the dossier, its supplement requests, the data locks
    # covering it and its petitions: a dossier never paused needs no calendar for the DVCQG rule.
    with django_assert_num_queries(7):
        page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert "Dữ liệu DVCQG" in page
    assert "10 – Đã trả kết quả" in page
    assert "10/03/2025 15:00" in page
    assert "Miễn phí" in page
    assert "Theo Biểu 06a (ngày hẹn trả, tính theo ngày): Quá hạn." in page
    assert (
        "Theo quy tắc DVCQG (Chỉ số 766, tính theo thời điểm): đúng hạn – Đúng hạn: kết thúc xử lý lúc "
        "15:00 10/03/2025 (đã xử lý xong), hạn 17:00 10/03/2025." in page
    )


def test_the_page_shows_one_verdict_where_the_rules_agree(lan, province):
    processed_on_time_returned_late(province)
    page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert "Không có phí, lệ phí" in page
    assert "Hai quy tắc đánh giá khác nhau" not in page


# -- The workbook ------------------------------------------------------------------------------------------------

FACT_HEADERS = [
    "Trạng thái DVCQG (1–10)",
    "Thời điểm xử lý xong",
    "Có kết quả điện tử",
    "Có thành phần số hóa",
    "Tái sử dụng dữ liệu số hóa",
    "Kết nối kho DVCQG",
    "Dùng VNeID/CSDL dân cư",
    "Lệ phí (đồng)",
    "Thanh toán trực tuyến",
    "Đã đồng bộ DVCQG",
]
# HS-1 of STTTT's procedure: received 03/03/2025 09:00, returned 12/03 10:00.
RECEIPT = ["HS-1", "1.004227", "STTTT", "Trực tiếp", "03/03/2025 09:00", None, "12/03/2025 10:00", None, None]
FACT_CELLS = [10, "10/03/2025 15:00", "Có", "có", "Không", None, "Có", 50000, "Có", "Có"]


def _import(rows: list[list], *, headers=HOSO_HEADERS):
    book = {"TTHC": [TTHC_HEADERS], "HoSo": [headers, *rows]}
    return import_workbook(io.BytesIO(workbook_bytes(book)), user=None, dry_run=False)


def _facts(code: str = "HS-1") -> dict[str, object]:
    return {name: getattr(Dossier.objects.get(code=code), name) for name in rules.NATIONAL_FACTS}


def test_a_workbook_with_the_columns_stores_the_facts_yes_and_no_as_the_bcci_column(province):
    report = _import(
        [[*RECEIPT, None, *FACT_CELLS]], headers=[*HOSO_HEADERS, "Mã đơn vị tiếp nhận", *FACT_HEADERS]
    )
    assert report.ok, [str(error) for error in report.errors]
    assert _facts() == {
        "national_status": 10,
        "processing_completed_at": local(2025, 3, 10, 15),
        "electronic_result": True,
        "digitised": True,
        "reused_data": False,
        "dvcqg_store": False,
        "population_data": True,
        "fee_amount": 50000,
        "paid_online": True,
        "synced_to_dvcqg": True,
    }


def test_an_old_workbook_imports_unchanged_and_keeps_the_stored_facts(province):
    assert _import([RECEIPT]).ok
    assert _facts() == rules.NEW_DOSSIER_DEFAULTS
    Dossier.objects.filter(code="HS-1").update(national_status=10, fee_amount=20000, paid_online=True)
    report = _import([[*RECEIPT[:3], "Trực tuyến", *RECEIPT[4:]]])
    assert report.ok and report.updated["dossiers"] == 1
    assert _facts()["fee_amount"] == 20000 and _facts()["paid_online"] and _facts()["national_status"] == 10


def test_a_workbooks_wrong_facts_are_refused_by_their_columns(province):
    headers = [*HOSO_HEADERS, "Mã đơn vị tiếp nhận", *FACT_HEADERS]
    cells = [11, "13/03/2025 08:00", "Có", "Có", "Không", "Không", "Không", 0, "Có", "Chưa rõ"]
    report = _import([RECEIPT + [None] + cells], headers=headers)
    assert [str(error) for error in report.errors] == [
        "Trang HoSo, dòng 2, cột “Trạng thái DVCQG (1–10)”: “11” không hợp lệ; chọn một trong: “1”, “2”, “3”, "
        "“4”, “5”, “6”, “7”, “8”, “9”, “10”",
        "Trang HoSo, dòng 2, cột “Đã đồng bộ DVCQG”: “Chưa rõ” không hợp lệ; chọn một trong: “Có”, “Không”",
        "Trang HoSo, dòng 2, cột “Thời điểm xử lý xong”: Thời điểm xử lý xong không được sau thời điểm trả "
        "kết quả.",
        "Trang HoSo, dòng 2, cột “Thanh toán trực tuyến”: Chỉ hồ sơ có lệ phí lớn hơn 0 đồng mới thanh toán "
        "trực tuyến.",
    ]
    assert not Dossier.objects.exists()


def test_the_export_writes_the_facts_and_imports_back_unchanged(client, province):
    processed_on_time_returned_late(
        province,
        national_status=10,
        processing_completed_at=local(2025, 3, 10, 15),
        fee_amount=50000,
        paid_online=True,
        digitised=True,
    )
    client.force_login(province.staff_stttt)
    content = client.get(reverse("dashboards:export_dossiers")).content
    row = list(openpyxl.load_workbook(io.BytesIO(content))["HoSo"].iter_rows(min_row=2, values_only=True))[0]
    assert row[10:] == (
        10,
        datetime(2025, 3, 10, 15),
        "Không",
        "Có",
        "Không",
        "Không",
        "Không",
        50000,
        "Có",
        "Không",
    )
    before = list(Dossier.objects.values())
    report = import_workbook(io.BytesIO(content), user=province.staff_stttt, dry_run=False)
    assert report.ok and report.unchanged["dossiers"] == 1
    assert list(Dossier.objects.values()) == before
