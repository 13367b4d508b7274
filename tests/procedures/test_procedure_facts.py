"""A procedure's facts for the national index: the spec's defaults where none is given, the rule that
only a procedure with fees has them paid online (the database's constraint, said in the same words by the
form, the admin and the API), and the facts on the procedure's page."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from procedures.forms import ProcedureModelForm
from procedures.models import Procedure
from tests.factories import make_procedure, make_user

pytestmark = pytest.mark.django_db

FEES_MESSAGE = "Chỉ thủ tục có phí, lệ phí mới tích hợp thanh toán trực tuyến phí, lệ phí."


def _form_data(province, **facts) -> dict:
    return {
        "code": "1.004227",
        "name": "Cấp giấy phép xuất bản bản tin",
        "field": province.stttt_procedure.field_id,
        "level": "province",
        "units": [province.stttt.pk],
        "statutory_days": "5",
        "online_level": "3",
        **facts,
    }


def test_a_procedure_whose_facts_are_not_given_takes_the_specs_defaults(province):
    procedure = Procedure.objects.get(code="1.004227")
    assert (procedure.requires_paper_result, procedure.serves_citizens) == (True, True)
    assert (procedure.has_fees, procedure.fees_integrated, procedure.fully_online_eligible) == (
        False,
        False,
        False,
    )
    assert procedure.published_complete is None


def test_the_database_refuses_fees_paid_online_for_a_procedure_without_fees(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procedure(province.stttt, fees_integrated=True)
    make_procedure(province.stttt, has_fees=True, fees_integrated=True)


def test_the_model_says_why_in_vietnamese_next_to_the_field(province):
    procedure = province.stttt_procedure
    procedure.fees_integrated = True
    with pytest.raises(ValidationError) as refused:
        procedure.full_clean()
    assert refused.value.message_dict == {"fees_integrated": [FEES_MESSAGE]}
    # The constraint itself carries the words, for a path that checks constraints only.
    with pytest.raises(ValidationError) as refused:
        procedure.validate_constraints()
    assert refused.value.messages == [FEES_MESSAGE]


def test_the_procedure_form_shared_by_the_page_and_the_admin_refuses_with_the_same_words(province):
    form = ProcedureModelForm(
        data=_form_data(province, fees_integrated="on"), instance=province.stttt_procedure
    )
    assert not form.is_valid()
    assert form.errors == {"fees_integrated": [FEES_MESSAGE]}


def test_staff_record_the_facts_on_the_procedure_page_and_read_them_there(lan, province):
    url = reverse("procedures:procedure_edit", kwargs={"code": "1.004227"})
    refused = lan.post(url, _form_data(province, fees_integrated="on"))
    assert FEES_MESSAGE in refused.content.decode()
    data = _form_data(
        province,
        has_fees="on",
        fees_integrated="on",
        fully_online_eligible="on",
        published_complete="true",
    )
    assert lan.post(url, data).status_code == 302
    procedure = Procedure.objects.get(code="1.004227")
    # Unticked boxes are a "no": the paper result and the citizens were not ticked.
    assert (procedure.has_fees, procedure.fees_integrated, procedure.fully_online_eligible) == (
        True,
        True,
        True,
    )
    assert (procedure.requires_paper_result, procedure.serves_citizens) == (False, False)
    assert procedure.published_complete is True
    page = lan.get(reverse("procedures:procedure_detail", kwargs={"code": "1.004227"})).content.decode()
    assert "Có (đã tích hợp thanh toán trực tuyến)" in page


def test_the_page_says_unknown_where_the_publications_completeness_is_not_known(lan, province):
    page = lan.get(reverse("procedures:procedure_detail", kwargs={"code": "1.004227"})).content.decode()
    assert 'Công khai đủ 7 bộ phận trên CSDL quốc gia</dt><dd class="col-sm-8">Chưa rõ' in page


def test_the_admin_refuses_fees_paid_online_without_fees(client, province):
    admin = make_user("quantri", role="administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    ContentType.objects.get_for_model(Procedure)
    response = client.post(
        reverse("admin:procedures_procedure_change", args=[province.stttt_procedure.pk]),
        _form_data(province, fees_integrated="on"),
    )
    assert response.status_code == 200
    assert FEES_MESSAGE in response.content.decode()


def test_the_api_reads_and_writes_the_facts_and_refuses_fees_online_without_fees(lan_api, province):
    url = reverse("api:procedure-detail", args=["1.004227"])
    payload = lan_api.get(url).json()
    assert {key: payload[key] for key in ("has_fees", "requires_paper_result", "published_complete")} == {
        "has_fees": False,
        "requires_paper_result": True,
        "published_complete": None,
    }
    refused = lan_api.patch(url, {"fees_integrated": True}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"fees_integrated": [FEES_MESSAGE]}
    changed = lan_api.patch(
        url,
        {"has_fees": True, "fees_integrated": True, "published_complete": False},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["fees_integrated"], changed.json()["published_complete"]) == (True, False)
    # Dropping the fees of a procedure whose fees are paid online is refused too.
    dropped = lan_api.patch(url, {"has_fees": False}, content_type="application/json")
    assert dropped.json()["fields"] == {"fees_integrated": [FEES_MESSAGE]}
