"""Successions: which unit takes over the records and procedures of a unit that ended, field by field.

They live with the catalogue rather than with the units because what passes is named by procedure
field (lĩnh vực); procedures.organisation reads them with the units' dates."""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.dates import validate_in_range
from departments.models import Department
from procedures.models.catalogue import Field
from procedures.organisation import Link, Organisation, Unit


class SuccessionQuerySet(models.QuerySet):
    def organisation(self) -> Organisation:
        """Every unit with its dates and every succession with its fields (two queries), for the rules
        of procedures.organisation."""
        units = [
            Unit(*row)
            for row in Department.objects.order_by().values_list(
                "pk", "code", "name", "path", "kind", "valid_from", "valid_to"
            )
        ]
        links: dict[int, tuple[int, int, date]] = {}
        fields: dict[int, set[int]] = {}
        rows = self.order_by().values_list("pk", "predecessor_id", "successor_id", "effective_on", "fields")
        for pk, predecessor_id, successor_id, effective_on, field_id in rows:
            links[pk] = (predecessor_id, successor_id, effective_on)
            if field_id is not None:
                fields.setdefault(pk, set()).add(field_id)
        return Organisation.of(
            units, [Link(*link, frozenset(fields.get(pk, ()))) for pk, link in links.items()]
        )


class Succession(models.Model):
    """Kế thừa: from `effective_on` (the day after the predecessor's last day) the successor carries out
    the predecessor's procedures of `fields`, and reports its records as its own in the current
    structure. No fields: every field no other succession of the same predecessor names."""

    predecessor = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị cũ"),
        on_delete=models.PROTECT,
        related_name="successions",
    )
    successor = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.PROTECT,
        related_name="inherited",
    )
    effective_on = models.DateField(_("ngày hiệu lực"), validators=[validate_in_range])
    fields = models.ManyToManyField(
        Field,
        verbose_name=_("lĩnh vực"),
        blank=True,
        related_name="successions",
        help_text=_("Để trống: mọi lĩnh vực không giao cho đơn vị kế thừa khác."),
    )

    objects = SuccessionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[fields])

    class Meta:
        verbose_name = _("kế thừa")
        verbose_name_plural = _("kế thừa")
        ordering = ["effective_on", "predecessor"]
        constraints = [
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="succession_not_to_itself"),
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.code} → {self.successor.code} ({self.effective_on:%d/%m/%Y})"
