from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from departments.models import DataLock
from departments.services import ensure_unlocked
from procedures import services
from procedures.calendar import province_time
from procedures.forms import ProcedureModelForm
from procedures.models import (
    CalendarDay,
    Dossier,
    Field,
    Petition,
    Procedure,
    PublicationDecision,
    PublicationItem,
    Succession,
    SupplementRequest,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    date_hierarchy = "day"


@admin.register(Field)
class FieldAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class ReducedFilter(admin.SimpleListFilter):
    title = _("cắt giảm thời gian")
    parameter_name = "reduced"

    def lookups(self, request, model_admin):
        return [("yes", _("Đã cắt giảm")), ("no", _("Chưa cắt giảm"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.reduced()
        if self.value() == "no":
            return queryset.not_reduced()
        return queryset


@admin.register(Procedure)
class ProcedureAdmin(SimpleHistoryAdmin):
    form = ProcedureModelForm
    list_display = [
        "code",
        "name",
        "field",
        "level",
        "statutory_limit",
        "reduced_limit",
        "online_level",
        "accepts_postal",
    ]
    list_filter = [
        ReducedFilter,
        "level",
        "online_level",
        "accepts_postal",
        "has_fees",
        "fully_online_eligible",
        "published_complete",
        "field",
        "units",
    ]
    search_fields = ["code", "name"]
    autocomplete_fields = ["field", "units"]
    list_select_related = ["field"]

    @admin.display(description=_("thời hạn quy định"), ordering="statutory_days")
    def statutory_limit(self, procedure: Procedure) -> str:
        return str(procedure.statutory_limit)

    @admin.display(description=_("thời hạn cắt giảm"), ordering="reduced_days")
    def reduced_limit(self, procedure: Procedure) -> str:
        return str(procedure.reduced_limit or "–")


class DossierAdminForm(forms.ModelForm):
    """The admin's dossier form (the admin supplies the model and fields)."""

    def clean(self) -> dict:
        data = super().clean()
        department, received_at = data.get("department"), data.get("received_at")
        if department and received_at:
            try:
                ensure_unlocked(department=department, day=province_time(received_at).date())
            except ValidationError as error:
                self.add_error("received_at", error)
        return data


class SupplementRequestInline(admin.TabularInline):
    """Read-only here: opening and closing a pause moves the dossier's deadline, which only the
    dossier services do."""

    model = SupplementRequest
    extra = 0
    can_delete = False
    readonly_fields = ["requested_on", "requested_at", "supplied_on", "supplied_at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "procedure",
        "department",
        "channel",
        "received_at",
        "due_on",
        "finished_at",
        "status",
    ]
    list_filter = ["status", "channel", "satisfaction", "national_status", "synced_to_dvcqg", "department"]
    search_fields = ["code", "applicant", "procedure__code", "procedure__name"]
    autocomplete_fields = ["procedure", "department"]
    list_select_related = ["procedure", "department"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "received_on",
        "finished_on",
        "computed_due_on",
        "effective_due_on",
        "paused_on",
        "paused_days",
    ]
    inlines = [SupplementRequestInline]

    form = DossierAdminForm

    # A locked dossier is frozen for everyone, administrators included, until the lock is lifted
    # (recorded) on the department page: it can be neither changed nor deleted here, and the form refuses
    # to add one to a locked period or move one into it. The database triggers refuse it anyway; these
    # say so before the user submits. Refusing delete per record also keeps it out of the bulk action.
    def has_change_permission(self, request, obj=None):
        if obj is not None and _locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _locked(obj):
            return False
        return super().has_delete_permission(request, obj)


def _locked(dossier: Dossier) -> bool:
    return DataLock.objects.covering(dossier.department, dossier.received_on).exists()


class SuccessionAdminForm(forms.ModelForm):
    class Meta:
        model = Succession
        fields = ["predecessor", "successor", "effective_on", "fields"]

    def clean(self) -> dict:
        data = super().clean()
        if all(data.get(name) for name in ("predecessor", "successor", "effective_on")):
            problems = services.succession_check(
                predecessor=data["predecessor"],
                successor=data["successor"],
                effective_on=data["effective_on"],
                fields=data.get("fields") or (),
                succession=self.instance if self.instance.pk else None,
            )
            for name, message in problems.items():
                self.add_error(name if name in self.fields else None, message)
        return data


@admin.register(Succession)
class SuccessionAdmin(SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "effective_on"]
    list_filter = ["effective_on"]
    search_fields = ["predecessor__code", "predecessor__name", "successor__code", "successor__name"]
    autocomplete_fields = ["predecessor", "successor", "fields"]
    list_select_related = ["predecessor", "successor"]
    form = SuccessionAdminForm

    def save_model(self, request, obj, form, change) -> None:
        form.instance = services.succession_save(
            predecessor=obj.predecessor,
            successor=obj.successor,
            effective_on=obj.effective_on,
            fields=form.cleaned_data.get("fields") or (),
            succession=obj if change else None,
        )

    def save_related(self, request, form, formsets, change) -> None:
        # The service has set the fields already.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class PublicationItemInline(admin.TabularInline):
    model = PublicationItem
    extra = 1
    autocomplete_fields = ["procedure"]


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "decided_on", "note"]
    search_fields = ["number", "note", "items__procedure__code"]
    date_hierarchy = "decided_on"
    inlines = [PublicationItemInline]


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "department", "category", "procedure", "received_at", "finished_at", "rating"]
    list_filter = ["category", "rating", "department"]
    search_fields = ["code", "procedure__code", "dossier__code"]
    autocomplete_fields = ["department", "procedure", "dossier"]
    list_select_related = ["department", "procedure"]
    date_hierarchy = "received_at"
