"""The petition (PAKN) pages: staff of a unit keep its petitions, as on the API; everyone who sees the
unit reads them; another unit's staff find nothing (404); a bad save says the model's words by the field
and writes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from procedures.models import Petition
from tests.factories import local, make_dossier, make_petition, make_procedure

pytestmark = pytest.mark.django_db

BEFORE_RECEIPT = "Thời điểm này không được trước thời điểm tiếp nhận PAKN."
REFUSED_AND_FINISHED = "PAKN đã từ chối tiếp nhận thì không có thời điểm giải quyết xong."
OTHER_PROCEDURE = "Hồ sơ này thuộc thủ tục khác với thủ tục của PAKN."


@pytest.fixture
def hs1(province):
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))


def form_data(province, **fields) -> dict:
    return {
        "code": "PAKN-12",
        "department": province.stttt_office.pk,
        "procedure": "1.004227",
        "dossier": "HS-1",
        "category": "conduct",
        "received_at": "05/03/2025 08:30",
        "finished_at": "12/03/2025 16:00",
        "rating": "dissatisfied",
        **fields,
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_staff_add_a_petition_about_a_dossier_and_the_message_names_it(lan, province, hs1):
    response = lan.post(reverse("procedures:petition_create"), form_data(province))
    assert response.status_code == 302
    assert response.url == reverse("procedures:petition_detail", kwargs={"code": "PAKN-12"})
    assert messages_of(response) == ["Đã thêm phản ánh PAKN-12."]
    petition = Petition.objects.get(code="PAKN-12")
    assert (petition.department, petition.dossier, petition.finished_at) == (
        province.stttt_office,
        hs1,
        local(2025, 3, 12, 16),
    )
    assert petition.history.count() == 1


def test_staff_change_their_units_petition_and_the_message_says_what_was_saved(
    lan, province, hs1, django_assert_num_queries
):
    make_petition(province.stttt, code="PAKN-12", procedure=province.stttt_procedure, dossier=hs1)
    edit = reverse("procedures:petition_edit", kwargs={"code": "PAKN-12"})
    # The session, the user, Lan's departments and the petition; her departments again for each list to
    # choose from (units, procedures, dossiers), the units and the procedures listed.
    with django_assert_num_queries(9):
        page = lan.get(edit).content.decode()
    # The procedure and dossier are shown by their codes, as they are typed.
    assert 'value="HS-1"' in page
    assert '<option value="1.004227" selected>' in page
    data = form_data(province, department=province.stttt.pk, refused_at="06/03/2025 10:00", finished_at="")
    # The seven of the page less its two lists, the unit, procedure and dossier chosen; the model's checks
    # (Django's full_clean, as in the admin): the three exist, its eight constraints (each a query in a
    # savepoint, three statements), its code unique; the update and its history row in a savepoint.
    with django_assert_num_queries(42):
        response = lan.post(edit, data)
    assert messages_of(response) == ["Đã lưu phản ánh PAKN-12."]
    petition = Petition.objects.get(code="PAKN-12")
    assert (petition.refused_at, petition.finished_at) == (local(2025, 3, 6, 10), None)
    detail = lan.get(response.url).content.decode()
    assert "Từ chối" in detail and "Sở Thông tin và Truyền thông" in detail


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"finished_at": "04/03/2025 16:00"}, "finished_at", BEFORE_RECEIPT),
        ({"refused_at": "06/03/2025 10:00"}, "finished_at", REFUSED_AND_FINISHED),
        ({"procedure": "2.000001"}, "dossier", OTHER_PROCEDURE),
        ({"dossier": "HS-SXD"}, "dossier", "Không có hồ sơ mã “HS-SXD” trong phạm vi của bạn."),
        ({"received_at": "hôm qua"}, "received_at", None),
    ],
    ids=["before-receipt", "refused-and-finished", "other-procedure", "other-units-dossier", "not-a-time"],
)
def test_a_bad_petition_is_refused_by_its_field_in_the_models_words_and_nothing_is_written(
    lan, province, hs1, fields, field, message
):
    make_dossier(province.sxd_procedure, code="HS-SXD")
    make_procedure(province.stttt, code="2.000001", name="Thủ tục khác của Sở", statutory_days=5)
    response = lan.post(reverse("procedures:petition_create"), form_data(province, **fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
        assert message in response.content.decode()
    assert not Petition.objects.exists()


def test_staff_of_another_unit_find_neither_its_petitions_nor_a_way_to_change_them(client, province, hs1):
    make_petition(province.stttt, code="PAKN-1", dossier=hs1, procedure=province.stttt_procedure)
    client.force_login(province.staff_sxd)
    for name in ("procedures:petition_detail", "procedures:petition_edit"):
        assert client.get(reverse(name, kwargs={"code": "PAKN-1"})).status_code == 404
    response = client.post(
        reverse("procedures:petition_edit", kwargs={"code": "PAKN-1"}), form_data(province, code="PAKN-1")
    )
    assert response.status_code == 404
    assert "PAKN-1" not in client.get(reverse("procedures:petition_list")).content.decode()
    assert Petition.objects.get(code="PAKN-1").category == Petition.Category.REGULATION


@pytest.mark.parametrize("role", ["leader", "inspector"])
def test_leaders_and_inspectors_read_petitions_without_an_edit_button_and_may_not_post(
    client, province, hs1, role
):
    make_petition(province.stttt, code="PAKN-1")
    client.force_login(getattr(province, role))
    detail = client.get(reverse("procedures:petition_detail", kwargs={"code": "PAKN-1"}))
    assert detail.status_code == 200
    assert "Sửa PAKN" not in detail.content.decode()
    # Inspectors read who changed it (the audit trail); leaders do not.
    assert ("Lịch sử thay đổi" in detail.content.decode()) == (role == "inspector")
    assert "Thêm PAKN" not in client.get(reverse("procedures:petition_list")).content.decode()
    edit = reverse("procedures:petition_edit", kwargs={"code": "PAKN-1"})
    assert client.post(edit, form_data(province, code="PAKN-1")).status_code == 403
    assert client.post(reverse("procedures:petition_create"), form_data(province)).status_code == 403
    assert list(Petition.objects.values_list("code", "category")) == [("PAKN-1", "regulation")]


@pytest.fixture
def petitions(province, hs1):
    return [
        make_petition(province.stttt_office, code="PAKN-A", procedure=province.stttt_procedure),
        make_petition(
            province.stttt,
            code="PAKN-B",
            category=Petition.Category.CONDUCT,
            received_at=local(2025, 4, 2),
            finished_at=local(2025, 4, 9),
        ),
        make_petition(
            province.stttt, code="PAKN-C", received_at=local(2025, 5, 6), refused_at=local(2025, 5, 7)
        ),
        make_petition(province.sxd, code="PAKN-SXD"),
    ]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, ["PAKN-C", "PAKN-B", "PAKN-A"]),
        ({"department": "STTTT-VP"}, ["PAKN-A"]),
        ({"category": "conduct"}, ["PAKN-B"]),
        ({"status": "in_progress"}, ["PAKN-A"]),
        ({"status": "resolved"}, ["PAKN-B"]),
        ({"status": "refused"}, ["PAKN-C"]),
        ({"received_from": "01/04/2025", "received_to": "30/04/2025"}, ["PAKN-B"]),
        ({"procedure": "1.004227"}, ["PAKN-A"]),
        ({"department": "SXD"}, []),
    ],
)
def test_the_list_shows_the_users_petitions_newest_first_filtered(lan, petitions, query, shown):
    response = lan.get(reverse("procedures:petition_list"), query)
    assert [p.code for p in response.context["page"].object_list] == shown
    # Another unit is not among Lan's choices: said by the field, with an empty list.
    assert bool(response.context["filter"].errors) == (query.get("department") == "SXD")


def test_the_list_names_the_unit_and_procedure_and_the_status_in_words(
    lan, petitions, django_assert_num_queries
):
    # The session, the user, Lan's departments (for the petitions, then for the unit filter's choices),
    # the count, the page of petitions with their units and procedures, the unit filter's choices.
    with django_assert_num_queries(7):
        page = lan.get(reverse("procedures:petition_list")).content.decode()
    assert "Văn phòng Sở" in page and "Cấp giấy phép xuất bản bản tin" in page
    assert "Đang xử lý" in page and "Đã xử lý" in page and "Từ chối" in page
    assert "Thêm PAKN" in page


def test_a_wrong_received_period_is_said_by_its_field_with_an_empty_list(lan, petitions):
    response = lan.get(
        reverse("procedures:petition_list"), {"received_from": "30/04/2025", "received_to": "01/04/2025"}
    )
    assert response.context["filter"].errors["received_to"] == [
        "Ngày kết thúc phải từ ngày bắt đầu trở về sau."
    ]
    assert list(response.context["page"].object_list) == []


def test_the_detail_page_reads_the_petition_in_one_query_after_the_users_scope(
    lan, petitions, django_assert_num_queries
):
    # The session, the user, Lan's departments, the petition with its unit, procedure and dossier.
    with django_assert_num_queries(4):
        page = lan.get(reverse("procedures:petition_detail", kwargs={"code": "PAKN-A"})).content.decode()
    assert "Sửa PAKN" in page and "Đang xử lý" in page


def test_a_dossiers_page_links_to_its_petitions(lan, province, hs1):
    make_petition(province.stttt, code="PAKN-HS1", dossier=hs1, procedure=province.stttt_procedure)
    page = lan.get(reverse("procedures:dossier_detail", kwargs={"code": "HS-1"})).content.decode()
    assert reverse("procedures:petition_detail", kwargs={"code": "PAKN-HS1"}) in page
