from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Evidence, Finding, Inspection, InspectionPlan, ProgressReport, Recommendation
from inspections.services import evidence_delete


@admin.register(InspectionPlan)
class InspectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "decision"]
    search_fields = ["title"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["kind", "area", "severity", "text"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["department", "plan", "scope_start", "scope_end", "lead", "status", "concluded_on"]
    list_filter = ["status", "plan"]
    search_fields = ["department__code", "department__name"]
    autocomplete_fields = ["department"]
    list_select_related = ["department", "plan", "lead"]
    # The status and what the conclusion freezes change only through the inspection's page, whose services
    # check each step (started by the lead, concluded once, with its figures).
    readonly_fields = [
        "status",
        "concluded_on",
        "conclusion_number",
        "concluded_indicators",
        "concluded_summary",
    ]
    inlines = [FindingInline]


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ["kind", "reported_on", "text", "author"]
    readonly_fields = fields
    # The reports are what each status of the recommendation rests on; the verdicts cite them.
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["text", "responsible", "deadline", "status"]
    list_filter = ["status", "area"]
    search_fields = ["text", "responsible__code", "responsible__name"]
    list_select_related = ["responsible"]
    # Reported, closed and reopened only through the recommendation's page: its services keep the report
    # and the verdict that explain each change, and refuse to close what the department never reported.
    readonly_fields = ["status", "closed_on", "indicator_at_conclusion"]
    inlines = [ProgressReportInline]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    """Evidence is added on the inspection and recommendation pages, whose service checks each file's type
    and size; here it can only be read, or deleted with the deletion in its trail."""

    list_display = ["filename", "size", "finding", "report", "uploaded_by", "uploaded_at"]
    list_select_related = ["finding", "report", "uploaded_by"]
    search_fields = ["filename"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        evidence_delete(evidence=obj, user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for evidence in queryset:
            evidence_delete(evidence=evidence, user=request.user)
