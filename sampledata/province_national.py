"""The generated province's data for the national index (spec/index766.md) besides the dossiers' own facts:
how each unit fares on it, the province's publication decisions, petitions (PAKN) and the units'
declarations of electronic certified copies.

All of it is drawn from a generator of its own (`national`, seeded apart from the province's), so that the
units, procedures and dossiers a seed gave before these facts existed stay as they were.
"""

import random
from dataclasses import astuple, dataclass
from datetime import date, datetime

from departments.models import Department
from procedures.calendar import WorkingCalendar
from procedures.models import Dossier, Petition, Procedure, PublicationDecision, PublicationItem
from procedures.office_hours import OfficeHours
from reporting.models import Declaration
from sampledata.demo_reorganisation import DISTRICTS_END
from sampledata.draws import DigitalShares, office_moment, procedure_fee, working_days

# How often a unit's dossiers carry each fact (DigitalShares' order: electronic result, digitised, reused,
# DVCQG store, VNeID, paid online, exempt from the fee). An agency serving businesses online with VNeID
# accounts, electronic results and fees paid online may scan little of what it receives; one whose permits
# rest on scanned drawings and land records the reverse; most sit between. Communes take paper at the
# counter, with small fees or none.
ONLINE_STRONG = DigitalShares(0.92, 0.2, 0.15, 0.15, 0.9, 0.9, 0.05)
DIGITISATION_STRONG = DigitalShares(0.3, 0.9, 0.65, 0.55, 0.2, 0.1, 0.05)
USUAL = DigitalShares(0.65, 0.55, 0.35, 0.35, 0.6, 0.55, 0.08)
COMMUNE = DigitalShares(0.5, 0.6, 0.35, 0.2, 0.75, 0.3, 0.25)
AGENCY_KINDS = ((ONLINE_STRONG, 0.2), (DIGITISATION_STRONG, 0.2), (USUAL, 0.6))
# Petitions: about one for every 300 dossiers (a few thousand over three years of a million), at least
# enough for a small province to have some in every state.
DOSSIERS_PER_PETITION = 300
FEWEST_PETITIONS = 120
PETITION_DAYS = 15  # working days to settle a petition (indicator 5.2)
JUDICIAL_DEPARTMENT = "Sở Tư pháp"  # sampledata.province_units.AGENCY_NAMES' first


@dataclass(frozen=True)
class UnitProfile:
    """How a top-level unit (and its sub-units) fares on the index."""

    code: str
    shares: DigitalShares
    synced: float  # the part of the province's synced share its dossiers reach
    petitions: float  # how often its dossiers draw a petition, against the province's mean (1)
    petitions_late: float  # of its petitions, settled late


def _jittered(rng: random.Random, shares: DigitalShares) -> DigitalShares:
    return DigitalShares(*(min(0.98, share * rng.uniform(0.7, 1.2)) for share in astuple(shares)))


def unit_profiles(rng: random.Random, departments: dict[str, Department]) -> dict[int, UnitProfile]:
    """Each unit's profile by primary key, a sub-unit's its parent's: agencies of three kinds, communes and
    districts alike, every share varied a little; a few units sync far less than the rest, and petitions
    gather on a few (a log-normal propensity of mean 1)."""
    profiles: dict[int, UnitProfile] = {}
    for department in sorted(departments.values(), key=lambda d: d.code):
        if department.parent_id:
            continue
        if department.kind == Department.Kind.AGENCY:
            kinds, chances = zip(*AGENCY_KINDS, strict=True)
            base = rng.choices(kinds, weights=chances)[0]
        else:
            base = COMMUNE
        profiles[department.pk] = UnitProfile(
            code=department.code,
            shares=_jittered(rng, base),
            synced=rng.uniform(0.5, 0.8) if rng.random() < 0.1 else rng.uniform(0.92, 1.0),
            petitions=rng.lognormvariate(-0.5, 1.0),
            petitions_late=rng.uniform(0.03, 0.3),
        )
    for department in departments.values():
        if department.parent_id:
            profiles[department.pk] = profiles[department.parent_id]
    return profiles


def procedure_fees(rng: random.Random, procedures: list[Procedure]) -> dict[int, int | None]:
    """Each procedure's fee in đồng, None where it charges none."""
    return {
        p.pk: procedure_fee(rng, local=p.level != Procedure.Level.PROVINCE) if p.has_fees else None
        for p in procedures
    }


def petition_rate(count: int) -> float:
    """The chance that a dossier of a unit of mean propensity draws a petition, for `count` dossiers."""
    return max(FEWEST_PETITIONS, count // DOSSIERS_PER_PETITION) / count


def petition_draw(
    rng: random.Random,
    dossier: Dossier,
    profile: UnitProfile,
    *,
    unit_id: int,
    sequence: int,
    calendar: WorkingCalendar,
    hours: OfficeHours,
    now: datetime,
) -> Petition | None:
    """A petition to the unit prompted by one of its dossiers, received within a month of it: about the
    dossier itself two times in five, else about its procedure (regulations) or an official's conduct;
    refused, asked for more, settled on time or late, and rated, as the unit's profile makes likely. None
    if it would be received after now. Its dossier is the one in memory, given a key once written."""
    received_on = calendar.add_working_days(dossier.received_on, rng.randint(0, 20))
    received = office_moment(rng, received_on, hours, earliest=dossier.received_at)
    if received > now:
        return None
    about_dossier, category, roll, late, rated, unhappy = (rng.random() for _ in range(6))
    conduct = category < 0.25
    petition = Petition(
        code=f"PAKN-{profile.code}-{received_on.year}-{sequence:05d}",
        department_id=unit_id,
        category=Petition.Category.CONDUCT if conduct else Petition.Category.REGULATION,
        received_at=received,
    )
    if about_dossier < 0.4:
        petition.dossier, petition.procedure_id = dossier, dossier.procedure_id
    elif not conduct:
        petition.procedure_id = dossier.procedure_id
    is_late = late < profile.petitions_late

    def moment(days: int) -> datetime | None:
        at = office_moment(rng, calendar.add_working_days(received_on, days), hours, earliest=received)
        return at if at <= now else None

    if roll < 0.05:
        petition.refused_at = moment(rng.randint(3, 5) if is_late else rng.randint(0, 2))
        return petition
    asked = 0
    if roll < 0.12:
        asked = rng.randint(6, 9) if is_late else rng.randint(1, 5)
        petition.supplement_requested_at = moment(asked)
    settled = rng.randint(PETITION_DAYS + 1, 40) if is_late else rng.randint(2, PETITION_DAYS)
    petition.finished_at = moment(max(settled, asked + 1))
    if petition.finished_at is not None:
        petition.published_at = petition.finished_at
        if rated < 0.55:
            dissatisfied = unhappy < (0.4 if is_late else 0.1)
            petition.rating = Petition.Rating.DISSATISFIED if dissatisfied else Petition.Rating.SATISFIED
    return petition


def petitions_write(petitions: list[Petition]) -> int:
    """The petitions drawn with the dossiers, once those are written: each finds its dossier by code."""
    codes = [p.dossier.code for p in petitions if p.dossier is not None]
    saved = Dossier.objects.in_bulk(codes, field_name="code")
    for petition in petitions:
        if petition.dossier is not None:
            petition.dossier = saved[petition.dossier.code]
    Petition.objects.bulk_create(petitions, batch_size=2000)
    return len(petitions)


KINDS = (PublicationItem.Kind.ADDED, PublicationItem.Kind.AMENDED, PublicationItem.Kind.REPEALED)


def publications_create(
    rng: random.Random,
    procedures: list[Procedure],
    *,
    calendar: WorkingCalendar,
    first: date,
    last: date,
    today: date,
) -> int:
    """A few dozen publication decisions a year from first to last, each for a few procedures of one
    agency's catalogue or of the communes' (the districts' until they ended): a quarter decided less than
    5 working days before their legal basis takes effect (late, indicator 1.1), a fifth of their
    procedures made public on the national database more than 5 working days after (1.2), a few not yet.
    Returns how many decisions."""
    catalogues: dict[object, list[Procedure]] = {}
    for procedure in procedures:
        catalogues.setdefault(procedure.listed_id or procedure.level, []).append(procedure)
    agencies = sorted(key for key in catalogues if isinstance(key, int))
    days = working_days(calendar, first, last)
    decisions, items = [], []
    for year in range(first.year, last.year + 1):
        in_year = [day for day in days if day.year == year]
        number = 0
        for decided_on in sorted(rng.choice(in_year) for _ in range(rng.randint(24, 40))):
            number += rng.randint(5, 60)
            catalogue = catalogues[_decision_catalogue(rng, agencies, decided_on, catalogues)]
            decision = PublicationDecision(
                number=f"{number}/QĐ-UBND-{year}",
                decided_on=decided_on,
                note=f"Công bố thủ tục hành chính năm {year}",
            )
            decisions.append(decision)
            late_decision = rng.random() < 0.25
            effective = calendar.add_working_days(
                decided_on, rng.randint(0, 4) if late_decision else rng.randint(5, 30)
            )
            for procedure in rng.sample(catalogue, min(len(catalogue), rng.randint(1, 10))):
                roll = rng.random()
                after = rng.randint(6, 25) if roll < 0.2 else rng.randint(0, 5)
                published = calendar.add_working_days(decided_on, after)
                items.append(
                    PublicationItem(
                        decision=decision,
                        procedure=procedure,
                        kind=rng.choices(KINDS, weights=(0.3, 0.55, 0.15))[0],
                        basis_effective_on=effective,
                        published_on=None if roll > 0.97 or published > today else published,
                    )
                )
    PublicationDecision.objects.bulk_create(decisions)
    PublicationItem.objects.bulk_create(items, batch_size=2000)
    return len(decisions)


def _decision_catalogue(
    rng: random.Random, agencies: list[int], day: date, catalogues: dict[object, list[Procedure]]
) -> object:
    """Whose procedures a decision publishes: the communes' a fifth of the time (every commune carries
    them out, so each sees most years' decisions), the districts' one time in twenty while they are in
    being, else an agency's. A small catalogue may lack district-level procedures."""
    roll = rng.random()
    if roll < 0.2 and Procedure.Level.COMMUNE in catalogues:
        return Procedure.Level.COMMUNE
    if 0.2 <= roll < 0.25 and day <= DISTRICTS_END and Procedure.Level.DISTRICT in catalogues:
        return Procedure.Level.DISTRICT
    return rng.choice(agencies)


def certified_copies(rng: random.Random, departments: dict[str, Department]) -> dict[int, str]:
    """What each top-level unit declares of electronic certified copies once the index asks (2025):
    communes and districts certify copies, most offering them electronically, some not, some not having
    declared; of the agencies the judicial department certifies copies at its counter, electronically,
    the others do not, a few not having said so."""
    declared: dict[int, str] = {}
    for department in sorted(departments.values(), key=lambda d: d.code):
        if department.parent_id or department.kind == Department.Kind.SERVICE_CENTRE:
            continue
        roll = rng.random()
        if department.name == JUDICIAL_DEPARTMENT:
            declared[department.pk] = Declaration.CertifiedCopies.OFFERED
        elif department.kind == Department.Kind.AGENCY:
            declared[department.pk] = "" if roll < 0.1 else Declaration.CertifiedCopies.NOT_CERTIFYING
        elif roll < 0.15:
            declared[department.pk] = ""
        else:
            offered = roll >= 0.35
            declared[department.pk] = (
                Declaration.CertifiedCopies.OFFERED if offered else Declaration.CertifiedCopies.NOT_OFFERED
            )
    return declared
