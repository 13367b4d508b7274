"""A province-sized data set for `manage.py generate_province`: departments with their sub-units,
a catalogue of procedures and years of dossiers, to measure the portal at the scale it must serve.

Everything is drawn from one seeded generator, so the same seed and the same last day give the same
rows. The dossiers are generated and written by sampledata.province_dossiers, through the rulebook and
the portal's bulk writer; COPY writes them on PostgreSQL, bulk_create elsewhere.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction

from accounts.models import Role, User
from departments.models import Department
from procedures.models import Field, Procedure
from procedures.selectors import load_calendar
from reporting.models import Declaration, PeriodicReport
from sampledata.demo_catalogue import AGENCIES
from sampledata.draws import pick, weights
from sampledata.province_dossiers import DossierGenerator, write_dossiers

BATCH = 10_000
GENERATED_PASSWORD = "bench-cchc"  # noqa: S105 - the published password of the generated accounts

STATUTORY_DAYS = (1, 2, 3, 5, 5, 7, 10, 10, 12, 15, 15, 20, 20, 25, 30, 45)
FIELD_TOPICS = (
    "Đất đai",
    "Xây dựng",
    "Hộ tịch",
    "Chứng thực",
    "Đăng ký kinh doanh",
    "Đầu tư",
    "Môi trường",
    "Giao thông",
    "Y tế",
    "Giáo dục",
    "Lao động",
    "Văn hóa",
    "Du lịch",
    "Nông nghiệp",
    "Tài chính",
    "Công thương",
    "Khoa học",
    "Tư pháp",
    "Nội vụ",
    "Thông tin",
)


@dataclass
class Generated:
    departments: int = 0
    fields: int = 0
    procedures: int = 0
    dossiers: int = 0
    supplements: int = 0


def _departments(rng: random.Random, count: int) -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code), parents first: the demo's agencies, then districts and communes."""
    rows = []
    for index in range(count):
        if index < len(AGENCIES):
            agency = AGENCIES[index]
            code, name, kind = agency.code, agency.name, agency.kind
        elif index % 3:
            code, name, kind = f"H{index:02d}", f"UBND huyện số {index}", Department.Kind.AGENCY
        else:
            code, name, kind = f"X{index:02d}", f"UBND xã số {index}", Department.Kind.COMMUNE
        rows.append((code, name, kind, None))
        for sub in range(rng.choice((0, 1, 2, 2, 3, 4))):
            rows.append((f"{code}-P{sub + 1}", f"Phòng chuyên môn {sub + 1} – {name}", "division", code))
    return rows


def _create_departments(rng: random.Random, count: int) -> dict[str, Department]:
    created = {}
    for code, name, kind, parent in _departments(rng, count):
        path = f"{created[parent].path if parent else '/'}{code}/"
        created[code] = Department(
            code=code, name=name, kind=kind, parent=created.get(parent) if parent else None, path=path
        )
    top = [d for d in created.values() if d.parent is None]
    Department.objects.bulk_create(top)
    saved = Department.objects.in_bulk([d.code for d in top], field_name="code")
    for department in created.values():
        if department.parent is not None:
            department.parent = saved[department.parent.code]
    Department.objects.bulk_create([d for d in created.values() if d.parent is not None])
    return Department.objects.in_bulk(list(created), field_name="code")


def _create_catalogue(
    rng: random.Random, departments: dict[str, Department], procedure_count: int
) -> list[Procedure]:
    top = [d for d in departments.values() if d.parent_id is None]
    names = [f"{topic} {n}" if n else topic for n in range(8) for topic in FIELD_TOPICS]
    fields = {name: Field(name=name) for name in names}
    Field.objects.bulk_create(fields.values())
    fields = Field.objects.in_bulk(list(fields), field_name="name")
    department_fields = {d.pk: rng.sample(names, rng.randint(2, 8)) for d in top}
    cumulative = weights(rng, len(top), 1.0)
    procedures = []
    for index in range(procedure_count):
        department = top[pick(rng, cumulative)] if index >= len(top) else top[index]
        statutory = rng.choice(STATUTORY_DAYS)
        reduced = (
            statutory - rng.randint(statutory * 2 // 10, statutory * 4 // 10) if statutory >= 5 else None
        )
        procedures.append(
            Procedure(
                code=f"{1 + index % 2}.{index + 1:06d}",
                name=f"Thủ tục số {index + 1}",
                field=fields[rng.choice(department_fields[department.pk])],
                department=department,
                statutory_days=statutory,
                reduced_days=reduced if reduced and rng.random() < 0.8 else None,
                online_level=rng.choices((1, 2, 3, 4), weights=(0.05, 0.25, 0.45, 0.25))[0],
                accepts_postal=rng.random() < 0.45,
            )
        )
    Procedure.objects.bulk_create(procedures, batch_size=BATCH)
    return list(Procedure.objects.select_related("department").order_by("pk"))


def _declarations(rng: random.Random, departments: dict[str, Department], first: date, last: date) -> None:
    declarations, reports = [], []
    for department in (d for d in departments.values() if d.parent_id is None):
        for year in range(first.year, last.year + 1):
            baseline, issued = rng.randint(25, 120), rng.randint(3, 15)
            declarations.append(
                Declaration(
                    department=department,
                    measured_on=min(date(year, 12, 31), last),
                    staff_baseline=baseline,
                    staff_reduced=rng.randint(0, baseline // 8),
                    training_completion_pct=rng.randint(70, 100),
                    e_office_document_pct=rng.randint(80, 100),
                    e_office_staff_pct=rng.randint(85, 100),
                    digital_signatures_issued=issued,
                    digital_signatures_in_use=rng.randint(issued // 2, issued),
                    investment_planned=rng.randint(20, 400) * 100,
                    investment_disbursed=rng.randint(10, 300) * 10,
                )
            )
            for quarter in range(1, 5):
                deadline = date(year, quarter * 3, 15)
                if deadline < last:
                    late = rng.random() < 0.15
                    reports.append(
                        PeriodicReport(
                            department=department,
                            name=f"Báo cáo CCHC quý {quarter}/{year}",
                            deadline_on=deadline,
                            submitted_on=deadline
                            + timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 5)),
                        )
                    )
    Declaration.objects.bulk_create(declarations)
    PeriodicReport.objects.bulk_create(reports)


def _users(departments: dict[str, Department]) -> None:
    """A leader, an inspector and one staff member of the largest department, to open the pages as."""
    top = max((d for d in departments.values() if d.parent_id is None), key=lambda d: d.dossiers.count())
    for username, role in (("leader", Role.LEADER), ("inspector", Role.INSPECTOR), ("staff", Role.STAFF)):
        user = User.objects.create_user(username, password=GENERATED_PASSWORD, role=role)
        if role == Role.STAFF:
            user.departments.set([top])


def generate_province(
    *,
    departments: int,
    procedures: int,
    dossiers: int,
    seed: int,
    last: date,
    years: int,
    now: datetime,
    progress: Callable[[str], None] = lambda message: None,
) -> Generated:
    """Fill an empty database. Runs in one transaction: a failure leaves nothing behind."""
    rng = random.Random(seed)
    first = date(last.year - years + 1, 1, 1)
    counts = Generated()
    with transaction.atomic():
        created = _create_departments(rng, departments)
        catalogue = _create_catalogue(rng, created, procedures)
        counts.departments, counts.procedures = len(created), len(catalogue)
        counts.fields = Field.objects.count()
        progress(f"{counts.departments} đơn vị, {counts.fields} lĩnh vực, {counts.procedures} thủ tục")
        generator = DossierGenerator(
            rng,
            procedures=catalogue,
            departments=created,
            first=first,
            last=last,
            now=now,
            calendar=load_calendar(),
        )
        counts.dossiers, counts.supplements = write_dossiers(
            generator,
            dossiers,
            lambda n: progress(f"{n} hồ sơ") if n % 200_000 == 0 or n == dossiers else None,
        )
        _declarations(rng, created, first, last)
        _users(created)
    # VACUUM sets the visibility map that index-only scans rely on; it cannot run inside a transaction
    # (nor inside a test, which is one).
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        progress("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            for table in ("procedures_dossier", "procedures_supplementrequest", "procedures_procedure"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return counts
