from datetime import date

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, User
from accounts.tokens import api_token_issue, api_tokens_revoke, default_expiry, validate_expiry

# A role is the only source of permissions (accounts.backends ignores groups), so a group edited here
# would grant nothing: the admin does not offer them.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "departments"]
    filter_horizontal = ["departments"]
    # Permissions come from the role alone (accounts.backends): no group or per-user grant to edit.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("first_name", "last_name", "email")}),
        (_("Vai trò và đơn vị"), {"fields": ("role", "departments")}),
        (_("Trạng thái"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Vai trò và đơn vị"), {"fields": ("first_name", "last_name", "role", "departments")}),
    )


class ApiTokenIssueForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_on"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True)

    def clean_expires_on(self) -> date:
        expires_on = self.cleaned_data["expires_on"]
        validate_expiry(expires_on, today=timezone.localdate())
        return expires_on


class ApiTokenChangeForm(forms.ModelForm):
    revoke = forms.BooleanField(
        label=_("Thu hồi mã này"),
        required=False,
        help_text=_("Mã bị thu hồi bị từ chối ngay; bản ghi được giữ lại để tra cứu."),
    )

    class Meta:
        model = ApiToken
        fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Only superusers reach it (no role grants a token permission). The key is shown once, on the page
    answering the form that issued it; the list, the change page and the history show its prefix."""

    list_display = ["name", "user", "key_prefix", "created_at", "expires_on", "last_used_at", "current_state"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username", "user__first_name", "user__last_name"]
    actions = ["revoke"]
    ISSUE_FIELDS = ["user", "name", "expires_on"]
    RECORD_FIELDS = [
        "user",
        "name",
        "key_prefix",
        "created_at",
        "created_by",
        "expires_on",
        "last_used_at",
        "current_state",
        "revoked_at",
        "revoked_by",
    ]

    @admin.display(description=_("đầu mã"), ordering="prefix")
    def key_prefix(self, token: ApiToken) -> str:
        return f"{token.prefix}…"

    @admin.display(description=_("tình trạng"))
    def current_state(self, token: ApiToken) -> str:
        return token.state(on=timezone.localdate())

    @admin.action(description=_("Thu hồi các mã đã chọn"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = api_tokens_revoke(tokens=queryset, revoked_by=request.user)
        self.message_user(request, _("Đã thu hồi %(count)s mã truy cập API.") % {"count": count})

    def get_form(self, request: HttpRequest, obj: ApiToken | None = None, **kwargs):
        kwargs["form"] = ApiTokenIssueForm if obj is None else ApiTokenChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return self.ISSUE_FIELDS
        return [*self.RECORD_FIELDS, *([] if obj.revoked_at else ["revoke"])]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        # A token's expiry is not extended: a longer life means a new key, issued within the limit.
        return [] if obj is None else [name for name in self.RECORD_FIELDS if name != "name"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {
            "expires_on": default_expiry(today=timezone.localdate()),
            **super().get_changeform_initial_data(request),
        }

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # Revoking, not deleting, ends a token: the record of who held it and until when stays.
        return False

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None):
        # The answer to the form is the page showing the key, whatever button was pressed.
        extra_context = {
            **(extra_context or {}),
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
        }
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if not change:
            # Held on the instance only until response_add renders it; it is stored nowhere.
            obj.issued_key = api_token_issue(token=obj, issued_by=request.user)
            return
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("revoke"):
            api_tokens_revoke(tokens=ApiToken.objects.filter(pk=obj.pk), revoked_by=request.user)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue: str | None = None):
        # Rendered, not redirected to: a message would carry the key into the session or a cookie.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Mã truy cập API mới"),
            "token": obj,
            "key": obj.issued_key,
        }
        return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)
