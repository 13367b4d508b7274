from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scorecards.models import Assessment, CriteriaSet, Criterion


class ReadOnly:
    """Criteria come from the workbook (scorecards.criteria, which checks the tree adds up and parses each
    rule) and scores from the workflow's services: here they are read, with their trail."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "kind", "self_assessment_due_on", "appraisal_due_on", "published_on"]
    list_filter = ["kind"]
    # The deadlines and the survey's maximum are the set's own; publication goes through the workflow.
    fields = [
        "year",
        "kind",
        "survey_max_points",
        "self_assessment_due_on",
        "appraisal_due_on",
        "published_on",
    ]
    readonly_fields = ["year", "kind", "published_on"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Criterion)
class CriterionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["code", "title", "criteria_set", "max_points", "auto_indicator", "auto_rule"]
    list_filter = ["criteria_set"]
    search_fields = ["code", "title"]
    list_select_related = ["criteria_set"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["department", "criteria_set", "status", "survey_points", "submitted_at", "finalised_at"]
    list_filter = ["criteria_set", "status"]
    search_fields = ["department__code", "department__name"]
    list_select_related = ["department", "criteria_set"]
