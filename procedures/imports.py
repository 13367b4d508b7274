"""Excel import (spec/excel-template.md): read the whole workbook, check every row, then write
everything in one transaction, or nothing.

Rows are matched to records by code: a new code creates, a known one updates, an identical row
changes nothing, so importing the same file twice leaves the portal as after the first import.
Writes go through simple-history's bulk helpers, so an import shows in the audit trail."""

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from departments.models import CODE_PATTERN, DataLock, Department
from departments.selectors import user_sees_all_departments
from procedures import workbook as wb
from procedures.calendar import configured_cutoff_hour, load_calendar
from procedures.models import PROCEDURE_CODE_PATTERN, Dossier, Field, Procedure, SupplementRequest
from procedures.workbook import ImportReport, Issue, Progress, Row, open_workbook, read_rows

BATCH = 2000


# -- Checking -------------------------------------------------------------------------------------------------


class RowErrors:
    """The errors of one row, each naming its column."""

    def __init__(self, report: ImportReport, row: Row) -> None:
        self.report, self.row = report, row
        self.keys: set[str | None] = set()

    @property
    def count(self) -> int:
        return len(self.keys)

    def add(self, key: str | None, message: str) -> None:
        headers = {column.key: column.header for column in wb.SHEETS[self.row.sheet]}
        self.report.errors.append(Issue(self.row.sheet, self.row.number, headers.get(key), message))
        self.keys.add(key)

    def read(self, key: str, reader, *args, required: bool = False, **kwargs):
        value = self.row.values.get(key)
        if required and wb.text(value) == "":
            self.add(key, _("không được để trống"))
            return None
        try:
            return reader(value, *args, **kwargs)
        except wb.CellError as error:
            self.add(key, str(error))
            return None

    def required(self, key: str) -> str:
        value = wb.text(self.row.values.get(key))
        if not value:
            self.add(key, _("không được để trống"))
        return value


def _chunks(items: list, size: int = 5000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _aware(moment: datetime) -> datetime:
    """A workbook's local time as an aware date-time, to the second: Excel keeps times as fractions of a
    day, so a time written out and read back may come back a microsecond off."""
    if moment.microsecond >= 500_000:
        moment += timedelta(seconds=1)
    moment = moment.replace(microsecond=0)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Importer:
    """One import: the rows of a workbook checked against the portal's data and the user's scope."""

    def __init__(self, rows: dict[str, list[Row]], report: ImportReport, user: User | None) -> None:
        self.rows, self.report, self.user = rows, report, user
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.departments = {d.code: d for d in Department.objects.select_related("parent")}
        # None: every department (the command line, leaders, inspectors, administrators).
        self.scope_paths = (
            None
            if user is None or user_sees_all_departments(user)
            else [department.path for department in user.departments.all()]
        )
        self.new_departments: dict[str, Department] = {}
        self.changed_departments: list[Department] = []
        self.fields = {f.name: f for f in Field.objects.all()}
        self.new_fields: dict[str, Field] = {}
        self.procedures: dict[str, Procedure] = {}
        self.new_procedures: list[Procedure] = []
        self.changed_procedures: list[Procedure] = []
        self.new_dossiers: list[Dossier] = []
        self.changed_dossiers: list[Dossier] = []
        self.pauses_opened: list[SupplementRequest] = []
        self.pauses_closed: list[tuple[Dossier, date]] = []

    def in_scope(self, path: str) -> bool:
        return self.scope_paths is None or any(path.startswith(p) for p in self.scope_paths)

    def path_of(self, code: str) -> str | None:
        department = self.departments.get(code) or self.new_departments.get(code)
        return department.path if department else None

    # DonVi
    def check_departments(self) -> None:
        pending = list(self.rows.get("DonVi", []))
        seen: set[str] = set()
        rows_by_code = {}
        for row in pending:
            errors = RowErrors(self.report, row)
            code, name = errors.required("code"), errors.required("name")
            parent = wb.text(row.values.get("parent"))
            if code and not _matches(CODE_PATTERN, code):
                errors.add("code", _("mã đơn vị chỉ gồm chữ cái không dấu, chữ số, '-' và '_'"))
            elif code in seen:
                errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
            seen.add(code)
            if not errors.count:
                rows_by_code[code] = (row, name, parent)
        # Parents first: a department may name a parent that appears further down the sheet.
        placed = True
        while rows_by_code and placed:
            placed = False
            for code, (row, name, parent) in list(rows_by_code.items()):
                if parent and parent not in self.departments and parent not in self.new_departments:
                    if parent in rows_by_code:
                        continue
                    RowErrors(self.report, row).add(
                        "parent", _("không có đơn vị mã “%(code)s”") % {"code": parent}
                    )
                    del rows_by_code[code]
                    continue
                self._place_department(row, code, name, parent)
                del rows_by_code[code]
                placed = True
        for row, _name, parent in rows_by_code.values():
            RowErrors(self.report, row).add(
                "parent", _("đơn vị cấp trên tạo thành vòng lặp (“%(code)s”)") % {"code": parent}
            )

    def _place_department(self, row: Row, code: str, name: str, parent_code: str) -> None:
        errors = RowErrors(self.report, row)
        existing = self.departments.get(code)
        parent = (
            self.departments.get(parent_code) or self.new_departments.get(parent_code)
            if parent_code
            else None
        )
        if existing:
            if (existing.parent.code if existing.parent_id else "") != parent_code:
                errors.add(
                    "parent", _("không đổi được đơn vị cấp trên qua tệp nhập; hãy sửa trong trang quản trị")
                )
            elif not self.in_scope(existing.path):
                errors.add("code", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": code})
            elif existing.name != name:
                existing.name = name
                self.changed_departments.append(existing)
            else:
                self.report.unchanged["departments"] += 1
            return
        path = f"{parent.path if parent else '/'}{code}/"
        if not self.in_scope(path) or (parent is None and self.scope_paths is not None):
            errors.add("code", _("bạn không có quyền tạo đơn vị ngoài đơn vị của mình"))
            return
        kind = Department.Kind.DIVISION if parent else Department.Kind.AGENCY
        self.new_departments[code] = Department(code=code, name=name, parent=parent, kind=kind, path=path)

    # TTHC
    def check_procedures(self) -> None:
        rows = self.rows.get("TTHC", [])
        codes = [wb.text(row.values.get("code")) for row in rows] + [
            wb.text(row.values.get("procedure")) for row in self.rows.get("HoSo", [])
        ]
        for chunk in _chunks(sorted(set(codes) - {""})):
            for procedure in Procedure.objects.filter(code__in=chunk).select_related("department"):
                self.procedures[procedure.code] = procedure
        seen: set[str] = set()
        for row in rows:
            self._check_procedure(row, seen)

    def _check_procedure(self, row: Row, seen: set[str]) -> None:
        errors = RowErrors(self.report, row)
        code, name, field_name, department_code = (
            errors.required(k) for k in ("code", "name", "field", "department")
        )
        statutory = errors.read("statutory_days", wb.whole_number, required=True)
        reduced = errors.read("reduced_days", wb.whole_number)
        level = errors.read("online_level", wb.choice, wb.ONLINE_LEVELS, blank=2)
        postal = errors.read("accepts_postal", wb.choice, wb.YES_NO, blank=False)
        if code and not _matches(PROCEDURE_CODE_PATTERN, code):
            errors.add("code", _("mã TTHC phải có dạng d.dddddd, ví dụ 1.004227 (định dạng ô là văn bản)"))
        elif code in seen:
            errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
        seen.add(code)
        if statutory is not None and statutory <= 0:
            errors.add("statutory_days", _("phải là số ngày làm việc lớn hơn 0"))
        if reduced is not None and statutory and not (0 < reduced <= statutory):
            errors.add(
                "reduced_days", _("phải lớn hơn 0 và không quá thời hạn quy định (%(n)s)") % {"n": statutory}
            )
        department_path = self.path_of(department_code) if department_code else None
        if department_code and department_path is None:
            errors.add("department", _("không có đơn vị mã “%(code)s”") % {"code": department_code})
        elif department_path and not self.in_scope(department_path):
            errors.add(
                "department", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": department_code}
            )
        existing = self.procedures.get(code)
        if existing and not self.in_scope(existing.department.path):
            errors.add("code", _("thủ tục “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code})
        if errors.count:
            return
        values = {
            "name": name,
            "field": self._field(field_name),
            "department": self._department(department_code),
            "statutory_days": statutory,
            "reduced_days": reduced,
            "online_level": level,
            "accepts_postal": postal,
        }
        if existing is None:
            procedure = Procedure(code=code, **values)
            self.procedures[code] = procedure
            self.new_procedures.append(procedure)
        elif _assign(existing, values):
            self.changed_procedures.append(existing)
        else:
            self.report.unchanged["procedures"] += 1

    def _field(self, name: str) -> Field:
        if name not in self.fields:
            self.fields[name] = self.new_fields[name] = Field(name=name)
        return self.fields[name]

    def _department(self, code: str) -> Department:
        return self.departments.get(code) or self.new_departments[code]

    # HoSo
    def check_dossiers(self) -> None:
        rows = self.rows.get("HoSo", [])
        existing: dict[str, Dossier] = {}
        codes = sorted({wb.text(row.values.get("code")) for row in rows} - {""})
        for chunk in _chunks(codes):
            for dossier in Dossier.objects.filter(code__in=chunk).select_related("department", "procedure"):
                existing[dossier.code] = dossier
        self.locks = list(DataLock.objects.active().select_related("department"))
        self.calendar = load_calendar()
        self.cutoff = configured_cutoff_hour()
        seen: set[str] = set()
        for row in rows:
            self._check_dossier(row, existing, seen)

    def _locked(self, department_path: str, day: date) -> DataLock | None:
        return next(
            (
                lock
                for lock in self.locks
                if department_path.startswith(lock.department.path) and lock.locked_until >= day
            ),
            None,
        )

    def _check_dossier(self, row: Row, existing: dict[str, Dossier], seen: set[str]) -> None:
        errors = RowErrors(self.report, row)
        code, procedure_code = errors.required("code"), errors.required("procedure")
        department_code = wb.text(row.values.get("department"))
        channel = errors.read("channel", wb.choice, wb.CHANNELS, required=True)
        received = errors.read("received_at", wb.moment, required=True)
        due = errors.read("due_on", wb.moment)
        finished = errors.read("finished_at", wb.moment)
        status = errors.read("status", wb.choice, wb.STATUSES)
        satisfaction = errors.read("satisfaction", wb.choice, wb.SATISFACTIONS, blank="")
        if code in seen:
            errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
        seen.add(code)
        procedure = self.procedures.get(procedure_code)
        if procedure_code and procedure is None:
            errors.add("procedure", _("không có thủ tục mã “%(code)s”") % {"code": procedure_code})
        department = None
        if procedure is not None:
            department_code = department_code or procedure.department.code
            department_path = self.path_of(department_code)
            if department_path is None:
                errors.add("department", _("không có đơn vị mã “%(code)s”") % {"code": department_code})
            elif not department_path.startswith(procedure.department.path):
                errors.add("department", _("phải là đơn vị thực hiện thủ tục hoặc đơn vị cấp dưới của nó"))
            elif not self.in_scope(department_path):
                errors.add(
                    "department", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": department_code}
                )
            else:
                department = self._department(department_code)
        received_at = _aware(received) if received else None
        finished_at = _aware(finished) if finished else None
        if received_at and received_at > self.now:
            errors.add("received_at", _("không được sau thời điểm hiện tại"))
        if finished_at and finished_at > self.now:
            errors.add("finished_at", _("không được sau thời điểm hiện tại"))
        if received_at and finished_at and finished_at < received_at:
            errors.add("finished_at", _("trả kết quả trước ngày tiếp nhận"))
        if received_at and due and due.date() < timezone.localtime(received_at).date():
            errors.add("due_on", _("ngày hẹn trả trước ngày tiếp nhận"))
        if status is None:
            status = Dossier.Status.RESOLVED if finished_at else Dossier.Status.IN_PROGRESS
        if status in Dossier.FINISHED_STATUSES and not finished_at and "finished_at" not in errors.keys:
            errors.add(
                "finished_at",
                _("trạng thái “%(status)s” cần ngày trả kết quả") % {"status": Dossier.Status(status).label},
            )
        if status in Dossier.OPEN_STATUSES and finished_at:
            errors.add(
                "status",
                _("hồ sơ đã có ngày trả kết quả không thể ở trạng thái “%(status)s”")
                % {"status": Dossier.Status(status).label},
            )
        old = existing.get(code)
        if old is not None and not self.in_scope(old.department.path):
            errors.add("code", _("hồ sơ “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code})
        if errors.count:
            return
        values = {
            "procedure": procedure,
            "department": department,
            "channel": channel,
            "received_at": received_at,
            "finished_at": finished_at,
            "status": status,
            "satisfaction": satisfaction,
        }
        dossier = old or Dossier(code=code)
        before = (old.department.path, old.received_on) if old else None
        if old is not None:
            changed = _assign(dossier, values) | self._set_due(dossier, due)
            if not changed:
                self.report.unchanged["dossiers"] += 1
                return
        else:
            _assign(dossier, values)
            self._set_due(dossier, due)
        self._pause_transition(dossier, old_status=old.status if old else None)
        dossier.fill_derived(self.calendar, cutoff_hour=self.cutoff)
        for path, day in filter(None, [before, (department.path, dossier.received_on)]):
            lock = self._locked(path, day)
            if lock:
                errors.add(
                    None,
                    _("hồ sơ thuộc kỳ đã khóa số liệu đến hết ngày %(day)s (%(reason)s)")
                    % {"day": f"{lock.locked_until:%d/%m/%Y}", "reason": lock.reason},
                )
                return
        (self.changed_dossiers if old else self.new_dossiers).append(dossier)

    def _set_due(self, dossier: Dossier, due: datetime | None) -> bool:
        """The due date as given, or (blank) as the calendar gives it. True when it changes."""
        new_due = due.date() if due else None
        if new_due is None:
            dossier.due_on = None
            dossier.fill_derived(self.calendar, cutoff_hour=self.cutoff)
            new_due = dossier.computed_due_on
        changed = dossier.pk is not None and dossier.due_on != new_due
        dossier.due_on = new_due
        return changed

    def _pause_transition(self, dossier: Dossier, *, old_status: str | None) -> None:
        """The workbook holds no pause dates: a dossier imported as waiting for a supplement is paused
        from the day of the import, and one leaving that status ends its pause then (or on its return)."""
        waiting = Dossier.Status.AWAITING_SUPPLEMENT
        if dossier.status == waiting and old_status != waiting:
            dossier.paused_on = max(self.today, timezone.localtime(dossier.received_at).date())
            self.pauses_opened.append(
                SupplementRequest(
                    dossier=dossier, requested_on=dossier.paused_on, reason=_("Ghi nhận qua tệp nhập Excel")
                )
            )
        elif old_status == waiting and dossier.status != waiting:
            ended = timezone.localtime(dossier.finished_at).date() if dossier.finished_at else self.today
            dossier.paused_days += self.calendar.working_days_between(
                dossier.paused_on, max(ended, dossier.paused_on)
            )
            self.pauses_closed.append((dossier, max(ended, dossier.paused_on)))
            dossier.paused_on = None

    # Writing
    def count(self) -> None:
        for key, new, changed in (
            ("departments", self.new_departments.values(), self.changed_departments),
            ("fields", self.new_fields.values(), ()),
            ("procedures", self.new_procedures, self.changed_procedures),
            ("dossiers", self.new_dossiers, self.changed_dossiers),
        ):
            self.report.created[key] = len(list(new))
            self.report.updated[key] = len(list(changed))

    @transaction.atomic
    def write(self, reason: str) -> None:
        history = {"default_user": self.user, "default_change_reason": reason}
        by_depth = defaultdict(list)
        for department in self.new_departments.values():
            by_depth[department.path.count("/")].append(department)
        for depth in sorted(by_depth):
            for department in by_depth[depth]:
                department.parent = department.parent and self._department(department.parent.code)
            bulk_create_with_history(by_depth[depth], Department, batch_size=BATCH, **history)
            # bulk_create on SQLite does not return primary keys for every backend: read them back.
            saved = Department.objects.in_bulk([d.code for d in by_depth[depth]], field_name="code")
            for department in by_depth[depth]:
                department.pk = saved[department.code].pk
                self.new_departments[department.code] = saved[department.code]
        if self.changed_departments:
            bulk_update_with_history(
                self.changed_departments, Department, ["name"], batch_size=BATCH, **history
            )
        Field.objects.bulk_create(self.new_fields.values(), batch_size=BATCH)
        saved_fields = Field.objects.in_bulk(list(self.new_fields), field_name="name")
        for procedure in [*self.new_procedures, *self.changed_procedures]:
            if procedure.field.name in saved_fields:
                procedure.field = saved_fields[procedure.field.name]
            procedure.department = self._department(procedure.department.code)
        bulk_create_with_history(self.new_procedures, Procedure, batch_size=BATCH, **history)
        procedure_fields = [
            "name",
            "field",
            "department",
            "statutory_days",
            "reduced_days",
            "online_level",
            "accepts_postal",
        ]
        bulk_update_with_history(
            self.changed_procedures, Procedure, procedure_fields, batch_size=BATCH, **history
        )
        saved_procedures = Procedure.objects.in_bulk([p.code for p in self.new_procedures], field_name="code")
        for dossier in [*self.new_dossiers, *self.changed_dossiers]:
            dossier.procedure = saved_procedures.get(dossier.procedure.code, dossier.procedure)
            dossier.department = self._department(dossier.department.code)
        bulk_create_with_history(self.new_dossiers, Dossier, batch_size=BATCH, **history)
        dossier_fields = [
            "procedure",
            "department",
            "channel",
            "received_at",
            "due_on",
            "finished_at",
            "status",
            "satisfaction",
            "paused_on",
            "paused_days",
            "received_on",
            "finished_on",
            "computed_due_on",
            "effective_due_on",
        ]
        bulk_update_with_history(self.changed_dossiers, Dossier, dossier_fields, batch_size=BATCH, **history)
        if self.pauses_opened:
            saved_dossiers = Dossier.objects.in_bulk(
                [p.dossier.code for p in self.pauses_opened], field_name="code"
            )
            for pause in self.pauses_opened:
                pause.dossier = saved_dossiers[pause.dossier.code]
            SupplementRequest.objects.bulk_create(self.pauses_opened, batch_size=BATCH)
        for dossier, ended in self.pauses_closed:
            SupplementRequest.objects.filter(dossier=dossier, supplied_on__isnull=True).update(
                supplied_on=ended
            )


def _matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


def _assign(instance, values: dict) -> bool:
    """Set the values on the instance; True when any of them differs from what it held."""
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        return True
    changed = False
    for name, value in values.items():
        current = getattr(instance, name)
        if hasattr(current, "pk") and hasattr(value, "pk"):
            same = current.pk == value.pk and current.pk is not None
        else:
            same = current == value
        if not same:
            setattr(instance, name, value)
            changed = True
    return changed


def import_workbook(
    source: str | IO[bytes],
    *,
    user: User | None,
    dry_run: bool,
    filename: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Check a workbook and, unless it is a dry run or has any error, write it in one transaction.
    Raises WorkbookRefused for a file that is not a readable .xlsx."""
    step = progress or (lambda percent, stage: None)
    report = ImportReport(dry_run=dry_run)
    book = open_workbook(source)
    try:
        rows = read_rows(book, report, progress)
    finally:
        book.close()
    if report.errors:
        return report
    step(40, _("Đang kiểm tra %(n)s dòng") % {"n": report.rows})
    importer = Importer(rows, report, user)
    importer.check_departments()
    importer.check_procedures()
    step(50, _("Đang kiểm tra hồ sơ"))
    importer.check_dossiers()
    importer.count()
    if report.ok and not dry_run:
        step(80, _("Đang ghi dữ liệu"))
        importer.write(
            _("Nhập từ tệp Excel %(name)s") % {"name": filename} if filename else _("Nhập từ tệp Excel")
        )
    return report
