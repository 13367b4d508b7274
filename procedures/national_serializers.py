"""The JSON of publication decisions and petitions (PAKN), in the conventions of procedures.serializers:
enums by their code values, foreign keys by code, dates YYYY-MM-DD, date-times ISO 8601."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cchc_portal.api_support import CodeField, IsoDateField, PortalDateTimeField
from departments.selectors import department_list
from procedures import rules
from procedures.models import Petition, Procedure, PublicationDecision, PublicationItem
from procedures.models.petitions import ENTERED_FIELDS, LIFECYCLE_TIMES, petition_problems
from procedures.models.publications import PROCEDURE_TWICE_IN_DECISION
from procedures.national_services import decision_save, petition_save
from procedures.selectors import dossier_list, procedure_list
from procedures.serializers import UserScopedSlugField

MOMENT_HELP = _("ISO 8601; không có múi giờ thì hiểu theo giờ Việt Nam (+07:00).")


class PublicationItemSerializer(serializers.ModelSerializer):
    # Any procedure of the catalogue: a decision is the province's, and only its keepers write it.
    procedure = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Procedure.objects.all(),
        help_text=_("Mã TTHC, ví dụ 1.004227."),
        error_messages={"does_not_exist": _("Không có thủ tục mã “{value}”.")},
    )
    procedure_name = serializers.CharField(source="procedure.name", read_only=True)
    basis_effective_on = IsoDateField(help_text=_("Ngày văn bản quy định thủ tục có hiệu lực."))
    published_on = IsoDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Ngày công khai trên CSDL quốc gia về TTHC; để trống nếu chưa công khai."),
    )

    class Meta:
        model = PublicationItem
        fields = ["procedure", "procedure_name", "kind", "basis_effective_on", "published_on"]


class PublicationDecisionSerializer(serializers.ModelSerializer):
    decided_on = IsoDateField()
    items = PublicationItemSerializer(
        many=True, help_text=_("Các thủ tục được công bố; mỗi thủ tục một lần trong một quyết định.")
    )

    class Meta:
        model = PublicationDecision
        fields = ["id", "number", "decided_on", "note", "items"]

    def validate_items(self, items: list[dict]) -> list[dict]:
        codes = [item["procedure"].code for item in items]
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise serializers.ValidationError(
                f"{', '.join(twice)}: {PROCEDURE_TWICE_IN_DECISION}", code="unique"
            )
        return items

    # Sent items replace the decision's items; a partial change without them keeps them.
    def create(self, validated_data: dict) -> PublicationDecision:
        items = validated_data.pop("items")
        return decision_save(decision=PublicationDecision(), fields=validated_data, items=items)

    def update(self, instance: PublicationDecision, validated_data: dict) -> PublicationDecision:
        items = validated_data.pop("items", None)
        return decision_save(decision=instance, fields=validated_data, items=items)


def _moment(label: str) -> PortalDateTimeField:
    return PortalDateTimeField(
        required=False, allow_null=True, default=None, help_text=f"{label} {MOMENT_HELP}"
    )


class PetitionSerializer(serializers.ModelSerializer):
    department = UserScopedSlugField(
        selector=department_list,
        help_text=_("Mã đơn vị xử lý PAKN, trong phạm vi đơn vị của người dùng."),
        error_messages={"does_not_exist": _("Không có đơn vị mã “{value}” trong phạm vi của bạn.")},
    )
    procedure = UserScopedSlugField(
        selector=procedure_list,
        unknown=rules.unknown_procedure,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Mã TTHC bị phản ánh, nếu có."),
    )
    dossier = UserScopedSlugField(
        selector=dossier_list,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Mã hồ sơ bị phản ánh, nếu có; phải thuộc thủ tục đã ghi."),
        error_messages={"does_not_exist": _("Không có hồ sơ mã “{value}” trong phạm vi của bạn.")},
    )
    received_at = PortalDateTimeField(help_text=MOMENT_HELP)
    refused_at = _moment(_("Thời điểm từ chối tiếp nhận."))
    supplement_requested_at = _moment(_("Thời điểm yêu cầu bổ sung thông tin."))
    finished_at = _moment(_("Thời điểm giải quyết xong (không có nếu đã từ chối tiếp nhận)."))
    published_at = _moment(_("Thời điểm công khai kết quả xử lý."))
    rating = serializers.ChoiceField(
        choices=Petition.Rating.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("satisfied, dissatisfied, hoặc để trống nếu chưa đánh giá."),
    )

    class Meta:
        model = Petition
        fields = ENTERED_FIELDS

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type, dict]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        return (CodeField if field_name == "code" else field_class), kwargs

    def validate(self, attrs: dict) -> dict:
        # The model's rule and words (procedures.models.petitions), on the petition as it would be saved.
        def value(name: str) -> Any:
            return attrs[name] if name in attrs else getattr(self.instance, name, None)

        procedure = value("procedure")
        problems = petition_problems(
            received_at=value("received_at"),
            times={name: value(name) for name in LIFECYCLE_TIMES},
            procedure_id=procedure.pk if procedure else None,
            dossier=value("dossier"),
        )
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def create(self, validated_data: dict) -> Petition:
        return petition_save(petition=Petition(), fields=validated_data)

    def update(self, instance: Petition, validated_data: dict) -> Petition:
        return petition_save(petition=instance, fields=validated_data)
