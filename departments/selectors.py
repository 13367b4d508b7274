"""Reads of departments, scoped to what a user may see: the one place that decides it."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from departments.models import Department, DepartmentQuerySet


def user_sees_all_departments(user: User) -> bool:
    return user.is_superuser or user.role in (Role.ADMINISTRATOR, Role.LEADER, Role.INSPECTOR)


def department_scope_q(user: User, *, prefix: str = "") -> Q:
    """A filter for any model reaching a department through `prefix` (e.g. "department__"):
    a staff member sees the departments they belong to and everything below them, and the units those
    took over (transitively, with their sub-units), whose records they now report as their own."""
    if user_sees_all_departments(user):
        return Q()
    paths = sorted(_scope_paths(user))
    if not paths:
        return Q(pk__in=[])
    scope = Q()
    for path in paths:
        if not any(path != other and path.startswith(other) for other in paths):
            scope |= Q(**{f"{prefix}path__startswith": path})
    return scope


def _scope_paths(user: User) -> set[str]:
    """The paths of the user's departments and of every unit they took over, in one query: the user's
    departments and every unit that has a successor, with the successor's path. Successions are the
    procedures app's (a floor above); they are reached here through their related name, not imported,
    so that "which units a user sees" keeps its one home."""
    mine = User.departments.through.objects.filter(user_id=user.pk, department_id=OuterRef("pk"))
    rows = (
        Department.objects.annotate(mine=Exists(mine))
        .filter(Q(mine=True) | Q(successions__isnull=False))
        .order_by()
        .values_list("path", "mine", "successions__successor__path")
    )
    paths = {path for path, is_mine, _successor in rows if is_mine}
    taken_over = [(path, successor) for path, _mine, successor in rows if successor]
    grown = True
    while grown:
        grown = False
        for path, successor in taken_over:
            if path not in paths and any(successor.startswith(seen) for seen in paths):
                paths.add(path)
                grown = True
    return paths


def department_list(*, user: User) -> DepartmentQuerySet:
    return Department.objects.filter(department_scope_q(user)).select_related("parent")


def department_get(*, user: User, code: str) -> Department:
    return get_object_or_404(department_list(user=user), code=code)


def top_departments(*, user: User) -> DepartmentQuerySet:
    """The departments a user's rankings and province figures are made of: every top-level department
    for those who see the province, the departments they belong to for staff."""
    if user_sees_all_departments(user):
        return Department.objects.roots()
    return Department.objects.filter(pk__in=user.departments.values("pk"))
