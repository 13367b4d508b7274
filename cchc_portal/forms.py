"""What every form of the portal shares: Bootstrap classes, and service errors shown next to the field."""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

from cchc_portal.dates import DATE_OUT_OF_RANGE, MOMENT_OUT_OF_RANGE, in_range

T = TypeVar("T")
DATE_HINT = {"placeholder": "dd/mm/yyyy"}
DATETIME_HINT = {"placeholder": "dd/mm/yyyy hh:mm"}


class PortalFormMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def apply_service(form: forms.BaseForm, action: Callable[[], T]) -> T | None:
    """Run a service; a ValidationError it raises becomes the form's errors (next to the field it names,
    above the form otherwise) and nothing is saved, since every service is one transaction."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return None


GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+")


class VietnameseDecimalField(forms.DecimalField):
    """A number typed the Vietnamese way: "3.097,5" and "3097,5" are 3097.5, "15.000" is fifteen thousand;
    a plain "3097.5" is still understood."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif GROUPED.fullmatch(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


# Dates are typed within the portal's years (cchc_portal.dates), as over the API and in the admin.
class DateField(forms.DateField):
    default_error_messages = {"out_of_range": DATE_OUT_OF_RANGE}
    widget = forms.DateInput(attrs=DATE_HINT)

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value and not in_range(value):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")


class DateTimeField(forms.DateTimeField):
    default_error_messages = {"out_of_range": MOMENT_OUT_OF_RANGE}
    widget = forms.DateTimeInput(attrs=DATETIME_HINT)

    def validate(self, value: datetime | date | None) -> None:
        super().validate(value)
        # The value is in the province's time zone already; converting year one to UTC would overflow.
        if value and not in_range(value):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")
