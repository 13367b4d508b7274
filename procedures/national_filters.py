"""The API's filters of publication decisions and petitions (PAKN): codes and YYYY-MM-DD dates, as the
dossiers' API filters take them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from procedures.filters import (
    CodeChoiceFilter,
    CodeFilter,
    IsoDateFilter,
    ReceivedRangeMixin,
    filter_department_tree,
    visible_departments,
)
from procedures.models import Petition, PublicationDecision


class PublicationDecisionFilter(django_filters.FilterSet):
    decided_from = IsoDateFilter(
        label=_("Quyết định từ ngày (YYYY-MM-DD)"), field_name="decided_on", lookup_expr="gte"
    )
    decided_to = IsoDateFilter(
        label=_("Quyết định đến hết ngày (YYYY-MM-DD)"), field_name="decided_on", lookup_expr="lte"
    )
    procedure = CodeFilter(label=_("Mã TTHC có trong quyết định"), method="filter_procedure")

    class Meta:
        model = PublicationDecision
        fields = ["decided_from", "decided_to", "procedure"]

    def filter_procedure(self, queryset, name, value):
        return queryset.filter(items__procedure__code=value).distinct()


class PetitionFilter(ReceivedRangeMixin, django_filters.FilterSet):
    department = CodeChoiceFilter(
        label=_("Mã đơn vị (gồm cả đơn vị cấp dưới)"),
        queryset=visible_departments,
        method=filter_department_tree,
        to_field_name="code",
    )
    procedure = CodeFilter(label=_("Mã TTHC"), field_name="procedure__code")
    category = django_filters.ChoiceFilter(label=_("Phân loại"), choices=Petition.Category.choices)
    received_from = IsoDateFilter(
        label=_("Tiếp nhận từ ngày (YYYY-MM-DD)"), field_name="received_at__date", lookup_expr="gte"
    )
    received_to = IsoDateFilter(
        label=_("Tiếp nhận đến hết ngày (YYYY-MM-DD)"), field_name="received_at__date", lookup_expr="lte"
    )

    class Meta:
        model = Petition
        fields = ["department", "procedure", "category", "received_from", "received_to"]
