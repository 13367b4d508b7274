"""Locking a department's data after an inspection or a report, and unlocking it (recorded)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from departments.models import DataLock, Department


@transaction.atomic
def data_lock(*, user: User, department: Department, locked_until: date, reason: str) -> DataLock:
    if locked_until > timezone.localdate():
        raise ValidationError({"locked_until": _("Chỉ khóa được số liệu đến hôm nay.")})
    return DataLock.objects.create(
        department=department, locked_until=locked_until, reason=reason, locked_by=user
    )


@transaction.atomic
def data_unlock(*, user: User, lock: DataLock, reason: str) -> DataLock:
    lock = DataLock.objects.select_for_update().get(pk=lock.pk)
    if lock.unlocked_at:
        raise ValidationError(_("Khóa này đã được mở."))
    lock.unlocked_by, lock.unlocked_at, lock.unlock_reason = user, timezone.now(), reason
    lock.save()
    return lock
