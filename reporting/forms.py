from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc_portal.forms import DateField, PortalFormMixin, VietnameseDecimalField
from reporting.models import Declaration, PeriodicReport
from reporting.services import declared_ensure_unlocked


class UnlockedPeriodMixin:
    """Refuses, above the form and with the dossiers' message, an add or an edit touching figures that a
    data lock has frozen (reporting.services).

    Its forms' dates are the portal's date fields (cchc_portal.forms.DateField): a date outside the
    portal's years is refused next to the field before any lock is looked up, so that year one is not
    also answered as "locked"."""

    day_field: str

    def clean(self) -> dict:
        data = super().clean()
        instance = self.instance
        department = data.get("department") or (instance.department if instance.department_id else None)
        day = data.get(self.day_field)
        if department is not None and day is not None:
            try:
                declared_ensure_unlocked(record=instance, department=department, day=day)
            except ValidationError as error:
                self.add_error(None, error)
        return data


class DeclarationForm(PortalFormMixin, UnlockedPeriodMixin, forms.ModelForm):
    day_field = "measured_on"

    class Meta:
        model = Declaration
        fields = [
            "measured_on",
            "staff_baseline",
            "staff_reduced",
            "staff_reduction_target_pct",
            "staff_reduction_target_year",
            "divisions_before",
            "divisions_after",
            "training_completion_pct",
            "e_office_document_pct",
            "e_office_staff_pct",
            "digital_signatures_issued",
            "digital_signatures_in_use",
            "investment_planned",
            "investment_disbursed",
            "e_certified_copies",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {
            "measured_on": DateField,
            **dict.fromkeys(
                [
                    "staff_reduction_target_pct",
                    "training_completion_pct",
                    "e_office_document_pct",
                    "e_office_staff_pct",
                    "investment_planned",
                    "investment_disbursed",
                ],
                VietnameseDecimalField,
            ),
        }

    def clean(self) -> dict:
        data = super().clean()
        pairs = (
            (
                "staff_reduced",
                "staff_baseline",
                _("Số đã tinh giản không được lớn hơn biên chế tại thời điểm gốc."),
            ),
            (
                "digital_signatures_in_use",
                "digital_signatures_issued",
                _("Số chữ ký số đang sử dụng không được lớn hơn số được cấp."),
            ),
        )
        for part, whole, message in pairs:
            if data.get(part) is not None and data.get(whole) is not None and data[part] > data[whole]:
                self.add_error(part, message)
        return data


class PeriodicReportForm(PortalFormMixin, UnlockedPeriodMixin, forms.ModelForm):
    day_field = "deadline_on"

    class Meta:
        model = PeriodicReport
        fields = ["name", "deadline_on", "submitted_on"]
        field_classes = {"deadline_on": DateField, "submitted_on": DateField}


# The admin's forms: the admin names their model and fields.
class DeclarationAdminForm(UnlockedPeriodMixin, forms.ModelForm):
    day_field = "measured_on"

    class Meta:
        field_classes = {"measured_on": DateField}


class PeriodicReportAdminForm(UnlockedPeriodMixin, forms.ModelForm):
    day_field = "deadline_on"

    class Meta:
        field_classes = {"deadline_on": DateField, "submitted_on": DateField}
