"""Petitions (PAKN): a unit's staff keep their unit's, as they keep its dossiers (another unit's petition
is a 404, another unit's dossier unknown); inspectors and leaders read them; the lifecycle's rules are the
database's constraints, said in the same Vietnamese words by the model (the admin) and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from procedures.models import Petition
from tests.factories import local, make_api_key, make_dossier, make_petition, make_user

pytestmark = pytest.mark.django_db

BEFORE_RECEIPT = "Thời điểm này không được trước thời điểm tiếp nhận PAKN."
REFUSED_AND_FINISHED = "PAKN đã từ chối tiếp nhận thì không có thời điểm giải quyết xong."
OTHER_PROCEDURE = "Hồ sơ này thuộc thủ tục khác với thủ tục của PAKN."
PETITION = {
    "code": "PAKN-2025-0001",
    "department": "STTTT-VP",
    "procedure": "1.004227",
    "dossier": "HS-1",
    "category": "conduct",
    "received_at": "2025-03-05T08:30:00+07:00",
    "finished_at": "2025-03-12T16:00:00+07:00",
    "published_at": "2025-03-13T09:00:00+07:00",
    "rating": "dissatisfied",
}


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Token {make_api_key(user)}"})


@pytest.fixture
def hs1(province):
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))


def test_staff_record_a_petition_about_a_dossier_of_their_unit(lan_api, province, hs1):
    response = lan_api.post(reverse("api:petition-list"), PETITION, content_type="application/json")
    assert response.status_code == 201, response.json()
    petition = Petition.objects.get(code="PAKN-2025-0001")
    assert (petition.department, petition.dossier, petition.rating) == (
        province.stttt_office,
        hs1,
        Petition.Rating.DISSATISFIED,
    )
    assert response.json()["refused_at"] is None
    assert response.json()["finished_at"] == "2025-03-12T16:00:00+07:00"


def test_staff_of_another_unit_neither_see_nor_write_its_petitions(province, hs1):
    make_petition(province.stttt, code="PAKN-1")
    minh = token_client(province.staff_sxd)
    assert minh.get(reverse("api:petition-detail", args=["PAKN-1"])).status_code == 404
    changed = minh.patch(
        reverse("api:petition-detail", args=["PAKN-1"]),
        {"rating": "satisfied"},
        content_type="application/json",
    )
    assert changed.status_code == 404
    assert Petition.objects.get(code="PAKN-1").rating == ""
    assert minh.get(reverse("api:petition-list")).json()["count"] == 0
    refused = minh.post(reverse("api:petition-list"), PETITION, content_type="application/json")
    assert refused.json()["fields"] == {
        "department": ["Không có đơn vị mã “STTTT-VP” trong phạm vi của bạn."],
        "procedure": [refused.json()["fields"]["procedure"][0]],
        "dossier": ["Không có hồ sơ mã “HS-1” trong phạm vi của bạn."],
    }
    assert "1.004227" in refused.json()["fields"]["procedure"][0]
    assert not Petition.objects.filter(code="PAKN-2025-0001").exists()


@pytest.mark.parametrize("role", ["inspector", "leader"])
def test_inspectors_and_leaders_read_petitions_but_do_not_write_them(province, role):
    make_petition(province.stttt, code="PAKN-1")
    client = token_client(getattr(province, role))
    assert client.get(reverse("api:petition-detail", args=["PAKN-1"])).status_code == 200
    new = {**PETITION, "dossier": None}
    assert client.post(reverse("api:petition-list"), new, content_type="application/json").status_code == 403
    patched = client.patch(
        reverse("api:petition-detail", args=["PAKN-1"]),
        {"rating": "satisfied"},
        content_type="application/json",
    )
    assert patched.status_code == 403


def test_a_dossier_of_another_procedure_is_refused_by_the_api_and_the_model_in_the_same_words(province, hs1):
    # Someone who keeps both departments may name SXD's procedure and STTTT's dossier HS-1.
    both = make_user("lan2", departments=(province.stttt, province.sxd))
    response = token_client(both).post(
        reverse("api:petition-list"), {**PETITION, "procedure": "1.009972"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"dossier": [OTHER_PROCEDURE]}
    petition = Petition(
        code="PAKN-9",
        department=province.stttt,
        procedure=province.sxd_procedure,
        dossier=hs1,
        category=Petition.Category.REGULATION,
        received_at=local(2025, 3, 5),
    )
    with pytest.raises(ValidationError) as refused:
        petition.full_clean()
    assert refused.value.message_dict == {"dossier": [OTHER_PROCEDURE]}


def test_a_time_before_the_receipt_is_refused_next_to_its_field(lan_api, province, hs1):
    early = {**PETITION, "supplement_requested_at": "2025-03-04T10:00:00+07:00"}
    response = lan_api.post(reverse("api:petition-list"), early, content_type="application/json")
    assert response.json()["fields"] == {"supplement_requested_at": [BEFORE_RECEIPT]}
    petition = make_petition(province.stttt, code="PAKN-1", received_at=local(2025, 3, 5))
    changed = lan_api.patch(
        reverse("api:petition-detail", args=["PAKN-1"]),
        {"published_at": "2025-03-01T10:00:00+07:00"},
        content_type="application/json",
    )
    assert changed.json()["fields"] == {"published_at": [BEFORE_RECEIPT]}
    for name in ("refused_at", "supplement_requested_at", "finished_at", "published_at"):
        setattr(petition, name, local(2025, 3, 4))
        with pytest.raises(IntegrityError), transaction.atomic():
            petition.save()
        setattr(petition, name, None)


def test_a_petition_refused_is_never_also_finished(lan_api, province, hs1):
    both = {**PETITION, "refused_at": "2025-03-06T08:00:00+07:00"}
    response = lan_api.post(reverse("api:petition-list"), both, content_type="application/json")
    assert response.json()["fields"] == {"finished_at": [REFUSED_AND_FINISHED]}
    with pytest.raises(IntegrityError), transaction.atomic():
        make_petition(province.stttt, refused_at=local(2025, 3, 4), finished_at=local(2025, 3, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_petition(province.stttt, rating="neutral")


def test_petitions_are_listed_in_the_users_scope_newest_first_and_filtered(
    lan_api, province, django_assert_num_queries
):
    make_petition(province.stttt, code="PAKN-1", received_at=local(2025, 1, 10))
    make_petition(province.stttt_office, code="PAKN-2", received_at=local(2025, 2, 10), procedure=None)
    make_petition(province.stttt, code="PAKN-3", received_at=local(2025, 3, 10), category="conduct")
    make_petition(province.sxd, code="PAKN-SXD")
    url = reverse("api:petition-list")
    # The token and its use, Lan's departments and those below them (her scope), the count, and the page
    # of petitions with their units, procedures and dossiers.
    with django_assert_num_queries(6):
        rows = lan_api.get(url).json()["results"]
    assert [row["code"] for row in rows] == ["PAKN-3", "PAKN-2", "PAKN-1"]
    window = lan_api.get(url, {"received_from": "2025-02-01", "received_to": "2025-02-28"}).json()
    assert [row["code"] for row in window["results"]] == ["PAKN-2"]
    office = lan_api.get(url, {"department": "STTTT-VP"}).json()
    assert [row["code"] for row in office["results"]] == ["PAKN-2"]
    conduct = lan_api.get(url, {"category": "conduct"}).json()
    assert [row["code"] for row in conduct["results"]] == ["PAKN-3"]
    backwards = lan_api.get(url, {"received_from": "2025-03-01", "received_to": "2025-02-01"})
    assert backwards.json()["fields"] == {"received_to": ["Ngày kết thúc phải từ ngày bắt đầu trở về sau."]}


def test_the_admin_lists_petitions_and_refuses_a_time_before_the_receipt(client, province):
    admin = make_user("quantri", role="administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    make_petition(province.stttt, code="PAKN-1")
    assert "PAKN-1" in client.get(reverse("admin:procedures_petition_changelist")).content.decode()
    response = client.post(
        reverse("admin:procedures_petition_add"),
        {
            "code": "PAKN-2",
            "department": province.stttt.pk,
            "category": "regulation",
            "received_at_0": "05/03/2025",
            "received_at_1": "08:00",
            "finished_at_0": "04/03/2025",
            "finished_at_1": "08:00",
        },
    )
    assert response.status_code == 200
    assert BEFORE_RECEIPT in response.content.decode()
    assert not Petition.objects.filter(code="PAKN-2").exists()
