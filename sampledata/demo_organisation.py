"""The demo's successions, who carries out each demo procedure, and the rulebook's word on every demo
dossier before it is written: the demo holds nothing the portal's own paths would refuse."""

from collections.abc import Mapping
from datetime import datetime

from departments.models import Department
from procedures import rules
from procedures.models import Dossier, Field, Procedure, Succession
from procedures.organisation import CarriedProcedure, Link, Organisation
from procedures.organisation_rules import succession_problems
from sampledata.demo_procedures import ProcedureSpec
from sampledata.demo_reorganisation import successions


def successions_create(departments: Mapping[str, Department]) -> int:
    """The 2025 successions the database lacks (matched by predecessor and successor); returns how many
    were created."""
    existing = set(Succession.objects.values_list("predecessor__code", "successor__code"))
    field_names = {name for *_, names in successions() for name in names}
    fields = Field.objects.in_bulk(field_names, field_name="name")
    created = 0
    for predecessor, successor, effective_on, names in successions():
        if (predecessor, successor) in existing:
            continue
        succession = Succession.objects.create(
            predecessor=departments[predecessor], successor=departments[successor], effective_on=effective_on
        )
        succession.fields.set([fields[name] for name in names])
        created += 1
    return created


def succession_errors(organisation: Organisation, field_names: Mapping[int, str]) -> list[str]:
    """What the rules of a succession say of each demo succession, judged against the others."""
    errors = []
    for link in organisation.links:
        others = Organisation.of(organisation.units.values(), [o for o in organisation.links if o != link])
        problems = succession_problems(others, link, field_names=field_names)
        errors += [f"{_describe(organisation, link)}: {message}" for message in problems.values()]
    return errors


def _describe(organisation: Organisation, link: Link) -> str:
    units = organisation.units
    return f"{units[link.predecessor_id].code} → {units[link.successor_id].code}"


def carried_procedures(
    specs: list[ProcedureSpec], procedures: Mapping[str, Procedure], departments: Mapping[str, Department]
) -> dict[int, CarriedProcedure]:
    """Each demo procedure, by primary key, as the rules of who carries it out see it."""
    return {
        procedures[spec.code].pk: CarriedProcedure(
            spec.level,
            procedures[spec.code].field_id,
            frozenset({departments[spec.department].pk} if spec.department else ()),
        )
        for spec in specs
    }


def dossier_errors(
    dossiers: list[Dossier],
    *,
    organisation: Organisation,
    carried: Mapping[int, CarriedProcedure],
    now: datetime,
) -> list[str]:
    """The rulebook's refusals of the demo's dossiers, as the import would word them: code and message."""
    errors = []
    for dossier in dossiers:
        problems = rules.dossier_problems(
            received_at=dossier.received_at,
            finished_at=dossier.finished_at,
            status=dossier.status,
            due_on=dossier.due_on,
            now=now,
            paused_on=dossier.paused_on,
            apology_issued_on=dossier.apology_issued_on,
            apology_due_on=dossier.apology_due_on,
            satisfaction=dossier.satisfaction,
            organisation=organisation,
            unit_id=dossier.department_id,
            procedure=carried[dossier.procedure_id],
            receiving_unit_id=dossier.receiving_unit_id,
            national={name: getattr(dossier, name) for name in rules.NATIONAL_FACTS},
        )
        errors += [f"{dossier.code}: {message}" for message in problems.values()]
    return errors
