from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The four roles of spec/domain.md; each is also an auth Group of the same name."""

    ADMINISTRATOR = "administrator", _("Quản trị")
    LEADER = "leader", _("Lãnh đạo")
    INSPECTOR = "inspector", _("Cán bộ kiểm tra")
    STAFF = "staff", _("Công chức đơn vị")


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.STAFF)
    departments = models.ManyToManyField(
        "departments.Department",
        verbose_name=_("đơn vị công tác"),
        blank=True,
        related_name="members",
        help_text=_("Công chức đơn vị chỉ thấy và sửa dữ liệu của các đơn vị này và đơn vị cấp dưới."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]
        permissions = [("view_audit_trail", _("Xem lịch sử thay đổi dữ liệu"))]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name (first_name)."""
        return f"{self.last_name} {self.first_name}".strip()
