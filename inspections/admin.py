from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Evidence, Finding, Inspection, InspectionPlan, ProgressReport, Recommendation


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
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["filename", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["filename"]
