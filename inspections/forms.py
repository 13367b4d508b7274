from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cchc_portal.forms import DateField, PortalFormMixin
from departments.models import Department
from inspections.models import Finding, InspectionPlan, ReformArea
from reporting.definitions import DEFINITIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files at once; their type and size are checked by the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(EvidenceField, self).clean(item, initial) for item in files]


def inspectors():
    return User.objects.filter(role=Role.INSPECTOR, is_active=True)


class PlanForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "decision"]


class InspectionForm(PortalFormMixin, forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=InspectionPlan.objects.all())
    department = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=Department.objects.all())
    scope_start = DateField(label=_("Kỳ kiểm tra từ ngày"))
    scope_end = DateField(label=_("Kỳ kiểm tra đến ngày"))
    planned_start = DateField(label=_("Dự kiến kiểm tra từ ngày"))
    planned_end = DateField(label=_("Dự kiến kiểm tra đến ngày"))
    lead = forms.ModelChoiceField(label=_("Trưởng đoàn"), queryset=inspectors())
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên đoàn"), queryset=inspectors(), required=False
    )


class FindingForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Finding.Kind.choices)
    area = forms.ChoiceField(label=_("Lĩnh vực CCHC"), choices=ReformArea.choices)
    severity = forms.ChoiceField(
        label=_("Mức độ (với hạn chế)"), choices=[("", "—"), *Finding.Severity.choices], required=False
    )
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    files = EvidenceField(
        label=_("Tài liệu minh chứng (PDF, Word, Excel, ảnh; tối đa 10 MB mỗi tệp)"), required=False
    )


class RecommendationForm(PortalFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Nội dung kiến nghị, yêu cầu chấn chỉnh"), widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ChoiceField(label=_("Lĩnh vực CCHC"), choices=ReformArea.choices)
    responsible = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=Department.objects.none())
    deadline = DateField(label=_("Thời hạn"))
    indicator = forms.ChoiceField(
        label=_("Chỉ số theo dõi (không bắt buộc)"),
        required=False,
        choices=[("", "—"), *((d.code, d.label) for d in DEFINITIONS)],
    )

    def __init__(self, *args, departments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = departments


class ConcludeForm(PortalFormMixin, forms.Form):
    concluded_on = DateField(label=_("Ngày kết luận"))
    number = forms.CharField(label=_("Số văn bản kết luận"), max_length=100, required=False)


class ProgressForm(PortalFormMixin, forms.Form):
    reported_on = DateField(label=_("Ngày báo cáo"))
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    files = EvidenceField(label=_("Tài liệu minh chứng"), required=False)


class VerifyForm(PortalFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("close", _("Đã khắc phục, đóng kiến nghị")), ("reopen", _("Chưa đạt, mở lại"))],
    )
    on = DateField(label=_("Ngày xác minh"))
    text = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 2}))
