"""Import of dossiers in the national synchronisation layout (spec/index766.md): the file provincial
one-stop systems already send to DVCQG, checked whole and written in one transaction, or not at all.

procedures.dvc_layout reads the file into records; procedures.import_dvc_records judges each one against
the portal as the workbook import judges a HoSo row (the rulebook, the unit and its scope, data locks);
this module loads what they are judged against, once for the whole file, and writes through the one bulk
writer. A record matches the stored dossier of its code: a new code creates, a known one updates (its
supplement requests replaced by the file's list), an identical one changes nothing."""

from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cchc_portal.bulk import among
from cchc_portal.untrusted_files import FileRefused, read_json
from departments.services import lock_index
from procedures import rules
from procedures.calendar import configured_cutoff_hour
from procedures.dvc_layout import dvc_records, dvc_values, given_codes
from procedures.import_dvc_records import DvcImportReport, RecordChecks, StoredRequest
from procedures.import_rows import chunks
from procedures.imports import Importer
from procedures.models import Dossier, Procedure, SupplementRequest
from procedures.office_hours import configured_office_hours
from procedures.organisation import CarriedProcedure
from procedures.selectors import load_calendar, load_organisation
from procedures.workbook import Progress, without_cycle_collection
from procedures.writer import NewDossiers, dossiers_update, pauses_drop, pauses_open

# The suffixes of an upload in the national layout, which its stored copy keeps; any other is a workbook.
DVC_SUFFIXES = (".json", ".jsonl")

# How far into a file its first value may start: a JSON array begins with "[", JSON Lines with "{".
SNIFFED_BYTES = 4096


def import_dvc(
    source: str | Path | IO[bytes],
    *,
    user: User | None,
    dry_run: bool,
    synced: bool,
    filename: str = "",
    progress: Progress | None = None,
) -> DvcImportReport:
    """Check a file in the national layout (a JSON array or JSON Lines) and, unless it is a dry run or has
    any error, write it in one transaction. `synced`: the file is the one the one-stop system sent to DVCQG.
    Raises FileRefused for a file that cannot be read as JSON or is not a list of dossiers."""
    step = progress or (lambda percent, stage: None)
    report = DvcImportReport(dry_run=dry_run)
    step(5, _("Đang đọc tệp"))
    name = filename or (Path(source).name if isinstance(source, str | Path) else "")
    reason = (
        _("Nhập từ tệp đồng bộ DVCQG %(name)s") % {"name": name} if name else _("Nhập từ tệp đồng bộ DVCQG")
    )
    # Checks and writes share one transaction, in which the dossiers to update are locked, as in the
    # workbook import: nobody changes a record between its check and its write. The file's values and
    # records are plain data, parsed and judged without the cycle collector's passes over them.
    with transaction.atomic(), without_cycle_collection():
        # What the records are judged against is loaded while the child judges the file (read_json's
        # `read`), on the other core: 0.25 s of an import of 50,000 records that the file no longer waits.
        dvc_import = read_json(
            source,
            lines=_json_lines(source),
            read=lambda values: DvcImport(_values(values), report, user, synced=synced),
        )
        report.rows = len(dvc_import.values)
        stage = _("Đang kiểm tra %(n)s hồ sơ") if dry_run else _("Đang kiểm tra và ghi %(n)s hồ sơ")
        step(40, stage % {"n": report.rows})
        dvc_import.check()
        if not report.ok:
            # With what was copied while the file was judged (procedures.writer.NewDossiers).
            transaction.set_rollback(True)
        elif not dry_run:
            dvc_import.write(reason)
    return report


def _values(values: object) -> list:
    if isinstance(values, list) and len(values) > settings.IMPORT_MAX_ROWS:
        # The workbook's limit on rows: a file of tiny records would otherwise hold millions of them.
        raise FileRefused(_("Tệp vượt quá giới hạn %(n)s hồ sơ.") % {"n": settings.IMPORT_MAX_ROWS})
    return dvc_values(values)


def _json_lines(source: str | Path | IO[bytes]) -> bool:
    """Whether a file is JSON Lines: whatever its name, a JSON array starts with "[" (after a byte order
    mark and blanks), a line of JSON Lines with the dossier's "{"."""
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            head = handle.read(SNIFFED_BYTES)
    else:
        position = source.tell()
        head = source.read(SNIFFED_BYTES)
        source.seek(position)
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return bool(head) and not head.startswith(b"[")


class DvcImport(RecordChecks):
    """One file's records judged against the portal as it is, and what they write."""

    def __init__(self, values: list, report: DvcImportReport, user: User | None, *, synced: bool) -> None:
        self.values, self.report, self.synced = values, report, synced
        self.user, self.now = user, timezone.now()
        # The workbook import's view of the units and of the user's scope (units succeeded included),
        # so that a unit is found, and refused, with the same words on both paths.
        self.units = Importer({}, report, user)
        self.units.organisation = self.organisation = load_organisation()
        self.units.widen_scope_to_predecessors()
        self.new_dossiers = NewDossiers(streamed=False)
        self.changed_dossiers: list[Dossier] = []
        self.requests: list[SupplementRequest] = []
        self.replaced: list[int] = []
        self.procedures, self.carried = _procedures(given_codes(values, "MaTTHC"))
        # Each procedure's limit, built once: 50,000 records name a few hundred procedures.
        self.limits = {code: procedure.time_limit for code, procedure in self.procedures.items()}
        self.existing = self._existing(given_codes(values, "MaHoSo"))
        self.stored_requests = _stored_requests([dossier.pk for dossier in self.existing.values()])
        self.locks = lock_index()
        self.calendar = load_calendar()
        self.cutoff = configured_cutoff_hour()
        self.hours = configured_office_hours()

    def check(self) -> None:
        """Each record read, judged and, where the file is sound so far, copied at once: the database
        stores the first ones while the rest are read (50,000 records: the reading, 1.0 s, no longer
        waits before the copy starts)."""
        self.new_dossiers = NewDossiers(streamed=not self.report.dry_run and self.report.ok)
        try:
            for record in dvc_records(self.values, self.report.errors):
                self.judge(record)
        finally:
            self.new_dossiers.finish()
        self.report.created["dossiers"] = len(self.new_dossiers)
        self.report.updated["dossiers"] = len(self.changed_dossiers)

    def _existing(self, codes: set[str]) -> dict[str, Dossier]:
        """The stored dossiers of the file's codes, locked until the write unless it is a dry run."""
        found = Dossier.objects.select_related("department", "procedure", "receiving_unit")
        if not self.report.dry_run:
            found = found.select_for_update(of=("self",))
        existing: dict[str, Dossier] = {}
        for chunk in chunks(sorted(codes)):
            existing.update((dossier.code, dossier) for dossier in found.filter(code__in=among(chunk)))
        return existing

    def write(self, reason: str) -> None:
        pauses_drop(self.replaced)
        self.new_dossiers.write(user=self.user, reason=reason)
        dossiers_update(self.changed_dossiers, user=self.user, reason=reason, facts=rules.NATIONAL_FACTS)
        pauses_open(self.requests)


def _procedures(codes: set[str]) -> tuple[dict[str, Procedure], dict[str, CarriedProcedure]]:
    """The procedures of the file's codes, each as the rules of who carries it out see it (its listed
    units read with it, not one query each)."""
    procedures: dict[str, Procedure] = {}
    carried: dict[str, CarriedProcedure] = {}
    through = Procedure.units.through.objects
    for chunk in chunks(sorted(codes - {""})):
        found = {procedure.pk: procedure for procedure in Procedure.objects.filter(code__in=among(chunk))}
        if not found:
            continue
        listed: dict[int, set[int]] = {pk: set() for pk in found}
        for procedure_id, unit_id in through.filter(procedure_id__in=among(list(found))).values_list(
            "procedure_id", "department_id"
        ):
            listed[procedure_id].add(unit_id)
        for pk, procedure in found.items():
            procedures[procedure.code] = procedure
            carried[procedure.code] = procedure.carried(listed[pk])
    return procedures, carried


def _stored_requests(pks: list[int]) -> dict[int, list[StoredRequest]]:
    """The moments of the stored dossiers' supplement requests, in the order they were asked for."""
    stored: dict[int, list[StoredRequest]] = {}
    for chunk in chunks(pks):
        rows = (
            SupplementRequest.objects.filter(dossier_id__in=among(chunk))
            .order_by("dossier_id", "requested_on", "requested_at", "pk")
            .values_list("dossier_id", "requested_at", "supplied_at")
        )
        for dossier_id, requested_at, supplied_at in rows:
            stored.setdefault(dossier_id, []).append(StoredRequest(requested_at, supplied_at))
    return stored
