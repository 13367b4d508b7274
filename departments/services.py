"""Locking a department's data after an inspection or a report, and unlocking it (recorded).

The lock itself is enforced by database triggers (reporting/migrations/0007_data_lock_triggers.py) on every table it covers,
whoever writes; ensure_unlocked() is asked first by every writer that can say in Vietnamese which lock
refuses the write, so that a user reads why rather than meets the database's refusal."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from departments.models import DataLock, Department


def lock_refusal(lock: DataLock) -> str:
    """Why a write into a locked period is refused: the one message every path gives."""
    return _(
        "Số liệu của %(department)s đã được khóa đến hết ngày %(day)s (%(reason)s); hãy đề nghị quản trị mở khóa."
    ) % {
        "department": lock.department.name,
        "day": f"{lock.locked_until:%d/%m/%Y}",
        "reason": lock.reason,
    }


def ensure_unlocked(*, department: Department, day: date) -> None:
    lock = DataLock.objects.covering(department, day).order_by("-locked_until").first()
    if lock:
        raise ValidationError(lock_refusal(lock))


class LockIndex:
    """The active locks read once, for a path that writes many records: it answers as ensure_unlocked does
    (the covering lock that reaches furthest) from a department's path, without a query per record."""

    def __init__(self, locks: list[DataLock]) -> None:
        self.locks = locks
        self._furthest: dict[str, DataLock | None] = {}

    def refusal(self, *, department_path: str, day: date) -> str | None:
        if department_path not in self._furthest:
            covering = [lock for lock in self.locks if department_path.startswith(lock.department.path)]
            self._furthest[department_path] = max(covering, key=lambda lock: lock.locked_until, default=None)
        lock = self._furthest[department_path]
        return lock_refusal(lock) if lock is not None and lock.locked_until >= day else None


def lock_index() -> LockIndex:
    return LockIndex(list(DataLock.objects.active().select_related("department")))


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
