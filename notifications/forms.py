from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel, Event

UNKNOWN_EVENT = {"invalid_choice": _("Không có loại thông báo “%(value)s”; hãy chọn trong danh sách.")}


class PreferencesForm(forms.Form):
    """Per channel, the events the user gets on it."""

    portal = forms.MultipleChoiceField(
        label=Channel.PORTAL.label,
        choices=Event.choices,
        required=False,
        error_messages=UNKNOWN_EVENT,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.MultipleChoiceField(
        label=Channel.EMAIL.label,
        choices=Event.choices,
        required=False,
        error_messages=UNKNOWN_EVENT,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Một thư mỗi sáng, chỉ khi có thông báo mới mà bạn chưa đọc trên cổng."),
    )
