from django.contrib.auth.forms import PasswordChangeForm

from cchc_portal.forms import PortalFormMixin


class PortalPasswordChangeForm(PortalFormMixin, PasswordChangeForm):
    pass
