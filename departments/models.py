from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.codes import CodeRule, normalise_code
from cchc_portal.dates import validate_in_range
from cchc_portal.folding import FoldedTextField, contains_folded

CODE_PATTERN = r"^[A-Za-z0-9_-]+$"
MOVE_BELOW_ITSELF = _("Đơn vị cấp trên không được là chính đơn vị này hoặc đơn vị cấp dưới của nó.")
code_rule = CodeRule(
    label=_("Mã đơn vị"),
    pattern=CODE_PATTERN,
    message=_("Mã đơn vị chỉ gồm chữ cái không dấu, chữ số, '-' và '_'."),
)


ENDS_BEFORE_BEGINNING = _("Ngày kết thúc không được trước ngày bắt đầu.")


class DepartmentQuerySet(models.QuerySet):
    def subtree_of(self, department: "Department") -> "DepartmentQuerySet":
        """The department and all its descendants, in one query thanks to the stored path."""
        return self.filter(path__startswith=department.path)

    def search(self, typed: str) -> "DepartmentQuerySet":
        """Units whose code or name holds what was typed, with or without diacritics."""
        return self.filter(contains_folded("search_text", typed))

    def roots(self) -> "DepartmentQuerySet":
        return self.filter(parent__isnull=True)

    def existing_on(self, day) -> "DepartmentQuerySet":
        """The units in being on `day`."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class Department(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Sở, ban, ngành")
        DIVISION = "division", _("Phòng chuyên môn")
        UNIT = "unit", _("Đơn vị trực thuộc")
        COMMUNE = "commune", _("UBND xã, phường, đặc khu")
        DISTRICT = "district", _("UBND huyện")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")

    code = models.CharField(_("mã đơn vị"), max_length=30, unique=True, validators=[code_rule])
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
    # A unit is never moved to follow a reorganisation: it ends, and successors take over its work
    # (procedures.Succession). Blank bounds: since before any data, and still in being.
    valid_from = models.DateField(_("ngày bắt đầu"), null=True, blank=True, validators=[validate_in_range])
    valid_to = models.DateField(_("ngày kết thúc"), null=True, blank=True, validators=[validate_in_range])
    # Materialised path of codes ("/STTTT/STTTT-VP/"): a whole subtree is one indexed prefix filter,
    # which every roll-up of indicators relies on.
    path = models.CharField(_("đường dẫn cây"), max_length=1000, unique=True, editable=False)
    # What a search compares (cchc_portal.folding): the code and the name as people type them.
    search_text = FoldedTextField(_("mã và tên, không dấu"), of=("code", "name"))

    objects = DepartmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["path", "search_text"])

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=CODE_PATTERN) & ~models.Q(code__contains="\n"),
                name="department_code_format",
            ),
            # SQLite compares prefixes without regard to case: two codes differing only in case would let
            # one department's subtree filter reach the other's records.
            models.UniqueConstraint(
                Upper("code"),
                name="department_code_unique_any_case",
                violation_error_message=_("Đã có đơn vị mang mã này (không phân biệt chữ hoa, chữ thường)."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="department_not_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["agency", "division", "unit", "commune", "district", "service_centre"]
                ),
                name="department_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="department_begins_before_it_ends",
                violation_error_message=ENDS_BEFORE_BEGINNING,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs) -> None:
        old_path = self._stored_path()
        new_path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        if old_path and new_path.startswith(old_path) and new_path != old_path:
            raise ValidationError(MOVE_BELOW_ITSELF)
        with transaction.atomic():
            # Moving or renaming a department moves its whole subtree with it, in one statement after the
            # department's other fields are saved: the dossier summary's trigger on paths
            # (reporting.summary_triggers) then reads the subtree's dossiers once.
            self.path = old_path or new_path
            super().save(*args, **kwargs)
            if self.path != new_path:
                Department.objects.filter(path__startswith=old_path).update(
                    path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
                )
                self.path = new_path

    def get_absolute_url(self) -> str:
        return reverse("dashboards:department", kwargs={"code": self.code})

    def clean_fields(self, exclude=None) -> None:
        # The admin and model forms judge and store the code as every other path does.
        self.code = normalise_code(self.code)
        super().clean_fields(exclude)

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": ENDS_BEFORE_BEGINNING})
        stored = self._stored_path()
        if self.parent_id and stored and self.parent.path.startswith(stored):
            raise ValidationError({"parent": MOVE_BELOW_ITSELF})

    def exists_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def has_ended(self) -> bool:
        return self.valid_to is not None

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


class DataLockQuerySet(models.QuerySet):
    def active(self) -> "DataLockQuerySet":
        return self.filter(unlocked_at__isnull=True)

    def covering(self, department: Department, day) -> "DataLockQuerySet":
        """Active locks that freeze `day`'s records of `department`: its own or an ancestor's."""
        codes = [*department.ancestor_codes, department.code]
        return self.active().filter(department__code__in=codes, locked_until__gte=day)


class DataLock(models.Model):
    """Khóa số liệu: after an inspection or a report, a department's dossiers received up to a date can
    no longer be changed by staff. Unlocking keeps the row, with who unlocked it and when."""

    department = models.ForeignKey(
        Department, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="data_locks"
    )
    locked_until = models.DateField(_("khóa số liệu đến hết ngày"), validators=[validate_in_range])
    reason = models.CharField(_("lý do"), max_length=255)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người khóa"), on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(_("thời điểm khóa"), auto_now_add=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở khóa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unlocked_at = models.DateTimeField(_("thời điểm mở khóa"), null=True, blank=True)
    unlock_reason = models.CharField(_("lý do mở khóa"), max_length=255, blank=True)

    objects = DataLockQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khóa số liệu")
        verbose_name_plural = _("khóa số liệu")
        ordering = ["-locked_at"]
        permissions = [("unlock_datalock", _("Mở khóa số liệu"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unlocked_at__isnull=True, unlocked_by__isnull=True)
                | models.Q(unlocked_at__isnull=False, unlocked_by__isnull=False),
                name="datalock_unlock_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department.code} ≤ {self.locked_until:%d/%m/%Y}"
