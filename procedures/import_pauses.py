"""The supplement requests of a HoSo sheet's dossiers: the workbook holds no pause dates, so the import
opens and closes a dossier's pause itself, and judges its DVCQG standing on the requests it will have."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from cchc_portal.bulk import among
from procedures import rules
from procedures.calendar import WorkingCalendar, province_time
from procedures.import_rows import chunks
from procedures.models import Dossier, SupplementRequest


class PauseChecks:
    """Part of the import's DossierChecks, whose state it fills."""

    today: date
    calendar: WorkingCalendar
    pauses_opened: list[SupplementRequest]
    pauses_closed: list[tuple[Dossier, date]]

    @staticmethod
    def _stored_pauses(dossiers: Iterable[Dossier]) -> dict[int, list[SupplementRequest]]:
        """The supplement requests of the stored dossiers a file names, which their DVCQG standing counts."""
        pauses: dict[int, list[SupplementRequest]] = defaultdict(list)
        for chunk in chunks([dossier.pk for dossier in dossiers]):
            for pause in SupplementRequest.objects.filter(dossier_id__in=among(chunk)).order_by("pk"):
                pauses[pause.dossier_id].append(pause)
        return pauses

    def _pauses_after(self, dossier: Dossier, stored: list[SupplementRequest]) -> list[SupplementRequest]:
        """The dossier's supplement requests once the import has opened or closed its pause."""
        if dossier.paused_on is not None:
            return [*stored, self.pauses_opened[-1]]
        ended = self.pauses_closed[-1][1]
        return [
            pause
            if pause.supplied_on
            else SupplementRequest(requested_on=pause.requested_on, supplied_on=ended)
            for pause in stored
        ]

    def _pause_transition(self, dossier: Dossier, *, old_status: str | None) -> bool:
        """The workbook holds no pause dates: a dossier imported as waiting for a supplement is paused
        from the day of the import, and one leaving that status ends its pause then (or on its return).
        True when a pause began or ended."""
        waiting = rules.Status.AWAITING_SUPPLEMENT
        if dossier.status == waiting and old_status != waiting:
            dossier.paused_on = max(self.today, province_time(dossier.received_at).date())
            self.pauses_opened.append(
                SupplementRequest(
                    dossier=dossier, requested_on=dossier.paused_on, reason=_("Ghi nhận qua tệp nhập Excel")
                )
            )
            return True
        if old_status == waiting and dossier.status != waiting:
            ended = province_time(dossier.finished_at).date() if dossier.finished_at else self.today
            dossier.paused_days += self.calendar.working_days_between(
                dossier.paused_on, max(ended, dossier.paused_on)
            )
            self.pauses_closed.append((dossier, max(ended, dossier.paused_on)))
            dossier.paused_on = None
            return True
        return False
