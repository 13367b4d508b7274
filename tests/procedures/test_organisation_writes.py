"""Successions and units over time as they are written: the service the admin and the workbook share,
and the rulebook judging a dossier's units on its day of receipt through the page's model validation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from departments.models import Department
from procedures import services
from procedures.models import Dossier, Procedure, Succession
from tests.factories import local, make_department, make_dossier, make_field, make_procedure, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger(province):
    """STTTT merges into SXD on 01/03/2025 (press goes to a third unit, SVH)."""
    press = make_field("Báo chí")
    svh = make_department("SVH", name="Sở Văn hóa, Thể thao và Du lịch")
    services.succession_save(
        predecessor=province.stttt, successor=svh, effective_on=date(2025, 3, 1), fields=[press]
    )
    services.succession_save(
        predecessor=province.stttt, successor=province.sxd, effective_on=date(2025, 3, 1)
    )
    return press, svh


def test_a_succession_ends_a_predecessor_that_had_no_last_day(province, merger):
    province.stttt.refresh_from_db()
    assert province.stttt.valid_to == date(2025, 2, 28)
    successors = Succession.objects.filter(predecessor=province.stttt).values_list(
        "successor__code", flat=True
    )
    assert sorted(successors) == ["SVH", "SXD"]


def test_a_succession_whose_predecessor_still_holds_later_dossiers_is_refused_and_writes_nothing(province):
    make_dossier(province.stttt_procedure, code="HS-LATE", received_at=local(2025, 3, 5))
    with pytest.raises(ValidationError) as refused:
        services.succession_save(
            predecessor=province.stttt, successor=province.sxd, effective_on=date(2025, 3, 1)
        )
    assert refused.value.message_dict == {
        "effective_on": [
            "Sở Thông tin và Truyền thông còn 1 hồ sơ tiếp nhận từ ngày 01/03/2025 trở đi: hãy ghi các hồ sơ đó "
            "cho đơn vị kế thừa trước."
        ]
    }
    assert not Succession.objects.exists()
    assert Department.objects.get(code="STTTT").valid_to is None


def test_a_field_given_to_a_second_successor_is_refused(province, merger):
    press, _svh = merger
    other = make_department("SDL", name="Sở Du lịch")
    with pytest.raises(ValidationError) as refused:
        services.succession_save(
            predecessor=province.stttt, successor=other, effective_on=date(2025, 3, 1), fields=[press]
        )
    assert refused.value.message_dict["fields"] == [
        "Lĩnh vực Báo chí đã giao cho một đơn vị kế thừa khác của Sở Thông tin và Truyền thông."
    ]


def test_a_succession_back_to_the_predecessor_is_refused_as_a_loop(province, merger):
    Department.objects.filter(pk=province.sxd.pk).update(valid_to=date(2025, 6, 30))
    sxd = Department.objects.get(pk=province.sxd.pk)
    with pytest.raises(ValidationError) as refused:
        services.succession_save(predecessor=sxd, successor=province.stttt, effective_on=date(2025, 7, 1))
    assert "Kế thừa tạo thành vòng" in refused.value.message_dict["successor"][0]


def test_registering_under_a_unit_that_ended_names_its_successor_and_saves_nothing(client, province, merger):
    clerk = make_user("thu", departments=(province.stttt, province.sxd))
    client.force_login(clerk)
    response = client.post(
        reverse("procedures:dossier_register"),
        {
            "code": "HS-AFTER",
            "procedure": province.stttt_procedure.code,
            "department": province.stttt.pk,
            "channel": "direct",
            "received_at": "05/03/2025 09:00",
        },
    )
    assert response.context["form"].errors["department"] == [
        "Sở Thông tin và Truyền thông đã kết thúc hoạt động từ ngày 01/03/2025: hãy ghi hồ sơ cho đơn vị kế "
        "thừa Sở Xây dựng."
    ]
    assert not Dossier.objects.filter(code="HS-AFTER").exists()


def test_the_successor_carries_out_the_ended_units_procedure_without_re_keying_the_catalogue(
    province, merger
):
    dossier = make_dossier(
        province.stttt_procedure, code="HS-SXD", department=province.sxd, received_at=local(2025, 3, 5)
    )
    dossier.full_clean()
    # Before the merger the procedure was STTTT's alone.
    early = Dossier(
        code="HS-EARLY",
        procedure=province.stttt_procedure,
        department=province.sxd,
        channel="direct",
        received_at=local(2025, 2, 5),
    )
    with pytest.raises(ValidationError) as refused:
        early.full_clean(exclude=["due_on", "received_on", "computed_due_on", "effective_due_on"])
    assert refused.value.message_dict["department"] == [
        "Sở Xây dựng không thực hiện thủ tục này vào ngày tiếp nhận 05/02/2025."
    ]


def test_a_commune_procedure_listing_no_unit_is_carried_out_by_each_commune_and_not_by_a_department(province):
    commune_a = make_department("XA-A", name="UBND xã A", kind=Department.Kind.COMMUNE)
    commune_b = make_department("XA-B", name="UBND xã B", kind=Department.Kind.COMMUNE)
    birth = make_procedure(code="1.001193", name="Đăng ký khai sinh", level=Procedure.Level.COMMUNE)
    for code, unit in (("KS-A", commune_a), ("KS-B", commune_b)):
        make_dossier(birth, code=code, department=unit, received_at=local(2025, 8, 4)).full_clean()
    stray = Dossier(
        code="KS-X", procedure=birth, department=province.sxd, channel="direct", received_at=local(2025, 8, 4)
    )
    with pytest.raises(ValidationError) as refused:
        stray.full_clean(exclude=["due_on", "received_on", "computed_due_on", "effective_due_on"])
    assert refused.value.message_dict["department"] == [
        "Sở Xây dựng không thực hiện thủ tục này vào ngày tiếp nhận 04/08/2025."
    ]


def test_a_receiving_unit_must_be_in_being_on_the_day_of_receipt(province):
    centre = make_department(
        "TTPVHCC",
        name="Trung tâm Phục vụ hành chính công",
        kind=Department.Kind.SERVICE_CENTRE,
        valid_from=date(2025, 1, 1),
    )
    received = make_dossier(
        province.stttt_procedure, code="HS-TT", receiving_unit=centre, received_at=local(2025, 2, 3)
    )
    received.full_clean()
    early = Dossier(
        code="HS-TT0",
        procedure=province.stttt_procedure,
        department=province.stttt,
        receiving_unit=centre,
        channel="direct",
        received_at=local(2024, 12, 3),
    )
    with pytest.raises(ValidationError) as refused:
        early.full_clean(exclude=["due_on", "received_on", "computed_due_on", "effective_due_on"])
    assert refused.value.message_dict["receiving_unit"] == [
        "Đơn vị tiếp nhận Trung tâm Phục vụ hành chính công không hoạt động vào ngày tiếp nhận 03/12/2024."
    ]


def test_a_change_of_a_procedures_units_is_in_its_trail_naming_the_units(client, province):
    client.force_login(province.staff_stttt)
    procedure = province.stttt_procedure
    division = make_department("STTTT-CNTT", parent=province.stttt, name="Phòng Công nghệ thông tin")
    client.post(
        reverse("procedures:procedure_edit", kwargs={"code": procedure.code}),
        {
            "code": procedure.code,
            "name": procedure.name,
            "field": procedure.field_id,
            "level": "province",
            "units": [province.stttt.pk, division.pk],
            "statutory_days": procedure.statutory_days,
            "online_level": procedure.online_level,
        },
    )
    client.force_login(province.inspector)
    response = client.get(reverse("procedures:procedure_detail", kwargs={"code": procedure.code}))
    changes = {change.label: (change.old, change.new) for change in response.context["history"][0].changes}
    assert changes["đơn vị thực hiện"] == (
        "Sở Thông tin và Truyền thông (STTTT)",
        "Phòng Công nghệ thông tin (STTTT-CNTT); Sở Thông tin và Truyền thông (STTTT)",
    )
