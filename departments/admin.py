from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from departments.models import DataLock, Department


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "valid_to"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    readonly_fields = ["path"]


@admin.register(DataLock)
class DataLockAdmin(SimpleHistoryAdmin):
    """Read-only here: locking and unlocking go through the department page, which records who and why."""

    list_display = [
        "department",
        "locked_until",
        "reason",
        "locked_by",
        "locked_at",
        "unlocked_by",
        "unlocked_at",
    ]
    list_filter = ["department"]
    list_select_related = ["department", "locked_by", "unlocked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
