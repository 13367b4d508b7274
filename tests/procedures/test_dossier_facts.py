"""A dossier's national facts (spec/index766.md, "Data the index needs"): the rulebook's words, the
database's constraints, and every path they arrive by."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from procedures import rules
from procedures.models import Dossier
from tests.factories import local, make_department, make_dossier, make_procedure

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
