"""Text folded as people type it: one rule for what is stored and what is typed."""

import pytest

from cchc_portal.folding import fold
from departments.models import Department
from procedures.models import Dossier
from tests.factories import make_department, make_dossier


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Nguyễn Văn Thử", "nguyen van thu"),
        ("NGUYỄN  VĂN\tTHỬ ", "nguyen van thu"),
        ("Đặng Đình Đức", "dang dinh duc"),
        ("Sở Xây dựng", "so xay dung"),
        ("SO XAY DUNG", "so xay dung"),
        (
            "ắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ",
            "a" * 10 + "e" * 10 + "i" * 5 + "o" * 15 + "u" * 10 + "y" * 5,
        ),
        # The same name typed with its marks apart from its letters (decomposed), as some keyboards send it.
        ("Nguye\u0302\u0303n Thu\u031b\u0309", "nguyen thu"),
        ("STTTT-TTCNTT 1.010002", "stttt-ttcntt 1.010002"),
        ("", ""),
    ],
)
def test_text_is_folded_to_lower_case_without_diacritics(typed, folded):
    assert fold(typed) == folded


def test_a_saved_record_stores_its_folded_code_and_name_and_a_rename_refolds_it(province):
    unit = make_department("SNV", name="Sở Nội vụ")
    assert (
        Department.objects.filter(pk=unit.pk).values_list("search_text", flat=True).get() == "snv so noi vu"
    )
    unit.name = "Sở Nội vụ và Đào tạo"
    unit.save()
    stored = Department.objects.filter(pk=unit.pk).values_list("search_text", flat=True).get()
    assert stored == "snv so noi vu va dao tao"


def test_a_dossier_stores_its_folded_applicant(province):
    dossier = make_dossier(province.stttt_procedure, code="HS-Đ01", applicant="Trần Thị Ánh")
    stored = Dossier.objects.filter(pk=dossier.pk).values_list("search_text", flat=True).get()
    assert stored == "tran thi anh"
