"""Excel import (spec/excel-template.md, spec/organisation.md): read the whole workbook, check every
row, then write everything in one transaction, or nothing.

Rows are matched to records by code: a new code creates, a known one updates, an identical row
changes nothing, so importing the same file twice leaves the portal as after the first import.
Every write leaves its historical rows, so an import shows in the audit trail. The sheets' checks live
in procedures.import_catalogue (DonVi, TTHC), procedures.import_successions (KeThua, and the province
after the file that the other sheets are judged on), procedures.import_dossiers (HoSo, on the
rulebook) and procedures.import_national (QuyetDinhCongBo and PAKN, on the models' rules)."""

from collections import defaultdict
from datetime import date
from typing import IO

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from departments.models import Department
from departments.selectors import user_sees_all_departments
from procedures.import_catalogue import CatalogueChecks
from procedures.import_dossiers import DossierChecks
from procedures.import_national import NationalChecks
from procedures.import_successions import SuccessionChecks
from procedures.models import Dossier, Field, Procedure, Succession, SupplementRequest
from procedures.organisation import CarriedProcedure, Organisation
from procedures.workbook import ImportReport, Progress, Row, read_workbook
from procedures.writer import BATCH, NewDossiers, dossiers_update, pauses_close, pauses_open

# search_text: the folded code and name searches compare, derived from them as they are written.
PROCEDURE_FIELDS = [
    "name",
    "field",
    "level",
    "time_unit",
    "statutory_days",
    "reduced_days",
    "online_level",
    "accepts_postal",
    "search_text",
]
DEPARTMENT_FIELDS = ["name", "kind", "valid_from", "valid_to", "search_text"]


class Importer(CatalogueChecks, SuccessionChecks, DossierChecks, NationalChecks):
    """One import: the rows of a workbook checked against the portal's data and the user's scope."""

    def __init__(self, rows: dict[str, list[Row]], report: ImportReport, user: User | None) -> None:
        self.rows, self.report, self.user = rows, report, user
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.departments = {d.code.upper(): d for d in Department.objects.select_related("parent")}
        # None: every department (the command line, leaders, inspectors, administrators).
        self.sees_everything = user is None or user_sees_all_departments(user)
        self.scope_units = [] if self.sees_everything else list(user.departments.all())
        self.scope_paths = None if self.sees_everything else [unit.path for unit in self.scope_units]
        # Records the file creates have no primary key before the write: the rules of
        # procedures.organisation know them by a negative id until then.
        self.placeholders: dict[tuple[str, str], int] = {}
        self.new_departments: dict[str, Department] = {}
        self.changed_departments: list[Department] = []
        self.unit_rows: dict[str, tuple[Row, str]] = {}
        self.fields = {f.name: f for f in Field.objects.all()}
        self.new_fields: dict[str, Field] = {}
        self.procedures: dict[str, Procedure] = {}
        self.listed_units: dict[str, frozenset[int]] = {}
        self.procedure_units: dict[str, list[Department]] = {}
        self.units_changed: set[str] = set()
        self.carried_procedures: dict[str, CarriedProcedure] = {}
        self.kept_successions: list[tuple[Succession, list[Field]]] = []
        self.new_successions: list[Succession] = []
        self.changed_successions: list[Succession] = []
        self.organisation = Organisation.of(())
        self.new_procedures: list[Procedure] = []
        self.changed_procedures: list[Procedure] = []
        self.new_dossiers = NewDossiers(streamed=False)
        self.unplaced_dossiers: list[tuple[dict[str, object], Procedure, Department, Department | None]] = []
        self.changed_dossiers: list[Dossier] = []
        self.fact_columns: tuple[str, ...] = ()
        self.pauses_opened: list[SupplementRequest] = []
        self.pauses_closed: list[tuple[Dossier, date]] = []
        self.start_national()

    def in_scope(self, path: str | None) -> bool:
        return self.scope_paths is None or any(path.startswith(p) for p in self.scope_paths)

    def unit_id(self, department: Department) -> int:
        return department.pk or self._placeholder("unit", department.code.upper())

    def field_id(self, found: Field) -> int:
        return found.pk or self._placeholder("field", found.name)

    def _placeholder(self, kind: str, key: str) -> int:
        return self.placeholders.setdefault((kind, key), -1 - len(self.placeholders))

    def widen_scope_to_predecessors(self) -> None:
        """Staff of a unit keep the records of the units it succeeded (spec/organisation.md), so a
        workbook they exported from their successor's pages imports again."""
        if self.scope_paths is None:
            return
        seen: set[int] = set()
        queue = [unit.pk for unit in self.scope_units]
        while queue:
            for link in self.organisation.predecessors_of(queue.pop()):
                if link.predecessor_id not in seen:
                    seen.add(link.predecessor_id)
                    queue.append(link.predecessor_id)
                    self.scope_paths.append(self.organisation.units[link.predecessor_id].path)

    def carried(self, procedure: Procedure) -> CarriedProcedure:
        """The procedure as the rules of who carries it out see it, after the file."""
        found = self.carried_procedures.get(procedure.code)
        if found is None:
            found = self.carried_procedures[procedure.code] = CarriedProcedure(
                procedure.level,
                self.field_id(procedure.field),
                self.listed_units.get(procedure.code, frozenset()),
            )
        return found

    def catalogue_unchanged(self) -> bool:
        """Whether the file leaves the units, fields, successions and procedures as stored."""
        return not (
            self.new_departments
            or self.changed_departments
            or self.new_fields
            or self.kept_successions
            or self.new_successions
            or self.changed_successions
            or self.new_procedures
            or self.changed_procedures
            or self.units_changed
        )

    def may(self, permission: str) -> bool:
        return self.user is None or self.user.has_perm(permission)

    def count(self) -> None:
        for key, new, changed in (
            ("departments", self.new_departments.values(), self.changed_departments),
            ("fields", self.new_fields.values(), ()),
            ("successions", self.new_successions, self.changed_successions),
            ("procedures", self.new_procedures, self.changed_procedures),
            ("dossiers", self.new_dossiers, self.changed_dossiers),
        ):
            self.report.created[key] = len(list(new))
            self.report.updated[key] = len(list(changed))
        self.count_national()

    def write(self, reason: str) -> None:
        saved_procedures = self._write_catalogue(reason)
        self._write_successions(reason)
        for columns, procedure, department, receiving in self.unplaced_dossiers:
            columns["procedure_id"] = saved_procedures.get(procedure.code, procedure).pk
            columns["department_id"] = self._department(department.code).pk
            columns["receiving_unit_id"] = receiving and self._department(receiving.code).pk
        for dossier in self.changed_dossiers:
            dossier.procedure = saved_procedures.get(dossier.procedure.code, dossier.procedure)
            dossier.department = self._department(dossier.department.code)
            if dossier.receiving_unit is not None:
                dossier.receiving_unit = self._department(dossier.receiving_unit.code)
        self.new_dossiers.write(user=self.user, reason=reason)
        dossiers_update(self.changed_dossiers, user=self.user, reason=reason, facts=self.fact_columns)
        pauses_open(self.pauses_opened)
        pauses_close(self.pauses_closed)
        self.write_national(reason, saved_procedures)

    def _write_catalogue(self, reason: str) -> dict[str, Procedure]:
        """Departments (parents first), fields and procedures, with their historical rows; the procedures
        written, read back by code (bulk_create does not return every backend's keys)."""
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
                self.new_departments[department.code.upper()] = saved[department.code]
        if self.changed_departments:
            bulk_update_with_history(
                self.changed_departments, Department, DEPARTMENT_FIELDS, batch_size=BATCH, **history
            )
        bulk_create_with_history(list(self.new_fields.values()), Field, batch_size=BATCH, **history)
        saved_fields = Field.objects.in_bulk(list(self.new_fields), field_name="name")
        self.fields.update(saved_fields)
        for procedure in [*self.new_procedures, *self.changed_procedures]:
            if procedure.field.name in saved_fields:
                procedure.field = saved_fields[procedure.field.name]
        bulk_create_with_history(self.new_procedures, Procedure, batch_size=BATCH, **history)
        bulk_update_with_history(
            self.changed_procedures, Procedure, PROCEDURE_FIELDS, batch_size=BATCH, **history
        )
        return self._write_procedure_units()

    def _write_procedure_units(self) -> dict[str, Procedure]:
        """The units listed for each procedure whose list the file changes, and the list as each new or
        changed procedure's latest historical row records it (simple-history's copy of the relation's
        rows). In bulk: through the relation's manager a procedure took six queries, 12,000 for a
        province's catalogue."""
        written = [*self.new_procedures, *self.changed_procedures]
        saved = Procedure.objects.in_bulk([p.code for p in written], field_name="code")
        through = Procedure.units.through
        stored = [
            procedure.code for procedure in self.changed_procedures if procedure.code in self.units_changed
        ]
        through.objects.filter(procedure_id__in=[saved[code].pk for code in stored]).delete()
        through.objects.bulk_create(
            [
                through(procedure_id=saved[code].pk, department_id=self._department(unit.code).pk)
                for code in sorted(self.units_changed)
                for unit in self.procedure_units[code]
            ],
            batch_size=BATCH,
        )
        pks = [procedure.pk for procedure in saved.values()]
        latest = dict(
            Procedure.history.filter(id__in=pks)
            .order_by()
            .values_list("id")
            .annotate(latest=Max("history_id"))
        )
        recorded = apps.get_model("procedures", "HistoricalProcedure_units")
        rows = through.objects.filter(procedure_id__in=pks).values_list("pk", "procedure_id", "department_id")
        recorded.objects.bulk_create(
            [
                recorded(
                    id=pk, history_id=latest[procedure_id], procedure_id=procedure_id, department_id=unit
                )
                for pk, procedure_id, unit in rows
            ],
            batch_size=BATCH,
        )
        return saved

    def _write_successions(self, reason: str) -> None:
        for succession, fields in self.kept_successions:
            succession.predecessor = self._department(succession.predecessor.code)
            succession.successor = self._department(succession.successor.code)
            succession._history_user = self.user
            succession._change_reason = reason
            succession.save()
            succession.fields.set([self.fields[found.name] for found in fields])


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
        importer.read_implied_ends()
        importer.check_departments()
        importer.check_successions()
        importer.check_changed_units()
        importer.widen_scope_to_predecessors()
        importer.check_procedures()
        importer.check_dossiers()
        importer.check_publications()
        importer.check_petitions()
        importer.count()
        if not report.ok:
            # With what was copied while the file was judged (procedures.writer.NewDossiers).
            transaction.set_rollback(True)
        elif not dry_run:
            importer.write(reason)
    return report
