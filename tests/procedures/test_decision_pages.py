"""The publication decision pages: the province's decisions, read by everyone and written with their
procedures (one line each) by inspectors and administrators; a bad save says what is wrong by the line's
field and writes nothing."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from procedures.models import PublicationDecision, PublicationItem
from tests.factories import make_publication

pytestmark = pytest.mark.django_db

TWICE = "Thủ tục này đã có trong quyết định công bố."


@pytest.fixture
def hung(client, province):
    client.force_login(province.inspector)
    return client


LINE = ("procedure", "kind", "basis_effective_on", "published_on")


def lines(*rows: dict, initial: int = 0, extra: int = 2) -> dict:
    """The formset as a browser posts it: the given lines, then `extra` blank ones, every field of a line
    sent (an unticked box is not)."""
    data = {
        "items-TOTAL_FORMS": str(len(rows) + extra),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*rows, *[{}] * extra]):
        data.update({f"items-{index}-{name}": row.get(name, "") for name in LINE})
        if "DELETE" in row:
            data[f"items-{index}-DELETE"] = row["DELETE"]
    return data


def decision_data(*rows: dict, initial: int = 0, **fields) -> dict:
    return {
        "number": "1234/QĐ-UBND",
        "decided_on": "10/03/2025",
        "note": "Công bố TTHC lĩnh vực xuất bản",
        **fields,
        **lines(*rows, initial=initial),
    }


AMENDED = {"procedure": "1.004227", "kind": "amended", "basis_effective_on": "01/03/2025"}
ADDED = {
    "procedure": "1.009972",
    "kind": "added",
    "basis_effective_on": "01/04/2025",
    "published_on": "20/03/2025",
}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_inspector_adds_a_decision_with_its_procedures_and_the_message_counts_them(hung, province):
    response = hung.post(reverse("procedures:decision_create"), decision_data(AMENDED, ADDED))
    decision = PublicationDecision.objects.get(number="1234/QĐ-UBND")
    assert response.status_code == 302
    assert response.url == reverse("procedures:decision_detail", kwargs={"pk": decision.pk})
    assert messages_of(response) == ["Đã lưu quyết định công bố 1234/QĐ-UBND với 2 thủ tục."]
    items = {item.procedure.code: item for item in decision.items.all()}
    assert (items["1.004227"].kind, items["1.004227"].published_on) == ("amended", None)
    assert items["1.009972"].published_on == date(2025, 3, 20)


def test_an_edit_keeps_the_lines_left_alone_drops_the_ticked_ones_and_adds_the_new(
    hung, province, django_assert_num_queries
):
    decision = make_publication(province.stttt_procedure, province.sxd_procedure, number="1/QĐ-UBND")
    page = hung.get(reverse("procedures:decision_edit", kwargs={"pk": decision.pk})).content.decode()
    assert 'value="1.004227"' in page and 'value="1.009972"' in page
    other = {"procedure": "1.009972", "kind": "added", "basis_effective_on": "01/03/2025", "DELETE": "on"}
    kept = {"procedure": "1.004227", "kind": "added", "basis_effective_on": "01/03/2025"}
    data = decision_data(kept, other, initial=2, number="1/QĐ-UBND", decided_on="01/03/2025")
    # The session, the user, the decision and its procedures; the number unique, the two procedures typed;
    # a savepoint and its release around the update and its history row, the two items read, deleted and
    # their two history rows, the kept item and its history row.
    with django_assert_num_queries(17):
        response = hung.post(reverse("procedures:decision_edit", kwargs={"pk": decision.pk}), data)
    assert messages_of(response) == ["Đã lưu quyết định công bố 1/QĐ-UBND với 1 thủ tục."]
    assert list(decision.items.values_list("procedure__code", flat=True)) == ["1.004227"]


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (decision_data(AMENDED, AMENDED), ("items", 1, "procedure"), TWICE),
        (
            decision_data({**AMENDED, "procedure": "9.999999"}),
            ("items", 0, "procedure"),
            "Không có thủ tục mã “9.999999”.",
        ),
        (decision_data(AMENDED, number="1/QĐ-UBND"), ("form", "number"), "Đã có quyết định công bố số này."),
        (
            decision_data({**AMENDED, "basis_effective_on": "32/13/2025"}),
            ("items", 0, "basis_effective_on"),
            None,
        ),
    ],
    ids=["procedure-twice", "unknown-procedure", "number-taken", "not-a-date"],
)
def test_a_bad_decision_is_refused_by_its_field_and_nothing_is_written(hung, province, data, where, message):
    make_publication(number="1/QĐ-UBND")
    response = hung.post(reverse("procedures:decision_create"), data)
    assert response.status_code == 200
    if where[0] == "items":
        errors = response.context["formset"].forms[where[1]].errors[where[2]]
    else:
        errors = response.context["form"].errors[where[1]]
    if message:
        assert errors == [message]
        assert message in response.content.decode()
    assert list(PublicationDecision.objects.values_list("number", flat=True)) == ["1/QĐ-UBND"]
    assert not PublicationItem.objects.exists()


@pytest.mark.parametrize("role", ["staff_stttt", "staff_sxd", "leader"])
def test_everyone_else_reads_decisions_without_an_edit_button_and_may_not_post(client, province, role):
    decision = make_publication(province.stttt_procedure, number="1/QĐ-UBND")
    client.force_login(getattr(province, role))
    detail = client.get(reverse("procedures:decision_detail", kwargs={"pk": decision.pk}))
    assert detail.status_code == 200
    assert "Sửa quyết định" not in detail.content.decode()
    assert "Thêm quyết định" not in client.get(reverse("procedures:decision_list")).content.decode()
    edit = reverse("procedures:decision_edit", kwargs={"pk": decision.pk})
    assert client.post(edit, decision_data(ADDED, number="2/QĐ-UBND")).status_code == 403
    assert client.post(reverse("procedures:decision_create"), decision_data(ADDED)).status_code == 403
    assert list(PublicationDecision.objects.values_list("number", flat=True)) == ["1/QĐ-UBND"]
    assert list(PublicationItem.objects.values_list("procedure__code", flat=True)) == ["1.004227"]


@pytest.fixture
def decisions(province):
    return [
        make_publication(province.stttt_procedure, province.sxd_procedure, number="1/QĐ-UBND"),
        make_publication(province.sxd_procedure, number="7/QĐ-UBND", decided_on=date(2024, 6, 1)),
        make_publication(number="9/QĐ-UBND", decided_on=date(2025, 8, 1)),
    ]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, [("9/QĐ-UBND", 0), ("1/QĐ-UBND", 2), ("7/QĐ-UBND", 1)]),
        ({"year": "2024"}, [("7/QĐ-UBND", 1)]),
        ({"procedure": "1.009972"}, [("1/QĐ-UBND", 2), ("7/QĐ-UBND", 1)]),
        ({"year": "2025", "procedure": "1.004227"}, [("1/QĐ-UBND", 2)]),
    ],
)
def test_the_list_shows_each_decision_with_its_count_of_procedures_filtered(
    client, province, decisions, query, shown
):
    client.force_login(province.staff_sxd)
    response = client.get(reverse("procedures:decision_list"), query)
    assert [(d.number, d.procedure_count) for d in response.context["page"].object_list] == shown


def test_a_new_decisions_blank_lines_have_no_kind_chosen(hung):
    page = hung.get(reverse("procedures:decision_create")).content.decode()
    assert page.count('<option value="" selected>—</option>') == 5


def test_the_list_and_a_decisions_page_cost_a_fixed_number_of_queries(
    hung, decisions, django_assert_num_queries
):
    # The session, the user, the years decided in (the year filter's choices), the count, the page of
    # decisions with their counts of procedures.
    with django_assert_num_queries(5):
        page = hung.get(reverse("procedures:decision_list")).content.decode()
    assert '<option value="2024">2024</option>' in page and "Thêm quyết định" in page
    # The session, the user, the decision, its procedures, its history (Hùng, an inspector, sees it).
    with django_assert_num_queries(5):
        page = hung.get(
            reverse("procedures:decision_detail", kwargs={"pk": decisions[0].pk})
        ).content.decode()
    assert "Cấp giấy phép xây dựng" in page and "Thêm mới" in page and "01/03/2025" in page
    assert "Chưa công khai" in page and "Sửa quyết định" in page and "Lịch sử thay đổi" in page


def test_a_procedures_page_links_to_the_decisions_naming_it(client, province, decisions):
    client.force_login(province.staff_stttt)
    page = client.get(reverse("procedures:procedure_detail", kwargs={"code": "1.004227"})).content.decode()
    link = f"{reverse('procedures:decision_list')}?procedure=1.004227"
    assert link in page
    listed = client.get(link).context["page"].object_list
    assert [decision.number for decision in listed] == ["1/QĐ-UBND"]
