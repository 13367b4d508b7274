"""Dossiers in the national synchronisation layout (spec/index766.md), read into plain values: the file
provincial one-stop systems already send to DVCQG.

The reading layer only: it judges what a file says of itself (times `yyyyMMddHHmmss`, the national codes,
sums, the order of events, a code given twice), never what needs the database (whether the unit and the
procedure exist: the rulebook's, when the records are written). Each problem is one message naming the
record (its MaHoSo, else its place in the file) and the field, as the workbook import names a row and a
column; a record with any problem is left out, so that a caller never writes half of one."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from django.utils.translation import gettext as _

from cchc_portal.codes import normalise_code
from cchc_portal.untrusted_files import FileRefused
from procedures.dvc_values import (
    UnreadableValue,
    read_amount,
    read_channel,
    read_moment,
    read_paid,
    read_status,
    read_text,
    read_yes,
    shown,
)
from procedures.dvcqg import (
    NOT_COUNTED_STATUSES,
    PORTAL_CHANNELS,
    PORTAL_STATUSES,
    NationalChannel,
    NationalStatus,
    SupplementRequest,
)
from procedures.rules import Status

T = TypeVar("T")

# The statuses whose end of processing the file must give, and the one that may give it by NgayTra.
ENDED_STATUSES = frozenset(
    {NationalStatus.WITHDRAWN, NationalStatus.STOPPED, NationalStatus.PROCESSED, NationalStatus.RETURNED}
)
PROCESSED_STATUSES = frozenset({NationalStatus.PROCESSED, NationalStatus.RETURNED})
# Times a dossier cannot have before it was received.
AFTER_RECEIPT = ("NgayHenTra", "NgayKetThucXuLy", "NgayTra")


class DvcRecord(NamedTuple):
    """One dossier as the file gives it, every time aware on the province's clock. A named tuple: built
    for each of 50,000 records in 0.8 µs, against a frozen dataclass's 2.9 µs.

    `ended_at` is the end of processing the spec takes for a withdrawn, stopped, processed or returned
    dossier (NgayKetThucXuLy, or NgayTra for a returned one without it); `processing_complete_at` is
    NgayKetThucXuLy where the status says processing was complete (9, 10), `returned_at` NgayTra where it
    says the result was returned (10). `due_at` is None when NgayHenTra is blank: the writer computes it.
    `fee` is None when DanhSachLePhi has no entry (no fee), 0 when the dossier was free."""

    position: int
    code: str
    procedure_code: str
    unit_code: str
    national_channel: NationalChannel
    channel: str
    national_status: NationalStatus
    status: Status | None
    received_at: datetime | None
    due_at: datetime | None
    processing_complete_at: datetime | None
    returned_at: datetime | None
    ended_at: datetime | None
    supplements: tuple[SupplementRequest, ...]
    digitised: bool
    population_data: bool
    paid_online: bool
    fee: int | None
    electronic_result: bool
    reused_data: bool
    from_dvcqg_store: bool

    @property
    def counted(self) -> bool:
        """Statuses 1 (registered) and 3 (not accepted) are kept but count in no figure."""
        return self.national_status not in NOT_COUNTED_STATUSES


@dataclass(frozen=True)
class DvcIssue:
    """One problem of a file: the record (its place from 1, and its MaHoSo when it has one), the field
    (nested ones as `DanhSachLePhi[2].Gia`, blank for a record that is not an object) and what is wrong."""

    position: int
    code: str
    field: str
    problem: str

    def __str__(self) -> str:
        values = {"record": self.code or _("thứ %(n)s") % {"n": self.position}, "problem": self.problem}
        if not self.field:
            return _("Hồ sơ %(record)s: %(problem)s.") % values
        return _("Hồ sơ %(record)s: %(field)s %(problem)s.") % (values | {"field": self.field})


@dataclass(frozen=True)
class DvcReading:
    records: list[DvcRecord]
    errors: list[DvcIssue]
    values: int = 0  # the values the file holds, records or not


def read_dvc_records(values: object) -> DvcReading:
    """The records of a file in the national layout, as read_json gives it: one JSON array of objects,
    or the list of a JSON Lines file's values. Anything else is not the layout (FileRefused)."""
    listed = dvc_values(values)
    errors: list[DvcIssue] = []
    return DvcReading(records=list(dvc_records(listed, errors)), errors=errors, values=len(listed))


def dvc_values(values: object) -> list:
    """The file's values, which the layout wants in a list (FileRefused otherwise)."""
    if not isinstance(values, list):
        raise FileRefused(_("Tệp phải là một mảng JSON các hồ sơ, hoặc JSON Lines mỗi dòng một hồ sơ."))
    return values


def dvc_records(values: list, errors: list[DvcIssue]) -> Iterator[DvcRecord]:
    """Each record of the file's values, read as it is asked for, so that an import judges and writes
    the first ones while the rest are still to be read; the problems of those left out go to `errors`."""
    first_places: dict[str, int] = {}
    for position, value in enumerate(values, start=1):
        if not isinstance(value, dict):
            errors.append(DvcIssue(position, "", "", _("không phải một đối tượng JSON")))
            continue
        fields = _Fields(position, value, errors)
        if fields.code in first_places:
            fields.add("MaHoSo", _duplicate(first_places[fields.code], position))
        elif fields.code:
            first_places[fields.code] = position
        record = _record(fields)
        if record is not None:
            yield record


def given_codes(values: list, field: str) -> set[str]:
    """The codes the file's objects give in `field` (MaHoSo, MaTTHC), as their records will hold them:
    what an import looks up before it reads the records."""
    codes = {
        normalise_code(value[field])
        for value in values
        if isinstance(value, dict) and isinstance(value.get(field), str)
    }
    return codes - {""}


def _duplicate(first: int, again: int) -> str:
    return _("trùng ở hồ sơ thứ %(first)s và thứ %(again)s") % {"first": first, "again": again}


# The value of _Fields.read that means "the record's own field", since None is a value a file gives.
_OWN = object()


class _Fields:
    """One object of the file: its values, and the problems found in it, each naming its field."""

    __slots__ = ("position", "values", "errors", "code", "faulty")

    def __init__(self, position: int, values: dict[str, Any], errors: list[DvcIssue]) -> None:
        self.position, self.values, self.errors = position, values, errors
        code = values.get("MaHoSo")
        self.code = normalise_code(code) if isinstance(code, str) else ""
        self.faulty: set[str] = set()

    def add(self, field: str, problem: str) -> None:
        self.errors.append(DvcIssue(self.position, self.code, field, problem))
        self.faulty.add(field)

    def read(
        self, field: str, reader: Callable[[object], T], value: object = _OWN, *, required: bool = False
    ) -> T | None:
        """`reader`'s answer for the value of `field` (or `value`, for a field of a nested entry), None
        when it is blank or wrong; a wrong value, or a blank required one, is a problem."""
        if value is _OWN:
            value = self.values.get(field)
        # Blank: None or only spaces. Inline, as a file of 50,000 records reads 600,000 values here (a
        # function for it cost 8% of the reading). JSON gives plain str, never a subclass.
        if value is None or (value.__class__ is str and not value.strip()):
            if required:
                self.add(field, _("không được để trống"))
            return None
        try:
            return reader(value)
        except UnreadableValue as fault:
            self.add(field, str(fault))
            return None

    def entries(self, field: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a nested list, each with the name its fields are reported under."""
        value = self.values.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(field, _("phải là một mảng"))
            return []
        entries = []
        for number, entry in enumerate(value, start=1):
            name = f"{field}[{number}]"
            if isinstance(entry, dict):
                entries.append((name, entry))
            else:
                self.add(name, _("không phải một đối tượng JSON"))
        return entries


def _record(fields: _Fields) -> DvcRecord | None:
    code = fields.read("MaHoSo", read_text, required=True)
    procedure_code = fields.read("MaTTHC", read_text, required=True)
    unit_code = fields.read("DonViXuLy", read_text, required=True)
    status = fields.read("TrangThaiHoSo", read_status, required=True)
    channel = fields.read("KenhThucHien", read_channel, required=True)
    times = _times(fields, status)
    supplements = _supplements(fields, times.get("NgayTiepNhan"))
    fee = _fee(fields)
    # A list, not a generator: every entry is read, so that a wrong one after a good one is still said.
    paths = [
        fields.read(f"{name}.DuongDanTepTinKetQua", read_text, entry.get("DuongDanTepTinKetQua"))
        for name, entry in fields.entries("DanhSachGiayToKetQua")
    ]
    documents = _documents(fields)
    digitised = fields.read("HoSoCoThanhPhanSoHoa", read_yes)
    population_data = fields.read("TaiKhoanDuocXacThucVoiVNeID", read_yes)
    paid_online = fields.read("DuocThanhToanTrucTuyen", read_paid)
    if fields.faulty:
        return None
    return DvcRecord(
        position=fields.position,
        code=code,
        procedure_code=procedure_code,
        unit_code=unit_code,
        national_channel=channel,
        channel=PORTAL_CHANNELS[channel],
        national_status=status,
        status=PORTAL_STATUSES.get(status),
        received_at=times.get("NgayTiepNhan"),
        due_at=times.get("NgayHenTra"),
        processing_complete_at=times.get("NgayKetThucXuLy") if status in PROCESSED_STATUSES else None,
        returned_at=times.get("NgayTra") if status == NationalStatus.RETURNED else None,
        ended_at=_ended(status, times),
        supplements=supplements,
        digitised=bool(digitised) or documents["DuocSoHoa"],
        population_data=bool(population_data),
        paid_online=bool(paid_online),
        fee=fee,
        electronic_result=any(paths),
        reused_data=documents["DuocTaiSuDung"],
        from_dvcqg_store=documents["DuocLayTuKhoDMQG"],
    )


def _ended(status: NationalStatus, times: dict[str, datetime | None]) -> datetime | None:
    if status not in ENDED_STATUSES:
        return None
    ended = times.get("NgayKetThucXuLy")
    if ended is None and status == NationalStatus.RETURNED:
        return times.get("NgayTra")
    return ended


def _times(fields: _Fields, status: NationalStatus | None) -> dict[str, datetime | None]:
    """The dossier's own times, each after its receipt, and the end of processing its status needs."""
    received_required = status is not None and status not in NOT_COUNTED_STATUSES
    received = fields.read("NgayTiepNhan", read_moment, required=received_required)
    times = {"NgayTiepNhan": received}
    for field in AFTER_RECEIPT:
        moment = times[field] = fields.read(field, read_moment)
        if received and moment and moment < received:
            fields.add(field, _before(fields.values[field], "NgayTiepNhan", fields.values["NgayTiepNhan"]))
    field = "NgayTra" if status == NationalStatus.RETURNED else "NgayKetThucXuLy"
    if (
        status in ENDED_STATUSES
        and _ended(status, times) is None
        and not {field, "NgayKetThucXuLy"} & fields.faulty
    ):
        fields.add(
            field,
            _("không được để trống khi TrangThaiHoSo là %(status)s (%(label)s)")
            % {"status": int(status), "label": status.label},
        )
    return times


def _before(value: object, other_field: str, other: object) -> str:
    values = {"value": shown(value), "field": other_field, "other": shown(other)}
    return _("“%(value)s” trước %(field)s “%(other)s”") % values


def _supplements(fields: _Fields, received: datetime | None) -> tuple[SupplementRequest, ...]:
    """DanhSachHoSoBoSung: each request's time, after the receipt, and its return's, after the request."""
    requests = []
    for name, entry in fields.entries("DanhSachHoSoBoSung"):
        requested_field, returned_field = f"{name}.NgayBoSung", f"{name}.NgayTiepNhanBoSung"
        requested = fields.read(requested_field, read_moment, entry.get("NgayBoSung"), required=True)
        returned = fields.read(returned_field, read_moment, entry.get("NgayTiepNhanBoSung"))
        if requested and received and requested < received:
            fields.add(
                requested_field, _before(entry["NgayBoSung"], "NgayTiepNhan", fields.values["NgayTiepNhan"])
            )
        elif requested and returned and returned < requested:
            fields.add(
                returned_field, _before(entry["NgayTiepNhanBoSung"], "NgayBoSung", entry["NgayBoSung"])
            )
        elif requested:
            requests.append(SupplementRequest(requested_at=requested, returned_at=returned))
    return tuple(requests)


def _fee(fields: _Fields) -> int | None:
    """The sum of DanhSachLePhi[].Gia: None with no entry (no fee), 0 for a free dossier."""
    entries = fields.entries("DanhSachLePhi")
    if not entries:
        return None
    return sum(
        fields.read(f"{name}.Gia", read_amount, entry.get("Gia"), required=True) or 0
        for name, entry in entries
    )


def _documents(fields: _Fields) -> dict[str, bool]:
    """TaiLieuNop's three flags, each true when any submitted document carries it."""
    flags = {"DuocSoHoa": False, "DuocTaiSuDung": False, "DuocLayTuKhoDMQG": False}
    for name, entry in fields.entries("TaiLieuNop"):
        for flag in flags:
            if fields.read(f"{name}.{flag}", read_yes, entry.get(flag)):
                flags[flag] = True
    return flags
