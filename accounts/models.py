import hashlib
import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The four roles, the only source of a user's permissions (accounts.permissions)."""

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


class ApiToken(models.Model):
    """A key with which a script or another system calls the API as a user.

    Only the key's first characters (to recognise it) and its SHA-256 digest are stored; the key itself
    is shown once, when it is issued. A plain hash is enough because the key is 256 random bits: neither
    a salt nor a slow hash makes guessing it any harder, and an HMAC keyed with SECRET_KEY would lock
    every client out the day that key is rotated. Revoking keeps the row, with who revoked it and when."""

    # "cchc_" marks the portal's keys, so that one pasted where it should not be is recognised; the
    # 12 characters after it (72 random bits) tell keys apart, and 31 more stay secret.
    MARK = "cchc_"
    PREFIX_LENGTH = 17

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(
        _("tên, mục đích"),
        max_length=100,
        help_text=_("Hệ thống hoặc chương trình nào dùng mã này, để nhận ra nó khi cần thu hồi."),
    )
    prefix = models.CharField(_("đầu mã"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(_("mã băm SHA-256"), max_length=64, editable=False)
    expires_on = models.DateField(
        _("hết hạn sau ngày"), help_text=_("Mã dùng được đến hết ngày này, rồi bị từ chối.")
    )
    created_at = models.DateTimeField(_("thời điểm cấp"), default=timezone.now, editable=False)
    # Empty only for the keys converted from the old plain-text table, whose issuer was not recorded.
    created_by = models.ForeignKey(
        User,
        verbose_name=_("người cấp"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("người thu hồi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="apitoken_revocation_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def set_new_key(self) -> str:
        """Draws a new key for this token and returns it: the only moment it exists in full."""
        key = self.MARK + secrets.token_urlsafe(32)
        self.prefix, self.digest = key[: self.PREFIX_LENGTH], self.digest_of(key)
        return key

    def matches(self, key: str) -> bool:
        return secrets.compare_digest(self.digest, self.digest_of(key))

    def is_expired(self, *, on: date) -> bool:
        return on > self.expires_on

    def state(self, *, on: date) -> str:
        if self.revoked_at is not None:
            return _("Đã thu hồi")
        return _("Hết hạn") if self.is_expired(on=on) else _("Còn hiệu lực")
