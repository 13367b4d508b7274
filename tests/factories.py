"""Builders for test data: each makes a valid record and takes keyword overrides."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import ApiToken, Role, User
from accounts.tokens import api_token_issue, default_expiry
from departments.models import Department
from inspections import services as inspection_services
from procedures.models import (
    Dossier,
    Field,
    Petition,
    Procedure,
    PublicationDecision,
    PublicationItem,
    Succession,
)
from scorecards.models import Assessment, CriteriaSet, Criterion, Score
from scorecards.rules import parse_rule

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_sequence = itertools.count(1)
PASSWORD = "mat-khau-thu-nghiem"


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An aware date-time in the province's time zone, as staff would type it."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def make_department(code: str | None = None, *, parent: Department | None = None, **fields) -> Department:
    code = code or f"DV{next(_sequence)}"
    fields.setdefault("name", f"Đơn vị {code}")
    if parent is not None:
        fields.setdefault("kind", Department.Kind.DIVISION)
    return Department.objects.create(code=code, parent=parent, **fields)


def make_field(name: str | None = None) -> Field:
    return Field.objects.get_or_create(name=name or "Lĩnh vực chung")[0]


def make_procedure(
    department: Department | None = None,
    *,
    code: str | None = None,
    units: tuple[Department, ...] = (),
    **fields,
) -> Procedure:
    """A procedure carried out by `department` (and `units`); a commune-level one may list none."""
    fields.setdefault("name", "Cấp giấy phép thử nghiệm")
    fields.setdefault("field", make_field())
    fields.setdefault("statutory_days", 10)
    procedure = Procedure.objects.create(code=code or f"1.{next(_sequence):06d}", **fields)
    procedure.units.set([*([department] if department else []), *units])
    return procedure


def make_succession(
    predecessor: Department, successor: Department, *, fields: tuple[Field, ...] = (), effective_on=None
) -> Succession:
    """A succession the day after the predecessor's last day, which it must have."""
    succession = Succession.objects.create(
        predecessor=predecessor,
        successor=successor,
        effective_on=effective_on or predecessor.valid_to + timedelta(days=1),
    )
    succession.fields.set(fields)
    return succession


def make_dossier(procedure: Procedure, *, received_at: datetime | None = None, **fields) -> Dossier:
    if "department" not in fields:
        fields["department"] = procedure.units.order_by("pk").first()
    fields.setdefault("channel", Dossier.Channel.DIRECT)
    if fields.get("finished_at") and "status" not in fields:
        fields["status"] = Dossier.Status.RESOLVED
    return Dossier.objects.create(
        code=fields.pop("code", f"HS-{next(_sequence):06d}"),
        procedure=procedure,
        received_at=received_at or local(2025, 3, 3),
        **fields,
    )


def make_publication(
    *procedures: Procedure, number: str | None = None, decided_on=None, **item_fields
) -> PublicationDecision:
    """A decision adding each procedure, its legal basis in force on the decision's day."""
    decided_on = decided_on or date(2025, 3, 1)
    decision = PublicationDecision.objects.create(
        number=number or f"{next(_sequence)}/QĐ-UBND", decided_on=decided_on
    )
    item_fields.setdefault("kind", PublicationItem.Kind.ADDED)
    item_fields.setdefault("basis_effective_on", decided_on)
    for procedure in procedures:
        PublicationItem.objects.create(decision=decision, procedure=procedure, **item_fields)
    return decision


def make_march_2025(province) -> None:
    """March 2025 of the shared province (3 March is a Monday), as the national index's tests read it:
    STTTT's HS-1 finished early and synced, HS-2 received online and still in progress; SXD's HS-3 in
    progress and synced."""
    make_dossier(
        province.stttt_procedure,
        code="HS-1",
        received_at=local(2025, 3, 3),
        finished_at=local(2025, 3, 5),
        synced_to_dvcqg=True,
    )
    make_dossier(province.stttt_procedure, code="HS-2", received_at=local(2025, 3, 4), channel="online")
    make_dossier(province.sxd_procedure, code="HS-3", received_at=local(2025, 3, 4), synced_to_dvcqg=True)


def make_petition(department: Department, **fields) -> Petition:
    """A petition about the rules of a procedure, received by `department`."""
    fields.setdefault("code", f"PAKN-{next(_sequence):06d}")
    fields.setdefault("category", Petition.Category.REGULATION)
    fields.setdefault("received_at", local(2025, 3, 3))
    return Petition.objects.create(department=department, **fields)


def as_read(code: str, data: dict) -> dict:
    """A dossier step's form as its page sends it: with the version of the dossier the page showed, the
    page being opened right before the post."""
    return {"version": Dossier.objects.get(code=code).version, **data}


def make_user(username: str, *, role: str = Role.STAFF, departments: tuple[Department, ...] = ()) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role)
    user.departments.set(departments)
    return user


def make_api_key(user: User, *, issued_by: User | None = None, **fields) -> str:
    """Issues an API token for `user` and returns its key, as the admin shows it once."""
    fields.setdefault("name", "Kịch bản thử nghiệm")
    fields.setdefault("expires_on", default_expiry(today=timezone.localdate()))
    return api_token_issue(token=ApiToken(user=user, **fields), issued_by=issued_by or user)


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file in memory: sheet name → rows, the first row being the headers."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TTHC_HEADERS = [
    "Mã TTHC",
    "Tên thủ tục",
    "Lĩnh vực",
    "Mã đơn vị",
    "Thời hạn quy định",
    "Thời hạn cắt giảm",
    "Mức độ DVCTT",
    "Tiếp nhận qua BCCI",
]
HOSO_HEADERS = [
    "Mã hồ sơ",
    "Mã TTHC",
    "Mã đơn vị",
    "Kênh tiếp nhận",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Mức độ hài lòng",
]


# One new procedure of STTTT and one dossier of it: the smallest valid import.
ONE_DOSSIER_WORKBOOK = {
    "TTHC": [TTHC_HEADERS, ["1.000111", "Cấp giấy phép in", "Xuất bản", "STTTT", 10, 7, "Một phần", "Có"]],
    "HoSo": [
        HOSO_HEADERS,
        ["HS-001", "1.000111", None, "Trực tuyến", "03/03/2025 09:00", None, None, None, None],
    ],
}


def add_strength(inspection, user: User, files=(), *, text: str = "X"):
    """A strength finding of the inspection in the procedures area, with its evidence files."""
    return inspection_services.finding_add(
        inspection=inspection,
        user=user,
        kind="strength",
        area="procedures",
        severity="",
        text=text,
        files=list(files),
    )


def make_scorecard_year(departments, *, year: int = 2025, survey_max: str = "10"):
    """A small agency criteria set (two areas, three leaves: two scored by the unit, one from the on-time
    rate, linear 80–100%) with a draft assessment and a score row per leaf for each department."""
    criteria_set = CriteriaSet.objects.create(year=year, kind="agency", survey_max_points=Decimal(survey_max))
    direction = Criterion.objects.create(
        criteria_set=criteria_set, code="1", title="Công tác chỉ đạo, điều hành", max_points=10, order=1
    )
    procedures = Criterion.objects.create(
        criteria_set=criteria_set, code="2", title="Cải cách thủ tục hành chính", max_points=10, order=4
    )
    leaves = [
        Criterion.objects.create(
            criteria_set=criteria_set,
            parent=direction,
            code="1.1",
            title="Kế hoạch CCHC năm",
            max_points=4,
            order=2,
        ),
        Criterion.objects.create(
            criteria_set=criteria_set,
            parent=direction,
            code="1.2",
            title="Báo cáo CCHC định kỳ",
            max_points=6,
            order=3,
        ),
        Criterion.objects.create(
            criteria_set=criteria_set,
            parent=procedures,
            code="2.1",
            title="Tỷ lệ hồ sơ giải quyết đúng hạn",
            max_points=10,
            order=5,
            auto_indicator="on_time_rate",
            auto_rule="tuyến tính 80-100",
            rule=parse_rule("tuyến tính 80-100"),
        ),
    ]
    for department in departments:
        assessment = Assessment.objects.create(criteria_set=criteria_set, department=department)
        Score.objects.bulk_create(Score(assessment=assessment, criterion=leaf) for leaf in leaves)
    return criteria_set
