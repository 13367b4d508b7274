from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[A-Za-z0-9_-]+$"
MOVE_BELOW_ITSELF = _("Đơn vị cấp trên không được là chính đơn vị này hoặc đơn vị cấp dưới của nó.")
code_validator = RegexValidator(CODE_PATTERN, _("Mã đơn vị chỉ gồm chữ cái không dấu, chữ số, '-' và '_'."))


class DepartmentQuerySet(models.QuerySet):
    def subtree_of(self, department: "Department") -> "DepartmentQuerySet":
        """The department and all its descendants, in one query thanks to the stored path."""
        return self.filter(path__startswith=department.path)

    def roots(self) -> "DepartmentQuerySet":
        return self.filter(parent__isnull=True)


class Department(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Sở, ban, ngành")
        DIVISION = "division", _("Phòng chuyên môn")
        UNIT = "unit", _("Đơn vị trực thuộc")
        COMMUNE = "commune", _("UBND xã")

    code = models.CharField(_("mã đơn vị"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices, default=Kind.AGENCY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("/STTTT/STTTT-VP/"): a whole subtree is one indexed prefix filter,
    # which every roll-up of indicators relies on.
    path = models.CharField(_("đường dẫn cây"), max_length=1000, unique=True, editable=False)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=CODE_PATTERN), name="department_code_format"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="department_not_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["agency", "division", "unit", "commune"]),
                name="department_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs) -> None:
        old_path = self._stored_path()
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        if old_path and self.path.startswith(old_path) and self.path != old_path:
            raise ValidationError(MOVE_BELOW_ITSELF)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Moving or renaming a department moves its whole subtree with it.
                Department.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1))
                )

    def get_absolute_url(self) -> str:
        return reverse("departments:detail", kwargs={"code": self.code})

    def clean(self) -> None:
        stored = self._stored_path()
        if self.parent_id and stored and self.parent.path.startswith(stored):
            raise ValidationError({"parent": MOVE_BELOW_ITSELF})

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def ancestor_codes(self) -> list[str]:
        return self.path.strip("/").split("/")[:-1]

    def _stored_path(self) -> str | None:
        if not self.pk:
            return None
        return Department.objects.filter(pk=self.pk).values_list("path", flat=True).first()
