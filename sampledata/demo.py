"""Demo data for `manage.py load_demo`: a province's departments, their procedures, years of dossiers, the
demo accounts, the departments' declarations and reports, and the sample department's inspection.

Everything is drawn from fixed seeds, so two databases loaded on the same day hold the same rows: the
catalogue in sampledata.demo_catalogue and demo_procedures, the dossiers in demo_dossiers (written by the
portal's bulk writer of dossiers), the inspection in demo_inspection, and what the national index reads
besides (procedure facts, publication decisions, petitions, e-certified copies) in demo_national.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from procedures.models import Dossier, Field, Procedure
from procedures.office_hours import configured_office_hours
from procedures.selectors import load_calendar, load_organisation
from procedures.writer import dossiers_insert, pauses_open
from reporting.models import Declaration, PeriodicReport
from sampledata.demo_catalogue import AGENCIES, DEMO_USERS
from sampledata.demo_dossiers import dossier_batch
from sampledata.demo_inspection import load_sample_inspection
from sampledata.demo_national import (
    certified_copies,
    dossier_facts_draw,
    petitions_create,
    publications_create,
    spec_facts,
)
from sampledata.demo_organisation import carried_procedures, dossier_errors, successions_create
from sampledata.demo_procedures import ProcedureSpec, department_rows, procedure_specs
from sampledata.demo_sample import (
    FIRST_DAY,
    SAMPLE_DECLARATION,
    SAMPLE_DEPARTMENT,
    SAMPLE_FIGURES,
    SAMPLE_PERIOD,
    SEED,
)
from sampledata.demo_scorecards import load_demo_scorecards
from sampledata.draws import office_now

__all__ = ["DEMO_PASSWORD", "SAMPLE_DEPARTMENT", "SAMPLE_FIGURES", "SAMPLE_PERIOD", "DemoCounts", "demo_load"]

DEMO_PASSWORD: Final = "demo-cchc"  # noqa: S105 - the published password of the demo accounts


@dataclass
class DemoCounts:
    departments: int = 0
    fields: int = 0
    procedures: int = 0
    dossiers: int = 0
    supplements: int = 0
    users: int = 0
    declarations: int = 0
    reports: int = 0
    inspections: int = 0
    successions: int = 0
    decisions: int = 0
    petitions: int = 0
    scorecards: int = 0


def demo_load(*, now: datetime) -> DemoCounts:
    """Create whatever part of the demo data is missing: rows are matched by code (username, field name,
    a succession's two units), so a second run on the same day creates nothing. The caller holds the
    transaction. Every dossier is judged by the rulebook first, the province's units over time included:
    a demo the portal itself would refuse is a bug, raised as such."""
    counts = DemoCounts()
    calendar = load_calendar()
    now = office_now(now, calendar, configured_office_hours())
    departments = _departments(counts)
    specs = procedure_specs()
    procedures = _catalogue(specs, departments, counts)
    counts.successions = successions_create(departments)
    organisation = load_organisation()
    carried = carried_procedures(specs, procedures, departments)
    batch = dossier_batch(
        specs=specs,
        procedures=procedures,
        carried=carried,
        departments=departments,
        organisation=organisation,
        now=now,
    )
    dossier_facts_draw(batch, calendar=calendar, now=now)
    existing = set(Dossier.objects.values_list("code", flat=True))
    dossiers = [d for d in batch.dossiers if d.code not in existing]
    errors = dossier_errors(dossiers, organisation=organisation, carried=carried, now=now)
    if errors:
        raise ValueError(f"{len(errors)} demo dossiers break the rulebook, e.g. {errors[:3]}")
    pauses = [s for s in batch.supplements if s.dossier.code not in existing]
    dossiers_insert(dossiers, user=None, reason=None)
    pauses_open(pauses)
    counts.dossiers, counts.supplements = len(dossiers), len(pauses)
    counts.decisions = publications_create(
        specs, procedures, calendar=calendar, today=timezone.localdate(now)
    )
    counts.petitions = petitions_create(specs, procedures, departments, calendar=calendar, now=now)
    counts.users = _users(departments)
    counts.declarations, counts.reports = _declarations(departments, today=timezone.localdate(now))
    counts.inspections = load_sample_inspection(
        department=departments[SAMPLE_DEPARTMENT],
        lead=User.objects.get(username="inspector"),
        staff=User.objects.get(username="staff_stttt"),
    )
    counts.scorecards = load_demo_scorecards(
        admin=User.objects.get(username="admin"), inspector=User.objects.get(username="inspector")
    )
    return counts


def _departments(counts: DemoCounts) -> dict[str, Department]:
    """Every demo unit by code, those the database lacks created with their dates."""
    departments = Department.objects.in_bulk(field_name="code")
    for code, name, kind, parent, valid_from, valid_to in department_rows():
        if code not in departments:
            # save() one by one: it computes the materialised path from the (already saved) parent.
            departments[code] = Department(
                code=code,
                name=name,
                kind=kind,
                parent=departments.get(parent) if parent else None,
                valid_from=valid_from,
                valid_to=valid_to,
            )
            departments[code].save()
            counts.departments += 1
    return departments


def _catalogue(
    specs: list[ProcedureSpec], departments: Mapping[str, Department], counts: DemoCounts
) -> dict[str, Procedure]:
    """The fields and procedures the database lacks, counted; returns every demo procedure by code. A
    provincial procedure lists its department; a commune- or district-level one lists none."""
    field_names = list(dict.fromkeys(spec.field for spec in specs))
    existing = set(Field.objects.values_list("name", flat=True))
    counts.fields = len(
        Field.objects.bulk_create([Field(name=name) for name in field_names if name not in existing])
    )
    fields = Field.objects.in_bulk(field_names, field_name="name")
    existing = set(Procedure.objects.values_list("code", flat=True))
    new_specs = [spec for spec in specs if spec.code not in existing]
    created = Procedure.objects.bulk_create(
        [
            Procedure(
                code=spec.code,
                name=spec.name,
                field=fields[spec.field],
                level=spec.level,
                statutory_days=spec.statutory_days,
                reduced_days=spec.reduced_days,
                time_unit=spec.time_unit,
                online_level=spec.online_level,
                accepts_postal=spec.accepts_postal,
                **spec_facts(spec),
            )
            for spec in new_specs
        ],
        batch_size=1000,
    )
    counts.procedures = len(created)
    procedures = Procedure.objects.in_bulk([spec.code for spec in specs], field_name="code")
    Procedure.units.through.objects.bulk_create(
        [
            Procedure.units.through(procedure=procedures[spec.code], department=departments[spec.department])
            for spec in new_specs
            if spec.department
        ],
        batch_size=1000,
    )
    return procedures


def _users(departments: Mapping[str, Department]) -> int:
    """The demo accounts the database lacks; returns how many were created."""
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    for username, role, first_name, last_name, department_codes in DEMO_USERS:
        if username in existing:
            continue
        is_admin = role == Role.ADMINISTRATOR
        user = User.objects.create_user(
            username,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            role=role,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        user.departments.set([departments[code] for code in department_codes])
        created += 1
    return created


QUARTERLY_REPORTS: Final = (
    ("Báo cáo CCHC quý I", 3, 15),
    ("Báo cáo CCHC 6 tháng", 6, 15),
    ("Báo cáo CCHC quý III", 9, 15),
    ("Báo cáo CCHC năm", 12, 10),
)


def _declarations(departments: Mapping[str, Department], *, today: date) -> tuple[int, int]:
    """Yearly self-reported figures and periodic reports for every demo department, district and commune
    while it is in being (the service centre reports none); the sample department's 2019 figures are the
    inspection's. Existing rows are left as they are."""
    declarations, reports = [], []
    for agency in AGENCIES:
        if agency.kind == Department.Kind.SERVICE_CENTRE:
            continue
        department = departments[agency.code]
        first = agency.valid_from or FIRST_DAY
        last = min(agency.valid_to or today, today - timedelta(days=1))
        for year in range(first.year, last.year + 1):
            rng = random.Random(f"{SEED}:declaration:{agency.code}:{year}")
            measured_on = min(date(year, 12, 31), last)
            if agency.code == SAMPLE_DEPARTMENT and year == SAMPLE_PERIOD[0].year:
                declarations.append(Declaration(department=department, **SAMPLE_DECLARATION))
            else:
                declarations.append(_drawn_declaration(rng, department, measured_on))
            declarations[-1].e_certified_copies = certified_copies(agency.code, agency.kind, measured_on)
            for name, month, day in QUARTERLY_REPORTS:
                deadline = date(year, month, day)
                if not first <= deadline <= last:
                    continue
                late = agency.code != SAMPLE_DEPARTMENT and rng.random() < agency.late * 3
                submitted = deadline + timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 5))
                reports.append(
                    PeriodicReport(
                        department=department,
                        name=f"{name} {year}",
                        deadline_on=deadline,
                        submitted_on=submitted,
                    )
                )
    existing_declarations = set(Declaration.objects.values_list("department_id", "measured_on"))
    existing_reports = set(PeriodicReport.objects.values_list("department_id", "name", "deadline_on"))
    created_declarations = Declaration.objects.bulk_create(
        [d for d in declarations if (d.department_id, d.measured_on) not in existing_declarations]
    )
    created_reports = PeriodicReport.objects.bulk_create(
        [r for r in reports if (r.department_id, r.name, r.deadline_on) not in existing_reports]
    )
    return len(created_declarations), len(created_reports)


def _drawn_declaration(rng: random.Random, department: Department, measured_on: date) -> Declaration:
    """A year's self-reported figures drawn for a department."""
    baseline = rng.randint(25, 120)
    issued = rng.randint(3, 15)
    planned = Decimal(rng.randint(20, 400) * 100)
    return Declaration(
        department=department,
        measured_on=measured_on,
        staff_baseline=baseline,
        staff_reduced=rng.randint(0, baseline // 8),
        staff_reduction_target_pct=Decimal("10"),
        staff_reduction_target_year=2021 if measured_on.year <= 2021 else 2026,
        training_completion_pct=Decimal(rng.randint(70, 100)),
        e_office_document_pct=Decimal(rng.randint(80, 100)),
        e_office_staff_pct=Decimal(rng.randint(85, 100)),
        digital_signatures_issued=issued,
        digital_signatures_in_use=rng.randint(issued // 2, issued),
        investment_planned=planned,
        investment_disbursed=(planned * Decimal(rng.randint(15, 98)) / 100).quantize(Decimal("0.01")),
    )
