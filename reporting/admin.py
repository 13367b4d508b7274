from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import Declaration, PeriodicReport


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = [
        "department",
        "measured_on",
        "staff_baseline",
        "staff_reduced",
        "training_completion_pct",
        "investment_planned",
        "investment_disbursed",
    ]
    list_filter = ["department"]
    search_fields = ["department__code", "department__name"]
    date_hierarchy = "measured_on"
    autocomplete_fields = ["department"]
    list_select_related = ["department"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department", "deadline_on", "submitted_on"]
    list_filter = ["department"]
    search_fields = ["name", "department__code", "department__name"]
    date_hierarchy = "deadline_on"
    autocomplete_fields = ["department"]
    list_select_related = ["department"]
