"""The code the portal gives a dossier received without one, as one-stop systems number them:
`<receiving unit's code>-<yymmdd of the receipt>-<4-digit sequence of that unit's day>`, e.g.
STTTT-261130-0001 (the national systems write the unit's electronic identifier where the portal writes
its unit code). A typed or imported code is kept as it is.

Two desks may number the same unit's day at once: the number is the day's highest plus one, and the
dossier's unique code decides; the desk that loses reads the highest again and takes the next one."""

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department
from procedures.models import Dossier

DIGITS = 4
# Enough for every desk of a unit saving in the same instant; each attempt reads the day again.
ATTEMPTS = 5


def code_prefix(*, unit: Department, day: date) -> str:
    return f"{unit.code}-{day:%y%m%d}-"


def next_code(*, unit: Department, day: date) -> str:
    """The unit's next code on `day`: one more than the highest numbered that day, typed ones included."""
    prefix = code_prefix(unit=unit, day=day)
    # The range reads the code's unique index; the pattern leaves out a typed code that only starts alike.
    last = (
        Dossier.objects.filter(
            code__range=(prefix + "0" * DIGITS, prefix + "9" * DIGITS),
            code__regex=rf"^{re.escape(prefix)}[0-9]{{{DIGITS}}}$",
        )
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last[-DIGITS:]) + 1 if last else 1
    if number >= 10**DIGITS:
        raise ValidationError(
            {"code": _("Đơn vị đã được cấp hết số hồ sơ của ngày này; hãy nhập mã hồ sơ.")}, code="exhausted"
        )
    return f"{prefix}{number:0{DIGITS}d}"


def save_numbered(dossier: Dossier, *, unit: Department, save: Callable[[Dossier], Dossier]) -> Dossier:
    """Saves `dossier` (through the rulebook's `save`) under the unit's next code of its day of receipt."""
    day = timezone.localtime(dossier.received_at).date()
    for _attempt in range(ATTEMPTS - 1):
        dossier.code = next_code(unit=unit, day=day)
        try:
            with transaction.atomic():
                return save(dossier)
        except ValidationError as error:
            # Only a code taken meanwhile is worth another number; any other refusal is the caller's.
            if "code" not in getattr(error, "error_dict", {}):
                raise
        except IntegrityError:
            if not Dossier.objects.filter(code=dossier.code).exists():
                raise
    dossier.code = next_code(unit=unit, day=day)
    return save(dossier)
