from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.forms import DateField
from reporting.forms import DeclarationAdminForm, PeriodicReportAdminForm
from reporting.index766_table import CODES
from reporting.models import Declaration, IndexSetting, PeriodicReport
from reporting.services import declared_delete, declared_is_locked


class DeclaredAdmin(SimpleHistoryAdmin):
    """A declared record that a data lock covers is frozen for everyone, administrators included, until
    the lock is lifted on the department page, as dossiers are; the form refuses to move a record into a
    locked period. Refusing the delete permission per record also stops the bulk delete action."""

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and declared_is_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and declared_is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        declared_delete(record=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for record in queryset:
            declared_delete(record=record)


@admin.register(Declaration)
class DeclarationAdmin(DeclaredAdmin):
    form = DeclarationAdminForm
    list_display = [
        "department",
        "measured_on",
        "staff_baseline",
        "staff_reduced",
        "training_completion_pct",
        "investment_planned",
        "investment_disbursed",
    ]
    list_filter = ["department", "e_certified_copies"]
    search_fields = ["department__code", "department__name"]
    date_hierarchy = "measured_on"
    autocomplete_fields = ["department"]
    list_select_related = ["department"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(DeclaredAdmin):
    form = PeriodicReportAdminForm
    list_display = ["name", "department", "deadline_on", "submitted_on"]
    list_filter = ["department"]
    search_fields = ["name", "department__code", "department__name"]
    date_hierarchy = "deadline_on"
    autocomplete_fields = ["department"]
    list_select_related = ["department"]


class IndexSettingAdminForm(forms.ModelForm):
    class Meta:
        model = IndexSetting
        fields = ["code", "valid_from", "max_points", "threshold", "note"]
        field_classes = {"valid_from": DateField}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code not in CODES:
            raise forms.ValidationError(
                _("“%(code)s” không phải mã chỉ số của Bộ chỉ số 766 (các mã: %(codes)s)."),
                params={"code": code, "codes": ", ".join(CODES)},
            )
        return code


@admin.register(IndexSetting)
class IndexSettingAdmin(SimpleHistoryAdmin):
    form = IndexSettingAdminForm
    list_display = ["code", "valid_from", "max_points", "threshold"]
    list_filter = ["code"]
    search_fields = ["code", "note"]
    date_hierarchy = "valid_from"
