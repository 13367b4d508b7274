"""The pages' forms and filters of petitions (PAKN) and publication decisions. The rules are the models'
(procedures.models.petitions, procedures.models.publications); the forms only say them by the field."""

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils.translation import gettext_lazy as _

from cchc_portal.codes import CodeChoiceField, CodeFormField
from cchc_portal.forms import DateField, DateTimeField, PortalFormMixin
from cchc_portal.listing import PortalFilterSet
from procedures.filters import (
    CodeChoiceFilter,
    CodeFilter,
    ReceivedRangeMixin,
    filter_department_tree,
    visible_departments,
)
from procedures.forms import ProcedureChoiceField
from procedures.models import (
    Dossier,
    Petition,
    Procedure,
    PublicationDecision,
    PublicationItem,
    petition_code_rule,
)
from procedures.models.petitions import ENTERED_FIELDS
from procedures.models.publications import PROCEDURE_TWICE_IN_DECISION


class PetitionStatus(models.TextChoices):
    """Where a petition stands, read from its lifecycle times: refused, finished, or still being handled;
    the codes are the dossier statuses of the same meaning (and their colours on the pages)."""

    IN_PROGRESS = "in_progress", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã xử lý")
    REFUSED = "refused", _("Từ chối")


# The one place the status is derived, in SQL so that the list filters and pages by it.
PETITION_STATUS = Case(
    When(refused_at__isnull=False, then=Value(PetitionStatus.REFUSED.value)),
    When(finished_at__isnull=False, then=Value(PetitionStatus.RESOLVED.value)),
    default=Value(PetitionStatus.IN_PROGRESS.value),
    output_field=models.CharField(),
)


def label_statuses(petitions) -> None:
    """The words of each petition's status, which the query gives as a code (PETITION_STATUS)."""
    for petition in petitions:
        petition.status_label = PetitionStatus(petition.status).label


class PetitionPageFilter(ReceivedRangeMixin, PortalFilterSet):
    department = CodeChoiceFilter(
        label=_("Đơn vị"),
        queryset=visible_departments,
        method=filter_department_tree,
        to_field_name="code",
        empty_label=_("Tất cả đơn vị"),
    )
    procedure = CodeFilter(label=_("Mã TTHC"), field_name="procedure__code")
    category = django_filters.ChoiceFilter(
        label=_("Phân loại"), choices=Petition.Category.choices, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=PetitionStatus.choices, empty_label=_("Tất cả")
    )
    received_from = django_filters.DateFilter(
        label=_("Tiếp nhận từ ngày"),
        field_name="received_at__date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    received_to = django_filters.DateFilter(
        label=_("đến ngày"),
        field_name="received_at__date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    class Meta:
        model = Petition
        fields = ["department", "procedure", "category", "status", "received_from", "received_to"]


class DecisionPageFilter(PortalFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Năm quyết định"), field_name="decided_on__year", empty_label=_("Tất cả các năm")
    )
    procedure = CodeFilter(label=_("Mã TTHC có trong quyết định"), method="filter_procedure")

    class Meta:
        model = PublicationDecision
        fields = ["year", "procedure"]

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["year"].choices = [("", _("Tất cả các năm")), *((y, y) for y in years)]

    def filter_procedure(self, queryset, name, value):
        return queryset.filter(
            Exists(PublicationItem.objects.filter(decision=OuterRef("pk"), procedure__code=value))
        )


class PetitionForm(PortalFormMixin, forms.ModelForm):
    """A petition as staff of its unit keep it; the model's clean judges it (petition_problems)."""

    code = CodeFormField(label=_("Mã PAKN"), max_length=50, validators=[petition_code_rule])
    procedure = ProcedureChoiceField(
        label=_("Thủ tục"), queryset=Procedure.objects.none(), to_field_name="code", required=False
    )
    # By code, typed: a unit holds far too many dossiers for a list to choose from.
    dossier = CodeChoiceField(
        label=_("Mã hồ sơ"),
        queryset=Dossier.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.TextInput,
        help_text=_("Nếu PAKN về một hồ sơ; hồ sơ phải thuộc thủ tục đã chọn."),
        error_messages={"invalid_choice": _("Không có hồ sơ mã “%(value)s” trong phạm vi của bạn.")},
    )
    received_at = DateTimeField(label=_("Thời điểm tiếp nhận"))
    refused_at = DateTimeField(label=_("Thời điểm từ chối tiếp nhận"), required=False)
    supplement_requested_at = DateTimeField(label=_("Thời điểm yêu cầu bổ sung"), required=False)
    finished_at = DateTimeField(label=_("Thời điểm giải quyết xong"), required=False)
    published_at = DateTimeField(label=_("Thời điểm công khai kết quả"), required=False)
    rating = forms.ChoiceField(
        label=_("Đánh giá của người phản ánh"),
        choices=[("", _("Chưa đánh giá")), *Petition.Rating.choices],
        required=False,
    )

    class Meta:
        model = Petition
        fields = ENTERED_FIELDS

    def __init__(self, *args, departments, procedures, dossiers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["procedure"].queryset = procedures
        self.fields["dossier"].queryset = dossiers
        # Both are chosen by code, where the model form's initial values are ids.
        for name in ("procedure", "dossier"):
            related = getattr(self.instance, name)
            if related is not None:
                self.initial[name] = related.code


class DecisionForm(PortalFormMixin, forms.ModelForm):
    decided_on = DateField(label=_("Ngày quyết định"))

    class Meta:
        model = PublicationDecision
        fields = ["number", "decided_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class PublicationItemForm(PortalFormMixin, forms.Form):
    """One procedure of a decision, named by its code: a decision may name any procedure of the catalogue."""

    procedure = forms.ModelChoiceField(
        label=_("Mã TTHC"),
        queryset=Procedure.objects.all(),
        to_field_name="code",
        widget=forms.TextInput,
        # The API's words for a decision's procedure, which is any of the catalogue's.
        error_messages={"invalid_choice": _("Không có thủ tục mã “%(value)s”.")},
    )
    # Blank until chosen, so that a blank line is sent blank (and skipped) rather than as "Thêm mới".
    kind = forms.ChoiceField(label=_("Loại"), choices=[("", "—"), *PublicationItem.Kind.choices])
    basis_effective_on = DateField(label=_("Ngày văn bản quy định có hiệu lực"))
    published_on = DateField(label=_("Ngày công khai trên CSDL quốc gia"), required=False)


class BasePublicationItemFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        # The database's rule (one procedure once per decision) in its own words, on the second line.
        seen = set()
        for form in self.kept_forms():
            procedure = form.cleaned_data.get("procedure")
            if procedure in seen:
                form.add_error("procedure", PROCEDURE_TWICE_IN_DECISION)
            seen.add(procedure)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Bỏ khỏi quyết định")
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept_forms(self) -> list[forms.Form]:
        """The lines filled in (a blank extra line has no data) and not ticked for removal."""
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def items(self) -> list[dict[str, Any]]:
        fields = ("procedure", "kind", "basis_effective_on", "published_on")
        return [{name: form.cleaned_data[name] for name in fields} for form in self.kept_forms()]


PublicationItemFormSet = forms.formset_factory(
    PublicationItemForm, formset=BasePublicationItemFormSet, extra=5, can_delete=True
)
