"""The import's DonVi and TTHC sheets: units (with their kinds and dates) and procedures (with their level
and the units that carry them out), checked against the portal's data and the user's scope before
anything is written (procedures.imports). KeThua, between the two, is procedures.import_successions."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cchc_portal.codes import normalise_code
from departments.models import ENDS_BEFORE_BEGINNING, Department, code_rule
from procedures import rules
from procedures import workbook as wb
from procedures.import_rows import RowErrors, assign, check_length, chunks, differs
from procedures.models import Field, Procedure, procedure_code_rule
from procedures.office_hours import TimeLimit, TimeUnit, format_amount, parse_time_limit
from procedures.organisation import Organisation
from procedures.selectors import dossier_placements
from procedures.workbook import ImportReport, Row

# What an import may set on a unit beside its name; a column the sheet lacks leaves it as it is.
UNIT_FACTS = ("kind", "valid_from", "valid_to")
PROCEDURE_FACTS = ("time_unit", "statutory_days", "reduced_days", "online_level", "accepts_postal", "level")


def _time_limit(value: object, *, unit: TimeUnit | None = None) -> TimeLimit | None:
    """A limit cell as staff type it ("5", "0,5", "4 giờ"), or as Excel holds a number (5, 0.5)."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise wb.CellError(_("“%(value)s” không phải thời hạn") % {"value": wb.text(value)})
    # A number is quoted back as Vietnamese write it ("0,5", "400"), whatever Excel stored (400.0).
    typed = value if isinstance(value, str) else format_amount(Decimal(str(value)))
    try:
        return parse_time_limit(typed, unit=unit)
    except ValidationError as error:
        raise wb.CellError(error.messages[0]) from error


class CatalogueChecks:
    """The units and procedures of a workbook; the state it fills is the Importer's."""

    rows: dict[str, list[Row]]
    report: ImportReport
    departments: dict[str, Department]
    new_departments: dict[str, Department]
    changed_departments: list[Department]
    fields: dict[str, Field]
    new_fields: dict[str, Field]
    procedures: dict[str, Procedure]
    new_procedures: list[Procedure]
    changed_procedures: list[Procedure]
    # The units listed for each procedure: stored (by code, as ids) and as the file leaves them.
    listed_units: dict[str, frozenset[int]]
    procedure_units: dict[str, list[Department]]
    units_changed: set[str]
    organisation: Organisation
    # The day before each unit's succession (procedures.import_successions), by upper-cased code.
    implied_ends: dict[str, date]
    # The row, and its column, that changed the dates of a stored unit.
    unit_rows: dict[str, tuple[Row, str]]

    # Provided by the Importer, which holds the user, their scope and the ids of records not yet written.
    in_scope: Callable[[str | None], bool]
    sees_everything: bool
    may: Callable[[str], bool]
    unit_id: Callable[[Department], int]
    field_id: Callable[[Field], int]

    def path_of(self, code: str) -> str | None:
        department = self._find_department(code)
        return department.path if department else None

    def _find_department(self, code: str) -> Department | None:
        return self.departments.get(code.upper()) or self.new_departments.get(code.upper())

    def _department(self, code: str) -> Department:
        department = self._find_department(code)
        assert department is not None, code
        return department

    def _field(self, name: str) -> Field:
        if name not in self.fields:
            self.fields[name] = self.new_fields[name] = Field(name=name)
        return self.fields[name]

    # DonVi
    def check_departments(self) -> None:
        rows_by_code = self._read_departments()
        # Parents first: a department may name a parent that appears further down the sheet.
        placed = True
        while rows_by_code and placed:
            placed = False
            for key, (row, values) in list(rows_by_code.items()):
                parent = values["parent"]
                if parent and self._find_department(parent) is None:
                    if parent in rows_by_code:
                        continue
                    RowErrors(self.report, row).add(
                        "parent",
                        _("không có đơn vị mã “%(code)s”") % {"code": wb.text(row.values.get("parent"))},
                    )
                    del rows_by_code[key]
                    continue
                self._place_department(row, values)
                del rows_by_code[key]
                placed = True
        for row, values in rows_by_code.values():
            RowErrors(self.report, row).add(
                "parent", _("đơn vị cấp trên tạo thành vòng lặp (“%(code)s”)") % {"code": values["parent"]}
            )

    def _read_departments(self) -> dict[str, tuple[Row, dict]]:
        """The sheet's well-formed rows by upper-cased code, with their values: code, name, parent code and
        those of UNIT_FACTS whose column the sheet has (a blank kind is worked out once the parent is)."""
        seen: set[str] = set()
        rows_by_code = {}
        for row in self.rows.get("DonVi", []):
            errors = RowErrors(self.report, row)
            code, name = errors.code("code", code_rule), errors.required("name")
            values = {
                "code": code,
                "name": name,
                "parent": normalise_code(wb.text(row.values.get("parent"))).upper(),
            }
            if "kind" in row.values:
                values["kind"] = errors.read("kind", wb.choice, wb.KINDS, blank="")
            for key in ("valid_from", "valid_to"):
                if key in row.values:
                    values[key] = errors.read(key, wb.day)
            if "valid_to" in values and values["valid_to"] is None and "valid_to" not in errors.keys:
                values["valid_to"] = self.implied_ends.get(code.upper())
            if (
                values.get("valid_from")
                and values.get("valid_to")
                and values["valid_to"] < values["valid_from"]
            ):
                errors.add("valid_to", str(ENDS_BEFORE_BEGINNING))
            if "code" not in errors.keys and code.upper() in seen:
                errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
            check_length(errors, "code", code, Department, "code")
            check_length(errors, "name", name, Department, "name")
            seen.add(code.upper())
            if not errors.count:
                rows_by_code[code.upper()] = (row, values)
        return rows_by_code

    def _place_department(self, row: Row, values: dict) -> None:
        errors = RowErrors(self.report, row)
        code, parent_code = values["code"], values["parent"]
        existing = self.departments.get(code.upper())
        parent = self._find_department(parent_code) if parent_code else None
        if values.get("kind") == "":
            # Blank: a department at the top of the tree, a division below one (spec/organisation.md).
            values["kind"] = Department.Kind.DIVISION if parent else Department.Kind.AGENCY
        facts = {key: values[key] for key in UNIT_FACTS if key in values}
        if existing:
            self._change_department(errors, existing, values, facts)
            return
        # The list of departments is the administrators' to keep: staff cannot add one by import.
        if not self.may("departments.add_department"):
            errors.add("code", _("bạn không có quyền tạo đơn vị mới; hãy đề nghị quản trị viên tạo"))
            return
        path = f"{parent.path if parent else '/'}{code}/"
        facts.setdefault("kind", Department.Kind.DIVISION if parent else Department.Kind.AGENCY)
        self.new_departments[code.upper()] = Department(
            code=code, name=values["name"], parent=parent, path=path, **facts
        )

    def _change_department(self, errors: RowErrors, existing: Department, values: dict, facts: dict) -> None:
        # An unchanged row is fine whoever imports it: staff re-import the sheets they exported.
        if (existing.parent.code.upper() if existing.parent_id else "") != values["parent"]:
            errors.add(
                "parent", _("không đổi được đơn vị cấp trên qua tệp nhập; hãy sửa trong trang quản trị")
            )
            return
        wanted = {"name": values["name"], **facts}
        changed = [key for key, value in wanted.items() if getattr(existing, key) != value]
        if not changed:
            self.report.unchanged["departments"] += 1
            return
        if not self.in_scope(existing.path) or not self.may("departments.change_department"):
            message = _("bạn không có quyền đổi tên đơn vị “%(code)s”") if changed == ["name"] else None
            message = message or _("bạn không có quyền sửa đơn vị “%(code)s”")
            errors.add(changed[0], message % {"code": existing.code})
            return
        valid_from = wanted.get("valid_from", existing.valid_from)
        valid_to = wanted.get("valid_to", existing.valid_to)
        if valid_from and valid_to and valid_to < valid_from:
            errors.add("valid_to", str(ENDS_BEFORE_BEGINNING))
            return
        assign(existing, wanted)
        self.changed_departments.append(existing)
        self.unit_rows[existing.code.upper()] = (errors.row, "valid_to")

    # TTHC
    def check_procedures(self) -> None:
        rows = self.rows.get("TTHC", [])
        codes = [normalise_code(wb.text(row.values.get("code"))) for row in rows] + [
            normalise_code(wb.text(row.values.get("procedure"))) for row in self.rows.get("HoSo", [])
        ]
        for chunk in chunks(sorted(set(codes) - {""})):
            found = Procedure.objects.filter(code__in=chunk).select_related("field")
            by_pk = {procedure.pk: procedure for procedure in found}
            listed: dict[int, set[int]] = {pk: set() for pk in by_pk}
            through = Procedure.units.through.objects.filter(procedure_id__in=list(by_pk))
            for procedure_id, unit_id in through.values_list("procedure_id", "department_id"):
                listed[procedure_id].add(unit_id)
            for pk, procedure in by_pk.items():
                self.procedures[procedure.code] = procedure
                self.listed_units[procedure.code] = frozenset(listed[pk])
        seen: set[str] = set()
        for row in rows:
            errors = RowErrors(self.report, row)
            values = self._read_procedure(row, errors, seen)
            if not errors.count:
                self._apply_procedure(errors, values)

    def _read_procedure(self, row: Row, errors: RowErrors, seen: set[str]) -> dict:
        """The row's values, each cell judged on its own and against the sheet's other rows."""
        code = errors.code("code", procedure_code_rule)
        name, field_name = errors.required("name"), errors.required("field")
        unit_codes = [normalise_code(item) for item in wb.code_list(row.values.get("department"))]
        statutory = errors.read("statutory_days", _time_limit, required=True)
        # A bare number is in the statutory limit's unit, as on the procedure form.
        reduced = errors.read("reduced_days", _time_limit, unit=statutory.unit if statutory else None)
        if "code" not in errors.keys and code in seen:
            errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
        seen.add(code)
        if reduced is not None and statutory and reduced.amount > statutory.amount:
            errors.add(
                "reduced_days",
                _("phải lớn hơn 0 và không quá thời hạn quy định (%(n)s)")
                % {"n": format_amount(statutory.amount)},
            )
        check_length(errors, "name", name, Procedure, "name")
        check_length(errors, "field", field_name, Field, "name")
        unknown = [unit for unit in unit_codes if self.path_of(unit) is None]
        if unknown:
            errors.add("department", _("không có đơn vị mã “%(code)s”") % {"code": "”, “".join(unknown)})
        return {
            "code": code,
            "name": name,
            "field_name": field_name,
            "unit_codes": unit_codes,
            "time_unit": statutory.unit if statutory else None,
            "statutory_days": statutory.amount if statutory else None,
            "reduced_days": reduced.amount if reduced else None,
            "online_level": errors.read("online_level", wb.choice, wb.ONLINE_LEVELS, blank=2),
            "accepts_postal": errors.read("accepts_postal", wb.choice, wb.YES_NO, blank=False),
            "level": self._level(row, errors, code),
        }

    def _level(self, row: Row, errors: RowErrors, code: str) -> str | None:
        """Cấp thực hiện; a sheet without the column (the layout before it) keeps a stored level."""
        if "level" not in row.values and code in self.procedures:
            return self.procedures[code].level
        return errors.read("level", wb.choice, wb.LEVELS, blank=Procedure.Level.PROVINCE)

    def _apply_procedure(self, errors: RowErrors, row: dict) -> None:
        code = row["code"]
        existing = self.procedures.get(code)
        units = list(
            {unit.pk or unit.code: unit for unit in map(self._department, row["unit_codes"])}.values()
        )
        unit_ids = frozenset(self.unit_id(unit) for unit in units)
        values = {
            "name": row["name"],
            "field": self._field(row["field_name"]),
            **{key: row[key] for key in PROCEDURE_FACTS},
        }
        stored_ids = self.listed_units.get(code, frozenset())
        if existing is not None and stored_ids == unit_ids and not differs(existing, values):
            # Unchanged rows pass whoever imports them: a division re-imports the sheet it exported,
            # which lists its parent department's procedures.
            self.report.unchanged["procedures"] += 1
            self.procedure_units[code] = units
            return
        if not self._may_change_procedure(errors, code, units, existing, values["level"]):
            return
        carriers_changed = existing is not None and (
            stored_ids != unit_ids or existing.level != values["level"]
        )
        problems = rules.procedure_units_problems(
            level=values["level"],
            unit_ids=unit_ids,
            field_id=self.field_id(values["field"]),
            organisation=self.organisation,
            placements=dossier_placements(existing) if carriers_changed else [],
        )
        if problems:
            errors.add("department", problems["units"])
            return
        self.procedure_units[code] = units
        if unit_ids != stored_ids:
            self.units_changed.add(code)
        self.listed_units[code] = unit_ids
        if existing is None:
            procedure = Procedure(code=code, **values)
            self.procedures[code] = procedure
            self.new_procedures.append(procedure)
        else:
            assign(existing, values)
            self.changed_procedures.append(existing)

    def _may_change_procedure(
        self,
        errors: RowErrors,
        code: str,
        units: list[Department],
        existing: Procedure | None,
        level: str,
    ) -> bool:
        """Staff change a procedure only where every unit it is listed for, before and after, is theirs;
        a catalogue shared by every commune (no unit listed) is the province's to keep."""
        outside = next((unit for unit in units if not self.in_scope(unit.path)), None)
        if outside is not None:
            errors.add("department", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": outside.code})
            return False
        stored_ids = self.listed_units.get(code, frozenset())
        stored = [self.organisation.units[unit_id] for unit_id in stored_ids]
        if existing is not None and any(not self.in_scope(unit.path) for unit in stored):
            errors.add("code", _("thủ tục “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code})
            return False
        province = Procedure.Level.PROVINCE
        shared = (not units and level != province) or (
            existing is not None and not stored_ids and existing.level != province
        )
        if shared and not self.sees_everything:
            errors.add(
                "department",
                _(
                    "thủ tục không ghi đơn vị thực hiện dùng chung cho mọi đơn vị cùng cấp; bạn không có quyền sửa"
                ),
            )
            return False
        return True
