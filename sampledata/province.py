"""A province-sized data set for `manage.py generate_province`: agencies with their sub-units, districts
and communes before and after the 2025 reorganisation (sampledata.province_units), a catalogue of
procedures and years of dossiers, to measure the portal at the scale it must serve.

Everything is drawn from one seeded generator, so the same seed and the same last day give the same
rows. The dossiers are generated and written by sampledata.province_dossiers, through the rulebook and
the portal's bulk writer; COPY writes them on PostgreSQL, bulk_create elsewhere. The national index's
data (the dossiers' facts, publication decisions, petitions, certified copies) is drawn from a second
generator seeded apart (sampledata.province_national), so that it leaves the rest as the seed gave it.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from procedures.calendar import WorkingCalendar
from procedures.models import Field
from procedures.selectors import load_calendar, load_organisation
from reporting.models import Declaration, PeriodicReport
from sampledata.province_dossiers import DossierGenerator, write_dossiers
from sampledata.province_national import certified_copies, publications_create
from sampledata.province_units import create_catalogue, create_successions, create_units

GENERATED_PASSWORD = "bench-cchc"  # noqa: S105 - the published password of the generated accounts


@dataclass
class Generated:
    departments: int = 0
    successions: int = 0
    fields: int = 0
    procedures: int = 0
    dossiers: int = 0
    supplements: int = 0
    petitions: int = 0
    decisions: int = 0


# The index asks units whether they offer electronic certified copies from this year.
CERTIFIED_COPIES_FROM = 2025


def _declarations(
    rng: random.Random,
    departments: dict[str, Department],
    first: date,
    last: date,
    *,
    copies: dict[int, str],
) -> None:
    """Yearly figures and quarterly reports of every top-level unit while it is in being (the service
    centre reports none), with what it declares of electronic certified copies (`copies`, by unit) from
    2025."""
    declarations, reports = [], []
    for department in departments.values():
        if department.parent_id or department.kind == Department.Kind.SERVICE_CENTRE:
            continue
        begins = max(first, department.valid_from or first)
        ends = min(last, department.valid_to or last)
        for year in range(begins.year, ends.year + 1):
            baseline, issued = rng.randint(25, 120), rng.randint(3, 15)
            declarations.append(
                Declaration(
                    department=department,
                    measured_on=min(date(year, 12, 31), ends),
                    staff_baseline=baseline,
                    staff_reduced=rng.randint(0, baseline // 8),
                    training_completion_pct=rng.randint(70, 100),
                    e_office_document_pct=rng.randint(80, 100),
                    e_office_staff_pct=rng.randint(85, 100),
                    digital_signatures_issued=issued,
                    digital_signatures_in_use=rng.randint(issued // 2, issued),
                    investment_planned=rng.randint(20, 400) * 100,
                    investment_disbursed=rng.randint(10, 300) * 10,
                    e_certified_copies=copies[department.pk] if year >= CERTIFIED_COPIES_FROM else "",
                )
            )
            for quarter in range(1, 5):
                deadline = date(year, quarter * 3, 15)
                if begins <= deadline < ends:
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
    communes: int = 100,
    last: date,
    years: int,
    now: datetime,
    progress: Callable[[str], None] = lambda message: None,
) -> Generated:
    """Fill an empty database. Runs in one transaction: a failure leaves nothing behind."""
    rng, national = random.Random(seed), random.Random(f"{seed}:national")
    first = date(last.year - years + 1, 1, 1)
    counts = Generated()
    with transaction.atomic():
        units, created = create_units(rng, departments, communes)
        catalogue = create_catalogue(rng, units, created, procedures, facts=random.Random(f"{seed}:facts"))
        counts.successions = create_successions(units, created)
        counts.departments, counts.procedures = len(created), len(catalogue)
        counts.fields = Field.objects.count()
        progress(
            f"{counts.departments} đơn vị, {counts.successions} kế thừa, {counts.fields} lĩnh vực, "
            f"{counts.procedures} thủ tục"
        )
        calendar: WorkingCalendar = load_calendar()
        generator = DossierGenerator(
            rng,
            procedures=catalogue,
            departments=created,
            units=units,
            organisation=load_organisation(),
            first=first,
            last=last,
            now=now,
            calendar=calendar,
            national=national,
        )
        counts.dossiers, counts.supplements, counts.petitions = write_dossiers(
            generator,
            dossiers,
            lambda n: progress(f"{n} hồ sơ") if n % 200_000 == 0 or n == dossiers else None,
        )
        counts.decisions = publications_create(
            national, catalogue, calendar=calendar, first=first, last=last, today=timezone.localdate(now)
        )
        _declarations(rng, created, first, last, copies=certified_copies(national, created))
        _users(created)
    _vacuum(progress)
    return counts


def _vacuum(progress: Callable[[str], None]) -> None:
    # VACUUM sets the visibility map that index-only scans rely on; it cannot run inside a transaction
    # (nor inside a test, which is one).
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        progress("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            for table in (
                "procedures_dossier",
                "procedures_supplementrequest",
                "procedures_procedure",
                "procedures_petition",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
