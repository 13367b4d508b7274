"""The generated province's units over time and its catalogue, in the two-level shape of 2025
(spec/organisation.md):

- `agencies` provincial agencies (sở, ngành) are in being today. The last fifth of them (at least one)
  began on 01/03/2025, each the merger of two earlier agencies that ended on 28/02/2025: so there are
  agencies + agencies // 5 of them before that day.
- `communes` communes are in being from 01/07/2025, top level. Before that day three times as many smaller
  communes sat under about communes / 10 districts; each passes everything to the commune it merged into,
  and each district passes its own fields (those of the district-level catalogue) to the commune at its
  seat, so that the seat's figures in the current structure do not take in the communes merged elsewhere.
- A provincial service centre receives a share of the agencies' dossiers.
- The catalogue: provincial procedures each listed for one agency in being before 01/03/2025 (its
  successor carries it out after), a fifth of them commune-level and one in twenty district-level,
  listing no unit, in fields of their own.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from departments.models import Department
from procedures.models import Field, Procedure, Succession
from sampledata.demo_reorganisation import AGENCIES_END, AGENCIES_MERGED, COMMUNES_MERGED, DISTRICTS_END
from sampledata.draws import pick, procedure_facts, weights

BATCH = 10_000
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
COMMUNE_TOPICS = (
    "Hộ tịch",
    "Chứng thực",
    "Bảo trợ xã hội",
    "Đất đai",
    "Người có công",
    "Thi đua, khen thưởng",
)
DISTRICT_TOPICS = ("Hộ kinh doanh", "Xây dựng nhà ở riêng lẻ", "Lưu thông hàng hóa", "Giáo dục")
AGENCY_NAMES = (
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Công an tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh",
)
MERGED_NAMES = ("Sở Nông nghiệp và Môi trường",)


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass
class Shape:
    """The generated units by role, and the successions between them (predecessor, successor, effective
    on, whether it passes only the district-level fields)."""

    rows: list[UnitRow] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # agencies in being before 01/03/2025
    districts: list[str] = field(default_factory=list)
    old_communes: list[str] = field(default_factory=list)
    new_communes: list[str] = field(default_factory=list)
    successions: list[tuple[str, str, date, bool]] = field(default_factory=list)


def _agency_name(index: int) -> str:
    return AGENCY_NAMES[index] if index < len(AGENCY_NAMES) else f"Sở, ngành số {index + 1}"


def _divisions(rng: random.Random, top: UnitRow) -> list[UnitRow]:
    return [
        UnitRow(
            f"{top.code}-P{n + 1}",
            f"Phòng chuyên môn {n + 1} – {top.name}",
            "division",
            top.code,
            top.valid_from,
            top.valid_to,
        )
        for n in range(rng.choice((0, 1, 2, 2, 3, 4)))
    ]


def shape(rng: random.Random, agencies: int, communes: int) -> Shape:
    """The units, parents first, and their successions."""
    result = Shape()
    merged = max(1, agencies // 5)
    for index in range(agencies):
        code = f"S{index + 1:02d}"
        if index < agencies - merged:
            top = UnitRow(code, _agency_name(index), Department.Kind.AGENCY)
            result.listed.append(code)
            result.rows += [top, *_divisions(rng, top)]
            continue
        name = MERGED_NAMES[0] if index == agencies - merged else f"Sở hợp nhất số {index + 1}"
        top = UnitRow(code, name, Department.Kind.AGENCY, valid_from=AGENCIES_MERGED)
        result.rows += [top, *_divisions(rng, top)]
        for part in "AB":
            old = UnitRow(
                f"{code}{part}", f"{name} – tiền thân {part}", Department.Kind.AGENCY, valid_to=AGENCIES_END
            )
            result.listed.append(old.code)
            result.rows += [old, *_divisions(rng, old)]
            result.successions.append((old.code, code, AGENCIES_MERGED, False))
    result.rows.append(
        UnitRow("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", Department.Kind.SERVICE_CENTRE)
    )
    result.new_communes = [f"X{n + 1:03d}" for n in range(communes)]
    result.rows += [
        UnitRow(code, f"UBND xã, phường số {n + 1}", Department.Kind.COMMUNE, valid_from=COMMUNES_MERGED)
        for n, code in enumerate(result.new_communes)
    ]
    districts = max(1, round(communes / 10))
    olds = 3 * communes
    for d in range(districts):
        district = UnitRow(
            f"H{d + 1:02d}", f"UBND huyện số {d + 1}", Department.Kind.DISTRICT, valid_to=DISTRICTS_END
        )
        result.districts.append(district.code)
        result.rows.append(district)
        # The district's communes: a consecutive run, so that its seat (its first) merges into a new
        # commune of the district.
        for n in range(d * olds // districts, (d + 1) * olds // districts):
            code = f"{district.code}-X{n + 1:03d}"
            result.rows.append(
                UnitRow(
                    code,
                    f"UBND xã số {n + 1} (cũ)",
                    Department.Kind.COMMUNE,
                    district.code,
                    None,
                    DISTRICTS_END,
                )
            )
            result.old_communes.append(code)
            result.successions.append((code, result.new_communes[n // 3], COMMUNES_MERGED, False))
        seat = result.new_communes[(d * olds // districts) // 3]
        result.successions.append((district.code, seat, COMMUNES_MERGED, True))
    return result


def create_units(rng: random.Random, agencies: int, communes: int) -> tuple[Shape, dict[str, Department]]:
    """The units, written in two bulk inserts (top level, then below), with their materialised paths."""
    units = shape(rng, agencies, communes)
    created: dict[str, Department] = {}
    for row in units.rows:
        parent = created.get(row.parent) if row.parent else None
        created[row.code] = Department(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            path=f"{parent.path if parent else '/'}{row.code}/",
        )
    top = [d for d in created.values() if d.parent is None]
    Department.objects.bulk_create(top)
    saved = Department.objects.in_bulk([d.code for d in top], field_name="code")
    for department in created.values():
        if department.parent is not None:
            department.parent = saved[department.parent.code]
    Department.objects.bulk_create([d for d in created.values() if d.parent is not None])
    return units, Department.objects.in_bulk(list(created), field_name="code")


def create_successions(units: Shape, departments: dict[str, Department]) -> int:
    district_fields = list(Field.objects.filter(name__in=[f"{t} (cấp huyện)" for t in DISTRICT_TOPICS]))
    successions = Succession.objects.bulk_create(
        [
            Succession(predecessor=departments[old], successor=departments[new], effective_on=day)
            for old, new, day, _fields in units.successions
        ]
    )
    Succession.fields.through.objects.bulk_create(
        [
            Succession.fields.through(succession_id=succession.pk, field_id=f.pk)
            for succession, (*_, district_only) in zip(successions, units.successions, strict=True)
            if district_only
            for f in district_fields
        ]
    )
    return len(successions)


def _reduced_days(rng: random.Random, statutory: int) -> int | None:
    """A reduced time cut by 20-40% for four procedures in five of 5 working days or more."""
    if statutory < 5:
        return None
    reduced = statutory - rng.randint(statutory * 2 // 10, statutory * 4 // 10)
    return reduced if rng.random() < 0.8 else None


def _level(rng: random.Random, index: int, listed: int) -> Procedure.Level:
    """The level of the catalogue's procedure `index`: the listed agencies' own come first, then one
    commune-level and one district-level; after them one in five is commune-level, and of the rest one
    in twenty district-level."""
    if index == listed or (index > listed and rng.random() < 0.2):
        return Procedure.Level.COMMUNE
    if index == listed + 1 or (index > listed and rng.random() < 0.05):
        return Procedure.Level.DISTRICT
    return Procedure.Level.PROVINCE


def create_catalogue(
    rng: random.Random, units: Shape, departments: dict[str, Department], count: int, *, facts: random.Random
) -> list[Procedure]:
    """`count` procedures: one for each listed agency first, then drawn; their listed units are written
    beside them. Returns them with `listed_id` set (None for a commune- or district-level one). Their
    facts are drawn from `facts`, leaving the province's draws as they were: the first listed agency
    takes fees online for nine procedures in ten, the second for one."""
    integrated = dict(zip(units.listed[:2], (0.9, 0.1), strict=False))
    names = [f"{topic} {n}" if n else topic for n in range(8) for topic in FIELD_TOPICS]
    local = {
        "commune": [f"{t} (cấp xã)" for t in COMMUNE_TOPICS],
        "district": [f"{t} (cấp huyện)" for t in DISTRICT_TOPICS],
    }
    Field.objects.bulk_create([Field(name=name) for name in names + local["commune"] + local["district"]])
    fields = Field.objects.in_bulk(field_name="name")
    agency_fields = {code: rng.sample(names, rng.randint(2, 8)) for code in units.listed}
    cumulative = weights(rng, len(units.listed), 1.0)
    procedures, listed = [], []
    for index in range(count):
        level = _level(rng, index, len(units.listed))
        agency = None
        if level == Procedure.Level.PROVINCE:
            agency = units.listed[index] if index < len(units.listed) else units.listed[pick(rng, cumulative)]
        field_name = rng.choice(agency_fields[agency] if agency else local[level])
        statutory = rng.choice(STATUTORY_DAYS)
        reduced = _reduced_days(rng, statutory)
        # About half are offered fully online (level 4), which makes them eligible for it (procedure_facts).
        online_level = rng.choices((1, 2, 3, 4), weights=(0.05, 0.2, 0.3, 0.45))[0]
        procedures.append(
            Procedure(
                code=f"{1 + index % 2}.{index + 1:06d}",
                name=f"Thủ tục số {index + 1}",
                field=fields[field_name],
                level=level,
                statutory_days=statutory,
                reduced_days=reduced,
                online_level=online_level,
                accepts_postal=rng.random() < 0.45,
                **procedure_facts(
                    facts, level=level, online_level=online_level, integrated=integrated.get(agency, 0.6)
                ),
            )
        )
        listed.append(agency)
    Procedure.objects.bulk_create(procedures, batch_size=BATCH)
    saved = list(Procedure.objects.order_by("pk"))
    Procedure.units.through.objects.bulk_create(
        [
            Procedure.units.through(procedure_id=p.pk, department_id=departments[code].pk)
            for p, code in zip(saved, listed, strict=True)
            if code
        ],
        batch_size=BATCH,
    )
    for procedure, code in zip(saved, listed, strict=True):
        procedure.listed_id = departments[code].pk if code else None
    return saved
