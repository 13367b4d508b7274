"""Demo data for `manage.py load_demo`: a province's departments, their procedures and years of dossiers.

Everything is drawn from fixed seeds, so two databases loaded on the same day hold the same rows. The
sample department (spec/domain.md, "Sample department") is scripted dossier by dossier for its
inspection period so that its figures are exactly the report's; everything else is random but plausible.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from procedures.calendar import WorkingCalendar
from procedures.models import Dossier, Field, Procedure, SupplementRequest
from procedures.selectors import load_calendar
from reporting.models import Declaration, PeriodicReport
from sampledata.demo_catalogue import (
    AGENCIES,
    COMPANY_NAMES,
    DEMO_USERS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    SUPPLEMENT_REASONS,
    Agency,
)
from sampledata.demo_inspection import load_sample_inspection

SEED: Final = 2019
FIRST_DAY: Final = date(2019, 1, 1)
DEMO_PASSWORD: Final = "demo-cchc"  # noqa: S105 - the published password of the demo accounts

# The sample department and the figures the inspection reported for it (spec/domain.md). Keys are the
# indicator codes of spec/indicators.md, for the department with all its sub-units rolled up.
SAMPLE_DEPARTMENT: Final = "STTTT"
SAMPLE_PERIOD: Final = (date(2019, 1, 1), date(2019, 10, 31))
SAMPLE_FIGURES: Final[Mapping[str, int | float]] = MappingProxyType(
    {
        "procedures_total": 37,
        "procedures_reduced": 34,
        "procedures_level3": 34,
        "procedures_level4": 3,
        "received": 42,
        "carried_over": 0,
        "resolved_early": 20,
        "resolved_on_time": 18,
        "resolved_late": 0,
        "in_progress_within_deadline": 3,
        "in_progress_overdue": 0,
        "withdrawn": 1,
        "refused": 0,
        "rated": 30,
        "satisfied": 30,
        "satisfaction_rate": 100.0,
    }
)


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field: str
    department: str
    statutory_days: int
    reduced_days: int | None
    online_level: int
    accepts_postal: bool
    popularity: int


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


@dataclass
class DossierBatch:
    dossiers: list[Dossier] = field(default_factory=list)
    supplements: list[SupplementRequest] = field(default_factory=list)


def _expand(entry: str) -> list[str]:
    """A lowercase entry names a document; it stands for the procedures that issue and maintain it."""
    if entry[0].isupper():
        return [entry]
    if entry.startswith("giấy phép"):
        verbs = ("Cấp", "Cấp lại", "Sửa đổi, bổ sung", "Gia hạn")
    else:
        verbs = ("Cấp", "Cấp lại", "Điều chỉnh")
    return [f"{verb} {entry}" for verb in verbs]


def _reduced_days(rng: random.Random, statutory: int) -> int:
    """A reduced time cut by 20-40% of the statutory one (needs statutory >= 3 for such a whole day)."""
    cut = rng.randint(-(-statutory * 2 // 10), statutory * 4 // 10)
    return statutory - cut


def procedure_specs() -> list[ProcedureSpec]:
    rng = random.Random(SEED)
    used: set[str] = set()
    specs = []
    for agency in AGENCIES:
        names = [
            (field_name, name)
            for field_name, entries in agency.fields.items()
            for entry in entries
            for name in _expand(entry)
        ]
        sample = agency.code == SAMPLE_DEPARTMENT
        if sample:
            level4 = set(rng.sample(range(len(names)), SAMPLE_FIGURES["procedures_level4"]))
            not_reduced = set(
                rng.sample(range(len(names)), len(names) - SAMPLE_FIGURES["procedures_reduced"])
            )
        for index, (field_name, name) in enumerate(names):
            code = f"{rng.choice('1112')}.{rng.randint(1, 12999):06d}"
            while code in used:
                code = f"{rng.choice('1112')}.{rng.randint(1, 12999):06d}"
            used.add(code)
            if sample:
                # Short enough that every dossier of the sample period is settled within it.
                statutory = rng.choice((3, 5, 7, 10, 12, 15, 20))
                reduced = None if index in not_reduced else _reduced_days(rng, statutory)
                level = 4 if index in level4 else 3
            else:
                statutory = rng.choice((1, 2, 3, 5, 5, 7, 10, 10, 12, 15, 15, 20, 20, 25, 30, 45))
                reduced = _reduced_days(rng, statutory) if statutory >= 3 and rng.random() < 0.8 else None
                level = rng.choices((1, 2, 3, 4), weights=agency.levels)[0]
            specs.append(
                ProcedureSpec(
                    code=code,
                    name=name,
                    field=field_name,
                    department=agency.code,
                    statutory_days=statutory,
                    reduced_days=reduced,
                    online_level=level,
                    accepts_postal=rng.random() < 0.45,
                    popularity=rng.choice((1, 1, 1, 2, 2, 3, 5, 8)),
                )
            )
    return specs


def department_rows() -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code), parents first."""
    rows = []
    for agency in AGENCIES:
        rows.append((agency.code, agency.name, agency.kind, None))
        rows += [
            (f"{agency.code}-{suffix}", name, Department.Kind.DIVISION, agency.code)
            for suffix, name in agency.divisions
        ]
        rows += [
            (f"{agency.code}-{suffix}", name, Department.Kind.UNIT, agency.code)
            for suffix, name in agency.units
        ]
    return rows


def demo_load(*, now: datetime) -> DemoCounts:
    """Create whatever part of the demo data is missing: rows are matched by code (username, field name),
    so a second run on the same day creates nothing. The caller holds the transaction."""
    counts = DemoCounts()
    departments = Department.objects.in_bulk(field_name="code")
    for code, name, kind, parent in department_rows():
        if code not in departments:
            # save() one by one: it computes the materialised path from the (already saved) parent.
            departments[code] = Department(code=code, name=name, kind=kind, parent=departments.get(parent))
            departments[code].save()
            counts.departments += 1

    specs = procedure_specs()
    field_names = list(dict.fromkeys(spec.field for spec in specs))
    existing = set(Field.objects.values_list("name", flat=True))
    counts.fields = len(
        Field.objects.bulk_create([Field(name=name) for name in field_names if name not in existing])
    )
    fields = Field.objects.in_bulk(field_names, field_name="name")

    existing = set(Procedure.objects.values_list("code", flat=True))
    new_procedures = [
        Procedure(
            code=spec.code,
            name=spec.name,
            field=fields[spec.field],
            department=departments[spec.department],
            statutory_days=spec.statutory_days,
            reduced_days=spec.reduced_days,
            online_level=spec.online_level,
            accepts_postal=spec.accepts_postal,
        )
        for spec in specs
        if spec.code not in existing
    ]
    counts.procedures = len(Procedure.objects.bulk_create(new_procedures, batch_size=1000))
    procedures = Procedure.objects.in_bulk([spec.code for spec in specs], field_name="code")

    batch = dossier_batch(specs=specs, procedures=procedures, departments=departments, now=now)
    existing = set(Dossier.objects.values_list("code", flat=True))
    counts.dossiers = len(
        Dossier.objects.bulk_create([d for d in batch.dossiers if d.code not in existing], batch_size=1000)
    )
    counts.supplements = len(
        SupplementRequest.objects.bulk_create(
            [s for s in batch.supplements if s.dossier.code not in existing],
            batch_size=1000,
        )
    )

    existing = set(User.objects.values_list("username", flat=True))
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
        counts.users += 1
    counts.declarations, counts.reports = _declarations(departments, today=timezone.localdate(now))
    counts.inspections = load_sample_inspection(
        department=departments[SAMPLE_DEPARTMENT],
        lead=User.objects.get(username="inspector"),
        staff=User.objects.get(username="staff_stttt"),
    )
    return counts


# What the sample department declared at the end of its inspection period (spec/domain.md): 4 of 32 staff
# cut against a 10% target by 2021, divisions 6 → 4, training and e-office at 100%, 4 of 4 digital
# signatures in use, 20.65% of the investment plan disbursed at 31/10/2019.
SAMPLE_DECLARATION: Final = MappingProxyType(
    {
        "measured_on": SAMPLE_PERIOD[1],
        "staff_baseline": 32,
        "staff_reduced": 4,
        "staff_reduction_target_pct": Decimal("10"),
        "staff_reduction_target_year": 2021,
        "divisions_before": 6,
        "divisions_after": 4,
        "training_completion_pct": Decimal("100"),
        "e_office_document_pct": Decimal("100"),
        "e_office_staff_pct": Decimal("100"),
        "digital_signatures_issued": 4,
        "digital_signatures_in_use": 4,
        "investment_planned": Decimal("15000"),
        "investment_disbursed": Decimal("3097.5"),
    }
)
QUARTERLY_REPORTS: Final = (
    ("Báo cáo CCHC quý I", 3, 15),
    ("Báo cáo CCHC 6 tháng", 6, 15),
    ("Báo cáo CCHC quý III", 9, 15),
    ("Báo cáo CCHC năm", 12, 10),
)


def _declarations(departments: Mapping[str, Department], *, today: date) -> tuple[int, int]:
    """Yearly self-reported figures and periodic reports for every top-level department; the sample
    department's 2019 figures are the inspection's. Existing rows are left as they are."""
    declarations, reports = [], []
    for agency in AGENCIES:
        department = departments[agency.code]
        for year in range(FIRST_DAY.year, today.year + 1):
            rng = random.Random(f"{SEED}:declaration:{agency.code}:{year}")
            measured_on = min(date(year, 12, 31), today - timedelta(days=1))
            if agency.code == SAMPLE_DEPARTMENT and year == SAMPLE_PERIOD[0].year:
                declarations.append(Declaration(department=department, **SAMPLE_DECLARATION))
            else:
                baseline = rng.randint(25, 120)
                issued = rng.randint(3, 15)
                planned = Decimal(rng.randint(20, 400) * 100)
                declarations.append(
                    Declaration(
                        department=department,
                        measured_on=measured_on,
                        staff_baseline=baseline,
                        staff_reduced=rng.randint(0, baseline // 8),
                        staff_reduction_target_pct=Decimal("10"),
                        staff_reduction_target_year=2021 if year <= 2021 else 2026,
                        training_completion_pct=Decimal(rng.randint(70, 100)),
                        e_office_document_pct=Decimal(rng.randint(80, 100)),
                        e_office_staff_pct=Decimal(rng.randint(85, 100)),
                        digital_signatures_issued=issued,
                        digital_signatures_in_use=rng.randint(issued // 2, issued),
                        investment_planned=planned,
                        investment_disbursed=(planned * Decimal(rng.randint(15, 98)) / 100).quantize(
                            Decimal("0.01")
                        ),
                    )
                )
            for name, month, day in QUARTERLY_REPORTS:
                deadline = date(year, month, day)
                if deadline >= today:
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


def dossier_batch(
    *,
    specs: list[ProcedureSpec],
    procedures: Mapping[str, Procedure],
    departments: Mapping[str, Department],
    now: datetime,
) -> DossierBatch:
    """Every demo dossier received from FIRST_DAY to yesterday, unsaved, with its supplement requests.

    A year's receipts come from that year's own seed and each dossier's details from its code, so the
    dossiers of a past day are the same whatever day the demo is loaded on; only whether a dossier is
    finished yet depends on `now`.
    """
    calendar = load_calendar()
    today = timezone.localdate(now)
    catalogue: dict[str, tuple[list[Procedure], list[int]]] = {}
    for spec in specs:
        chosen, weights = catalogue.setdefault(spec.department, ([], []))
        chosen.append(procedures[spec.code])
        weights.append(spec.popularity)
    handlers = {
        agency.code: [departments[f"{agency.code}-{suffix}"] for suffix, _ in agency.divisions + agency.units]
        for agency in AGENCIES
    }

    batch = DossierBatch()
    sequence: dict[tuple[str, int], int] = {}
    sample_handlers = [departments[SAMPLE_DEPARTMENT], *handlers[SAMPLE_DEPARTMENT]]
    for dossier in _sample_dossiers(catalogue[SAMPLE_DEPARTMENT][0], sample_handlers, calendar):
        key = (SAMPLE_DEPARTMENT, dossier.received_on.year)
        sequence[key] = sequence.get(key, 0) + 1
        dossier.code = f"{SAMPLE_DEPARTMENT}-{key[1]}-{sequence[key]:06d}"
        batch.dossiers.append(dossier)

    for year in range(FIRST_DAY.year, today.year + 1):
        year_rng = random.Random(f"{SEED}:{year}")
        for day in _working_days(
            calendar, date(year, 1, 1), min(date(year, 12, 31), today - timedelta(days=1))
        ):
            for agency in AGENCIES:
                count = int(agency.daily) + (year_rng.random() < agency.daily % 1)
                if agency.code == SAMPLE_DEPARTMENT and day <= SAMPLE_PERIOD[1]:
                    continue  # scripted by _sample_dossiers()
                for _ in range(count):
                    key = (agency.code, year)
                    sequence[key] = sequence.get(key, 0) + 1
                    code = f"{agency.code}-{year}-{sequence[key]:06d}"
                    rng = random.Random(f"{SEED}:{code}")
                    chosen, weights = catalogue[agency.code]
                    sub_units = handlers[agency.code]
                    dossier, supplement = _dossier(
                        rng,
                        code=code,
                        agency=agency,
                        procedure=rng.choices(chosen, weights=weights)[0],
                        handler=rng.choice(sub_units)
                        if sub_units and rng.random() < 0.6
                        else departments[agency.code],
                        day=day,
                        calendar=calendar,
                        now=now,
                    )
                    batch.dossiers.append(dossier)
                    if supplement:
                        batch.supplements.append(supplement)
    return batch


def _dossier(
    rng: random.Random,
    *,
    code: str,
    agency: Agency,
    procedure: Procedure,
    handler: Department,
    day: date,
    calendar: WorkingCalendar,
    now: datetime,
) -> tuple[Dossier, SupplementRequest | None]:
    today = timezone.localdate(now)
    online_share = min(0.9, agency.online + agency.online_growth * (day.year - FIRST_DAY.year))
    dossier = Dossier(
        code=code,
        procedure=procedure,
        department=handler,
        applicant=_applicant(rng),
        channel=_channel(rng, procedure, online_share),
        received_at=_office_time(rng, day),
    )
    dossier.fill_derived(calendar)

    # The outcome, as working days after the deadline for a resolved dossier: -1 early, 0 on the day,
    # positive late (a few days mostly; a stuck dossier now and then, which keeps some overdue today).
    roll = rng.random()
    if roll < 0.035:
        status, delay = (Dossier.Status.WITHDRAWN if roll < 0.02 else Dossier.Status.REFUSED), None
    elif roll < 0.035 + 0.965 * agency.late:
        status = Dossier.Status.RESOLVED
        delay = rng.randint(1, 12) if rng.random() < 0.65 else rng.randint(40, 250)
    else:
        status, delay = Dossier.Status.RESOLVED, -1 if rng.random() < 0.6 else 0
    late = delay is not None and delay > 0

    supplement = None
    if status == Dossier.Status.RESOLVED and rng.random() < 0.12:
        span = calendar.working_days_between(dossier.received_on, dossier.due_on)
        requested = calendar.add_working_days(dossier.received_on, rng.randrange(span))
        supplied = calendar.add_working_days(requested, _supplement_days(rng))
        if requested <= today:
            supplement = SupplementRequest(
                dossier=dossier, requested_on=requested, reason=rng.choice(SUPPLEMENT_REASONS)
            )
            if supplied > today:
                dossier.status, dossier.paused_on = Dossier.Status.AWAITING_SUPPLEMENT, requested
                return dossier, supplement
            supplement.supplied_on = supplied
            dossier.paused_days = calendar.working_days_between(requested, supplied)
            dossier.fill_derived(calendar)

    due = dossier.effective_due_on
    if delay is None:
        finish_day = _working_day_in(rng, calendar, dossier.received_on, calendar.next_working_day(due))
    elif delay < 0:
        finish_day = _working_day_in(
            rng, calendar, supplement.supplied_on if supplement else dossier.received_on, due
        )
    else:
        finish_day = calendar.add_working_days(due, delay)
    if late and due < today and rng.random() < 0.35:
        dossier.apology_issued_on = due
        dossier.apology_due_on = calendar.add_working_days(due, min(delay, rng.randint(3, 10)))

    finished_at = _finish_time(rng, finish_day, dossier.received_at)
    if finished_at > now:
        return dossier, supplement  # still in progress today, within its deadline or overdue
    dossier.status, dossier.finished_at = status, finished_at
    if status == Dossier.Status.RESOLVED and rng.random() < 0.65:
        # A late result is twice as likely to leave the applicant dissatisfied.
        dissatisfied = agency.dissatisfied * (2 if late else 1)
        dossier.satisfaction = (
            Dossier.Satisfaction.DISSATISFIED if rng.random() < dissatisfied else _satisfied(rng)
        )
    dossier.fill_derived(calendar)
    return dossier, supplement


def _sample_dossiers(
    procedures: list[Procedure], handlers: list[Department], calendar: WorkingCalendar
) -> list[Dossier]:
    """The sample department's dossiers of its inspection period, outcome by outcome, in receipt order.

    Each is received and settled inside the period, except the ones still in progress at its end: those
    arrive in its last week with a deadline after it, and are resolved in time in the following days.
    """
    rng = random.Random(f"{SEED}:{SAMPLE_DEPARTMENT}")
    start, end = SAMPLE_PERIOD
    outcomes = (
        ["early"] * SAMPLE_FIGURES["resolved_early"]
        + ["on_time"] * SAMPLE_FIGURES["resolved_on_time"]
        + ["withdrawn"] * SAMPLE_FIGURES["withdrawn"]
    )
    rng.shuffle(outcomes)
    # Procedures here take at most 20 working days, so a receipt by 30/09 is settled by 31/10 at the latest.
    settled_days = _working_days(calendar, start, date(end.year, 9, 30))
    receipts = list(zip(sorted(rng.sample(settled_days, len(outcomes))), outcomes, strict=True))
    late_days = _working_days(calendar, end - timedelta(days=7), end - timedelta(days=1))
    receipts += [
        (rng.choice(late_days), "open") for _ in range(SAMPLE_FIGURES["in_progress_within_deadline"])
    ]
    rated = set(
        rng.sample(
            [i for i, (_, o) in enumerate(receipts) if o in ("early", "on_time")], SAMPLE_FIGURES["rated"]
        )
    )

    dossiers = []
    for index, (day, outcome) in enumerate(receipts):
        # Procedures of at least 6 working days: received in the last week, their deadline falls after it.
        procedure = rng.choice([p for p in procedures if outcome != "open" or p.processing_days >= 6])
        dossier = Dossier(
            procedure=procedure,
            department=rng.choice(handlers),
            applicant=_applicant(rng),
            channel=_channel(rng, procedure, online_share=0.1),
            received_at=_office_time(rng, day),
            status=Dossier.Status.WITHDRAWN if outcome == "withdrawn" else Dossier.Status.RESOLVED,
        )
        dossier.fill_derived(calendar)
        due = dossier.effective_due_on
        if outcome == "early":
            finish_day = _working_day_in(rng, calendar, dossier.received_on, due)
        elif outcome == "on_time":
            finish_day = due
        elif outcome == "withdrawn":
            finish_day = _working_day_in(rng, calendar, dossier.received_on, calendar.next_working_day(due))
        else:
            finish_day = _working_day_in(
                rng, calendar, calendar.next_working_day(end), calendar.next_working_day(due)
            )
        dossier.finished_at = _finish_time(rng, finish_day, dossier.received_at)
        if index in rated or outcome == "open":
            dossier.satisfaction = _satisfied(rng)
        dossier.fill_derived(calendar)
        dossiers.append(dossier)
    return sorted(dossiers, key=lambda d: d.received_at)


def _working_days(calendar: WorkingCalendar, start: date, end: date) -> list[date]:
    return [
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if calendar.is_working_day(start + timedelta(days=n))
    ]


def _working_day_in(rng: random.Random, calendar: WorkingCalendar, start: date, end: date) -> date:
    """A working day from `start` (a working day) up to, not including, `end`."""
    return calendar.add_working_days(start, rng.randrange(max(1, calendar.working_days_between(start, end))))


def _office_time(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (07:30-11:30, 13:00-17:00 in the province's time zone)."""
    minute = rng.randrange(450, 690) if rng.random() < 0.6 else rng.randrange(780, 1020)
    return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60))))


def _finish_time(rng: random.Random, day: date, received_at: datetime) -> datetime:
    if day == timezone.localtime(received_at).date():
        closing = timezone.make_aware(datetime.combine(day, time(17)))
        return min(received_at + timedelta(minutes=rng.randint(15, 120)), closing)
    return _office_time(rng, day)


def _channel(rng: random.Random, procedure: Procedure, online_share: float) -> str:
    if procedure.online_level >= Procedure.OnlineLevel.PARTLY_ONLINE and rng.random() < online_share:
        return Dossier.Channel.ONLINE
    if procedure.accepts_postal and rng.random() < 0.12:
        return Dossier.Channel.POSTAL
    return Dossier.Channel.DIRECT


def _supplement_days(rng: random.Random) -> int:
    """Working days an applicant takes to supplement a dossier: mostly days, sometimes months."""
    roll = rng.random()
    if roll < 0.6:
        return rng.randint(2, 10)
    return rng.randint(20, 60) if roll < 0.9 else rng.randint(120, 250)


def _satisfied(rng: random.Random) -> str:
    return Dossier.Satisfaction.VERY_SATISFIED if rng.random() < 0.55 else Dossier.Satisfaction.SATISFIED


def _applicant(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"Công ty {rng.choice(('TNHH', 'Cổ phần', 'TNHH MTV'))} {rng.choice(COMPANY_NAMES)}"
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
