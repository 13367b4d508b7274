from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.forms import PortalFormMixin, VietnameseDecimalField
from reporting.models import Declaration, PeriodicReport

DATE = {"placeholder": "dd/mm/yyyy"}


class DeclarationForm(PortalFormMixin, forms.ModelForm):
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
            "note",
        ]
        widgets = {"measured_on": forms.DateInput(attrs=DATE), "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = dict.fromkeys(
            [
                "staff_reduction_target_pct",
                "training_completion_pct",
                "e_office_document_pct",
                "e_office_staff_pct",
                "investment_planned",
                "investment_disbursed",
            ],
            VietnameseDecimalField,
        )

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


class PeriodicReportForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = PeriodicReport
        fields = ["name", "deadline_on", "submitted_on"]
        widgets = {"deadline_on": forms.DateInput(attrs=DATE), "submitted_on": forms.DateInput(attrs=DATE)}
