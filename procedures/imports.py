"""Excel import (spec/excel-template.md): read the whole workbook, check every row, then write
everything in one transaction, or nothing.

Rows are matched to records by code: a new code creates, a known one updates, an identical row
changes nothing, so importing the same file twice leaves the portal as after the first import.
Every write leaves its historical rows, so an import shows in the audit trail."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from cchc_portal.codes import CodeRule, normalise_code
from departments.models import DataLock, Department, code_rule
from departments.selectors import user_sees_all_departments
from procedures import workbook as wb
from procedures.calendar import configured_cutoff_hour, load_calendar, province_time
from procedures.models import (
    Dossier,
    Field,
    Procedure,
    SupplementRequest,
    dossier_code_rule,
    procedure_code_rule,
)
from procedures.workbook import ImportReport, Issue, Progress, Row, read_workbook
from procedures.writer import dossiers_insert, dossiers_update, pauses_close, pauses_open

BATCH = 2000
# A working-day count beyond a year is a typing error (the longest procedures take a few months), and
# would overflow the column.
MAX_WORKING_DAYS = 365


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

    def code(self, key: str, rule: CodeRule) -> str:
        """A required code, normalised and judged by its kind's rule as on every other path."""
        code = normalise_code(self.required(key))
        problem = rule.problem(code) if code else None
        if problem is not None:
            if isinstance(self.row.values.get(key), int | float):
                # Excel keeps 1.004220 typed into a number cell as 1.00422.
                problem = f"{problem} {_('Ô đang ở dạng số: hãy định dạng ô là văn bản.')}"
            self.add(key, problem)
        return code


def _chunks(items: list, size: int = 5000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    """A workbook's local time as an aware date-time, to the second: Excel keeps times as fractions of a
    day, so a time written out and read back may come back a microsecond off."""
    if moment.microsecond >= 500_000:
        moment += timedelta(seconds=1)
    moment = moment.replace(microsecond=0)
    # The province's zone has no daylight saving, so attaching it is the whole conversion.
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


class Importer:
    """One import: the rows of a workbook checked against the portal's data and the user's scope."""

    def __init__(self, rows: dict[str, list[Row]], report: ImportReport, user: User | None) -> None:
        self.rows, self.report, self.user = rows, report, user
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.departments = {d.code.upper(): d for d in Department.objects.select_related("parent")}
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
        department = self._find_department(code)
        return department.path if department else None

    def _find_department(self, code: str) -> Department | None:
        return self.departments.get(code.upper()) or self.new_departments.get(code.upper())

    def may(self, permission: str) -> bool:
        return self.user is None or self.user.has_perm(permission)

    # DonVi
    def check_departments(self) -> None:
        pending = list(self.rows.get("DonVi", []))
        seen: set[str] = set()
        rows_by_code = {}
        for row in pending:
            errors = RowErrors(self.report, row)
            code, name = errors.code("code", code_rule), errors.required("name")
            parent = normalise_code(wb.text(row.values.get("parent"))).upper()
            if "code" not in errors.keys and code.upper() in seen:
                errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
            _check_length(errors, "code", code, Department, "code")
            _check_length(errors, "name", name, Department, "name")
            seen.add(code.upper())
            if not errors.count:
                rows_by_code[code.upper()] = (row, code, name, parent)
        # Parents first: a department may name a parent that appears further down the sheet.
        placed = True
        while rows_by_code and placed:
            placed = False
            for key, (row, code, name, parent) in list(rows_by_code.items()):
                if parent and self._find_department(parent) is None:
                    if parent in rows_by_code:
                        continue
                    RowErrors(self.report, row).add(
                        "parent",
                        _("không có đơn vị mã “%(code)s”") % {"code": wb.text(row.values.get("parent"))},
                    )
                    del rows_by_code[key]
                    continue
                self._place_department(row, code, name, parent)
                del rows_by_code[key]
                placed = True
        for row, _code, _name, parent in rows_by_code.values():
            RowErrors(self.report, row).add(
                "parent", _("đơn vị cấp trên tạo thành vòng lặp (“%(code)s”)") % {"code": parent}
            )

    def _place_department(self, row: Row, code: str, name: str, parent_code: str) -> None:
        errors = RowErrors(self.report, row)
        existing = self.departments.get(code.upper())
        parent = self._find_department(parent_code) if parent_code else None
        if existing:
            # An unchanged row is fine whoever imports it: staff re-import the sheets they exported.
            if (existing.parent.code.upper() if existing.parent_id else "") != parent_code:
                errors.add(
                    "parent", _("không đổi được đơn vị cấp trên qua tệp nhập; hãy sửa trong trang quản trị")
                )
            elif existing.name == name:
                self.report.unchanged["departments"] += 1
            elif not self.in_scope(existing.path) or not self.may("departments.change_department"):
                errors.add(
                    "name", _("bạn không có quyền đổi tên đơn vị “%(code)s”") % {"code": existing.code}
                )
            else:
                existing.name = name
                self.changed_departments.append(existing)
            return
        # The list of departments is the administrators' to keep: staff cannot add one by import.
        if not self.may("departments.add_department"):
            errors.add("code", _("bạn không có quyền tạo đơn vị mới; hãy đề nghị quản trị viên tạo"))
            return
        path = f"{parent.path if parent else '/'}{code}/"
        kind = Department.Kind.DIVISION if parent else Department.Kind.AGENCY
        self.new_departments[code.upper()] = Department(
            code=code, name=name, parent=parent, kind=kind, path=path
        )

    # TTHC
    def check_procedures(self) -> None:
        rows = self.rows.get("TTHC", [])
        codes = [normalise_code(wb.text(row.values.get("code"))) for row in rows] + [
            normalise_code(wb.text(row.values.get("procedure"))) for row in self.rows.get("HoSo", [])
        ]
        for chunk in _chunks(sorted(set(codes) - {""})):
            for procedure in Procedure.objects.filter(code__in=chunk).select_related("department", "field"):
                self.procedures[procedure.code] = procedure
        seen: set[str] = set()
        for row in rows:
            self._check_procedure(row, seen)

    def _check_procedure(self, row: Row, seen: set[str]) -> None:
        errors = RowErrors(self.report, row)
        code = errors.code("code", procedure_code_rule)
        name, field_name, department_code = (errors.required(k) for k in ("name", "field", "department"))
        department_code = normalise_code(department_code)
        statutory = errors.read("statutory_days", wb.whole_number, required=True)
        reduced = errors.read("reduced_days", wb.whole_number)
        level = errors.read("online_level", wb.choice, wb.ONLINE_LEVELS, blank=2)
        postal = errors.read("accepts_postal", wb.choice, wb.YES_NO, blank=False)
        if "code" not in errors.keys and code in seen:
            errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
        seen.add(code)
        if statutory is not None and not (0 < statutory <= MAX_WORKING_DAYS):
            errors.add(
                "statutory_days",
                _("phải là số ngày làm việc từ 1 đến %(max)s") % {"max": MAX_WORKING_DAYS},
            )
        elif reduced is not None and statutory and not (0 < reduced <= statutory):
            errors.add(
                "reduced_days", _("phải lớn hơn 0 và không quá thời hạn quy định (%(n)s)") % {"n": statutory}
            )
        _check_length(errors, "name", name, Procedure, "name")
        _check_length(errors, "field", field_name, Field, "name")
        department_path = self.path_of(department_code) if department_code else None
        if department_code and department_path is None:
            errors.add("department", _("không có đơn vị mã “%(code)s”") % {"code": department_code})
        if errors.count:
            return
        existing = self.procedures.get(code)
        values = {
            "name": name,
            "field": self._field(field_name),
            "department": self._department(department_code),
            "statutory_days": statutory,
            "reduced_days": reduced,
            "online_level": level,
            "accepts_postal": postal,
        }
        if existing is not None and not _differs(existing, values):
            # Unchanged rows pass whoever imports them: a division re-imports the sheet it exported,
            # which lists its parent department's procedures.
            self.report.unchanged["procedures"] += 1
            return
        if not self.in_scope(department_path):
            errors.add(
                "department", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": department_code}
            )
            return
        if existing is not None and not self.in_scope(existing.department.path):
            errors.add("code", _("thủ tục “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code})
            return
        if (
            existing is not None
            and existing.department_id != values["department"].pk
            and self._strands(existing, values["department"])
        ):
            errors.add(
                "department",
                _(
                    "thủ tục còn hồ sơ do đơn vị ngoài “%(code)s” giải quyết; không chuyển được sang đơn vị này"
                )
                % {"code": department_code},
            )
            return
        if existing is None:
            procedure = Procedure(code=code, **values)
            self.procedures[code] = procedure
            self.new_procedures.append(procedure)
        else:
            _assign(existing, values)
            self.changed_procedures.append(existing)

    @staticmethod
    def _strands(procedure: Procedure, department: Department) -> bool:
        """Whether moving the procedure would leave dossiers with a department outside its new tree."""
        if department.pk is None:
            return procedure.dossiers.exists()
        return procedure.dossiers.exclude(department__path__startswith=department.path).exists()

    def _field(self, name: str) -> Field:
        if name not in self.fields:
            self.fields[name] = self.new_fields[name] = Field(name=name)
        return self.fields[name]

    def _department(self, code: str) -> Department:
        department = self._find_department(code)
        assert department is not None, code
        return department

    # HoSo
    def check_dossiers(self) -> None:
        rows = self.rows.get("HoSo", [])
        existing: dict[str, Dossier] = {}
        codes = sorted({normalise_code(wb.text(row.values.get("code"))) for row in rows} - {""})
        # Rows about to be written are locked, so that nobody edits them between check and write.
        found = Dossier.objects.select_related("department", "procedure")
        if not self.report.dry_run:
            found = found.select_for_update(of=("self",))
        for chunk in _chunks(codes):
            for dossier in found.filter(code__in=chunk):
                existing[dossier.code] = dossier
        self.locks = list(DataLock.objects.active().select_related("department"))
        self.calendar = load_calendar()
        self.zone = timezone.get_current_timezone()
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
        code = errors.code("code", dossier_code_rule)
        procedure_code = normalise_code(errors.required("procedure"))
        department_code = normalise_code(wb.text(row.values.get("department")))
        channel = errors.read("channel", wb.choice, wb.CHANNELS, required=True)
        received = errors.read("received_at", wb.moment, required=True)
        due = errors.read("due_on", wb.moment)
        finished = errors.read("finished_at", wb.moment)
        status = errors.read("status", wb.choice, wb.STATUSES)
        satisfaction = errors.read("satisfaction", wb.choice, wb.SATISFACTIONS, blank="")
        if "code" not in errors.keys and code in seen:
            errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
        seen.add(code)
        _check_length(errors, "code", code, Dossier, "code")
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
        received_at = _aware(received, self.zone) if received else None
        finished_at = _aware(finished, self.zone) if finished else None
        if (
            received_at
            and finished_at
            and finished.time() == time()
            and finished.date() == received.date()
            and finished_at < received_at
        ):
            # A return written as a date only, on the day of receipt: returned that day, not before
            # the receipt; it is kept at the receipt's time so that it never lands in the future.
            finished_at = received_at
        if received_at and received_at > self.now:
            errors.add("received_at", _("không được sau thời điểm hiện tại"))
        if finished_at and finished_at > self.now:
            errors.add("finished_at", _("không được sau thời điểm hiện tại"))
        if received_at and finished_at and finished_at < received_at:
            errors.add("finished_at", _("trả kết quả trước ngày tiếp nhận"))
        if received_at and due and due.date() < province_time(received_at).date():
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
        # As on the dossier page, a rating comes after the return; one already stored on an unfinished
        # dossier (the quality page lists them) may come back unchanged in a re-imported export.
        kept = old is not None and old.finished_at is None and old.satisfaction == satisfaction
        if satisfaction and not finished_at and not kept and "finished_at" not in errors.keys:
            errors.add("satisfaction", _("chỉ ghi mức độ hài lòng cho hồ sơ đã trả kết quả"))
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
        old_status = old.status if old else None
        old_due = old.due_on if old else None
        changed = _assign(dossier, values)
        # A blank due date is the calendar's, from the (possibly new) receipt and procedure.
        dossier.due_on = due.date() if due else None
        if old is None:
            self._pause_transition(dossier, old_status=None)
            dossier.fill_derived(self.calendar, cutoff_hour=self.cutoff)
        else:
            dossier.fill_derived(self.calendar, cutoff_hour=self.cutoff)
            if not changed and dossier.due_on == old_due:
                self.report.unchanged["dossiers"] += 1
                return
            if old.apology_due_on and dossier.due_on >= old.apology_due_on:
                errors.add(
                    "due_on",
                    _("phải trước ngày hẹn trả mới trên phiếu xin lỗi (%(day)s)")
                    % {"day": f"{old.apology_due_on:%d/%m/%Y}"},
                )
                return
            if self._pause_transition(dossier, old_status=old_status):
                dossier.fill_derived(self.calendar, cutoff_hour=self.cutoff)
        for path, day in filter(None, [before, (department.path, dossier.received_on)]):
            lock = self._locked(path, day)
            if lock:
                errors.add(
                    "received_at",
                    _("hồ sơ thuộc kỳ đã khóa số liệu đến hết ngày %(day)s (%(reason)s)")
                    % {"day": f"{lock.locked_until:%d/%m/%Y}", "reason": lock.reason},
                )
                return
        if old:
            # As Dossier.save() does: a page or API client holding the version before the import must
            # not save over it.
            dossier.version += 1
        (self.changed_dossiers if old else self.new_dossiers).append(dossier)

    def _pause_transition(self, dossier: Dossier, *, old_status: str | None) -> bool:
        """The workbook holds no pause dates: a dossier imported as waiting for a supplement is paused
        from the day of the import, and one leaving that status ends its pause then (or on its return).
        True when a pause began or ended."""
        waiting = Dossier.Status.AWAITING_SUPPLEMENT
        if dossier.status == waiting and old_status != waiting:
            dossier.paused_on = max(self.today, province_time(dossier.received_at).date())
            self.pauses_opened.append(
                SupplementRequest(
                    dossier=dossier, requested_on=dossier.paused_on, reason=_("Ghi nhận qua tệp nhập Excel")
                )
            )
            return True
        if old_status == waiting and dossier.status != waiting:
            ended = province_time(dossier.finished_at).date() if dossier.finished_at else self.today
            dossier.paused_days += self.calendar.working_days_between(
                dossier.paused_on, max(ended, dossier.paused_on)
            )
            self.pauses_closed.append((dossier, max(ended, dossier.paused_on)))
            dossier.paused_on = None
            return True
        return False

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
        bulk_create_with_history(list(self.new_fields.values()), Field, batch_size=BATCH, **history)
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
        dossiers_insert(self.new_dossiers, user=self.user, reason=reason)
        dossiers_update(self.changed_dossiers, user=self.user, reason=reason)
        pauses_open(self.pauses_opened)
        pauses_close(self.pauses_closed)


def _check_length(errors: RowErrors, key: str, value: str, model, field: str) -> None:
    limit = model._meta.get_field(field).max_length
    if len(value) > limit:
        errors.add(key, _("dài quá %(n)s ký tự") % {"n": limit})


def _differs(instance, values: dict) -> bool:
    for name, value in values.items():
        current = getattr(instance, name)
        if hasattr(current, "pk") and hasattr(value, "pk"):
            if current.pk != value.pk or current.pk is None:
                return True
        elif current != value:
            return True
    return False


def _assign(instance, values: dict) -> bool:
    """Set the values on the instance; True when any of them differs from what it held."""
    changed = instance.pk is None or _differs(instance, values)
    for name, value in values.items():
        setattr(instance, name, value)
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
    Raises WorkbookRefused for a file that is not a readable .xlsx or is past the limits of an import."""
    step = progress or (lambda percent, stage: None)
    report = ImportReport(dry_run=dry_run)
    rows = read_workbook(source, report, progress)
    if report.errors:
        return report
    stage = _("Đang kiểm tra %(n)s dòng") if dry_run else _("Đang kiểm tra và ghi %(n)s dòng")
    step(40, stage % {"n": report.rows})
    reason = _("Nhập từ tệp Excel %(name)s") % {"name": filename} if filename else _("Nhập từ tệp Excel")
    # Checks and writes share one transaction, in which the rows to update are locked: nobody can
    # change a record between its check and its write. Progress written from inside it would only
    # show at the end, so the stage above is the last one a user sees before the result.
    with transaction.atomic():
        importer = Importer(rows, report, user)
        importer.check_departments()
        importer.check_procedures()
        importer.check_dossiers()
        importer.count()
        if report.ok and not dry_run:
            importer.write(reason)
    return report
