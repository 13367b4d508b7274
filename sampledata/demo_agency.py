"""What the demo knows of a top-level department: its sub-units, its catalogue of procedures and how its
dossiers tend to go. The catalogue itself is in sampledata.demo_catalogue and the agencies modules."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from departments.models import Department


@dataclass(frozen=True)
class Agency:
    """A top-level department, its sub-units, its catalogue and how its dossiers tend to go."""

    code: str
    name: str
    # By field, the procedures. Entries starting with a capital letter are procedure names; the others name
    # a licence or certificate and stand for the usual family of procedures about it (issue, re-issue,
    # amend, extend): see sampledata.demo_procedures._expand().
    fields: Mapping[str, tuple[str, ...]]
    divisions: tuple[tuple[str, str], ...] = ()
    units: tuple[tuple[str, str], ...] = ()
    kind: str = Department.Kind.AGENCY
    daily: float = 0.1  # expected dossiers per working day
    online: float = 0.15  # share of online receipts in 2019, for procedures offered at level 3 or 4
    online_growth: float = 0.06  # added to that share each year
    late: float = 0.04
    dissatisfied: float = 0.03
    levels: tuple[float, float, float, float] = (0.05, 0.25, 0.45, 0.25)
    # Its place and dates in the province (sampledata.demo_reorganisation): its parent unit's code, the
    # days it began and ended (its sub-units share them), and the catalogue its dossiers are drawn from:
    # its own procedures ("province") or the one shared by every commune or district.
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    level: str = "province"


# Every department's office and inspectorate.
OFFICE = (("VP", "Văn phòng Sở"), ("TTRA", "Thanh tra Sở"))
