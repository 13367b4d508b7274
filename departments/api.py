"""Departments over the API: read-only, scoped exactly as the pages are (a staff member sees the
departments they belong to and everything below them; another department is a 404)."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from cchc_portal.api_support import LOOKUP_REGEX, CodeLookupMixin, PortalPagination, error_responses
from departments.models import Department, DepartmentQuerySet
from departments.selectors import department_list
from departments.serializers import DepartmentSerializer


# DRF authenticates API calls itself and answers in JSON, so the login redirect of pages must not apply.
@method_decorator(login_not_required, name="dispatch")
@extend_schema_view(
    list=extend_schema(responses={200: DepartmentSerializer, **error_responses(403, 404)}),
    retrieve=extend_schema(responses={200: DepartmentSerializer, **error_responses(403, 404)}),
)
class DepartmentViewSet(CodeLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Đơn vị trong phạm vi của người dùng; tra theo mã đơn vị."""

    serializer_class = DepartmentSerializer
    pagination_class = PortalPagination
    lookup_field = "code"
    lookup_value_regex = LOOKUP_REGEX

    def get_queryset(self) -> DepartmentQuerySet:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator, which has no user
            return Department.objects.none()
        return department_list(user=self.request.user)
