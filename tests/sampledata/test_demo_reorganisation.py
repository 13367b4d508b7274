"""The demo province tells the 2025 reorganisation as it happened (spec/organisation.md, "Demo data")."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from departments.models import Department
from procedures.models import Dossier, Field, Procedure, Succession
from procedures.organisation import CURRENT, HISTORICAL, FieldSet, Share
from procedures.selectors import load_organisation
from reporting.form_06a import form_06a
from reporting.results import Period
from sampledata.demo_organisation import succession_errors

pytestmark = pytest.mark.django_db

MERGED, SPLIT_UP = date(2025, 3, 1), date(2025, 7, 1)
DISTRICT_FIELDS = [
    "Hoạt động xây dựng",
    "Lưu thông hàng hóa trong nước",
    "Thành lập và hoạt động của hộ kinh doanh",
]


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=StringIO())


def successions_of(code: str) -> dict[str, tuple[date, list[str]]]:
    return {
        s.successor.code: (s.effective_on, sorted(s.fields.values_list("name", flat=True)))
        for s in Succession.objects.filter(predecessor__code=code).select_related("successor")
    }


def test_the_departments_merged_on_1_march_2025_pass_their_fields_to_their_successors(demo):
    stttt = Department.objects.get(code="STTTT")
    assert (stttt.valid_from, stttt.valid_to) == (None, date(2025, 2, 28))
    # Its office, inspectorate, divisions and centre end with it.
    assert set(Department.objects.filter(parent=stttt).values_list("valid_to", flat=True)) == {
        date(2025, 2, 28)
    }
    assert successions_of("STTTT") == {
        "SKHCN": (MERGED, []),
        "SVHTTDL": (MERGED, ["Báo chí", "Xuất bản, In và Phát hành"]),
    }
    assert successions_of("STNMT") == successions_of("SNNPTNT") == {"SNNMT": (MERGED, [])}
    assert Department.objects.get(code="SNNMT").valid_from == MERGED
    assert successions_of("SLDTBXH") == {
        "SNV": (MERGED, []),
        "SYT": (MERGED, ["Bảo trợ xã hội"]),
        "SGDDT": (MERGED, ["Giáo dục nghề nghiệp"]),
    }
    for code in ("SKHCN", "SVHTTDL", "SNV", "SYT", "SGDDT"):
        assert Department.objects.get(code=code).valid_to is None
    # Every succession keeps the rules an administrator's would be held to.
    names = dict(Field.objects.values_list("pk", "name"))
    assert succession_errors(load_organisation(), names) == []


def test_the_districts_and_their_communes_end_on_30_june_2025_and_merge_into_fewer_communes(demo):
    districts = Department.objects.filter(kind=Department.Kind.DISTRICT)
    old = Department.objects.filter(kind=Department.Kind.COMMUNE, parent__kind=Department.Kind.DISTRICT)
    new = Department.objects.filter(kind=Department.Kind.COMMUNE, parent__isnull=True)
    assert set(districts.values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    assert set(old.values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    assert set(new.values_list("valid_from", "valid_to")) == {(SPLIT_UP, None)}
    assert (districts.count(), old.count(), new.count()) == (2, 7, 3)
    # Each old commune passes everything to the commune it merged into, each district to its seat's.
    for commune in old:
        assert [
            (s.successor.kind, s.successor.valid_from, s.fields.count()) for s in commune.successions.all()
        ] == [("commune", SPLIT_UP, 0)]
    assert successions_of("XA-TANPHU") == successions_of("XA-HOABINH") == {"XA-TANHOA": (SPLIT_UP, [])}
    assert successions_of("HUYEN-TANPHU") == {"XA-TANHOA": (SPLIT_UP, DISTRICT_FIELDS)}
    assert successions_of("HUYEN-LONGTHANH") == {"PHUONG-LONGTHANH": (SPLIT_UP, DISTRICT_FIELDS)}


def test_no_dossier_is_filed_or_received_under_a_unit_outside_its_dates(demo):
    dossiers = Dossier.objects.all()

    assert not dossiers.filter(department__valid_to__lt=F("received_on")).exists()
    assert not dossiers.filter(department__valid_from__gt=F("received_on")).exists()
    assert not dossiers.filter(receiving_unit__valid_to__lt=F("received_on")).exists()
    # The service centre takes dossiers in for the departments and resolves none.
    assert not dossiers.filter(department__kind=Department.Kind.SERVICE_CENTRE).exists()
    received = dossiers.filter(receiving_unit__kind=Department.Kind.SERVICE_CENTRE)
    assert received.count() > 500
    assert not received.exclude(procedure__level=Procedure.Level.PROVINCE).exists()
    # STTTT's flow goes on after it ended: press and publishing under SVHTTDL, the rest under SKHCN.
    stttt_procedures = Procedure.objects.filter(units__code="STTTT")
    after = dossiers.filter(procedure__in=stttt_procedures, received_on__gte=MERGED)
    press = Q(procedure__field__name__in=["Báo chí", "Xuất bản, In và Phát hành"])
    assert after.filter(press).exists() and after.exclude(press).exists()
    assert set(after.filter(press).values_list("department__path", flat=True)) <= set(
        Department.objects.filter(path__startswith="/SVHTTDL/").values_list("path", flat=True)
    )
    assert not after.exclude(press).exclude(department__path__startswith="/SKHCN/").exists()


def test_commune_level_procedures_are_one_catalogue_carried_out_by_the_communes_in_being(demo):
    communal = Procedure.objects.filter(level=Procedure.Level.COMMUNE)
    birth = communal.get(code="1.001193")
    assert (birth.name, birth.field.name) == ("Đăng ký khai sinh", "Hộ tịch")
    assert not Procedure.units.through.objects.filter(procedure__level__in=["commune", "district"]).exists()
    assert communal.count() == 17

    dossiers = Dossier.objects.filter(procedure__level=Procedure.Level.COMMUNE)
    assert not dossiers.exclude(department__kind=Department.Kind.COMMUNE).exists()
    before, after = dossiers.filter(received_on__lt=SPLIT_UP), dossiers.filter(received_on__gte=SPLIT_UP)
    assert set(before.values_list("department__parent__kind", flat=True)) == {"district"}
    assert set(after.values_list("department__parent", flat=True)) == {None}
    assert before.values("department").distinct().count() == 7
    assert after.values("department").distinct().count() == 3
    # District-level procedures: every district, until the districts ended.
    district = Dossier.objects.filter(procedure__level=Procedure.Level.DISTRICT)
    assert set(district.values_list("department__code", flat=True)) == {"HUYEN-TANPHU", "HUYEN-LONGTHANH"}
    assert not district.filter(received_on__gte=SPLIT_UP).exists()


def test_the_current_structure_adds_its_predecessors_records_to_skhcn_and_the_merged_communes(demo):
    """SKHCN's 2024 figures include STTTT's 2024 dossiers (but press and publishing) in the current structure,
    and only its own in the historical one."""
    organisation = load_organisation()
    units = {unit.code: unit.id for unit in organisation.units.values()}
    press = frozenset(
        Field.objects.filter(name__in=["Báo chí", "Xuất bản, In và Phát hành"]).values_list("pk", flat=True)
    )
    assert organisation.sources(units["SKHCN"]) == [Share(units["STTTT"], FieldSet(None, press))]
    assert organisation.sources(units["SVHTTDL"]) == [Share(units["STTTT"], FieldSet(press))]
    year = Dossier.objects.filter(received_on__year=2024)
    own = year.filter(department__path__startswith="/SKHCN/").count()
    inherited = (
        year.filter(department__path__startswith="/STTTT/").exclude(procedure__field__in=press).count()
    )
    assert own > 10 and inherited > 10
    # Biểu 06a of SKHCN for 2024 in each structure.
    skhcn, year_2024 = Department.objects.get(code="SKHCN"), Period(date(2024, 1, 1), date(2024, 12, 31))
    # (received_total adds the dossiers carried over from 2023 to those received in 2024)
    historical = form_06a(skhcn, year_2024, structure=HISTORICAL)[1].values["received_total"]
    current = form_06a(skhcn, year_2024, structure=CURRENT)[1].values["received_total"]
    assert own <= historical < own + 5
    assert current - historical >= inherited
    # The merged commune at the district's seat: its three communes' records as its own, and the district's
    # in the district's own fields only (not those of the communes that merged elsewhere).
    district_fields = frozenset(
        Field.objects.filter(procedures__level=Procedure.Level.DISTRICT).values_list("pk", flat=True)
    )
    # Its two old communes pass all their records themselves, so the district's share leaves them out.
    sources = {
        organisation.units[s].code: (fields, sorted(organisation.units[pk].code for pk, _f in away))
        for s, fields, away in organisation.sources(units["XA-TANHOA"])
    }
    assert sources["XA-TANPHU"] == sources["XA-HOABINH"] == (FieldSet(), [])
    assert sources["HUYEN-TANPHU"][0] == FieldSet(district_fields)
    assert {"XA-TANPHU", "XA-HOABINH"} <= set(sources["HUYEN-TANPHU"][1])
    assert set(sources) == {"HUYEN-TANPHU", "XA-TANPHU", "XA-HOABINH"}
