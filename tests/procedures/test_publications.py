"""Publication decisions (quyết định công bố): the province's, so read by everyone and written by
inspectors and administrators; each procedure once per decision, refused in Vietnamese by the API and by
the database; filtered by the decision's date."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from procedures.models import PublicationDecision, PublicationItem
from tests.factories import make_api_key, make_publication, make_user

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "1234/QĐ-UBND",
    "decided_on": "2025-03-10",
    "note": "Công bố TTHC lĩnh vực xuất bản",
    "items": [
        {"procedure": "1.004227", "kind": "amended", "basis_effective_on": "2025-03-01"},
        {
            "procedure": "1.009972",
            "kind": "added",
            "basis_effective_on": "2025-04-01",
            "published_on": "2025-03-20",
        },
    ],
}


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Token {make_api_key(user)}"})


@pytest.fixture
def hung(province) -> Client:
    return token_client(province.inspector)


def test_an_inspector_publishes_a_decision_with_its_procedures(hung, province):
    response = hung.post(reverse("api:publication-decision-list"), DECISION, content_type="application/json")
    assert response.status_code == 201, response.json()
    decision = PublicationDecision.objects.get(number="1234/QĐ-UBND")
    assert response.json()["id"] == decision.pk
    items = {item.procedure.code: item for item in decision.items.all()}
    assert items["1.004227"].kind == PublicationItem.Kind.AMENDED
    assert items["1.004227"].published_on is None
    assert items["1.009972"].published_on == date(2025, 3, 20)
    assert response.json()["items"][0]["procedure_name"] == "Cấp giấy phép xuất bản bản tin"


@pytest.mark.parametrize("role", ["staff_stttt", "leader"])
def test_staff_and_leaders_read_decisions_but_may_not_write_them(province, role):
    make_publication(province.stttt_procedure, number="1/QĐ-UBND")
    client = token_client(getattr(province, role))
    assert client.get(reverse("api:publication-decision-list")).json()["count"] == 1
    response = client.post(
        reverse("api:publication-decision-list"), DECISION, content_type="application/json"
    )
    assert response.status_code == 403
    assert not PublicationDecision.objects.filter(number="1234/QĐ-UBND").exists()


def test_a_procedure_twice_in_one_decision_is_refused_by_the_api_and_the_database(hung, province):
    twice = {**DECISION, "items": [DECISION["items"][0], {**DECISION["items"][0], "kind": "repealed"}]}
    response = hung.post(reverse("api:publication-decision-list"), twice, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"items": ["1.004227: Thủ tục này đã có trong quyết định công bố."]}
    assert not PublicationDecision.objects.exists()
    decision = make_publication(province.stttt_procedure)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationItem.objects.create(
            decision=decision,
            procedure=province.stttt_procedure,
            kind=PublicationItem.Kind.REPEALED,
            basis_effective_on=date(2025, 3, 1),
        )


def test_a_second_decision_with_the_same_number_or_an_unknown_procedure_is_refused(hung, province):
    make_publication(province.stttt_procedure, number="1234/QĐ-UBND")
    unknown = {**DECISION, "items": [{**DECISION["items"][0], "procedure": "1.999999"}]}
    response = hung.post(reverse("api:publication-decision-list"), unknown, content_type="application/json")
    assert response.json()["fields"] == {
        "number": ["Đã có quyết định công bố số này."],
        # The API's error shape names an item by its place in the list.
        "items": {"0": {"procedure": ["Không có thủ tục mã “1.999999”."]}},
    }


def test_sent_items_replace_the_decisions_items_and_a_change_without_them_keeps_them(hung, province):
    decision = make_publication(province.stttt_procedure, province.sxd_procedure, number="7/QĐ-UBND")
    url = reverse("api:publication-decision-detail", args=[decision.pk])
    renamed = hung.patch(url, {"note": "Đính chính"}, content_type="application/json")
    assert renamed.status_code == 200
    assert decision.items.count() == 2
    one = {**DECISION, "number": "7/QĐ-UBND", "items": [DECISION["items"][1]]}
    assert hung.put(url, one, content_type="application/json").status_code == 200
    assert [item.procedure.code for item in decision.items.all()] == ["1.009972"]
    assert decision.items.get().published_on == date(2025, 3, 20)


def test_decisions_are_listed_newest_first_and_filtered_by_their_date(province, django_assert_num_queries):
    make_publication(province.stttt_procedure, number="1/QĐ-UBND", decided_on=date(2025, 1, 15))
    make_publication(province.sxd_procedure, number="2/QĐ-UBND", decided_on=date(2025, 2, 15))
    make_publication(
        province.stttt_procedure, province.sxd_procedure, number="3/QĐ-UBND", decided_on=date(2025, 3, 15)
    )
    lan = token_client(province.staff_stttt)
    url = reverse("api:publication-decision-list")
    # The token and its use (decisions are read by everyone: no scope), the count, the page of
    # decisions, and their items with their procedures.
    with django_assert_num_queries(5):
        rows = lan.get(url).json()["results"]
    assert [row["number"] for row in rows] == ["3/QĐ-UBND", "2/QĐ-UBND", "1/QĐ-UBND"]
    assert [item["procedure"] for item in rows[0]["items"]] == ["1.004227", "1.009972"]
    window = lan.get(url, {"decided_from": "2025-02-01", "decided_to": "2025-02-28"}).json()["results"]
    assert [row["number"] for row in window] == ["2/QĐ-UBND"]
    by_procedure = lan.get(url, {"procedure": "1.009972"}).json()["results"]
    assert [row["number"] for row in by_procedure] == ["3/QĐ-UBND", "2/QĐ-UBND"]
    refused = lan.get(url, {"decided_from": "15/02/2025"})
    assert refused.json()["fields"] == {"decided_from": ["Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-03-31."]}


def test_the_admin_shows_a_decision_with_its_procedures_inline(client, province):
    admin = make_user("quantri", role="administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    decision = make_publication(province.stttt_procedure, number="9/QĐ-UBND")
    page = client.get(reverse("admin:procedures_publicationdecision_change", args=[decision.pk]))
    assert page.status_code == 200
    assert "Cấp giấy phép xuất bản bản tin" in page.content.decode()


def test_the_schema_lists_the_decisions_and_petitions_endpoints(province):
    schema = token_client(province.leader).get(reverse("api_schema"), {"format": "json"}).json()
    assert {
        "/api/v1/publication-decisions/",
        "/api/v1/publication-decisions/{id}/",
        "/api/v1/petitions/",
        "/api/v1/petitions/{code}/",
    } <= set(schema["paths"])
    assert {"post", "get"} <= set(schema["paths"]["/api/v1/publication-decisions/"])
    assert {"put", "patch", "get"} <= set(schema["paths"]["/api/v1/petitions/{code}/"])
