"""The scorecard's forms: what a step posts, read and checked for its type; the workflow's rules (who,
when, up to which maximum) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.forms import DateField, PortalFormMixin, VietnameseDecimalField
from inspections.forms import EvidenceField

POINTS = {"max_digits": 6, "decimal_places": 2, "min_value": 0}


class SelfScoreForm(PortalFormMixin, forms.Form):
    points = VietnameseDecimalField(label=_("Điểm tự chấm"), **POINTS)
    note = forms.CharField(label=_("Giải trình"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    files = EvidenceField(
        label=_("Tài liệu kiểm chứng (PDF, Word, Excel, ảnh; tối đa 10 MB mỗi tệp)"), required=False
    )


class ClarifyForm(PortalFormMixin, forms.Form):
    note = forms.CharField(label=_("Nội dung giải trình"), widget=forms.Textarea(attrs={"rows": 2}))
    points = VietnameseDecimalField(label=_("Điểm tự chấm (nếu thay đổi)"), required=False, **POINTS)
    files = EvidenceField(label=_("Tài liệu kiểm chứng bổ sung"), required=False)


class AppraiseForm(PortalFormMixin, forms.Form):
    points = VietnameseDecimalField(label=_("Điểm thẩm định"), **POINTS)
    note = forms.CharField(
        label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OverrideForm(PortalFormMixin, forms.Form):
    points = VietnameseDecimalField(label=_("Điểm điều chỉnh"), **POINTS)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Nội dung đơn vị cần giải trình"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SurveyForm(PortalFormMixin, forms.Form):
    points = VietnameseDecimalField(label=_("Điểm điều tra xã hội học"), **POINTS)


class CiteForm(PortalFormMixin, forms.Form):
    """A finding of the unit's inspections cited under a leaf; the choices are the page's own lists."""

    finding = forms.TypedChoiceField(label=_("Nội dung đánh giá của đợt kiểm tra"), coerce=int)
    criterion = forms.TypedChoiceField(label=_("Tiêu chí"), coerce=int)

    def __init__(self, *args, findings, leaves, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [(f.pk, f"{f.get_kind_display()} · {f.text[:90]}") for f in findings]
        self.fields["criterion"].choices = [(c.pk, f"{c.code}. {c.title[:90]}") for c in leaves]


class DeadlinesForm(PortalFormMixin, forms.Form):
    self_assessment_due_on = DateField(label=_("Hạn tự đánh giá"), required=False)
    appraisal_due_on = DateField(label=_("Hạn thẩm định"), required=False)


class PublishForm(PortalFormMixin, forms.Form):
    on = DateField(label=_("Ngày công bố"))
