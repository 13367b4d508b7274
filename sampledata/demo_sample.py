"""What the demo is drawn from: its seed and first day, and the sample department (spec/domain.md,
"Sample department") with the figures its 2019 inspection reported and what it declared."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final

SEED: Final = 2019
FIRST_DAY: Final = date(2019, 1, 1)

# The sample department and the figures the inspection reported for it (spec/domain.md). Keys are the
# indicator codes of spec/indicators.md, for the department with all its sub-units rolled up.
SAMPLE_DEPARTMENT: Final = "STTTT"
SAMPLE_PERIOD: Final = (date(2019, 1, 1), date(2019, 10, 31))
SAMPLE_FIGURES: Final[Mapping[str, int | float]] = MappingProxyType(
    {
        "procedures_total": 37,
        "procedures_reduced": 34,
        "procedures_level3": 34,
        "procedures_level4": 3,
        "received": 42,
        "carried_over": 0,
        "resolved_early": 20,
        "resolved_on_time": 18,
        "resolved_late": 0,
        "in_progress_within_deadline": 3,
        "in_progress_overdue": 0,
        "withdrawn": 1,
        "refused": 0,
        "rated": 30,
        "satisfied": 30,
        "satisfaction_rate": 100.0,
    }
)

# What the sample department declared at the end of its inspection period (spec/domain.md): 4 of 32 staff
# cut against a 10% target by 2021, divisions 6 → 4, training and e-office at 100%, 4 of 4 digital
# signatures in use, 20.65% of the investment plan disbursed at 31/10/2019.
SAMPLE_DECLARATION: Final = MappingProxyType(
    {
        "measured_on": SAMPLE_PERIOD[1],
        "staff_baseline": 32,
        "staff_reduced": 4,
        "staff_reduction_target_pct": Decimal("10"),
        "staff_reduction_target_year": 2021,
        "divisions_before": 6,
        "divisions_after": 4,
        "training_completion_pct": Decimal("100"),
        "e_office_document_pct": Decimal("100"),
        "e_office_staff_pct": Decimal("100"),
        "digital_signatures_issued": 4,
        "digital_signatures_in_use": 4,
        "investment_planned": Decimal("15000"),
        "investment_disbursed": Decimal("3097.5"),
    }
)
