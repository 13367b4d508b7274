import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from departments.models import Department
from tests.factories import make_department

pytestmark = pytest.mark.django_db


def test_subtree_is_the_department_and_all_its_descendants_in_one_query(django_assert_num_queries):
    root = make_department("SYT")
    division = make_department("SYT-VP", parent=root)
    unit = make_department("SYT-TT", parent=division)
    make_department("SXD")
    with django_assert_num_queries(1):
        codes = [department.code for department in Department.objects.subtree_of(root)]
    assert codes == ["SYT", "SYT-VP", "SYT-TT"]
    assert unit.ancestor_codes == ["SYT", "SYT-VP"]


def test_moving_a_department_moves_its_whole_subtree():
    old_parent, new_parent = make_department("A"), make_department("B")
    child = make_department("C", parent=old_parent)
    grandchild = make_department("D", parent=child)
    child.parent = new_parent
    child.save()
    grandchild.refresh_from_db()
    assert grandchild.path == "/B/C/D/"
    assert list(Department.objects.subtree_of(new_parent).values_list("code", flat=True)) == ["B", "C", "D"]


def test_a_department_cannot_be_moved_below_itself():
    parent = make_department("A")
    child = make_department("C", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.clean()
    with pytest.raises(ValidationError):
        parent.save()


def test_duplicate_department_code_is_refused():
    make_department("STP")
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="STP", name="Sở Tư pháp (trùng)")


def test_department_code_with_spaces_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="S TP", name="Sở Tư pháp")


def test_codes_differing_only_in_case_are_refused():
    make_department("STTTT")
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="stttt", name="Trùng mã khác chữ hoa")
