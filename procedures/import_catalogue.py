"""The import's DonVi and TTHC sheets: departments and procedures, checked against the portal's data and
the user's scope before anything is written (procedures.imports)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from cchc_portal.codes import normalise_code
from departments.models import Department, code_rule
from procedures import rules
from procedures import workbook as wb
from procedures.import_rows import RowErrors, assign, check_length, chunks, differs
from procedures.models import Field, Procedure, procedure_code_rule
from procedures.workbook import ImportReport, Row

# A working-day count beyond a year is a typing error (the longest procedures take a few months), and
# would overflow the column.
MAX_WORKING_DAYS = 365


class CatalogueChecks:
    """The departments and procedures of a workbook; the state it fills is the Importer's."""

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

    # Provided by the Importer, which holds the user and their scope.
    in_scope: Callable[[str | None], bool]
    may: Callable[[str], bool]

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

    def _read_departments(self) -> dict[str, tuple[Row, str, str, str]]:
        """The sheet's well-formed rows by upper-cased code: (row, code, name, parent code)."""
        seen: set[str] = set()
        rows_by_code = {}
        for row in self.rows.get("DonVi", []):
            errors = RowErrors(self.report, row)
            code, name = errors.code("code", code_rule), errors.required("name")
            parent = normalise_code(wb.text(row.values.get("parent"))).upper()
            if "code" not in errors.keys and code.upper() in seen:
                errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
            check_length(errors, "code", code, Department, "code")
            check_length(errors, "name", name, Department, "name")
            seen.add(code.upper())
            if not errors.count:
                rows_by_code[code.upper()] = (row, code, name, parent)
        return rows_by_code

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
        for chunk in chunks(sorted(set(codes) - {""})):
            for procedure in Procedure.objects.filter(code__in=chunk).select_related("department", "field"):
                self.procedures[procedure.code] = procedure
        seen: set[str] = set()
        for row in rows:
            errors = RowErrors(self.report, row)
            values = self._read_procedure(row, errors, seen)
            if not errors.count:
                self._apply_procedure(errors, values)

    def _read_procedure(self, row: Row, errors: RowErrors, seen: set[str]) -> dict:
        """The row's values, each cell judged on its own and against the sheet's other rows."""
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
        check_length(errors, "name", name, Procedure, "name")
        check_length(errors, "field", field_name, Field, "name")
        if department_code and self.path_of(department_code) is None:
            errors.add("department", _("không có đơn vị mã “%(code)s”") % {"code": department_code})
        return {
            "code": code,
            "name": name,
            "field_name": field_name,
            "department_code": department_code,
            "statutory_days": statutory,
            "reduced_days": reduced,
            "online_level": level,
            "accepts_postal": postal,
        }

    def _apply_procedure(self, errors: RowErrors, row: dict) -> None:
        code, department_code = row["code"], row["department_code"]
        existing = self.procedures.get(code)
        values = {
            "name": row["name"],
            "field": self._field(row["field_name"]),
            "department": self._department(department_code),
            **{key: row[key] for key in ("statutory_days", "reduced_days", "online_level", "accepts_postal")},
        }
        if existing is not None and not differs(existing, values):
            # Unchanged rows pass whoever imports them: a division re-imports the sheet it exported,
            # which lists its parent department's procedures.
            self.report.unchanged["procedures"] += 1
            return
        if not self.in_scope(values["department"].path):
            errors.add(
                "department", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": department_code}
            )
            return
        if existing is not None and not self.in_scope(existing.department.path):
            errors.add("code", _("thủ tục “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code})
            return
        if existing is not None and existing.department_id != values["department"].pk:
            problem = _move_problem(existing, values["department"])
            if problem:
                errors.add("department", problem)
                return
        if existing is None:
            procedure = Procedure(code=code, **values)
            self.procedures[code] = procedure
            self.new_procedures.append(procedure)
        else:
            assign(existing, values)
            self.changed_procedures.append(existing)


def _move_problem(procedure: Procedure, department: Department) -> str | None:
    """The rulebook's judgement of a move; every dossier is outside a department the import creates."""
    stranded = procedure.dossiers.outside_tree(department.path) if department.pk else procedure.dossiers.all()
    return rules.move_problem(department_name=department.name, stranded=stranded)
