"""Reads of departments, scoped to what a user may see: the one place that decides it."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from departments.models import Department, DepartmentQuerySet


def user_sees_all_departments(user: User) -> bool:
    return user.is_superuser or user.role in (Role.ADMINISTRATOR, Role.LEADER, Role.INSPECTOR)


def department_scope_q(user: User, *, prefix: str = "") -> Q:
    """A filter for any model reaching a department through `prefix` (e.g. "department__"):
    a staff member sees the departments they belong to and everything below them."""
    if user_sees_all_departments(user):
        return Q()
    paths = [department.path for department in user.departments.all()]
    if not paths:
        return Q(pk__in=[])
    scope = Q()
    for path in paths:
        scope |= Q(**{f"{prefix}path__startswith": path})
    return scope


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
