"""The 2025 merger as the pages show it, built on the suite's province (tests/conftest.py).

Sở Thông tin và Truyền thông (STTTT, with its office) ends on 28/02/2025 and passes every field to Sở
Khoa học và Công nghệ (SKHCN), which began on 01/03/2025 with its own procedure. STTTT resolved two
dossiers in 2024; SKHCN resolved one in 2025, received for it by the provincial service centre
(TTPVHCC). Thu works for SKHCN. STTTT's open recommendation and unfinished inspection follow it to SKHCN."""

from dataclasses import dataclass
from datetime import date

from accounts.models import User
from departments.models import Department
from inspections import services as inspection_services
from inspections.models import Inspection, InspectionPlan, Recommendation
from procedures.models import Dossier
from tests.factories import local, make_department, make_dossier, make_procedure, make_succession, make_user

ENDED = date(2025, 2, 28)


@dataclass
class Merger:
    stttt: Department
    skhcn: Department
    centre: Department
    staff_skhcn: User


def merge_stttt_into_skhcn(province) -> Merger:
    Department.objects.filter(pk__in=[province.stttt.pk, province.stttt_office.pk]).update(
        valid_from=date(2019, 1, 1), valid_to=ENDED
    )
    stttt = Department.objects.get(pk=province.stttt.pk)
    skhcn = make_department("SKHCN", name="Sở Khoa học và Công nghệ", valid_from=date(2025, 3, 1))
    centre = make_department(
        "TTPVHCC", name="Trung tâm Phục vụ hành chính công", kind=Department.Kind.SERVICE_CENTRE
    )
    make_succession(stttt, skhcn)
    procedure = make_procedure(skhcn, code="2.000001", name="Cấp giấy chứng nhận tổ chức khoa học")
    for code, day in (("TT-2024-A", 6), ("TT-2024-B", 7)):
        make_dossier(
            province.stttt_procedure,
            code=code,
            department=stttt,
            received_at=local(2024, 5, day),
            finished_at=local(2024, 5, day + 1),
            channel=Dossier.Channel.ONLINE,
        )
    make_dossier(
        procedure,
        code="KH-2025",
        received_at=local(2025, 4, 1),
        finished_at=local(2025, 4, 2),
        receiving_unit=centre,
    )
    return Merger(stttt, skhcn, centre, make_user("thu", departments=(skhcn,)))


def open_work_of_stttt(province, merger: Merger) -> tuple[Inspection, Recommendation]:
    """A 2024 inspection of STTTT concluded with an open recommendation, and a second one not concluded."""
    plan = InspectionPlan.objects.create(year=2024, title="Kế hoạch kiểm tra CCHC năm 2024")

    def inspection(scope_end: date) -> Inspection:
        created = inspection_services.inspection_create(
            plan=plan,
            department=merger.stttt,
            scope_start=date(2024, 1, 1),
            scope_end=scope_end,
            planned_start=date(2024, 11, 4),
            planned_end=date(2024, 11, 8),
            lead=province.inspector,
            members=[],
        )
        return inspection_services.inspection_start(inspection=created, user=province.inspector)

    concluded = inspection(date(2024, 6, 30))
    recommendation = inspection_services.recommendation_add(
        inspection=concluded,
        user=province.inspector,
        text="Công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công",
        area="procedures",
        responsible=merger.stttt,
        deadline=date(2025, 6, 30),
    )
    inspection_services.inspection_conclude(
        inspection=concluded, user=province.inspector, concluded_on=date(2024, 11, 15), number="9/KL-ĐKT"
    )
    return inspection(date(2024, 9, 30)), recommendation
