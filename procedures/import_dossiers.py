"""The import's HoSo sheet: each row judged by the dossier rulebook (procedures.rules), exactly as a form
or the API would judge it, its resolving and receiving units on the province as it will be after the
file (procedures.import_successions), then matched to the stored dossier of its code (procedures.imports)."""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.bulk import among
from cchc_portal.codes import normalise_code
from departments.models import Department
from departments.services import LockIndex, lock_index
from procedures import rules
from procedures import workbook as wb
from procedures.calendar import WorkingCalendar, configured_cutoff_hour, province_time
from procedures.dvcqg_stored import stored_standing, unpaused_standing
from procedures.import_pauses import PauseChecks
from procedures.import_places import PlaceChecks, UnitPlace
from procedures.import_rows import RowErrors, assign, aware, check_length, chunks
from procedures.models import Dossier, Procedure, SupplementRequest, dossier_code_rule
from procedures.office_hours import OfficeHours, TimeLimit, configured_office_hours
from procedures.organisation import CarriedProcedure, Organisation
from procedures.selectors import load_calendar
from procedures.workbook import ImportReport, Row
from procedures.writer import NewDossiers

CODE_LIMIT = Dossier._meta.get_field("code").max_length
# A rule about a value the sheet has no column for is reported against the column it follows from.
COLUMN_OF = {"apology_due_on": "due_on"}


def not_yours(code: str) -> str:
    """A stored dossier of a unit outside the user's scope, named in a file."""
    return _("hồ sơ “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code}


class Cells(NamedTuple):
    """A HoSo row's values, each read from its cell (None where the cell could not be read)."""

    code: str
    procedure_code: str
    department_code: str
    receiving_code: str | None
    channel: str | None
    received: datetime | None
    due: datetime | None
    finished: datetime | None
    status: str | None
    satisfaction: str | None
    # The national facts of the columns the sheet has, by name (rules.NATIONAL_FACTS).
    facts: dict[str, object]


class DossierChecks(PauseChecks, PlaceChecks):
    """The dossiers of a workbook; the state it fills is the Importer's."""

    report: ImportReport
    rows: dict[str, list[Row]]
    procedures: dict[str, Procedure]
    # New dossiers as their stored columns by attribute name (procedures.writer.dossier_columns_insert).
    new_dossiers: NewDossiers
    # Those whose procedure or department the same workbook creates: their keys are known once the
    # catalogue is written.
    unplaced_dossiers: list[tuple[dict[str, object], Procedure, Department, Department | None]]
    changed_dossiers: list[Dossier]
    # The national facts the HoSo sheet has columns for, which the bulk update then writes.
    fact_columns: tuple[str, ...]
    pauses_opened: list[SupplementRequest]
    pauses_closed: list[tuple[Dossier, date]]
    now: datetime
    today: date
    locks: LockIndex
    calendar: WorkingCalendar
    hours: OfficeHours
    places: dict[str, UnitPlace]
    sole_carriers: dict[tuple[str, date], tuple[str, str | None]]
    organisation: Organisation

    # Provided by the Importer and the catalogue's checks, which know the user and the units.
    in_scope: Callable[[str | None], bool]
    _find_department: Callable[[str], Department | None]
    unit_id: Callable[[Department], int]
    carried: Callable[[Procedure], CarriedProcedure]
    catalogue_unchanged: Callable[[], bool]

    def check_dossiers(self) -> None:
        rows = self.rows.get("HoSo", [])
        existing: dict[str, Dossier] = {}
        codes = sorted({normalise_code(wb.text(row.values.get("code"))) for row in rows} - {""})
        # Rows about to be written are locked, so that nobody edits them between check and write.
        found = Dossier.objects.select_related("department", "procedure", "receiving_unit")
        if not self.report.dry_run:
            found = found.select_for_update(of=("self",))
        for chunk in chunks(codes):
            for dossier in found.filter(code__in=among(chunk)):
                existing[dossier.code] = dossier
        self.stored_pauses = self._stored_pauses(existing.values())
        self.locks = lock_index()
        self.calendar = load_calendar()
        self.zone = timezone.get_current_timezone()
        self.cutoff, self.hours = configured_cutoff_hour(), configured_office_hours()
        self.places = {}
        # Each procedure's limit, built once: 50,000 rows name a few hundred procedures.
        self.limits: dict[str, TimeLimit] = {}
        self.sole_carriers = {}
        self.fact_columns = tuple(name for name in rules.NATIONAL_FACTS if rows and name in rows[0].values)
        # Copied while the rest is judged where nothing the file writes before them can place them: a file
        # that also changes the catalogue writes its dossiers after it.
        streamed = not self.report.dry_run and self.report.ok and self.catalogue_unchanged()
        self.new_dossiers = NewDossiers(streamed=streamed)
        seen: set[str] = set()
        try:
            with wb.without_cycle_collection():
                for row in rows:
                    errors = RowErrors(self.report, row)
                    cells = self._read_dossier(row, errors, seen)
                    old = existing.get(cells.code)
                    if old is not None and not self.in_scope(old.department.path):
                        errors.add("code", not_yours(cells.code))
                    self._judge_dossier(errors, cells, old)
        finally:
            self.new_dossiers.finish()

    def _read_dossier(self, row: Row, errors: RowErrors, seen: set[str]) -> Cells:
        code = errors.code("code", dossier_code_rule)
        procedure_code = normalise_code(errors.required("procedure"))
        department_code = normalise_code(wb.text(row.values.get("department")))
        cells = Cells(
            code,
            procedure_code,
            department_code,
            # None: the sheet has no such column (the layout before it), which keeps a stored one.
            normalise_code(wb.text(row.values["receiving_unit"])) if "receiving_unit" in row.values else None,
            errors.read("channel", wb.choice, wb.CHANNELS, required=True),
            errors.read("received_at", wb.moment, required=True),
            errors.read("due_on", wb.moment),
            errors.read("finished_at", wb.moment),
            errors.read("status", wb.choice, wb.STATUSES),
            errors.read("satisfaction", wb.choice, wb.SATISFACTIONS, blank=""),
            self._read_facts(row, errors) if self.fact_columns else {},
        )
        if "code" not in errors.keys and code in seen:
            errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
        seen.add(code)
        if len(code) > CODE_LIMIT:
            check_length(errors, "code", code, Dossier, "code")
        return cells

    def _read_facts(self, row: Row, errors: RowErrors) -> dict[str, object]:
        """The national facts of the sheet's columns; a blank flag is "Không", a blank status, time or fee
        none."""
        facts: dict[str, object] = {}
        for key in self.fact_columns:
            value = row.values.get(key)
            if value is None or value == "":
                # Most rows leave most facts blank: judged blank here without a reader (50,000 rows of an
                # exported workbook: 0.5 s less), as each reader judges a blank.
                facts[key] = False if key in wb.DOSSIER_FLAGS else None
            elif key in wb.DOSSIER_FLAGS:
                facts[key] = errors.read(key, wb.choice, wb.YES_NO, blank=False)
            elif key == "national_status":
                facts[key] = errors.read(key, wb.choice, wb.NATIONAL_STATUSES)
            elif key == "fee_amount":
                facts[key] = errors.read(key, wb.whole_number)
            else:
                completed = errors.read(key, wb.moment)
                facts[key] = aware(completed, self.zone) if completed else None
        return facts

    def _place_dossier(
        self, errors: RowErrors, cells: Cells, received_at: datetime | None
    ) -> tuple[Procedure | None, Department | None, Department | None]:
        """The row's procedure, the unit that resolves the dossier (the one unit carrying the procedure
        out on the day of receipt where the row names none) within the user's scope, and the unit that
        received it. The rulebook then judges whether they may be so on that day."""
        procedure = self.procedures.get(cells.procedure_code)
        if procedure is None:
            if cells.procedure_code:
                errors.add("procedure", rules.unknown_procedure(cells.procedure_code))
            return None, None, None
        receiving = None
        if cells.receiving_code:
            receiving = self._find_department(cells.receiving_code)
            if receiving is None:
                message = _("không có đơn vị mã “%(code)s”") % {"code": cells.receiving_code}
                errors.add("receiving_unit", message)
        department_code = cells.department_code
        if not department_code:
            if received_at is None:
                return procedure, None, receiving
            department_code, problem = self._sole_carrier(procedure, province_time(received_at).date())
            if problem is not None:
                errors.add("department", problem)
                return procedure, None, receiving
        place = self.places.get(department_code)
        if place is None:
            place = self.places[department_code] = self.find_place(department_code)
        department, problem = place
        if problem is not None:
            errors.add("department", problem)
        return procedure, department, receiving

    def _moments(self, cells: Cells) -> tuple[datetime | None, datetime | None]:
        received_at = aware(cells.received, self.zone) if cells.received else None
        finished_at = aware(cells.finished, self.zone) if cells.finished else None
        if (
            received_at
            and finished_at
            and cells.finished.time() == time()
            and cells.finished.date() == cells.received.date()
            and finished_at < received_at
        ):
            # A return written as a date only, on the day of receipt: returned that day, not before
            # the receipt; it is kept at the receipt's time so that it never lands in the future.
            finished_at = received_at
        return received_at, finished_at

    def _judge_dossier(self, errors: RowErrors, cells: Cells, old: Dossier | None) -> None:
        received_at, finished_at = self._moments(cells)
        procedure, department, receiving = self._place_dossier(errors, cells, received_at)
        if cells.receiving_code is None and old is not None:
            receiving = old.receiving_unit
        status = cells.status or (rules.Status.RESOLVED if finished_at else rules.Status.IN_PROGRESS)
        due_on = cells.due.date() if cells.due else None
        derived = None
        if procedure is not None and received_at is not None:
            derived = self._derived(procedure, old, received_at, finished_at, due_on)
        problems = rules.dossier_problems(
            received_at=received_at,
            finished_at=finished_at,
            status=status,
            due_on=derived.due_on if derived else due_on,
            now=self.now,
            # The import opens and closes a dossier's pause itself (_pause_transition), so the pause is
            # open exactly when the row says the dossier waits for a supplement.
            paused_on=self.today if status == rules.Status.AWAITING_SUPPLEMENT else None,
            apology_issued_on=old.apology_issued_on if old else None,
            apology_due_on=old.apology_due_on if old else None,
            satisfaction=cells.satisfaction or "",
            stored_satisfaction=old.satisfaction if old is not None and old.finished_at is None else None,
            organisation=self.organisation,
            unit_id=self.unit_id(department) if department is not None else None,
            procedure=self.carried(procedure) if procedure is not None else None,
            receiving_unit_id=self.unit_id(receiving) if receiving is not None else None,
            # The facts the row gives over those stored: a new return time is judged against a stored
            # processing-complete time too.
            national=self._facts_after(old, cells.facts),
        )
        if "finished_at" in errors.keys:
            problems.pop("satisfaction", None)
        for key, message in problems.items():
            column = COLUMN_OF.get(key, key)
            if column not in errors.keys:
                errors.add(column, message)
        if errors.count or department is None or derived is None:
            return
        values = {
            "procedure": procedure,
            "department": department,
            "receiving_unit": receiving,
            "channel": cells.channel,
            "received_at": received_at,
            "finished_at": finished_at,
            "status": status,
            "satisfaction": cells.satisfaction,
            **cells.facts,
        }
        self._keep_dossier(errors, cells.code, old, values, derived)

    def _derived(
        self,
        procedure: Procedure,
        old: Dossier | None,
        received_at: datetime,
        finished_at: datetime | None,
        due_on: date | None,
    ) -> rules.Derived:
        """The row's dates as the rulebook derives them; a stored dossier keeps its due time and pauses."""
        return rules.derive(
            received_at=received_at,
            finished_at=finished_at,
            due_on=due_on,
            due_at=old.due_at if old else None,
            limit=self._limit(procedure),
            paused_days=old.paused_days if old else 0,
            calendar=self.calendar,
            hours=self.hours,
            cutoff_hour=self.cutoff,
        )

    @staticmethod
    def _facts_after(old: Dossier | None, facts: dict[str, object]) -> dict[str, object]:
        if old is None:
            return {**rules.NEW_DOSSIER_DEFAULTS, **facts}
        return {name: facts[name] if name in facts else getattr(old, name) for name in rules.NATIONAL_FACTS}

    def _keep_dossier(
        self, errors: RowErrors, code: str, old: Dossier | None, values: dict, derived: rules.Derived
    ) -> None:
        """The row as a dossier to create or update, unless it changes nothing or a data lock refuses it."""
        if old is None:
            self._keep_new_dossier(errors, code, values, derived)
            return
        before = (old.department.path, old.received_on)
        old_status, old_due = old.status, (old.due_on, old.due_at)
        changed = assign(old, values)
        # The dates the row was judged by (a blank due date: the calendar's, from the row's receipt).
        old.store_derived(derived)
        if not changed and (old.due_on, old.due_at) == old_due:
            self.report.unchanged["dossiers"] += 1
            return
        pauses = self.stored_pauses.get(old.pk, [])
        if self._pause_transition(old, old_status=old_status):
            pauses = self._pauses_after(old, pauses)
            # A pause that ended moves the deadline by its working days.
            old.fill_derived(self.calendar, cutoff_hour=self.cutoff, pauses=pauses)
        else:
            old.store_standing(stored_standing(old, pauses, calendar=self.calendar, hours=self.hours))
        for path, day in (before, (values["department"].path, old.received_on)):
            refusal = self.locks.refusal(department_path=path, day=day)
            if refusal:
                errors.add("received_at", refusal)
                return
        # As Dossier.save() does: a page or API client holding an older version must not save over it.
        old.version += 1
        self.changed_dossiers.append(old)

    def _keep_new_dossier(self, errors: RowErrors, code: str, values: dict, derived: rules.Derived) -> None:
        """A new dossier, kept as its columns: it has no stored values to compare, and a pause that begins
        leaves its deadline as it is (only the end of one moves it)."""
        procedure, department, receiving = values["procedure"], values["department"], values["receiving_unit"]
        refusal = self.locks.refusal(department_path=department.path, day=derived.received_on)
        if refusal:
            errors.add("received_at", refusal)
            return
        columns = {
            **rules.NEW_DOSSIER_DEFAULTS,
            "code": code,
            "applicant": "",
            "channel": values["channel"],
            "received_at": values["received_at"],
            "due_on": derived.due_on,
            "finished_at": values["finished_at"],
            "status": values["status"],
            "satisfaction": values["satisfaction"],
            "version": 1,
            "apology_issued_on": None,
            "apology_due_on": None,
            "paused_on": None,
            "paused_days": 0,
            "received_on": derived.received_on,
            "finished_on": derived.finished_on,
            "computed_due_on": derived.computed_due_on,
            "effective_due_on": derived.effective_due_on,
            "due_at": derived.due_at,
            "department_id": department.pk,
            "procedure_id": procedure.pk,
            "receiving_unit_id": receiving.pk if receiving is not None else None,
        }
        columns.update((name, values[name]) for name in self.fact_columns)
        if values["status"] == rules.Status.AWAITING_SUPPLEMENT:
            # The supplement request names its dossier, the one place a new dossier is a model instance.
            dossier = Dossier(id=None, **columns)
            self._pause_transition(dossier, old_status=None)
            columns["paused_on"] = dossier.paused_on
            found = stored_standing(
                dossier, [self.pauses_opened[-1]], calendar=self.calendar, hours=self.hours
            )
        else:
            found = unpaused_standing(
                national_status=columns["national_status"],
                due_on=derived.due_on,
                due_at=derived.due_at,
                finished_at=values["finished_at"],
                completed_at=columns["processing_completed_at"],
                hours=self.hours,
            )
        columns["dvcqg_on_time"], columns["dvcqg_late_on"] = found.on_time, found.late_on
        if procedure.pk is None or department.pk is None or (receiving is not None and receiving.pk is None):
            self.unplaced_dossiers.append((columns, procedure, department, receiving))
        self.new_dossiers.add(columns)
