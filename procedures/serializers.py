"""The JSON of fields, procedures and dossiers: enums by their code values, foreign keys by code, dates
YYYY-MM-DD and date-times ISO 8601 with the province's offset."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cchc_portal.api_support import ISO_DATE, CodeField, IsoDateField, PortalDateTimeField
from cchc_portal.dates import in_range
from departments.models import Department
from departments.selectors import department_list
from procedures import rules
from procedures.dvcqg import NationalStatus
from procedures.models import PROCEDURE_FACTS, Dossier, Field, Procedure, SupplementRequest, dossier_code_rule
from procedures.office_hours import parse_time_limit
from procedures.selectors import procedure_list
from procedures.services import procedure_units_check

# The largest fee the column holds (a 64-bit integer): a larger number is a 400, not a database error.
FEE_LIMIT = 2**63 - 1
FINISHED_CHOICES = [(status.value, status.label) for status in Dossier.FINISHED_STATUSES]


@extend_schema_field(OpenApiTypes.STR)
class UserScopedSlugField(serializers.SlugRelatedField):
    """A foreign key given by code, found only among the records the requesting user may see: another
    department's procedure is answered exactly like one that does not exist."""

    def __init__(
        self, *, selector: Callable[..., QuerySet], unknown: Callable[[str], str] | None = None, **kwargs
    ) -> None:
        self.selector, self.unknown = selector, unknown
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> QuerySet:
        return self.selector(user=self.context["request"].user)

    def fail(self, key: str, **kwargs: Any) -> None:
        # A rule with a message of its own (the rulebook's) says it in the same words as every other path.
        if key == "does_not_exist" and self.unknown is not None:
            raise serializers.ValidationError(self.unknown(kwargs["value"]), code=key)
        super().fail(key, **kwargs)


@extend_schema_field(OpenApiTypes.NUMBER)
class TimeAmountField(serializers.Field):
    """A time limit's amount, in the procedure's time_unit: a number (5, 0.5), or text as staff type it
    ("0,5", "4 giờ"), read in ProcedureSerializer.validate() as on the form and in the workbook."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            raise serializers.ValidationError(_("Thời hạn phải là một số, ví dụ 5 hoặc 0,5."))
        return str(data)

    def to_representation(self, value: Decimal) -> int | float:
        return int(value) if value == int(value) else float(value)


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name"]
        read_only_fields = fields


class ProcedureSerializer(serializers.ModelSerializer):
    field_name = serializers.CharField(source="field.name", read_only=True)
    units = UserScopedSlugField(
        selector=department_list,
        many=True,
        required=False,
        help_text=_(
            "Mã các đơn vị thực hiện, trong phạm vi đơn vị của người dùng; thủ tục cấp xã, cấp huyện có thể "
            "để trống (mọi xã, mọi huyện thực hiện)."
        ),
        error_messages={"does_not_exist": _("Không có đơn vị mã “{value}” trong phạm vi của bạn.")},
    )
    department = serializers.SerializerMethodField(
        help_text=_(
            "Đơn vị thực hiện đầu tiên (giữ cho tương thích; gửi `department` thay cho `units` một đơn vị)."
        )
    )
    statutory_days = TimeAmountField(help_text=_("Thời hạn quy định, theo time_unit: 5, 0.5, 4."))
    reduced_days = TimeAmountField(
        required=False,
        allow_null=True,
        help_text=_("Thời hạn cắt giảm, cùng đơn vị; null nếu chưa cắt giảm."),
    )
    processing_days = TimeAmountField(
        read_only=True, help_text=_("Thời hạn áp dụng (cắt giảm nếu có), theo time_unit.")
    )
    reduction_pct = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "field_name",
            "level",
            "units",
            "department",
            "time_unit",
            "statutory_days",
            "reduced_days",
            "processing_days",
            "reduction_pct",
            "online_level",
            "accepts_postal",
            *PROCEDURE_FACTS,
        ]
        extra_kwargs = {
            "field": {
                "help_text": _("Mã số (id) lĩnh vực, xem /api/v1/fields/."),
                "error_messages": {"does_not_exist": _("Không có lĩnh vực mã số “{pk_value}”.")},
            },
        }

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type, dict]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        return (CodeField if field_name == "code" else field_class), kwargs

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_department(self, procedure: Procedure) -> str | None:
        # From the units read with the list (prefetched), not a query per row.
        codes = sorted(unit.code for unit in procedure.units.all())
        return codes[0] if codes else None

    def to_internal_value(self, data: Any) -> dict:
        # Clients written before procedures listed several units send one `department`.
        if isinstance(data, dict) and "department" in data and "units" not in data:
            department = data["department"]
            data = {**data, "units": [] if department in (None, "") else [department]}
        return super().to_internal_value(data)

    def validate(self, attrs: dict) -> dict:
        # The model's own clean() holds the rules of the reduced time and of fees paid online,
        # procedure_units_check that of the level and units (a change that would strand the procedure's
        # dossiers among them), with their messages, for the admin and the pages alike.
        judged = ("time_unit", "statutory_days", "reduced_days", "has_fees", "fees_integrated")
        try:
            self._read_limits(attrs)
            candidate = Procedure(
                pk=getattr(self.instance, "pk", None),
                **{key: attrs[key] if key in attrs else getattr(self.instance, key, None) for key in judged},
            )
            candidate.clean()
            self._check_units(attrs)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs

    def _read_limits(self, attrs: dict) -> None:
        """The amounts sent, read in the time_unit sent or stored (a text naming a unit sets it where
        none is sent), as staff's typed limits are read."""
        unit = attrs.get("time_unit", getattr(self.instance, "time_unit", None))
        problems = {}
        for name in ("statutory_days", "reduced_days"):
            if attrs.get(name) is None:
                continue
            try:
                limit = parse_time_limit(attrs[name], unit=unit)
            except DjangoValidationError as error:
                problems[name] = error.messages
                continue
            attrs[name], unit = limit.amount, limit.unit
            attrs.setdefault("time_unit", unit)
        if problems:
            raise DjangoValidationError(problems)

    def _check_units(self, attrs: dict) -> None:
        instance = self.instance
        if instance is None and "units" not in attrs:
            attrs["units"] = []
        if instance is not None and "units" not in attrs and "level" not in attrs:
            return
        field = attrs.get("field", getattr(instance, "field", None))
        procedure_units_check(
            procedure=instance,
            level=attrs.get("level", getattr(instance, "level", Procedure.Level.PROVINCE)),
            units=attrs["units"] if "units" in attrs else list(instance.units.all()),
            field_id=field.pk if field else None,
        )


class DossierSerializer(serializers.ModelSerializer):
    procedure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    receiving_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    # Blank until the applicant rates the dossier; said here, since a read-only field would lose it.
    satisfaction = serializers.ChoiceField(
        choices=Dossier.Satisfaction.choices, allow_blank=True, read_only=True
    )
    timeliness = serializers.SerializerMethodField(
        help_text=_(
            "Tình trạng so với hạn giải quyết: early, on_time, late (đã trả), within_deadline, overdue "
            "(chưa trả, tính đến hôm nay), no_result (rút, từ chối)."
        )
    )

    class Meta:
        model = Dossier
        fields = [
            "code",
            "procedure",
            "department",
            "receiving_unit",
            "applicant",
            "channel",
            "status",
            "received_at",
            "due_on",
            "due_at",
            "computed_due_on",
            "effective_due_on",
            "finished_at",
            "satisfaction",
            "apology_issued_on",
            "apology_due_on",
            "version",
            "paused_on",
            "paused_days",
            "timeliness",
            *rules.NATIONAL_FACTS,
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Dossier.Timeliness.choices))
    def get_timeliness(self, dossier: Dossier) -> str:
        return dossier.timeliness(on=timezone.localdate()).value


class SupplementRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplementRequest
        fields = ["requested_on", "requested_at", "supplied_on", "supplied_at", "reason"]
        read_only_fields = fields


class ReturnMomentField(PortalDateTimeField):
    """The time of a return, or its date alone (YYYY-MM-DD), which procedures.services.dossier_finish
    dates at the receipt time on the day of receipt and at the start of any later day."""

    def to_internal_value(self, value: Any) -> datetime | date:
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                day = datetime.strptime(value, "%Y-%m-%d").date()
            except ValueError:
                self.fail("invalid", format="YYYY-MM-DD")
            if not in_range(day):
                self.fail("out_of_range")
            return day
        return super().to_internal_value(value)


class VersionField(serializers.IntegerField):
    """The version of the dossier the client read (its GET's "version"): a change made since is refused
    with 409 rather than overwritten. Left out, the write goes ahead whatever changed since."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            min_value=1,
            required=False,
            help_text=_(
                "Phiên bản hồ sơ đã đọc (trường version khi GET). Nếu hồ sơ đã bị thay đổi kể từ đó, "
                "yêu cầu bị từ chối với mã 409; bỏ trống thì không kiểm tra."
            ),
            **kwargs,
        )


# The receipt data staff may correct (procedures.services.dossier_update). Comments rather than docstrings
# on request serializers: the OpenAPI schema would show a docstring to API users, in English.
class DossierChangeSerializer(serializers.Serializer):
    version = VersionField()
    applicant = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Dossier.Channel.choices)
    received_at = PortalDateTimeField(
        help_text=_("ISO 8601; không có múi giờ thì hiểu theo giờ Việt Nam (+07:00).")
    )
    due_on = IsoDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Để trống để tính theo thời hạn giải quyết và lịch ngày làm việc."),
    )


# A new receipt (procedures.services.dossier_register); the due date is computed unless given.
class DossierRegisterSerializer(DossierChangeSerializer):
    version = None  # a new dossier has no version to send back
    code = CodeField(max_length=50, validators=[dossier_code_rule])
    procedure = UserScopedSlugField(
        selector=procedure_list, unknown=rules.unknown_procedure, help_text=_("Mã TTHC, ví dụ 1.004227.")
    )
    department = UserScopedSlugField(
        selector=department_list,
        help_text=_("Mã đơn vị giải quyết: đơn vị thực hiện thủ tục hoặc đơn vị cấp dưới của nó."),
        error_messages={"does_not_exist": _("Không có đơn vị mã “{value}” trong phạm vi của bạn.")},
    )
    # Any unit in being on the day may take a dossier in for another (the service centre, since 2025 any).
    receiving_unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Mã đơn vị tiếp nhận, nếu khác đơn vị giải quyết (ví dụ Trung tâm Phục vụ hành chính công)."
        ),
        error_messages={"does_not_exist": _("Không có đơn vị mã “{value}”.")},
    )

    def validate_code(self, code: str) -> str:
        if Dossier.objects.filter(code=code).exists():
            raise serializers.ValidationError(_("Đã có hồ sơ mã “%(code)s”.") % {"code": code})
        return code


# The national facts (procedures.dossier_facts.dossier_record_facts): those left out stay as stored.
class DossierFactsSerializer(serializers.Serializer):
    version = VersionField()
    national_status = serializers.ChoiceField(
        choices=NationalStatus.choices,
        required=False,
        allow_null=True,
        help_text=_("Trạng thái hồ sơ trên hệ thống DVCQG (1–10), giữ nguyên như đã nhận; null nếu chưa có."),
    )
    processing_completed_at = PortalDateTimeField(
        required=False,
        allow_null=True,
        help_text=_(
            "Thời điểm xử lý xong; không trước thời điểm tiếp nhận, không sau thời điểm trả kết quả."
        ),
    )
    fee_amount = serializers.IntegerField(
        required=False,
        allow_null=True,
        max_value=FEE_LIMIT,
        help_text=_("Lệ phí (đồng): null nếu không có phí, lệ phí; 0 nếu được miễn."),
    )
    paid_online = serializers.BooleanField(
        required=False, help_text=_("Thanh toán trực tuyến; chỉ khi lệ phí lớn hơn 0.")
    )
    electronic_result = serializers.BooleanField(required=False)
    digitised = serializers.BooleanField(required=False)
    reused_data = serializers.BooleanField(required=False)
    dvcqg_store = serializers.BooleanField(required=False)
    population_data = serializers.BooleanField(required=False)
    synced_to_dvcqg = serializers.BooleanField(required=False)


# Return the result, or close without one (procedures.services.dossier_finish).
class DossierFinishSerializer(serializers.Serializer):
    version = VersionField()
    status = serializers.ChoiceField(choices=FINISHED_CHOICES)
    finished_at = ReturnMomentField(
        help_text=_(
            "ISO 8601; không có múi giờ thì hiểu theo giờ Việt Nam (+07:00). Chỉ có ngày (YYYY-MM-DD): trả "
            "trong ngày tiếp nhận thì tính từ thời điểm tiếp nhận, ngày khác thì từ đầu ngày."
        )
    )
    satisfaction = serializers.ChoiceField(
        choices=Dossier.Satisfaction.choices, required=False, allow_blank=True, default=""
    )
