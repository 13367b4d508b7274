from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters import FilterSet

PAGE_SIZE = 50


class PortalFilterSet(FilterSet):
    """Filter forms styled like every other form of the portal."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = getattr(field.widget, "input_type", None) == "select"
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


def filter_and_paginate(
    request: HttpRequest, filterset_class: type[FilterSet], queryset: QuerySet, *, per_page: int = PAGE_SIZE
) -> tuple[FilterSet, Page]:
    """Apply a list page's filters and cut out the requested page.

    Invalid filter input shows its error next to the field and an empty list, rather than silently
    listing everything as if the filter had not been typed."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return filterset, page


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for pagination links that keep them."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
