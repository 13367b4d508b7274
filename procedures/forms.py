from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cchc_portal.codes import CodeFormField
from cchc_portal.dates import DATE_OUT_OF_RANGE, in_range
from cchc_portal.forms import DateField, DateTimeField, PortalFormMixin
from departments.models import Department
from procedures import rules
from procedures.dvcqg import NationalStatus
from procedures.import_dvc import DVC_SUFFIXES
from procedures.models import PROCEDURE_FACTS, Dossier, Procedure, dossier_code_rule
from procedures.office_hours import parse_time_limit
from procedures.services import procedure_units_check


class MomentField(DateTimeField):
    """A time, or its date alone where staff do not know the hour, kept as a date: the services say what
    a day alone means (dossier_finish dates a return at the receipt time on the day of receipt, where the
    start of the day would come before it; a supplement asked for on a day alone pauses from that day)."""

    def to_python(self, value: Any) -> datetime | date | None:
        if isinstance(value, str) and value.strip():
            try:
                return forms.DateField().to_python(value)
            except forms.ValidationError:
                pass
        return super().to_python(value)

    def validate(self, value: datetime | date | None) -> None:
        # A date given alone is refused in the words a date field uses.
        if isinstance(value, date) and not isinstance(value, datetime) and not in_range(value):
            raise forms.ValidationError(DATE_OUT_OF_RANGE, code="out_of_range")
        super().validate(value)


class ProcedureChoiceField(forms.ModelChoiceField):
    """A procedure among those the user may see; any other is refused with the rulebook's message, the one
    the API and the import give."""

    def to_python(self, value: Any) -> Procedure | None:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise forms.ValidationError(rules.unknown_procedure(str(value)), code="invalid_choice") from error


class ProcedureModelForm(forms.ModelForm):
    """A procedure's fields as staff and the admin edit them, with its level and units judged by the
    rulebook (services.procedure_units_check) next to the field. Each time limit is typed as staff say
    it ("5", "0,5", "4 giờ"): the statutory one sets the procedure's unit, the reduced one follows it."""

    statutory_days = forms.CharField(
        label=_("Thời hạn quy định"),
        max_length=30,
        help_text=_("Số ngày làm việc (5; nửa ngày: 0,5) hoặc số giờ làm việc (4 giờ)."),
    )
    reduced_days = forms.CharField(
        label=_("Thời hạn cắt giảm"),
        max_length=30,
        required=False,
        help_text=_("Để trống nếu chưa cắt giảm; cùng đơn vị với thời hạn quy định."),
    )

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "level",
            "units",
            "statutory_days",
            "reduced_days",
            "online_level",
            "accepts_postal",
            *PROCEDURE_FACTS,
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            reduced = self.instance.reduced_limit
            self.initial["statutory_days"] = str(self.instance.statutory_limit)
            self.initial["reduced_days"] = str(reduced) if reduced else ""

    def clean_statutory_days(self) -> Decimal:
        limit = parse_time_limit(self.cleaned_data["statutory_days"])
        self.instance.time_unit = limit.unit
        return limit.amount

    def clean_reduced_days(self) -> Decimal | None:
        text = self.cleaned_data["reduced_days"]
        if not text:
            return None
        # A bare number is in the statutory limit's unit; one naming the other unit is refused.
        unit = self.instance.time_unit if "statutory_days" in self.cleaned_data else None
        return parse_time_limit(text, unit=unit).amount

    def clean(self) -> dict:
        data = super().clean()
        if "level" in data and "units" in data:
            field = data.get("field")
            try:
                procedure_units_check(
                    procedure=self.instance if self.instance.pk else None,
                    level=data["level"],
                    units=data["units"],
                    field_id=field.pk if field else None,
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name, messages)
        return data


class ProcedureForm(PortalFormMixin, ProcedureModelForm):
    def __init__(self, *args, departments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = departments


class DossierForm(PortalFormMixin, forms.Form):
    applicant = forms.CharField(label=_("Tổ chức, cá nhân nộp"), max_length=255, required=False)
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=Dossier.Channel.choices)
    received_at = DateTimeField(label=_("Thời điểm tiếp nhận"))
    due_on = DateField(
        label=_("Ngày hẹn trả"),
        required=False,
        help_text=_("Để trống để tính theo thời hạn giải quyết và lịch ngày làm việc."),
    )


class DossierChangeForm(forms.Form):
    """A step on a saved dossier: it carries back the version of the dossier the page showed, so that a
    save over a change made since (on another page, by the API or an import) is refused rather than lost."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("Trang này đã cũ: hãy tải lại trang rồi nhập lại."),
            "invalid": _("Trang này đã cũ: hãy tải lại trang rồi nhập lại."),
            "min_value": _("Trang này đã cũ: hãy tải lại trang rồi nhập lại."),
        },
    )


class DossierEditForm(DossierForm, DossierChangeForm):
    pass


class DossierRegisterForm(DossierForm):
    code = CodeFormField(
        label=_("Mã hồ sơ"),
        max_length=50,
        validators=[dossier_code_rule],
        required=False,
        help_text=_(
            "Để trống để Cổng cấp số theo đơn vị tiếp nhận và ngày tiếp nhận (ví dụ STTTT-261130-0001); "
            "nhập mã nếu hồ sơ đã có mã từ hệ thống một cửa."
        ),
    )
    # By code, as the API and the workbook name it, so that a refusal can name it too.
    procedure = ProcedureChoiceField(
        label=_("Thủ tục"), queryset=Procedure.objects.none(), to_field_name="code"
    )
    department = forms.ModelChoiceField(label=_("Đơn vị giải quyết"), queryset=Department.objects.none())
    receiving_unit = forms.ModelChoiceField(
        label=_("Đơn vị tiếp nhận"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Nếu khác đơn vị giải quyết, ví dụ Trung tâm Phục vụ hành chính công."),
    )
    # The due date the calendar gave when the page was last shown: a due date still equal to it was not
    # typed by staff, and follows the calendar (a changed receipt time or procedure gives a new one).
    calendar_due_on = DateField(widget=forms.HiddenInput, required=False)

    field_order = [
        "code",
        "procedure",
        "department",
        "receiving_unit",
        "applicant",
        "channel",
        "received_at",
        "due_on",
    ]

    def __init__(self, *args, procedures, departments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        self.fields["department"].queryset = departments

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code and Dossier.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Đã có hồ sơ mã “%(code)s”.") % {"code": code})
        return code

    def clean(self) -> dict:
        data = super().clean()
        calendar_due_on = data.pop("calendar_due_on", None)
        if data.get("due_on") and data["due_on"] == calendar_due_on:
            data["due_on"] = None
        return data

    def show_calendar_due_on(self, day: date) -> None:
        """Fills the due date, left to the calendar, with the calendar's day, so that staff see it in the
        field (and may change it) rather than beside an empty one."""
        if self.cleaned_data.get("due_on") or "due_on" in self.errors:
            return
        text = formats.localize_input(day, formats.get_format("DATE_INPUT_FORMATS")[0])
        self.data = self.data.copy()
        self.data[self.add_prefix("due_on")] = self.data[self.add_prefix("calendar_due_on")] = text


class SupplementRequestForm(PortalFormMixin, DossierChangeForm):
    requested_on = MomentField(
        label=_("Thời điểm yêu cầu bổ sung"),
        help_text=_("Ghi cả giờ nếu biết (dd/mm/yyyy hh:mm), hoặc chỉ ngày."),
    )
    reason = forms.CharField(label=_("Nội dung cần bổ sung"), widget=forms.Textarea(attrs={"rows": 3}))


class SupplementReceiveForm(PortalFormMixin, DossierChangeForm):
    supplied_on = MomentField(
        label=_("Thời điểm nhận đủ hồ sơ bổ sung"),
        help_text=_("Ghi cả giờ nếu biết (dd/mm/yyyy hh:mm), hoặc chỉ ngày."),
    )


class FinishForm(PortalFormMixin, DossierChangeForm):
    status = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (s.value, s.label)
            for s in (Dossier.Status.RESOLVED, Dossier.Status.WITHDRAWN, Dossier.Status.REFUSED)
        ],
    )
    finished_at = MomentField(
        label=_("Thời điểm trả kết quả"),
        help_text=_("Chỉ nhập ngày nếu không rõ giờ: trả trong ngày tiếp nhận thì tính từ giờ tiếp nhận."),
    )
    satisfaction = forms.ChoiceField(
        label=_("Mức độ hài lòng"),
        choices=[("", _("Chưa đánh giá")), *Dossier.Satisfaction.choices],
        required=False,
    )


class DossierFactsForm(PortalFormMixin, DossierChangeForm):
    """The national facts (spec/index766.md) as the one-stop system reports them."""

    national_status = forms.TypedChoiceField(
        label=_("Trạng thái DVCQG"),
        choices=[("", _("Chưa có")), *NationalStatus.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    processing_completed_at = DateTimeField(
        label=_("Thời điểm xử lý xong"),
        required=False,
        help_text=_("Khi xử lý xong trước khi trả kết quả; không sau thời điểm trả kết quả."),
    )
    fee_amount = forms.IntegerField(
        label=_("Lệ phí (đồng)"),
        required=False,
        help_text=_("Để trống nếu không có phí, lệ phí; 0 nếu được miễn."),
    )
    paid_online = forms.BooleanField(label=_("Thanh toán trực tuyến"), required=False)
    electronic_result = forms.BooleanField(label=_("Có kết quả điện tử"), required=False)
    digitised = forms.BooleanField(label=_("Có thành phần hồ sơ số hóa"), required=False)
    reused_data = forms.BooleanField(label=_("Tái sử dụng dữ liệu số hóa"), required=False)
    dvcqg_store = forms.BooleanField(label=_("Kết nối kho dữ liệu DVCQG"), required=False)
    population_data = forms.BooleanField(label=_("Dùng VNeID / CSDL quốc gia về dân cư"), required=False)
    synced_to_dvcqg = forms.BooleanField(label=_("Đã đồng bộ lên Cổng DVCQG"), required=False)


class ApologyForm(PortalFormMixin, DossierChangeForm):
    issued_on = DateField(label=_("Ngày phát hành phiếu xin lỗi"))
    new_due_on = DateField(label=_("Ngày hẹn trả mới"))


class RateForm(PortalFormMixin, DossierChangeForm):
    satisfaction = forms.ChoiceField(label=_("Mức độ hài lòng"), choices=Dossier.Satisfaction.choices)


class ImportForm(PortalFormMixin, forms.Form):
    """A workbook, or a file in the national synchronisation layout (procedures.import_dvc), which may be
    the one the one-stop system sent to DVCQG."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu, hoặc tệp đồng bộ quốc gia (.json, .jsonl)"))
    synced = forms.BooleanField(
        label=_("Tệp do hệ thống một cửa gửi lên Cổng DVCQG (đã đồng bộ)"),
        required=False,
        help_text=_(
            "Chỉ với tệp .json/.jsonl: các hồ sơ trong tệp được ghi nhận là đã đồng bộ lên Cổng DVCQG."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", *DVC_SUFFIXES):
            raise forms.ValidationError(
                _(
                    "Chỉ nhận tệp .xlsx (Excel 2007 trở lên), hoặc .json/.jsonl theo định dạng đồng bộ quốc gia."
                )
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("synced") and upload and Path(upload.name).suffix.lower() not in DVC_SUFFIXES:
            self.add_error(
                "synced",
                _(
                    "Tệp Excel ghi việc đồng bộ ở cột “Đã đồng bộ DVCQG”; ô này chỉ dùng cho tệp .json/.jsonl."
                ),
            )
        return data
