"""Reads of inspections and recommendations, scoped like everything else: inspectors, leaders and
administrators see all; department staff see those of their departments."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from departments.selectors import department_scope_q
from inspections.models import Inspection, Recommendation


def inspection_list(*, user: User) -> QuerySet:
    return Inspection.objects.filter(department_scope_q(user, prefix="department__")).select_related(
        "department", "lead", "plan"
    )


def inspection_get(*, user: User, pk: int) -> Inspection:
    return get_object_or_404(inspection_list(user=user), pk=pk)


def recommendation_list(*, user: User) -> QuerySet:
    return Recommendation.objects.filter(department_scope_q(user, prefix="responsible__")).select_related(
        "responsible", "inspection__department"
    )


def recommendation_get(*, user: User, pk: int) -> Recommendation:
    return get_object_or_404(
        recommendation_list(user=user).prefetch_related("reports__author", "reports__evidence"), pk=pk
    )


def recommendations_overdue(queryset: QuerySet, *, today: date) -> QuerySet:
    """Past their deadline and not verified closed (Recommendation.is_overdue, for many at once)."""
    return queryset.exclude(status=Recommendation.Status.CLOSED).filter(deadline__lt=today)
