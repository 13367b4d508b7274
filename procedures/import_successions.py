"""The import's KeThua sheet (spec/organisation.md): who succeeds whom, from which day, in which fields,
judged by procedures.organisation_rules.succession_problems on the province as it will be after the file
(its units and successions together with the portal's), and that province itself, which the TTHC and
HoSo checks then judge procedures and dossiers on (procedures.imports)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from cchc_portal.codes import normalise_code
from departments.models import Department
from procedures import workbook as wb
from procedures.import_rows import RowErrors
from procedures.models import Dossier, Field, Succession
from procedures.organisation import Link, Organisation, Unit
from procedures.organisation_rules import stranded_problem, succession_problems
from procedures.workbook import ImportReport, Row

# Stored dossiers outside a unit's new dates that are read to find one the file does not file elsewhere.
STRANDED_LOOKED_AT = 1000
# The column of each thing procedures.organisation_rules.succession_problems may find wrong.
COLUMN_OF = {"successor": "successor", "effective_on": "effective_on", "fields": "fields"}


@dataclass
class SuccessionRow:
    """A well-formed KeThua row: its units, day and fields, and the stored succession of the same pair."""

    row: Row
    predecessor: Department
    successor: Department
    effective_on: date
    fields: list[Field]
    stored: Succession | None = None
    stored_fields: frozenset[int] = field(default_factory=frozenset)


class SuccessionChecks:
    """The successions of a workbook; the state it fills is the Importer's."""

    rows: dict[str, list[Row]]
    report: ImportReport
    departments: dict[str, Department]
    new_departments: dict[str, Department]
    changed_departments: list[Department]
    fields: dict[str, Field]
    # New and changed successions with the fields they pass, written after the units and fields.
    kept_successions: list[tuple[Succession, list[Field]]]
    links_in_file: set[tuple[int, int]]
    stored_successions: tuple[dict[tuple[int, int], Succession], dict[int, frozenset[int]]]
    implied_ends: dict[str, date]
    new_successions: list[Succession]
    changed_successions: list[Succession]
    organisation: Organisation

    # Provided by the Importer and the catalogue's checks.
    may: Callable[[str], bool]
    unit_id: Callable[[Department], int]
    field_id: Callable[[Field], int]
    _find_department: Callable[[str], Department | None]
    _field: Callable[[str], Field]

    def read_implied_ends(self) -> None:
        """The last day of each unit that has a succession, in the sheet or the portal: the day before
        it takes effect (spec). A blank Ngày kết thúc on DonVi means that day for such a unit, so that
        a unit exported with its end date and its succession imports again unchanged."""
        self.stored_successions = self._stored_successions()
        codes = {department.pk: key for key, department in self.departments.items()}
        ends: dict[str, date] = {}
        for succession in self.stored_successions[0].values():
            ends[codes[succession.predecessor_id]] = succession.effective_on - timedelta(days=1)
        for row in self.rows.get("KeThua", []):
            code = normalise_code(wb.text(row.values.get("predecessor"))).upper()
            try:
                effective_on = wb.day(row.values.get("effective_on"))
            except wb.CellError:
                continue
            if code and effective_on:
                end = effective_on - timedelta(days=1)
                ends[code] = min(end, ends.get(code, end))
        self.implied_ends = ends

    def check_successions(self) -> None:
        """Judge the sheet's rows and build self.organisation, the province after the file."""
        stored, stored_fields = self.stored_successions
        rows = self._read_successions()
        for item in rows:
            item.stored = stored.get((item.predecessor.pk, item.successor.pk))
            if item.stored is not None:
                item.stored_fields = stored_fields.get(item.stored.pk, frozenset())
        changing = [item for item in rows if self._changes(item)]
        self.report.unchanged["successions"] += len(rows) - len(changing)
        for item in changing:
            self._fill_end(item)
        in_file = {(self.unit_id(item.predecessor), self.unit_id(item.successor)): item for item in rows}
        self.links_in_file = set(in_file)
        links = [
            Link(succession.predecessor_id, succession.successor_id, succession.effective_on, fields)
            for succession in stored.values()
            if (succession.predecessor_id, succession.successor_id) not in in_file
            for fields in [stored_fields.get(succession.pk, frozenset())]
        ]
        file_links = {id(item): self._link(item) for item in rows}
        self.organisation = Organisation.of(self._units(), [*links, *file_links.values()])
        names = {self.field_id(found): name for name, found in self.fields.items()}
        for item in changing:
            link = file_links[id(item)]
            problems = succession_problems(self.organisation, link, replacing=link, field_names=names)
            errors = RowErrors(self.report, item.row)
            for key, message in problems.items():
                errors.add(COLUMN_OF[key], message)
            if not errors.count:
                self._keep(item)

    def _stored_successions(self) -> tuple[dict[tuple[int, int], Succession], dict[int, frozenset[int]]]:
        """Every stored succession by its pair of units, and the fields of each (two queries, one when
        there is none)."""
        stored = {(s.predecessor_id, s.successor_id): s for s in Succession.objects.order_by()}
        fields: dict[int, set[int]] = {}
        through = Succession.fields.through.objects.values_list("succession_id", "field_id")
        for succession_id, field_id in through if stored else ():
            fields.setdefault(succession_id, set()).add(field_id)
        return stored, {pk: frozenset(ids) for pk, ids in fields.items()}

    def _read_successions(self) -> list[SuccessionRow]:
        # A field may be one the TTHC sheet brings in.
        catalogue = {wb.text(row.values.get("field")) for row in self.rows.get("TTHC", [])}
        found, seen = [], set()
        for row in self.rows.get("KeThua", []):
            errors = RowErrors(self.report, row)
            predecessor, successor = (self._unit_cell(errors, key) for key in ("predecessor", "successor"))
            effective_on = errors.read("effective_on", wb.day, required=True)
            fields = []
            for name in wb.code_list(row.values.get("fields")):
                if name in self.fields or name in catalogue:
                    fields.append(self._field(name))
                else:
                    errors.add("fields", _("không có lĩnh vực “%(name)s”") % {"name": name})
            pair = (predecessor and predecessor.code.upper(), successor and successor.code.upper())
            if predecessor and successor and pair in seen:
                errors.add("successor", _("cặp đơn vị này lặp lại trong trang"))
            seen.add(pair)
            if not errors.count:
                found.append(SuccessionRow(row, predecessor, successor, effective_on, fields))
        return found

    def _unit_cell(self, errors: RowErrors, key: str) -> Department | None:
        code = normalise_code(errors.required(key))
        if not code:
            return None
        unit = self._find_department(code)
        if unit is None:
            errors.add(key, _("không có đơn vị mã “%(code)s”") % {"code": code})
        return unit

    def _changes(self, item: SuccessionRow) -> bool:
        if item.stored is None:
            return True
        field_ids = frozenset(self.field_id(found) for found in item.fields)
        return item.stored.effective_on != item.effective_on or item.stored_fields != field_ids

    def _fill_end(self, item: SuccessionRow) -> None:
        """A predecessor with no last day in the file nor the portal ends the day before its succession
        (spec: effective_on is the day after valid_to); succession_problems judges any other day."""
        unit = item.predecessor
        if unit.valid_to is not None:
            return
        unit.valid_to = item.effective_on - timedelta(days=1)
        if unit.pk is not None and unit not in self.changed_departments:
            self.changed_departments.append(unit)
            self.unit_rows[unit.code.upper()] = (item.row, "effective_on")

    def check_changed_units(self) -> None:
        """A stored unit whose dates the file changes keeps its stored dossiers within them (but those the
        file files again), and its stored successions on the day after its end: a query or two a unit,
        and a file changes a few."""
        in_file = {normalise_code(wb.text(row.values.get("code"))) for row in self.rows.get("HoSo", [])}
        for unit in self.changed_departments:
            row, column = self.unit_rows.get(unit.code.upper(), (None, None))
            if row is None:
                continue
            errors = RowErrors(self.report, row)
            stranded = _stranded(unit, in_file)
            if stranded is not None:
                late, message = stranded
                errors.add(column if late or column != "valid_to" else "valid_from", message)
            for link in self.organisation.successions_of(unit.pk):
                if (link.predecessor_id, link.successor_id) in self.links_in_file:
                    continue
                problem = succession_problems(self.organisation, link, replacing=link).get("effective_on")
                if problem and column not in errors.keys:
                    errors.add(column, problem)

    def _link(self, item: SuccessionRow) -> Link:
        fields = frozenset(self.field_id(found) for found in item.fields)
        return Link(self.unit_id(item.predecessor), self.unit_id(item.successor), item.effective_on, fields)

    def _units(self) -> list[Unit]:
        return [
            Unit(self.unit_id(d), d.code, d.name, d.path, d.kind, d.valid_from, d.valid_to)
            for d in [*self.departments.values(), *self.new_departments.values()]
        ]

    def _keep(self, item: SuccessionRow) -> None:
        errors = RowErrors(self.report, item.row)
        if not self.may("departments.change_department"):
            # Successions reshape the province, as units do: the administrators' to keep.
            errors.add("predecessor", _("bạn không có quyền ghi kế thừa giữa các đơn vị"))
            return
        if item.predecessor.valid_from and item.predecessor.valid_to < item.predecessor.valid_from:
            errors.add("effective_on", _("Ngày hiệu lực phải sau ngày bắt đầu của đơn vị cũ."))
            return
        succession = item.stored or Succession(predecessor=item.predecessor, successor=item.successor)
        succession.effective_on = item.effective_on
        (self.new_successions if item.stored is None else self.changed_successions).append(succession)
        self.kept_successions.append((succession, item.fields))


def _stranded(unit: Department, in_file: set[str]) -> tuple[bool, str] | None:
    """Whether stored dossiers of `unit` (other than those the file files again) fall after its last
    day (True) or before its first, and the message saying so (procedures.organisation_rules.stranded_problem,
    as the succession service says it); None when none do."""
    for late, outside in (
        (True, Q(received_on__gt=unit.valid_to) if unit.valid_to else None),
        (False, Q(received_on__lt=unit.valid_from) if unit.valid_from else None),
    ):
        if outside is None:
            continue
        found = Dossier.objects.filter(outside, department=unit)
        codes = list(found.values_list("code", flat=True)[:STRANDED_LOOKED_AT])
        refiled = sum(code in in_file for code in codes)
        count = (found.count() if len(codes) == STRANDED_LOOKED_AT else len(codes)) - refiled
        if count <= 0:
            continue
        day = unit.valid_to + timedelta(days=1) if late else unit.valid_from
        return late, stranded_problem(unit.name, count, day, late=late)
    return None
