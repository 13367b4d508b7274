"""What searches compare is written on every path: the workbook import (catalogue and dossiers), the bulk
writer's COPY of instances (demo data, province generator) and of columns (the import's new dossiers)."""

import pytest

from cchc_portal.bulk import stored_columns
from departments.models import Department
from procedures.models import CalendarDay, Dossier, Procedure
from procedures.writer import dossier_columns_insert, dossiers_insert
from tests.factories import local
from tests.procedures.test_import import good_sheets, run

pytestmark = pytest.mark.django_db


def stored(model, **key) -> str:
    return model.objects.filter(**key).values_list("search_text", flat=True).get()


def test_an_imported_workbook_is_found_by_what_is_typed_without_diacritics(province):
    assert run(good_sheets()).ok
    assert stored(Department, code="STTTT-BC") == "stttt-bc phong bao chi, xuat ban"
    assert stored(Procedure, code="1.000111") == "1.000111 cap giay phep in"
    assert list(Dossier.objects.search("PHONG BAO CHI").values_list("code", flat=True)) == ["HS-002"]
    found = Dossier.objects.search("cap giay phep in").order_by("code").values_list("code", flat=True)
    assert list(found) == ["HS-001"]


def test_a_procedure_renamed_by_an_import_is_found_by_its_new_name(province):
    assert run(good_sheets()).ok
    sheets = good_sheets()
    sheets["TTHC"][1][1] = "Cấp giấy phép hoạt động in"
    sheets["DonVi"][1][1] = "Phòng Báo chí"
    assert run(sheets).ok
    assert stored(Procedure, code="1.000111") == "1.000111 cap giay phep hoat dong in"
    assert stored(Department, code="STTTT-BC") == "stttt-bc phong bao chi"
    assert list(Procedure.objects.search("hoat dong in").values_list("code", flat=True)) == ["1.000111"]


def _new_dossier(province, code: str, applicant: str) -> Dossier:
    dossier = Dossier(
        code=code,
        procedure=province.stttt_procedure,
        department=province.stttt,
        channel=Dossier.Channel.DIRECT,
        received_at=local(2025, 3, 3),
        applicant=applicant,
    )
    dossier.fill_derived(CalendarDay.objects.working_calendar(), pauses=())
    return dossier


def test_dossiers_written_in_bulk_are_found_by_their_applicant_without_diacritics(province):
    dossiers_insert([_new_dossier(province, "HS-B1", "Nguyễn Văn Thử")], user=None, reason=None)
    columns = _new_dossier(province, "HS-B2", "Lê Thị Đào")
    # Given as columns, the text is the writer's to derive, whatever the caller left in it.
    row = {field.attname: getattr(columns, field.attname) for field in stored_columns(Dossier)}
    dossier_columns_insert([{**row, "search_text": ""}], user=None, reason="Nhập thử")
    assert stored(Dossier, code="HS-B1") == "nguyen van thu"
    assert stored(Dossier, code="HS-B2") == "le thi dao"
    assert list(Dossier.objects.search("nguyen van").values_list("code", flat=True)) == ["HS-B1"]
    assert list(Dossier.objects.search("LE THI DAO").values_list("code", flat=True)) == ["HS-B2"]
