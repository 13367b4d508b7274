"""Publication decisions (quyết định công bố): the province's decisions that add, amend or repeal
procedures, and for each procedure when its legal basis takes effect and when it was made public on the
national database (spec/index766.md, "Data the index needs")."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.dates import validate_in_range
from procedures.models.catalogue import Procedure

PROCEDURE_TWICE_IN_DECISION = _("Thủ tục này đã có trong quyết định công bố.")


class PublicationDecision(models.Model):
    number = models.CharField(
        _("số quyết định"),
        max_length=100,
        unique=True,
        help_text=_("Ví dụ 1234/QĐ-UBND."),
        error_messages={"unique": _("Đã có quyết định công bố số này.")},
    )
    decided_on = models.DateField(_("ngày quyết định"), validators=[validate_in_range])
    note = models.TextField(_("trích yếu, cơ quan ban hành"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định công bố TTHC")
        verbose_name_plural = _("quyết định công bố TTHC")
        ordering = ["-decided_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"


class PublicationItem(models.Model):
    """One procedure of a decision: what the decision does to it and the two dates the index compares."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Thêm mới")
        AMENDED = "amended", _("Sửa đổi, bổ sung")
        REPEALED = "repealed", _("Bãi bỏ")

    decision = models.ForeignKey(
        PublicationDecision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="items"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    basis_effective_on = models.DateField(
        _("ngày văn bản quy định có hiệu lực"), validators=[validate_in_range]
    )
    published_on = models.DateField(
        _("ngày công khai trên CSDL quốc gia"),
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text=_("Để trống nếu chưa công khai."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thủ tục được công bố")
        verbose_name_plural = _("thủ tục được công bố")
        ordering = ["decision", "procedure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "procedure"],
                name="publication_procedure_once_per_decision",
                violation_error_message=PROCEDURE_TWICE_IN_DECISION,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["added", "amended", "repealed"]), name="publication_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.procedure.code} ({self.get_kind_display()})"
