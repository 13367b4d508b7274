"""A province-sized data set for `manage.py generate_province`: departments with their sub-units,
a catalogue of procedures and years of dossiers, to measure the portal at the scale it must serve.

Everything is drawn from one seeded generator, so the same seed and the same last day give the same
rows. Dossiers are generated as plain tuples with their stored dates computed from an index of working
days (the calendar's own rules, one list look-up per due date instead of a loop), and written with
PostgreSQL's COPY, or bulk_create in batches of 10,000 elsewhere.
"""

import random
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from cchc_portal.bulk import copy_rows
from departments.models import Department
from procedures.calendar import WorkingCalendar, configured_cutoff_hour
from procedures.models import Dossier, Field, Procedure, SupplementRequest
from procedures.selectors import load_calendar
from reporting.models import Declaration, PeriodicReport
from sampledata.demo_catalogue import AGENCIES, COMPANY_NAMES, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES

BATCH = 10_000
COPY_ROWS = 50_000
GENERATED_PASSWORD = "bench-cchc"  # noqa: S105 - the published password of the generated accounts

DOSSIER_COLUMNS = (
    "id",
    "code",
    "procedure_id",
    "department_id",
    "applicant",
    "channel",
    "received_at",
    "due_on",
    "finished_at",
    "status",
    "satisfaction",
    "apology_issued_on",
    "apology_due_on",
    "paused_on",
    "paused_days",
    "received_on",
    "finished_on",
    "computed_due_on",
    "effective_due_on",
)
SUPPLEMENT_COLUMNS = ("dossier_id", "requested_on", "supplied_on", "reason")
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


class WorkingDays:
    """The working days of a span as a list, so that "N working days after D" is one index away."""

    def __init__(self, calendar: WorkingCalendar, start: date, end: date) -> None:
        self.days = [
            start + timedelta(n)
            for n in range((end - start).days + 1)
            if calendar.is_working_day(start + timedelta(n))
        ]
        self.position = {day: index for index, day in enumerate(self.days)}

    def after(self, day: date, count: int) -> date:
        """The count-th working day after `day` (a working day), as WorkingCalendar.add_working_days."""
        return self.days[self.position[day] + count]

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end], both working days."""
        return self.position[end] - self.position[start]


def _weights(rng: random.Random, count: int, skew: float) -> list[float]:
    """Zipf-like weights in random order: a few departments or procedures take most dossiers."""
    weights = [1 / (rank**skew) for rank in range(1, count + 1)]
    rng.shuffle(weights)
    return list(accumulate(weights))


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect_right(cumulative, rng.random() * cumulative[-1])


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
    weights = _weights(rng, len(top), 1.0)
    procedures = []
    for index in range(procedure_count):
        department = top[_pick(rng, weights)] if index >= len(top) else top[index]
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


class DossierGenerator:
    """Dossiers received on the working days of [first, last], as rows in DOSSIER_COLUMNS order."""

    def __init__(
        self,
        rng: random.Random,
        *,
        procedures: list[Procedure],
        departments: dict[str, Department],
        first: date,
        last: date,
        now: datetime,
    ) -> None:
        self.rng, self.procedures, self.now = rng, procedures, now
        self.today = timezone.localdate(now)
        # Due dates and late results run well past the last day: a stuck dossier can wait a year.
        self.work = WorkingDays(load_calendar(), first - timedelta(days=7), last + timedelta(days=800))
        self.receipt_days = [day for day in self.work.days if first <= day <= last]
        self.cutoff = configured_cutoff_hour()
        self.procedure_weights = _weights(rng, len(procedures), 1.1)
        children: dict[int, list[Department]] = {}
        for department in departments.values():
            if department.parent_id:
                children.setdefault(department.parent_id, []).append(department)
        self.handlers = {
            p.department_id: [p.department, *children.get(p.department_id, [])] for p in procedures
        }
        self.late_share = {d.pk: rng.uniform(0.02, 0.2) for d in departments.values()}
        self.names = [self._applicant() for _ in range(5000)]
        self.sequence: dict[tuple[str, int], int] = {}
        self.supplements: list[tuple] = []

    def _applicant(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return f"Công ty {rng.choice(('TNHH', 'Cổ phần', 'TNHH MTV'))} {rng.choice(COMPANY_NAMES)}"
        return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"

    def _moment(self, day: date, after: datetime | None = None) -> datetime:
        rng = self.rng
        minute = rng.randrange(450, 690) if rng.random() < 0.6 else rng.randrange(780, 1020)
        moment = timezone.make_aware(
            datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)))
        )
        if after is not None and moment < after:
            moment = after + timedelta(minutes=rng.randint(15, 120))
        return moment

    def rows(self, count: int, first_id: int) -> Iterator[tuple]:
        rng, work = self.rng, self.work
        # More dossiers every year: receipt days are drawn with weights growing over the span.
        day_weights = list(
            accumulate(1 + index / len(self.receipt_days) for index in range(len(self.receipt_days)))
        )
        days = sorted(self.receipt_days[_pick(rng, day_weights)] for _ in range(count))
        for offset, day in enumerate(days):
            yield self._dossier(first_id + offset, day, rng, work)

    def _dossier(self, pk: int, day: date, rng: random.Random, work: WorkingDays) -> tuple:
        procedure = self.procedures[_pick(rng, self.procedure_weights)]
        handlers = self.handlers[procedure.department_id]
        department = handlers[0] if len(handlers) == 1 or rng.random() < 0.4 else rng.choice(handlers[1:])
        top = procedure.department
        key = (top.code, day.year)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        code = f"{top.code}-{day.year}-{self.sequence[key]:07d}"
        online_share = min(0.9, 0.3 + 0.1 * (day.year - 2022))
        if procedure.online_level >= 3 and rng.random() < online_share:
            channel = "online"
        elif procedure.accepts_postal and rng.random() < 0.12:
            channel = "postal"
        else:
            channel = "direct"
        received_at = self._moment(day)
        receipt = day
        if self.cutoff is not None and timezone.localtime(received_at).hour >= self.cutoff:
            receipt = work.after(day, 1)
        due = work.after(receipt, procedure.reduced_days or procedure.statutory_days)
        status, finished_at, satisfaction, apology, paused_on, paused_days = (
            "resolved",
            None,
            "",
            None,
            None,
            0,
        )
        supplement = None

        roll = rng.random()
        if roll < 0.035:
            status, delay = ("withdrawn" if roll < 0.02 else "refused"), None
        elif roll < 0.035 + 0.965 * self.late_share[department.pk]:
            delay = rng.randint(1, 12) if rng.random() < 0.8 else rng.randint(40, 250)
        else:
            delay = -1 if rng.random() < 0.6 else 0
        effective = due
        if status == "resolved" and rng.random() < 0.1:
            span = work.between(day, due)
            requested = work.after(day, rng.randrange(max(span, 1)))
            supplied = work.after(
                requested, rng.randint(2, 10) if rng.random() < 0.7 else rng.randint(20, 60)
            )
            if requested <= self.today:
                if supplied > self.today:
                    self.supplements.append((pk, requested, None, "Bổ sung giấy tờ"))
                    return self._row(
                        pk,
                        code,
                        procedure,
                        department,
                        channel,
                        received_at,
                        due,
                        None,
                        "awaiting_supplement",
                        "",
                        None,
                        requested,
                        0,
                        due,
                    )
                paused_days = work.between(requested, supplied)
                effective = work.after(due, paused_days)
                supplement = (pk, requested, supplied, "Bổ sung giấy tờ")
        if delay is None:
            finish_day = work.after(day, rng.randrange(work.between(day, effective) + 1))
        elif delay < 0:
            start = supplement[2] if supplement else day
            finish_day = work.after(start, rng.randrange(max(work.between(start, effective), 1)))
        else:
            finish_day = work.after(effective, delay)
        if delay is not None and delay > 0 and effective < self.today and rng.random() < 0.35:
            apology = (effective, work.after(effective, min(delay, rng.randint(3, 10))))
        if supplement:
            self.supplements.append(supplement)
        moment = self._moment(finish_day, after=received_at)
        if moment <= self.now:
            finished_at = moment
            if status == "resolved" and rng.random() < 0.65:
                late = delay is not None and delay > 0
                satisfaction = (
                    "dissatisfied"
                    if rng.random() < (0.08 if late else 0.03)
                    else ("very_satisfied" if rng.random() < 0.55 else "satisfied")
                )
        else:
            status = "in_progress"
        return self._row(
            pk, code, procedure, department, channel, received_at, due, finished_at, status, satisfaction,
            apology, paused_on, paused_days, effective,
        )  # fmt: skip

    def _row(
        self, pk, code, procedure, department, channel, received_at, due, finished_at, status, satisfaction,
        apology, paused_on, paused_days, effective,
    ) -> tuple:  # fmt: skip
        return (
            pk,
            code,
            procedure.pk,
            department.pk,
            self.names[self.rng.randrange(len(self.names))],
            channel,
            received_at,
            due,
            finished_at,
            status,
            satisfaction,
            apology[0] if apology else None,
            apology[1] if apology else None,
            paused_on,
            paused_days,
            timezone.localtime(received_at).date(),
            timezone.localtime(finished_at).date() if finished_at else None,
            due,
            effective,
        )


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_dossiers(rows: Iterator[tuple], progress: Callable[[int], None]) -> int:
    written = 0
    postgres = connection.vendor == "postgresql"
    for chunk in _chunks(rows, COPY_ROWS if postgres else BATCH):
        if postgres:
            copy_rows(Dossier._meta.db_table, DOSSIER_COLUMNS, iter(chunk))
        else:
            Dossier.objects.bulk_create(
                [Dossier(**dict(zip(DOSSIER_COLUMNS, row, strict=True))) for row in chunk], batch_size=BATCH
            )
        written += len(chunk)
        progress(written)
    return written


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
            rng, procedures=catalogue, departments=created, first=first, last=last, now=now
        )
        counts.dossiers = _write_dossiers(
            generator.rows(dossiers, first_id=1),
            lambda n: progress(f"{n} hồ sơ") if n % 200_000 == 0 or n == dossiers else None,
        )
        supplements = generator.supplements
        if connection.vendor == "postgresql":
            for chunk in _chunks(iter(supplements), COPY_ROWS):
                copy_rows(SupplementRequest._meta.db_table, SUPPLEMENT_COLUMNS, iter(chunk))
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM procedures_dossier))",
                    [Dossier._meta.db_table],
                )
        else:
            SupplementRequest.objects.bulk_create(
                [SupplementRequest(**dict(zip(SUPPLEMENT_COLUMNS, row, strict=True))) for row in supplements],
                batch_size=BATCH,
            )
        counts.supplements = len(supplements)
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
