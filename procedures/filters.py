import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.api_support import StrictIsoDateFormField
from cchc_portal.codes import CodeChoiceField, CodeFormField
from cchc_portal.listing import PortalFilterSet
from departments.models import Department
from departments.selectors import department_list
from procedures.models import Dossier, Field, Procedure
from procedures.querysets import ProcedureQuerySet


def visible_departments(request) -> object:
    return department_list(user=request.user) if request else Department.objects.none()


def filter_department_tree(queryset, name, value):
    """A department filter always includes its sub-units, as every figure in the portal does."""
    return queryset.filter(department__path__startswith=value.path) if value else queryset


def filter_procedures_carried(
    queryset: ProcedureQuerySet, name: str, value: Department | None
) -> ProcedureQuerySet:
    """The procedures carried out in the unit or below it (listed there, or its shared level catalogue)."""
    return queryset.for_department_tree(value) if value else queryset


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A record chosen by its code (?department=STTTT), found whichever way the code was typed."""

    field_class = CodeChoiceField


class CodeFilter(django_filters.CharFilter):
    field_class = CodeFormField


class ReceivedRangeMixin:
    """A received_from after received_to is an error on received_to, not an empty list."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        start, end = (self.form.cleaned_data.get(key) for key in ("received_from", "received_to"))
        if valid and start and end and start > end:
            self.form.add_error("received_to", _("Ngày kết thúc phải từ ngày bắt đầu trở về sau."))
            return False
        return valid


class ProcedureFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo mã hoặc tên"), method="search")
    department = CodeChoiceFilter(
        label=_("Đơn vị"),
        queryset=visible_departments,
        method=filter_procedures_carried,
        to_field_name="code",
        empty_label=_("Tất cả đơn vị"),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        empty_label=_("Tất cả lĩnh vực"),
    )
    online_level = django_filters.ChoiceFilter(
        label=_("Mức độ DVCTT"),
        choices=Procedure.OnlineLevel.choices,
        empty_label=_("Tất cả mức độ"),
    )
    reduced = django_filters.ChoiceFilter(
        label=_("Cắt giảm thời gian"),
        method="filter_reduced",
        empty_label=_("Tất cả"),
        choices=[("yes", _("Đã cắt giảm")), ("no", _("Chưa cắt giảm"))],
    )
    accepts_postal = django_filters.BooleanFilter(
        label=_("Tiếp nhận qua BCCI"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]),
    )

    class Meta:
        model = Procedure
        fields = ["q", "department", "field", "online_level", "reduced", "accepts_postal"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_reduced(self, queryset, name, value):
        return queryset.reduced() if value == "yes" else queryset.not_reduced()


class DossierFilter(ReceivedRangeMixin, PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm hồ sơ"),
        method="search",
        help_text=_("Mã hồ sơ, người nộp, mã hoặc tên thủ tục, đơn vị; gõ có dấu hay không dấu đều được."),
    )
    department = CodeChoiceFilter(
        label=_("Đơn vị"),
        queryset=visible_departments,
        method=filter_department_tree,
        to_field_name="code",
        empty_label=_("Tất cả đơn vị"),
    )
    procedure = CodeFilter(label=_("Mã TTHC"), field_name="procedure__code")
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"),
        field_name="procedure__field",
        queryset=Field.objects.all(),
        empty_label=_("Tất cả lĩnh vực"),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Kênh tiếp nhận"),
        choices=Dossier.Channel.choices,
        empty_label=_("Tất cả kênh"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=Dossier.Status.choices,
        empty_label=_("Tất cả trạng thái"),
    )
    received_from = django_filters.DateFilter(
        label=_("Tiếp nhận từ ngày"),
        field_name="received_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    received_to = django_filters.DateFilter(
        label=_("đến ngày"),
        field_name="received_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    class Meta:
        model = Dossier
        fields = [
            "q",
            "department",
            "procedure",
            "field",
            "channel",
            "status",
            "received_from",
            "received_to",
        ]

    def search(self, queryset, name, value):
        return queryset.search(value)


class IsoDateFilter(django_filters.DateFilter):
    field_class = StrictIsoDateFormField


class DossierApiFilter(ReceivedRangeMixin, django_filters.FilterSet):
    """The dossier list page's filters for the API: codes instead of form widgets, dates as YYYY-MM-DD."""

    q = django_filters.CharFilter(
        label=_("Mã hồ sơ, người nộp, mã hoặc tên thủ tục, đơn vị (có dấu hay không dấu)"), method="search"
    )
    department = CodeChoiceFilter(
        label=_("Mã đơn vị (gồm cả đơn vị cấp dưới)"),
        queryset=visible_departments,
        method=filter_department_tree,
        to_field_name="code",
    )
    procedure = CodeFilter(label=_("Mã TTHC"), field_name="procedure__code")
    channel = django_filters.ChoiceFilter(label=_("Kênh tiếp nhận"), choices=Dossier.Channel.choices)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Dossier.Status.choices)
    received_from = IsoDateFilter(
        label=_("Tiếp nhận từ ngày (YYYY-MM-DD)"), field_name="received_on", lookup_expr="gte"
    )
    received_to = IsoDateFilter(
        label=_("Tiếp nhận đến hết ngày (YYYY-MM-DD)"), field_name="received_on", lookup_expr="lte"
    )

    class Meta:
        model = Dossier
        fields = ["q", "department", "procedure", "channel", "status", "received_from", "received_to"]

    def search(self, queryset, name, value):
        return queryset.search(value)
