"""The demo province's departments and procedures, drawn from its catalogue (sampledata.demo_catalogue):
the sample department's procedures are cut and offered online exactly as its inspection reported."""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from departments.models import Department
from procedures.models import Procedure
from procedures.office_hours import TimeUnit, parse_time_limit
from sampledata.demo_catalogue import AGENCIES
from sampledata.demo_reorganisation import COMMUNE_PROCEDURES, DISTRICT_PROCEDURES
from sampledata.demo_sample import SAMPLE_DEPARTMENT, SAMPLE_FIGURES, SEED


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field: str
    department: str | None  # the unit listed for it; None for a commune- or district-level procedure
    statutory_days: Decimal | int
    reduced_days: int | None
    online_level: int
    accepts_postal: bool
    popularity: int
    level: str = Procedure.Level.PROVINCE
    time_unit: str = TimeUnit.DAYS


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
    # The shared catalogues keep their national codes: no drawn code may take one.
    used = {
        code
        for catalogue in (COMMUNE_PROCEDURES, DISTRICT_PROCEDURES)
        for rows in catalogue.values()
        for code, *_ in rows
    }
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
    return specs + _shared_specs()


def _shared_specs() -> list[ProcedureSpec]:
    """The commune- and district-level catalogues: no unit listed, every unit of the level carries them out."""
    rng = random.Random(f"{SEED}:shared")
    specs = []
    for level, catalogue in (
        (Procedure.Level.COMMUNE, COMMUNE_PROCEDURES),
        (Procedure.Level.DISTRICT, DISTRICT_PROCEDURES),
    ):
        for field_name, rows in catalogue.items():
            for code, name, statutory in rows:
                limit = parse_time_limit(str(statutory))
                # A limit in hours or a half day is never reduced, and draws nothing for it.
                whole = limit.unit == TimeUnit.DAYS and limit.amount == int(limit.amount)
                reduced = whole and limit.amount >= 3 and rng.random() < 0.6
                specs.append(
                    ProcedureSpec(
                        code=code,
                        name=name,
                        field=field_name,
                        department=None,
                        statutory_days=limit.amount,
                        reduced_days=_reduced_days(rng, int(limit.amount)) if reduced else None,
                        online_level=rng.choices((2, 3, 4), weights=(0.3, 0.4, 0.3))[0],
                        accepts_postal=rng.random() < 0.3,
                        popularity=rng.choice((1, 2, 3, 5, 8)),
                        level=level,
                        time_unit=limit.unit,
                    )
                )
    return specs


DepartmentRow = tuple[str, str, str, str | None, date | None, date | None]


def department_rows() -> list[DepartmentRow]:
    """(code, name, kind, parent code, valid from, valid to), parents first; sub-units share their
    department's dates."""
    rows: list[DepartmentRow] = []
    for agency in AGENCIES:
        dates = (agency.valid_from, agency.valid_to)
        rows.append((agency.code, agency.name, agency.kind, agency.parent, *dates))
        rows += [
            (f"{agency.code}-{suffix}", name, Department.Kind.DIVISION, agency.code, *dates)
            for suffix, name in agency.divisions
        ]
        rows += [
            (f"{agency.code}-{suffix}", name, Department.Kind.UNIT, agency.code, *dates)
            for suffix, name in agency.units
        ]
    return rows
