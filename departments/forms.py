from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.forms import DateField, PortalFormMixin


class LockForm(PortalFormMixin, forms.Form):
    locked_until = DateField(label=_("Khóa số liệu đến hết ngày"))
    reason = forms.CharField(
        label=_("Lý do"), max_length=255, help_text=_("Ví dụ: Đã kiểm tra CCHC năm 2019.")
    )


class UnlockForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do mở khóa"), max_length=255)
