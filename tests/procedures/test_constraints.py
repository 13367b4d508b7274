"""Bad rows are refused by the database itself, not only by forms."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from procedures.models import Dossier, Procedure, SupplementRequest
from tests.factories import local, make_department, make_dossier, make_field, make_procedure

pytestmark = pytest.mark.django_db


def refused_by_database():
    """The database rejects the row (PostgreSQL refuses an over-long value before any check, SQLite
    only at the check); the atomic block keeps the test's transaction usable."""
    return pytest.raises((IntegrityError, DataError))


@pytest.fixture
def procedure():
    return make_procedure(make_department("SYT"), statutory_days=10, reduced_days=7)


@pytest.mark.parametrize("code", ["1.2345", "1004227", "A.004227", "1.0042270", ""])
def test_procedure_code_must_look_like_a_national_code(code):
    # Created directly: the builder would give a blank code one of its own.
    with refused_by_database(), transaction.atomic():
        Procedure.objects.create(code=code, name="X", field=make_field(), statutory_days=5)


@pytest.mark.parametrize(
    ("statutory", "reduced"),
    [(0, None), (5, 6), (5, 0)],
    ids=["no-statutory-time", "reduced-longer-than-statutory", "reduced-to-zero"],
)
def test_procedure_times_are_checked(statutory, reduced):
    with refused_by_database(), transaction.atomic():
        make_procedure(make_department(), statutory_days=statutory, reduced_days=reduced)


def test_online_level_outside_1_to_4_is_refused():
    with refused_by_database(), transaction.atomic():
        make_procedure(make_department(), online_level=5)


def test_duplicate_procedure_code_is_refused(procedure):
    with refused_by_database(), transaction.atomic():
        make_procedure(procedure.units.get(), code=procedure.code)


def test_reduced_time_longer_than_statutory_gets_a_vietnamese_message():
    procedure = Procedure(code="1.000001", name="X", statutory_days=5, reduced_days=8)
    with pytest.raises(ValidationError) as error:
        procedure.clean()
    assert error.value.message_dict["reduced_days"] == [
        "Thời hạn cắt giảm không được dài hơn thời hạn quy định."
    ]


def test_return_before_receipt_is_refused(procedure):
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, received_at=local(2025, 3, 10), finished_at=local(2025, 3, 9))


def test_resolved_dossier_needs_a_return_time(procedure):
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, status=Dossier.Status.RESOLVED)


def test_open_dossier_cannot_carry_a_return_time(procedure):
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, finished_at=local(2025, 3, 10), status=Dossier.Status.IN_PROGRESS)


def test_due_date_before_receipt_is_refused(procedure):
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, received_at=local(2025, 3, 10), due_on=date(2025, 3, 7))


def test_apology_needs_a_new_date_after_the_original_one(procedure):
    dossier = make_dossier(procedure, received_at=local(2025, 3, 3))
    with refused_by_database(), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(
            apology_issued_on=date(2025, 3, 14), apology_due_on=dossier.due_on
        )
    with refused_by_database(), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(apology_issued_on=date(2025, 3, 14))


def test_awaiting_supplement_needs_the_pause_start(procedure):
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, status=Dossier.Status.AWAITING_SUPPLEMENT)


def test_unknown_channel_is_refused(procedure):
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, channel="fax")


def test_duplicate_dossier_code_is_refused(procedure):
    make_dossier(procedure, code="HS-1")
    with refused_by_database(), transaction.atomic():
        make_dossier(procedure, code="HS-1")


def test_only_one_open_supplement_request_per_dossier(procedure):
    dossier = make_dossier(procedure)
    SupplementRequest.objects.create(dossier=dossier, requested_on=date(2025, 3, 4))
    with refused_by_database(), transaction.atomic():
        SupplementRequest.objects.create(dossier=dossier, requested_on=date(2025, 3, 5))


def test_supplement_cannot_arrive_before_it_was_requested(procedure):
    dossier = make_dossier(procedure)
    with refused_by_database(), transaction.atomic():
        SupplementRequest.objects.create(
            dossier=dossier, requested_on=date(2025, 3, 5), supplied_on=date(2025, 3, 4)
        )


def test_dossier_form_errors_are_in_vietnamese_next_to_the_field(procedure):
    dossier = Dossier(
        code="HS-X",
        procedure=procedure,
        department=procedure.units.get(),
        channel=Dossier.Channel.DIRECT,
        received_at=local(2025, 3, 10),
        finished_at=local(2025, 3, 9),
        status=Dossier.Status.RESOLVED,
    )
    with pytest.raises(ValidationError) as error:
        dossier.full_clean(exclude=["due_on"])
    assert error.value.message_dict["finished_at"] == [
        "Thời điểm trả kết quả không được trước thời điểm tiếp nhận."
    ]


def test_receipt_in_the_future_is_refused_by_validation(procedure):
    dossier = Dossier(
        code="HS-F",
        procedure=procedure,
        department=procedure.units.get(),
        channel=Dossier.Channel.DIRECT,
        received_at=local(2099, 1, 5),
    )
    with pytest.raises(ValidationError) as error:
        dossier.full_clean(exclude=["due_on"])
    assert error.value.message_dict["received_at"] == ["Thời điểm tiếp nhận không được ở tương lai."]


def test_a_dossier_filed_under_a_unit_not_carrying_out_its_procedure_is_refused_by_validation(procedure):
    # The admin saves dossiers without the services: validation is what stops it there.
    elsewhere = make_department("SNV")
    dossier = Dossier(
        code="HS-NGOAI",
        procedure=procedure,
        department=elsewhere,
        channel=Dossier.Channel.DIRECT,
        received_at=local(2025, 3, 10),
    )
    with pytest.raises(ValidationError) as error:
        dossier.full_clean(exclude=["due_on"])
    assert error.value.message_dict["department"] == [
        "Đơn vị SNV không thực hiện thủ tục này vào ngày tiếp nhận 10/03/2025."
    ]
