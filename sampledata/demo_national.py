"""The demo's data for the national index (spec/index766.md): each procedure's facts, each dossier's, the
province's publication decisions of 2025 and 2026, petitions (PAKN) to a commune and to a department, and
the units' declarations of e-certified copies, so that every indicator has something to show: a
department strong on online service and weak on digitisation (SKHDT) and one the reverse (SXD), communes
at the counter, decisions on time and late, petitions in every state of their lifecycle.

Decisions and petitions are written out here by hand, their dates counted in working days, so that the
tests can work their figures out again; only the procedures they name and the kinds are drawn."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final

from django.utils import timezone

from departments.models import Department
from procedures.calendar import WorkingCalendar
from procedures.dvcqg_stored import dvcqg_standing
from procedures.models import (
    Dossier,
    Petition,
    Procedure,
    PublicationDecision,
    PublicationItem,
    SupplementRequest,
)
from procedures.models.petitions import LIFECYCLE_TIMES, petition_problems
from procedures.office_hours import configured_office_hours
from reporting.models import Declaration
from sampledata.demo_dossiers import DossierBatch
from sampledata.demo_procedures import ProcedureSpec
from sampledata.demo_sample import SEED
from sampledata.draws import DigitalShares, national_draw, procedure_facts, procedure_fee, synced_share

# The share of a unit's procedures with fees that take them online: SKHDT's business registration is
# paid online almost always, SXD's licences almost never.
FEES_INTEGRATED: Final = {"SKHDT": 0.9, "SXD": 0.1}
FEES_INTEGRATED_ELSEWHERE: Final = 0.6


def spec_facts(spec: ProcedureSpec) -> dict[str, bool | None]:
    """A demo procedure's facts, drawn from its own seed: the same whichever procedures exist already."""
    return procedure_facts(
        random.Random(f"{SEED}:facts:{spec.code}"),
        level=spec.level,
        online_level=spec.online_level,
        integrated=FEES_INTEGRATED.get(spec.department or "", FEES_INTEGRATED_ELSEWHERE),
    )


@dataclass(frozen=True)
class DecisionSpec:
    number: str
    decided_on: date  # a working day
    note: str
    catalogue: str  # a department's code, or "commune" for the catalogue every commune carries out
    procedures: int
    # Working days from the decision to the day its legal basis takes effect: under 5 is late (1.1).
    basis_lead: int
    published_late: int  # of its procedures, made public more than 5 working days after it (1.2)
    unpublished: int  # of its procedures, not made public yet


# fmt: off
DECISIONS: Final = (
    # number, decided on, note, catalogue, procedures, basis lead, published late, unpublished
    DecisionSpec("45/QĐ-UBND", date(2025, 1, 15), "Công bố TTHC lĩnh vực đăng ký doanh nghiệp", "SKHDT", 6, 10, 0, 0),
    DecisionSpec("318/QĐ-UBND", date(2025, 3, 20), "Công bố TTHC lĩnh vực đất đai, môi trường", "STNMT", 8, 3, 2, 0),
    DecisionSpec("1020/QĐ-UBND", date(2025, 7, 10), "Công bố TTHC cấp xã sau sắp xếp", "commune", 5, 7, 0, 0),
    DecisionSpec("125/QĐ-UBND", date(2026, 1, 20), "Công bố TTHC lĩnh vực xây dựng", "SXD", 6, 2, 3, 1),
    DecisionSpec("486/QĐ-UBND", date(2026, 4, 8), "Công bố TTHC lĩnh vực y tế", "SYT", 5, 8, 1, 0),
    DecisionSpec("905/QĐ-UBND", date(2026, 8, 14), "Công bố TTHC hộ tịch, chứng thực cấp xã", "commune", 4, 6, 0, 0),
)
# fmt: on
KINDS: Final = (PublicationItem.Kind.ADDED, PublicationItem.Kind.AMENDED, PublicationItem.Kind.REPEALED)


def publications_create(
    specs: list[ProcedureSpec], procedures: Mapping[str, Procedure], *, calendar: WorkingCalendar, today: date
) -> int:
    """The decisions made by today that the database lacks, with their procedures; returns how many. A
    day of publication still to come is left blank, as it would be."""
    existing = set(PublicationDecision.objects.values_list("number", flat=True))
    decisions, items = [], []
    for spec in DECISIONS:
        if spec.number in existing or spec.decided_on > today:
            continue
        rng = random.Random(f"{SEED}:publication:{spec.number}")
        codes = sorted(rng.sample(_catalogue(specs, spec.catalogue, procedures), spec.procedures))
        late = set(rng.sample(codes, spec.published_late + spec.unpublished))
        unpublished = set(sorted(late)[: spec.unpublished])
        decision = PublicationDecision(number=spec.number, decided_on=spec.decided_on, note=spec.note)
        decisions.append(decision)
        effective = calendar.add_working_days(spec.decided_on, spec.basis_lead)
        for code in codes:
            after = rng.randint(8, 20) if code in late else rng.randint(0, 5)
            published = calendar.add_working_days(spec.decided_on, after)
            items.append(
                PublicationItem(
                    decision=decision,
                    procedure=procedures[code],
                    kind=rng.choices(KINDS, weights=(0.3, 0.55, 0.15))[0],
                    basis_effective_on=effective,
                    published_on=None if code in unpublished or published > today else published,
                )
            )
    PublicationDecision.objects.bulk_create(decisions)
    PublicationItem.objects.bulk_create(items)
    return len(decisions)


@dataclass(frozen=True)
class PetitionSpec:
    unit: str
    category: str
    received_on: date
    # in_progress, refused (a working day after receipt), supplement (a request 3 working days after),
    # on_time (finished 9 working days after) or late (19 working days after, past the 15 allowed).
    state: str
    rating: str = ""
    about_dossier: bool = False  # about the unit's latest dossier received before it


REGULATION, CONDUCT = Petition.Category.REGULATION, Petition.Category.CONDUCT
SATISFIED, DISSATISFIED = Petition.Rating.SATISFIED, Petition.Rating.DISSATISFIED
PETITIONS: Final = (
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 1, 12), "on_time", SATISFIED, about_dossier=True),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 2, 9), "on_time", SATISFIED, about_dossier=True),
    PetitionSpec("XA-TANHOA", CONDUCT, date(2026, 3, 3), "late", DISSATISFIED),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 3, 24), "refused"),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 4, 14), "on_time", DISSATISFIED, about_dossier=True),
    PetitionSpec("XA-TANHOA", CONDUCT, date(2026, 5, 6), "on_time", SATISFIED),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 6, 2), "late"),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 7, 7), "supplement"),
    PetitionSpec("XA-TANHOA", CONDUCT, date(2026, 8, 18), "refused"),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 9, 15), "on_time"),
    PetitionSpec("XA-TANHOA", REGULATION, date(2026, 10, 20), "late", DISSATISFIED),
    PetitionSpec("XA-TANHOA", CONDUCT, date(2026, 11, 23), "in_progress"),
    PetitionSpec("SXD", REGULATION, date(2026, 2, 24), "on_time", SATISFIED),
    PetitionSpec("SXD", CONDUCT, date(2026, 6, 16), "late", DISSATISFIED),
    PetitionSpec("SXD", REGULATION, date(2026, 11, 17), "in_progress"),
)
STATE_TIMES: Final = {
    "refused": ("refused_at", 1),
    "supplement": ("supplement_requested_at", 3),
    "on_time": ("finished_at", 9),
    "late": ("finished_at", 19),
}


def petitions_create(
    specs: list[ProcedureSpec],
    procedures: Mapping[str, Procedure],
    departments: Mapping[str, Department],
    *,
    calendar: WorkingCalendar,
    now: datetime,
) -> int:
    """The petitions received by now that the database lacks; returns how many. A time still to come is
    left blank, so the petition is where it would stand today. Each is judged by the model's own rule
    first: a demo the portal would refuse is a bug, raised as such."""
    existing = set(Petition.objects.values_list("code", flat=True))
    petitions = []
    for number, spec in enumerate(PETITIONS, start=1):
        code = f"PAKN.{spec.unit}.{spec.received_on.year}.{number:02d}"
        received = timezone.make_aware(datetime.combine(spec.received_on, time(9, 30)))
        if code in existing or received > now:
            continue
        petition = Petition(
            code=code,
            department=departments[spec.unit],
            category=spec.category,
            received_at=received,
            rating=spec.rating,
        )
        kind = departments[spec.unit].kind
        catalogue = _catalogue(specs, "commune" if kind == Department.Kind.COMMUNE else spec.unit, procedures)
        _petition_subject(petition, spec, catalogue, procedures, random.Random(f"{SEED}:petition:{code}"))
        if spec.state in STATE_TIMES:
            name, days = STATE_TIMES[spec.state]
            moment = timezone.make_aware(
                datetime.combine(calendar.add_working_days(spec.received_on, days), time(15))
            )
            if moment <= now:
                setattr(petition, name, moment)
                if name == "finished_at":
                    petition.published_at = moment
        problems = petition_problems(
            received_at=petition.received_at,
            times={name: getattr(petition, name) for name in LIFECYCLE_TIMES},
            procedure_id=petition.procedure_id,
            dossier=petition.dossier,
        )
        if problems:
            raise ValueError(f"Demo petition {code} breaks the rulebook: {problems}")
        petitions.append(petition)
    Petition.objects.bulk_create(petitions)
    return len(petitions)


def _petition_subject(
    petition: Petition,
    spec: PetitionSpec,
    catalogue: list[str],
    procedures: Mapping[str, Procedure],
    rng: random.Random,
) -> None:
    """What a petition is about: the unit's dossier received before it, a procedure the unit carries out
    (drawn) for one about regulations, nothing in particular for one about an official's conduct."""
    if spec.about_dossier:
        dossier = (
            Dossier.objects.filter(department=petition.department, received_at__lt=petition.received_at)
            .order_by("-received_at", "-code")
            .first()
        )
        if dossier is not None:
            petition.dossier, petition.procedure_id = dossier, dossier.procedure_id
            return
    if spec.category == REGULATION:
        petition.procedure = procedures[rng.choice(catalogue)]


def _catalogue(specs: list[ProcedureSpec], key: str, procedures: Mapping[str, Procedure]) -> list[str]:
    """The codes of a department's procedures, or of a level's shared catalogue ("commune")."""
    return sorted(s.code for s in specs if key in (s.department, s.level) and s.code in procedures)


def certified_copies(code: str, kind: str, measured_on: date) -> str:
    """What a unit declares of e-certified copies, from 2025 when the index asks: the communes certify
    copies and offer them electronically, but Phước Thạnh does not yet; of the departments only the
    judicial department (STP) certifies copies, at its counter in the service centre, electronically from
    2026; the other units do not certify."""
    if measured_on.year < 2025:
        return ""
    if code == "STP":
        if measured_on.year < 2026:
            return Declaration.CertifiedCopies.NOT_OFFERED
        return Declaration.CertifiedCopies.OFFERED
    if kind != Department.Kind.COMMUNE:
        return Declaration.CertifiedCopies.NOT_CERTIFYING
    if code == "XA-PHUOCTHANH":
        return Declaration.CertifiedCopies.NOT_OFFERED
    return Declaration.CertifiedCopies.OFFERED


# How often a unit's dossiers carry each fact from 2025, when the index is in force (DigitalShares' order:
# electronic result, digitised, reused, DVCQG store, VNeID, paid online, exempt from the fee). SKHDT serves
# businesses online, with VNeID accounts, electronic results and fees paid online, but scans little of
# what it receives; SXD the reverse: applicants come to the counter with paper, yet its permits are built
# on scanned drawings and the land records it reuses. Communes take paper at the counter, with small fees
# or none.
DIGITAL_SHARES: Final = {
    "SKHDT": DigitalShares(0.92, 0.2, 0.15, 0.15, 0.9, 0.9, 0.05),
    "SXD": DigitalShares(0.3, 0.9, 0.65, 0.55, 0.2, 0.1, 0.05),
}
COMMUNE_SHARES: Final = DigitalShares(0.5, 0.6, 0.35, 0.2, 0.75, 0.3, 0.25)
USUAL_SHARES: Final = DigitalShares(0.65, 0.55, 0.35, 0.35, 0.6, 0.55, 0.08)
# From 2026 the one-stop system sends a due time (NgayHenTra) for some dossiers: a time of the due day.
TIMED_DUE_FROM: Final = date(2026, 1, 1)
TIMED_DUE_SHARE: Final = 0.08
DUE_CLOCKS: Final = (time(9), time(10, 30), time(11), time(14), time(15, 30), time(16))


def dossier_facts_draw(batch: DossierBatch, *, calendar: WorkingCalendar, now: datetime) -> None:
    """The national facts of the demo's dossiers (sampledata.draws.national_draw), each drawn from the
    dossier's own seed, and a due time sent by the one-stop system for some. Each dossier's DVCQG standing
    is derived last, and it is judged by the rulebook: a demo the portal would refuse is a bug, raised as
    such."""
    hours, today = configured_office_hours(), timezone.localdate(now)
    pauses: dict[str, list[SupplementRequest]] = {}
    for pause in batch.supplements:
        pauses.setdefault(pause.dossier.code, []).append(pause)
    fees: dict[int, int | None] = {}
    for dossier in batch.dossiers:
        rng = random.Random(f"{SEED}:national:{dossier.code}")
        procedure = dossier.procedure
        if procedure.pk not in fees:
            fee_rng = random.Random(f"{SEED}:fee:{procedure.code}")
            local = procedure.level != Procedure.Level.PROVINCE
            fees[procedure.pk] = procedure_fee(fee_rng, local=local) if procedure.has_fees else None
        own = pauses.setdefault(dossier.code, [])
        national_draw(
            rng,
            dossier,
            own,
            shares=_shares(dossier.department),
            synced=synced_share(dossier.received_on.year),
            fee=fees[procedure.pk],
            fees_integrated=procedure.fees_integrated,
            first_day=dossier.status == Dossier.Status.IN_PROGRESS
            and calendar.working_days_between(dossier.received_on, today) <= 1,
            calendar=calendar,
            hours=hours,
            now=now,
        )
        # A limit in hours or a half day gave the dossier its due time already.
        dossier.due_at = dossier.due_at or _due_time(rng, dossier)
        # Last, from every fact the rule reads: the bulk writer stores the standing it is given.
        dossier.store_standing(dvcqg_standing(dossier, own, calendar))
    batch.supplements = [pause for own in pauses.values() for pause in own]


def _shares(department: Department) -> DigitalShares:
    if department.kind == Department.Kind.COMMUNE:
        return COMMUNE_SHARES
    # A sub-unit's dossiers go as its department's: the first code of its path ("/SKHDT/SKHDT-VP/").
    return DIGITAL_SHARES.get(department.path.split("/")[1], USUAL_SHARES)


def _due_time(rng: random.Random, dossier: Dossier) -> datetime | None:
    """NgayHenTra as the one-stop system sends it for some dossiers: a time of the due day."""
    if dossier.received_on < TIMED_DUE_FROM or rng.random() >= TIMED_DUE_SHARE:
        return None
    zone = timezone.get_default_timezone()
    due_at = datetime.combine(dossier.due_on, rng.choice(DUE_CLOCKS), tzinfo=zone)
    return due_at if due_at >= dossier.received_at else None
