"""A dossier's supplement requests: the applicant is asked for more, and the clock stops until it comes."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.dates import validate_in_range
from procedures.models.dossiers import Dossier


class SupplementRequest(models.Model):
    """A request to the applicant to supplement the dossier; the clock stops while it is open."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="supplements"
    )
    requested_on = models.DateField(_("ngày yêu cầu bổ sung"), validators=[validate_in_range])
    supplied_on = models.DateField(
        _("ngày nhận đủ hồ sơ bổ sung"), null=True, blank=True, validators=[validate_in_range]
    )
    # The moments, where they are known (the one-stop system's DanhSachHoSoBoSung); the days above are
    # theirs on the province's clock. Without them a pause runs from the opening of office on one day to
    # the opening on the other.
    requested_at = models.DateTimeField(
        _("thời điểm yêu cầu bổ sung"), null=True, blank=True, validators=[validate_in_range]
    )
    supplied_at = models.DateTimeField(
        _("thời điểm nhận đủ hồ sơ bổ sung"), null=True, blank=True, validators=[validate_in_range]
    )
    reason = models.TextField(_("nội dung yêu cầu bổ sung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yêu cầu bổ sung hồ sơ")
        verbose_name_plural = _("yêu cầu bổ sung hồ sơ")
        ordering = ["requested_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(supplied_on__isnull=True) | Q(supplied_on__gte=F("requested_on")),
                name="supplement_supplied_not_before_request",
            ),
            models.CheckConstraint(
                condition=Q(supplied_at__isnull=True)
                | Q(requested_at__isnull=True)
                | Q(supplied_at__gte=F("requested_at")),
                name="supplement_supplied_at_not_before_request",
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(supplied_on__isnull=True),
                name="supplement_one_open_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.requested_on:%d/%m/%Y}"
