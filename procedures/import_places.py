"""Where a HoSo row's dossier belongs: the unit a code names within the user's scope, the one unit carrying
a procedure out on a day where the row names none, and each procedure's time limit, each worked out once
per import (50,000 rows name a few hundred units and procedures)."""

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _

from departments.models import Department
from procedures.models import Procedure
from procedures.office_hours import TimeLimit
from procedures.organisation import CarriedProcedure, Organisation

# The unit a row's code names, within the user's scope, or the message of what is wrong with it.
UnitPlace = tuple[Department | None, str | None]
# How many of the units carrying out a procedure a message names, when one has to be chosen.
NAMED_CARRIERS = 3


class PlaceChecks:
    """Part of the import's DossierChecks, whose state it fills."""

    places: dict[str, UnitPlace]
    sole_carriers: dict[tuple[str, date], tuple[str, str | None]]
    limits: dict[str, TimeLimit]
    organisation: Organisation
    # Provided by the Importer and the catalogue's checks, which know the user and the units.
    in_scope: Callable[[str | None], bool]
    _find_department: Callable[[str], Department | None]
    carried: Callable[[Procedure], CarriedProcedure]

    def _limit(self, procedure: Procedure) -> TimeLimit:
        found = self.limits.get(procedure.code)
        if found is None:
            found = self.limits[procedure.code] = procedure.time_limit
        return found

    def find_place(self, department_code: str) -> UnitPlace:
        """The unit of a code, worked out once for each code: 50,000 rows name a few hundred."""
        department = self._find_department(department_code)
        if department is None:
            return None, _("không có đơn vị mã “%(code)s”") % {"code": department_code}
        if not self.in_scope(department.path):
            return None, _("bạn không có quyền với đơn vị “%(code)s”") % {"code": department_code}
        return department, None

    def _sole_carrier(self, procedure: Procedure, day: date) -> tuple[str, str | None]:
        """The code of the one unit carrying the procedure out on `day`, or why the row must name one."""
        key = (procedure.code, day)
        found = self.sole_carriers.get(key)
        if found is None:
            found = self.sole_carriers[key] = self._find_sole_carrier(procedure, day)
        return found

    def _find_sole_carrier(self, procedure: Procedure, day: date) -> tuple[str, str | None]:
        units = self.organisation.units
        carriers = sorted(
            units[unit_id].code for unit_id in self.organisation.carriers_on(self.carried(procedure), day)
        )
        if len(carriers) == 1:
            return carriers[0], None
        if not carriers:
            message = _("không có đơn vị nào thực hiện thủ tục “%(code)s” vào ngày tiếp nhận %(day)s")
            return "", message % {"code": procedure.code, "day": f"{day:%d/%m/%Y}"}
        named = ", ".join(carriers[:NAMED_CARRIERS]) + (", …" if len(carriers) > NAMED_CARRIERS else "")
        message = _(
            "không được để trống: thủ tục “%(code)s” do %(n)s đơn vị thực hiện vào ngày tiếp nhận "
            "(%(units)s); hãy ghi mã đơn vị giải quyết"
        )
        return "", message % {"code": procedure.code, "n": len(carriers), "units": named}
