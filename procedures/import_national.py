"""The import's QuyetDinhCongBo and PAKN sheets (spec/index766.md): publication decisions with their
procedures, and petitions. A row is judged by the model's own rules as the pages and the API judge one
(the fields' validators, procedures.models.petitions.petition_problems), within the user's scope as
theirs is, matched to the record of its code and written with the other sheets (procedures.imports).
A decision is written a procedure a row: an export lists only the procedures it exports, so a procedure
of a decision that the file does not name is kept, never removed."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from cchc_portal.codes import normalise_code
from departments.models import Department
from procedures import rules
from procedures import workbook as wb
from procedures.import_rows import RowErrors, aware, chunks, differs
from procedures.models import (
    Dossier,
    Petition,
    Procedure,
    PublicationDecision,
    PublicationItem,
    petition_code_rule,
)
from procedures.models.petitions import ENTERED_FIELDS, LIFECYCLE_TIMES, petition_problems
from procedures.models.publications import PROCEDURE_TWICE_IN_DECISION
from procedures.selectors import procedure_list
from procedures.workbook import ImportReport, Row
from procedures.writer import BATCH

DECISION_FIELDS = ["decided_on", "note"]
ITEM_FIELDS = ("kind", "basis_effective_on", "published_on")
CHANGE_REFUSED = _lazy("bạn không có quyền sửa quyết định công bố “%(n)s”")
# What an import may change of a petition: every entered field but the code it is matched by.
PETITION_FIELDS = [name for name in ENTERED_FIELDS if name != "code"]
PETITION_VALUES = ("category", "received_at", *LIFECYCLE_TIMES, "rating")


@dataclass
class Links:
    """What a petition names: a unit, procedure or dossier the file creates has no key until the other
    sheets are written, so each is known by its code until then."""

    department: Department | None
    procedure: Procedure | None
    dossier: str
    # The dossier as the rule of its procedure sees it (procedures.models.petitions.petition_problems).
    judged_dossier: Dossier | None


def stored_links(petition: Petition) -> tuple[str, str, str]:
    return (
        petition.department.code.upper(),
        petition.procedure.code if petition.procedure_id else "",
        petition.dossier.code if petition.dossier_id else "",
    )


def _codes(rows: list[Row], key: str) -> set[str]:
    return {normalise_code(wb.text(row.values.get(key))) for row in rows} - {""}


def _cell_code(row: Row, key: str, stored: str) -> str:
    return normalise_code(wb.text(row.values[key])) if key in row.values else stored


def model_problems(instance: models.Model, errors: RowErrors, keys: tuple[str, ...]) -> None:
    """The model's own judgement of the fields `keys` (their validators: lengths, codes, the portal's
    years), each message on its column; a column already in error is not judged again."""
    fields = {field.name for field in instance._meta.fields}
    try:
        instance.clean_fields(exclude=fields - (set(keys) - errors.keys))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.add(name, messages[0])


class NationalChecks:
    """The publication decisions and petitions of a workbook; the state it fills is the Importer's."""

    rows: dict[str, list[Row]]
    report: ImportReport
    user: User | None
    procedures: dict[str, Procedure]
    new_dossiers: list[dict[str, object]]
    unplaced_dossiers: list[tuple[dict[str, object], Procedure, Department, Department | None]]
    changed_dossiers: list[Dossier]
    sees_everything: bool

    # Provided by the Importer and the catalogue's checks.
    in_scope: Callable[[str | None], bool]
    may: Callable[[str], bool]
    _placeholder: Callable[[str, str], int]
    _find_department: Callable[[str], Department | None]
    _department: Callable[[str], Department]

    def start_national(self) -> None:
        self.new_decisions: dict[str, PublicationDecision] = {}
        self.changed_decisions: list[PublicationDecision] = []
        self.new_items: list[PublicationItem] = []
        self.changed_items: list[PublicationItem] = []
        self.new_petitions: list[tuple[Petition, Links]] = []
        self.changed_petitions: list[tuple[Petition, Links]] = []

    def count_national(self) -> None:
        """Counted only for a sheet the file has, so that a workbook without them reports as before."""
        for key, sheet, new, changed in (
            ("decisions", "QuyetDinhCongBo", self.new_decisions.values(), self.changed_decisions),
            ("publications", "QuyetDinhCongBo", self.new_items, self.changed_items),
            ("petitions", "PAKN", self.new_petitions, self.changed_petitions),
        ):
            if sheet in self.rows:
                self.report.created[key] = len(list(new))
                self.report.updated[key] = len(changed)

    def _locked(self, queryset: models.QuerySet) -> list:
        # Rows about to be written are locked, so that nobody edits them between check and write.
        return list(queryset if self.report.dry_run else queryset.select_for_update(of=("self",)))

    def _find_procedures(self, codes: set[str]) -> None:
        """The stored procedures of `codes` that the TTHC and HoSo sheets did not name."""
        for chunk in chunks(sorted(codes - set(self.procedures))):
            for procedure in Procedure.objects.filter(code__in=chunk):
                self.procedures[procedure.code] = procedure

    def _procedure_key(self, procedure: Procedure) -> int:
        return procedure.pk or self._placeholder("procedure", procedure.code)

    # QuyetDinhCongBo
    def check_publications(self) -> None:
        rows = self.rows.get("QuyetDinhCongBo", [])
        if not rows:
            return
        self._find_procedures(_codes(rows, "procedure"))
        numbers = sorted(_codes(rows, "number"))
        decisions = {
            decision.number: decision
            for decision in self._locked(PublicationDecision.objects.filter(number__in=numbers))
        }
        items = PublicationItem.objects.filter(decision__in=list(decisions.values()))
        stored_items = {
            (item.decision.number, item.procedure.code): item
            for item in self._locked(items.select_related("decision", "procedure"))
        }
        first_rows: dict[str, tuple[Row, dict]] = {}
        pairs: set[tuple[str, str]] = set()
        for row in rows:
            errors = RowErrors(self.report, row)
            number, fields, values = self._read_publication(row, errors)
            pair = (number, values["procedure"].code if values["procedure"] else "")
            if all(pair) and pair in pairs:
                errors.add("procedure", str(PROCEDURE_TWICE_IN_DECISION))
            pairs.add(pair)
            if errors.count:
                continue
            first_row, first_fields = first_rows.setdefault(number, (row, fields))
            unlike = _("khác với dòng %(row)s của cùng quyết định") % {"row": first_row.number}
            for name in [name for name, value in fields.items() if first_fields.get(name, value) != value]:
                errors.add(name, unlike)
            if errors.count:
                continue
            if first_row is row:
                self._keep_decision(errors, number, fields, decisions.get(number))
            decision = decisions.get(number) or self.new_decisions.get(number)
            if decision is not None:
                self._keep_item(errors, decision, values, stored_items.get(pair))

    def _read_publication(self, row: Row, errors: RowErrors) -> tuple[str, dict, dict]:
        """The decision's number and fields, and the procedure's line, as the row gives them."""
        number = errors.required("number")
        fields = {"decided_on": errors.read("decided_on", wb.day, required=True)}
        if "note" in row.values:
            fields["note"] = wb.text(row.values["note"])
        code = normalise_code(errors.required("procedure"))
        procedure = self.procedures.get(code)
        if code and procedure is None:
            # The words of the decision's form and API: a decision may name any procedure of the catalogue.
            errors.add("procedure", _("Không có thủ tục mã “%(code)s”.") % {"code": code})
        values = {
            "kind": errors.read("kind", wb.choice, wb.PUBLICATION_KINDS, required=True),
            "basis_effective_on": errors.read("basis_effective_on", wb.day, required=True),
            "published_on": errors.read("published_on", wb.day),
        }
        model_problems(PublicationDecision(number=number, **fields), errors, ("number", *fields))
        model_problems(PublicationItem(**values), errors, ITEM_FIELDS)
        return number, fields, {"procedure": procedure, **values}

    def _keep_decision(
        self, errors: RowErrors, number: str, fields: dict, stored: PublicationDecision | None
    ) -> None:
        """The decision of its first row: new, changed or as stored. Decisions are the province's, kept
        by those who publish them; an unchanged one passes whoever imports it."""
        if stored is None:
            if not self.may("procedures.add_publicationdecision"):
                errors.add("number", _("bạn không có quyền thêm quyết định công bố"))
                return
            self.new_decisions[number] = PublicationDecision(number=number, **fields)
            return
        if not differs(stored, fields):
            self.report.unchanged["decisions"] += 1
            return
        if not self.may("procedures.change_publicationdecision"):
            changed = next(name for name, value in fields.items() if getattr(stored, name) != value)
            errors.add(changed, CHANGE_REFUSED % {"n": number})
            return
        for name, value in fields.items():
            setattr(stored, name, value)
        self.changed_decisions.append(stored)

    def _keep_item(
        self, errors: RowErrors, decision: PublicationDecision, values: dict, stored: PublicationItem | None
    ) -> None:
        line = {name: values[name] for name in ITEM_FIELDS}
        if stored is not None and not differs(stored, line):
            self.report.unchanged["publications"] += 1
            return
        permission = "change" if decision.pk else "add"
        if not self.may(f"procedures.{permission}_publicationdecision"):
            errors.add("kind", CHANGE_REFUSED % {"n": decision.number})
            return
        if stored is None:
            self.new_items.append(PublicationItem(decision=decision, procedure=values["procedure"], **line))
            return
        for name, value in line.items():
            setattr(stored, name, value)
        self.changed_items.append(stored)

    # PAKN
    def check_petitions(self) -> None:
        rows = self.rows.get("PAKN", [])
        if not rows:
            return
        codes = sorted(_codes(rows, "code"))
        found = Petition.objects.select_related("department", "procedure", "dossier")
        stored = {p.code: p for chunk in chunks(codes) for p in self._locked(found.filter(code__in=chunk))}
        procedure_codes = _codes(rows, "procedure")
        self._find_procedures(procedure_codes)
        self.petition_procedures = self._procedures_in_scope(procedure_codes)
        self.petition_dossiers = self._dossiers_after_file(_codes(rows, "dossier"))
        self.zone = timezone.get_current_timezone()
        seen: set[str] = set()
        for row in rows:
            errors = RowErrors(self.report, row)
            code = errors.code("code", petition_code_rule)
            if "code" not in errors.keys and code in seen:
                errors.add("code", _("mã “%(code)s” lặp lại trong trang") % {"code": code})
            seen.add(code)
            old = stored.get(code)
            if old is not None and not self.in_scope(old.department.path):
                errors.add("code", _("PAKN “%(code)s” thuộc đơn vị bạn không quản lý") % {"code": code})
            self._judge_petition(errors, row, code, old)

    def _procedures_in_scope(self, codes: set[str]) -> set[str] | None:
        """The codes of `codes` the user may name (procedure_list, the form's and the API's choices), and
        those the file creates, which the TTHC sheet has judged theirs; None: any."""
        if self.sees_everything or self.user is None:
            return None
        mine = {procedure.code for procedure in self.procedures.values() if procedure.pk is None}
        for chunk in chunks(sorted(codes)):
            mine.update(procedure_list(user=self.user).filter(code__in=chunk).values_list("code", flat=True))
        return mine

    def _dossiers_after_file(self, codes: set[str]) -> dict[str, tuple[Dossier, str | None]]:
        """Each dossier of `codes` as the file leaves it: its procedure's key, for the rule that a petition's
        dossier is of its procedure, and its unit's path (None for one the HoSo sheet writes, which that
        sheet has judged in scope)."""
        unplaced = {columns["code"]: procedure for columns, procedure, *_units in self.unplaced_dossiers}
        in_file = {code: self._procedure_key(procedure) for code, procedure in unplaced.items()}
        in_file.update((c["code"], c["procedure_id"]) for c in self.new_dossiers if c["code"] not in unplaced)
        in_file.update((d.code, self._procedure_key(d.procedure)) for d in self.changed_dossiers)
        found = {
            code: (Dossier(code=code, procedure_id=in_file[code]), None) for code in codes if code in in_file
        }
        rest = Dossier.objects.select_related("department").only("code", "procedure_id", "department__path")
        for chunk in chunks(sorted(codes - set(found))):
            for dossier in rest.filter(code__in=chunk):
                found[dossier.code] = (dossier, dossier.department.path)
        return found

    def _judge_petition(self, errors: RowErrors, row: Row, code: str, old: Petition | None) -> None:
        links = self._petition_links(errors, row, old)
        values = self._petition_values(errors, row, old)
        petition = Petition(code=code, **values)
        model_problems(petition, errors, ("code", *PETITION_VALUES))
        problems = petition_problems(
            received_at=values["received_at"],
            times={name: values[name] for name in LIFECYCLE_TIMES},
            procedure_id=self._procedure_key(links.procedure) if links.procedure else None,
            dossier=links.judged_dossier,
        )
        for name, message in problems.items():
            if name not in errors.keys:
                errors.add(name, message)
        if errors.count:
            return
        unit, procedure = links.department.code.upper(), links.procedure.code if links.procedure else ""
        same = old is not None and (unit, procedure, links.dossier) == stored_links(old)
        if same and not differs(old, values):
            self.report.unchanged["petitions"] += 1
            return
        if not self.may(f"procedures.{'add' if old is None else 'change'}_petition"):
            message = _("bạn không có quyền thêm PAKN") if old is None else _("bạn không có quyền sửa PAKN")
            errors.add("code", message)
            return
        if old is None:
            self.new_petitions.append((petition, links))
            return
        for name, value in values.items():
            setattr(old, name, value)
        self.changed_petitions.append((old, links))

    def _petition_values(self, errors: RowErrors, row: Row, old: Petition | None) -> dict:
        """The category, times and rating; a column the sheet lacks keeps a stored petition's value."""
        values = {
            "category": errors.read("category", wb.choice, wb.PETITION_CATEGORIES, required=True),
            "received_at": self._moment(errors, "received_at", required=True),
        }
        for name in (*LIFECYCLE_TIMES, "rating"):
            if name not in row.values and old is not None:
                values[name] = getattr(old, name)
            elif name == "rating":
                values[name] = errors.read(name, wb.choice, wb.PETITION_RATINGS, blank="")
            else:
                values[name] = self._moment(errors, name)
        return values

    def _moment(self, errors: RowErrors, key: str, *, required: bool = False) -> datetime | None:
        moment = errors.read(key, wb.moment, required=required)
        return aware(moment, self.zone) if moment else None

    def _petition_links(self, errors: RowErrors, row: Row, old: Petition | None) -> Links:
        """The unit, procedure and dossier the row names, each within the user's scope as the form's and
        the API's choices are; a procedure or dossier the row keeps as stored is not judged again, and
        a column the sheet lacks keeps the stored one."""
        unit_code = normalise_code(errors.required("department"))
        unit = self._find_department(unit_code) if unit_code else None
        if unit_code and unit is None:
            errors.add("department", _("không có đơn vị mã “%(code)s”") % {"code": unit_code})
        elif unit is not None and not self.in_scope(unit.path):
            errors.add("department", _("bạn không có quyền với đơn vị “%(code)s”") % {"code": unit_code})
        kept_procedure, kept_dossier = stored_links(old)[1:] if old is not None else ("", "")
        procedure_code = _cell_code(row, "procedure", kept_procedure)
        procedure = self.procedures.get(procedure_code)
        if procedure is None and procedure_code and procedure_code == kept_procedure:
            procedure = old.procedure
        allowed = self.petition_procedures
        if (
            procedure_code
            and procedure_code != kept_procedure
            and (
                procedure_code not in self.procedures
                or (allowed is not None and procedure_code not in allowed)
            )
        ):
            errors.add("procedure", rules.unknown_procedure(procedure_code))
            procedure = None
        dossier_code = _cell_code(row, "dossier", kept_dossier)
        judged, path = self.petition_dossiers.get(dossier_code, (None, None))
        if dossier_code == kept_dossier and dossier_code:
            judged = judged or old.dossier
        elif dossier_code and (judged is None or (path is not None and not self.in_scope(path))):
            message = _("không có hồ sơ mã “%(code)s” trong phạm vi của bạn") % {"code": dossier_code}
            errors.add("dossier", message)
            judged = None
        return Links(unit, procedure, dossier_code, judged)

    # Writing, after the other sheets: what these name is written by then.
    def write_national(self, reason: str, saved_procedures: dict[str, Procedure]) -> None:
        history = {"default_user": self.user, "default_change_reason": reason, "batch_size": BATCH}
        decisions = list(self.new_decisions.values())
        bulk_create_with_history(decisions, PublicationDecision, **history)
        bulk_update_with_history(self.changed_decisions, PublicationDecision, DECISION_FIELDS, **history)
        # Read back by number: bulk_create does not return every backend's keys.
        saved = PublicationDecision.objects.in_bulk([d.number for d in decisions], field_name="number")
        for item in self.new_items:
            item.decision = saved.get(item.decision.number, item.decision)
            item.procedure = saved_procedures.get(item.procedure.code, item.procedure)
        bulk_create_with_history(self.new_items, PublicationItem, **history)
        bulk_update_with_history(self.changed_items, PublicationItem, list(ITEM_FIELDS), **history)
        kept = [*self.new_petitions, *self.changed_petitions]
        codes = sorted({links.dossier for _petition, links in kept} - {""})
        dossiers: dict[str, int] = {}
        for chunk in chunks(codes):
            dossiers.update(Dossier.objects.filter(code__in=chunk).values_list("code", "pk"))
        for petition, links in kept:
            petition.department = self._department(links.department.code)
            procedure = links.procedure
            petition.procedure = procedure and saved_procedures.get(procedure.code, procedure)
            petition.dossier_id = dossiers[links.dossier] if links.dossier else None
        bulk_create_with_history([p for p, _links in self.new_petitions], Petition, **history)
        changed = [p for p, _links in self.changed_petitions]
        bulk_update_with_history(changed, Petition, PETITION_FIELDS, **history)
