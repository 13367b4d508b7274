"""Each record of a file in the national layout judged against the portal, as the workbook import judges a
HoSo row: the rulebook (procedures.rules) on the values the record maps to, the unit within the user's
scope, data locks; then kept as a new dossier's columns or as changes to the stored one.

The mapping (spec/index766.md): the national status is kept as received and the portal's is
dvcqg.PORTAL_STATUSES' (1 and 3 are not stored); a returned dossier (10) ends at NgayTra, a withdrawn,
stopped or processed one (7, 8, 9) at its end of processing; the due time is NgayHenTra where given (its
date the due date), else the calendar's; DanhSachHoSoBoSung is the dossier's whole list of supplement
requests, whose closed pauses move the deadline by their working days, as the portal's own steps do."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import attrgetter
from types import SimpleNamespace
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Department
from departments.services import LockIndex
from procedures import rules
from procedures.calendar import WorkingCalendar, province_time
from procedures.dvc_layout import DvcIssue, DvcRecord
from procedures.dvcqg import NationalStatus
from procedures.dvcqg_stored import stored_standing
from procedures.import_dossiers import CODE_LIMIT, not_yours
from procedures.import_rows import assign
from procedures.imports import Importer
from procedures.models import Dossier, Procedure, SupplementRequest, dossier_code_rule
from procedures.office_hours import OfficeHours, TimeLimit
from procedures.organisation import CarriedProcedure, Organisation
from procedures.workbook import ImportReport
from procedures.writer import NewDossiers

# The layout's field a rulebook problem is reported against (the return's, by the status: _field_of).
FIELD_OF_RULE = {
    "received_at": "NgayTiepNhan",
    "status": "TrangThaiHoSo",
    "national_status": "TrangThaiHoSo",
    "due_on": "NgayHenTra",
    "apology_due_on": "NgayHenTra",
    "department": "DonViXuLy",
    "receiving_unit": "DonViXuLy",
    "processing_completed_at": "NgayKetThucXuLy",
    "fee_amount": "DanhSachLePhi",
    "paid_online": "DuocThanhToanTrucTuyen",
}
SUPPLEMENTS = "DanhSachHoSoBoSung"
# The dates the rulebook derives, stored under the same names.
DERIVED = tuple(derived.name for derived in fields(rules.Derived))
DERIVED_VALUES = attrgetter(*DERIVED)


class StoredRequest(NamedTuple):
    """A supplement request's moments, as stored and as a file gives them: a re-import compares these."""

    requested_at: datetime | None
    supplied_at: datetime | None


class RuleIssue(DvcIssue):
    """A problem the rulebook words as a whole sentence, as on every other path."""

    def __str__(self) -> str:
        record = self.code or _("thứ %(n)s") % {"n": self.position}
        return _("Hồ sơ %(record)s, %(field)s: %(problem)s") % {
            "record": record,
            "field": self.field,
            "problem": self.problem,
        }


class _Issues:
    """The problems of one record, added to the report as they are found."""

    __slots__ = ("errors", "record", "count")

    def __init__(self, errors: list[DvcIssue], record: DvcRecord) -> None:
        self.errors, self.record, self.count = errors, record, 0

    def add(self, field: str, problem: str, *, sentence: bool = False) -> None:
        kind = RuleIssue if sentence else DvcIssue
        self.errors.append(kind(self.record.position, self.record.code, field, problem))
        self.count += 1


@dataclass
class DvcImportReport(ImportReport):
    """The workbook import's report (the job's page shows it), its errors naming records and fields of the
    layout, and the records of statuses 1 and 3, which are not stored."""

    errors: list[DvcIssue] = field(default_factory=list)
    skipped: int = 0

    def skipped_line(self) -> str:
        return _("Bỏ qua %(n)s hồ sơ trạng thái 1/3 (không được tính).") % {"n": self.skipped}


@dataclass(frozen=True, slots=True)
class Pauses:
    """The supplement requests as the dossier will hold them: the day its open one was asked for, and the
    working days its closed ones lasted."""

    paused_on: date | None
    days: int
    requests: list[SupplementRequest]


# Problems of the file's supplement requests and statuses against what the portal stores.
NOT_COUNTED_STORED = gettext_noop(
    "“%(status)s” (%(label)s) là trạng thái không được tính; hồ sơ đã lưu trên Cổng không chuyển về "
    "trạng thái này được"
)
SECOND_OPEN_REQUEST = gettext_noop("không được để trống: hồ sơ chỉ chờ một yêu cầu bổ sung tại một thời điểm")
WAITING_WITHOUT_REQUEST = gettext_noop(
    "“%(status)s” (%(label)s) cần một yêu cầu bổ sung chưa nhận (NgayTiepNhanBoSung để trống) trong "
    "DanhSachHoSoBoSung"
)
OPEN_REQUEST_NOT_WAITING = gettext_noop(
    "không được để trống khi TrangThaiHoSo là %(status)s (%(label)s): chỉ hồ sơ ở trạng thái 5 (Yêu cầu "
    "bổ sung) đang chờ bổ sung"
)


def _status_words(record: DvcRecord) -> dict[str, object]:
    return {"status": int(record.national_status), "label": record.national_status.label}


def _day(moment: datetime | None) -> date | None:
    return province_time(moment).date() if moment else None


class RecordChecks:
    """Part of procedures.import_dvc.DvcImport, whose state it reads and fills."""

    # What the records are judged against, loaded once for the file.
    report: DvcImportReport
    synced: bool
    now: datetime
    units: Importer
    organisation: Organisation
    procedures: dict[str, Procedure]
    carried: dict[str, CarriedProcedure]
    limits: dict[str, TimeLimit]
    existing: dict[str, Dossier]
    stored_requests: dict[int, list[StoredRequest]]
    locks: LockIndex
    calendar: WorkingCalendar
    cutoff: int | None
    hours: OfficeHours
    # What they write.
    new_dossiers: NewDossiers
    changed_dossiers: list[Dossier]
    requests: list[SupplementRequest]
    replaced: list[int]

    def judge(self, record: DvcRecord) -> None:
        issues = _Issues(self.report.errors, record)
        old = self.existing.get(record.code)
        self._judge_code(issues, record, old)
        if not record.counted:
            if old is not None:
                issues.add("TrangThaiHoSo", _(NOT_COUNTED_STORED) % _status_words(record))
            elif not issues.count:
                self.report.skipped += 1
            return
        procedure = self.procedures.get(record.procedure_code)
        if procedure is None:
            issues.add("MaTTHC", rules.unknown_procedure(record.procedure_code), sentence=True)
        # The workbook import's finding of a unit, with its words for one unknown or out of scope.
        department, problem = self.units.find_place(record.unit_code)
        if problem is not None:
            issues.add("DonViXuLy", problem)
        pauses = self._pauses(issues, record, old)
        values = self._values(record, old, procedure, department, pauses)
        self._judge_rules(issues, record, old, values)
        if issues.count or procedure is None or department is None:
            return
        standing = stored_standing(
            SimpleNamespace(**values), pauses.requests, calendar=self.calendar, hours=self.hours
        )
        values["dvcqg_on_time"], values["dvcqg_late_on"] = standing.on_time, standing.late_on
        if old is None:
            self._keep_new(issues, record, values, pauses)
        else:
            self._keep_changed(issues, record, old, values, pauses)

    def _judge_code(self, issues: _Issues, record: DvcRecord, old: Dossier | None) -> None:
        problem = dossier_code_rule.problem(record.code)
        if problem is not None:
            issues.add("MaHoSo", problem, sentence=True)
        elif len(record.code) > CODE_LIMIT:
            issues.add("MaHoSo", _("dài quá %(n)s ký tự") % {"n": CODE_LIMIT})
        if old is not None and not self.units.in_scope(old.department.path):
            issues.add("MaHoSo", not_yours(record.code))

    def _values(
        self,
        record: DvcRecord,
        old: Dossier | None,
        procedure: Procedure | None,
        department: Department | None,
        pauses: Pauses,
    ) -> dict[str, object]:
        """The dossier's stored values as the record gives them, with the rulebook's derived dates (for a
        procedure the portal holds). What the layout does not carry (the rating, an apology, the unit that
        received the dossier) stays as stored."""
        returned = record.national_status == NationalStatus.RETURNED
        values = {
            "procedure": procedure,
            "department": department,
            "channel": record.channel,
            "received_at": record.received_at,
            "finished_at": record.returned_at if returned else record.ended_at,
            "status": record.status,
            "due_at": record.due_at,
            "due_on": _day(record.due_at),
            "paused_on": pauses.paused_on,
            "paused_days": pauses.days,
            "national_status": int(record.national_status),
            "processing_completed_at": record.processing_complete_at,
            "electronic_result": record.electronic_result,
            "digitised": record.digitised,
            "reused_data": record.reused_data,
            "dvcqg_store": record.from_dvcqg_store,
            "population_data": record.population_data,
            "fee_amount": record.fee,
            "paid_online": record.paid_online,
            # Without --synced the file says nothing of it: a dossier synced before stays so.
            "synced_to_dvcqg": self.synced or (old is not None and old.synced_to_dvcqg),
        }
        if procedure is not None:
            derived = rules.derive(
                received_at=record.received_at,
                finished_at=values["finished_at"],
                due_on=values["due_on"],
                due_at=values["due_at"],
                limit=self.limits[record.procedure_code],
                paused_days=pauses.days,
                calendar=self.calendar,
                hours=self.hours,
                cutoff_hour=self.cutoff,
            )
            values.update(zip(DERIVED, DERIVED_VALUES(derived), strict=True))
        return values

    def _judge_rules(self, issues: _Issues, record: DvcRecord, old: Dossier | None, values: dict) -> None:
        department = values["department"]
        waiting = values["status"] == rules.Status.AWAITING_SUPPLEMENT
        problems = rules.dossier_problems(
            received_at=values["received_at"],
            finished_at=values["finished_at"],
            status=values["status"],
            due_on=values["due_on"],
            now=self.now,
            # The pause follows the file's list, whose agreement with the status _pauses judged already.
            paused_on=(values["paused_on"] or _day(values["received_at"])) if waiting else None,
            apology_issued_on=old.apology_issued_on if old else None,
            apology_due_on=old.apology_due_on if old else None,
            satisfaction=old.satisfaction if old else "",
            stored_satisfaction=old.satisfaction if old else None,
            organisation=self.organisation,
            unit_id=department.pk if department is not None else None,
            procedure=self.carried.get(record.procedure_code),
            receiving_unit_id=old.receiving_unit_id if old else None,
            national={name: values[name] for name in rules.NATIONAL_FACTS},
        )
        for key, message in problems.items():
            issues.add(self._field_of(key, record), message, sentence=True)

    @staticmethod
    def _field_of(key: str, record: DvcRecord) -> str:
        if key == "finished_at":
            return "NgayTra" if record.national_status == NationalStatus.RETURNED else "NgayKetThucXuLy"
        return FIELD_OF_RULE.get(key, "MaHoSo")

    def _pauses(self, issues: _Issues, record: DvcRecord, old: Dossier | None) -> Pauses:
        """The file's supplement requests: at most one open, and open exactly when the status says the
        dossier waits for a supplement (5), none in the future."""
        requests, days, open_places = [], 0, []
        # The dossier each request names; pauses_open finds a new one by its code once it is written.
        dossier = (old or Dossier(code=record.code)) if record.supplements else None
        for number, request in enumerate(record.supplements, start=1):
            name = f"{SUPPLEMENTS}[{number}]"
            moments = (("NgayBoSung", request.requested_at), ("NgayTiepNhanBoSung", request.returned_at))
            for name_of_time, moment in moments:
                if moment and moment > self.now:
                    issues.add(f"{name}.{name_of_time}", _("không được ở tương lai"))
            requested_on, supplied_on = _day(request.requested_at), _day(request.returned_at)
            if supplied_on is None:
                open_places.append(number)
            else:
                days += self.calendar.working_days_between(requested_on, supplied_on)
            requests.append(
                SupplementRequest(
                    dossier=dossier,
                    requested_on=requested_on,
                    supplied_on=supplied_on,
                    requested_at=request.requested_at,
                    supplied_at=request.returned_at,
                    reason=_("Ghi nhận qua tệp đồng bộ DVCQG"),
                )
            )
        waiting = record.status == rules.Status.AWAITING_SUPPLEMENT
        for number in open_places[1:]:
            issues.add(f"{SUPPLEMENTS}[{number}].NgayTiepNhanBoSung", _(SECOND_OPEN_REQUEST))
        if waiting and not open_places:
            issues.add("TrangThaiHoSo", _(WAITING_WITHOUT_REQUEST) % _status_words(record))
        elif open_places and not waiting:
            field = f"{SUPPLEMENTS}[{open_places[0]}].NgayTiepNhanBoSung"
            issues.add(field, _(OPEN_REQUEST_NOT_WAITING) % _status_words(record))
        paused_on = requests[open_places[0] - 1].requested_on if waiting and open_places else None
        return Pauses(paused_on, days, requests)

    def _keep_new(self, issues: _Issues, record: DvcRecord, values: dict, pauses: Pauses) -> None:
        department: Department = values["department"]
        refusal = self.locks.refusal(department_path=department.path, day=values["received_on"])
        if refusal:
            issues.add("NgayTiepNhan", refusal, sentence=True)
            return
        columns = {
            **values,
            "code": record.code,
            "applicant": "",
            "satisfaction": "",
            "version": 1,
            "apology_issued_on": None,
            "apology_due_on": None,
            "department_id": department.pk,
            "procedure_id": values["procedure"].pk,
            "receiving_unit_id": None,
        }
        del columns["procedure"], columns["department"]
        self.new_dossiers.add(columns)
        self.requests.extend(pauses.requests)

    def _keep_changed(
        self, issues: _Issues, record: DvcRecord, old: Dossier, values: dict, pauses: Pauses
    ) -> None:
        """The stored dossier with the record's values, unless nothing changes or a data lock refuses it:
        the unit and day it was filed under, and those it moves to."""
        before = (old.department.path, old.received_on)
        stored = self.stored_requests.get(old.pk, [])
        requests_changed = stored != [
            StoredRequest(r.requested_at, r.returned_at) for r in record.supplements
        ]
        if not assign(old, values) and not requests_changed:
            self.report.unchanged["dossiers"] += 1
            return
        for path, day in (before, (old.department.path, old.received_on)):
            refusal = self.locks.refusal(department_path=path, day=day)
            if refusal:
                issues.add("NgayTiepNhan", refusal, sentence=True)
                return
        # As Dossier.save() does: a page or API client holding the version before the import must not
        # save over it.
        old.version += 1
        self.changed_dossiers.append(old)
        if requests_changed:
            self.replaced.append(old.pk)
            self.requests.extend(pauses.requests)
