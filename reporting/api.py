from django.contrib.auth.decorators import login_not_required
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from cchc_portal.api_support import error_responses
from departments.selectors import top_departments
from procedures.organisation import CURRENT, STRUCTURES
from reporting.cache import snapshot
from reporting.definitions import DEFINITIONS
from reporting.index766 import unit_index766
from reporting.indicators import indicators_for_department, indicators_for_departments
from reporting.params import (
    BadRequest,
    find_department,
    find_index_unit,
    parse_index_period,
    parse_period,
    parse_structure,
)
from reporting.serializers import indicator_payload


def _indicator_field(kind: str, source: str, label: str) -> serializers.Field:
    # Counts of dossiers and procedures always have a value; rates are null where the denominator is 0,
    # and declared figures where the department has not reported them.
    if kind == "count" and source != "declarations":
        return serializers.IntegerField(help_text=label)
    return serializers.FloatField(allow_null=True, help_text=label)


# The JSON contract of spec/indicators.md, for the OpenAPI schema only: reporting.serializers builds it.
_PERIOD = inline_serializer(
    "IndicatorPeriod",
    {"from": serializers.DateField(), "to": serializers.DateField()},
)
_PAYLOAD = inline_serializer(
    "IndicatorPayload",
    {
        "department": inline_serializer(
            "IndicatorDepartment", {"code": serializers.CharField(), "name": serializers.CharField()}
        ),
        "period": _PERIOD,
        "structure": serializers.ChoiceField(choices=list(STRUCTURES)),
        "indicators": inline_serializer(
            "IndicatorValues",
            {d.code: _indicator_field(d.kind, d.source, str(d.label)) for d in DEFINITIONS},
        ),
    },
)
_DATE_HELP = "Ngày dạng YYYY-MM-DD, tính cả ngày này."


# DRF authenticates API calls itself and answers in JSON, so the login redirect of pages must not apply.
@login_not_required
@extend_schema(
    operation_id="indicators_retrieve",
    description="Các chỉ số của một đơn vị (gồm đơn vị cấp dưới) trong một kỳ, hoặc của mọi đơn vị cấp "
    "trên cùng mà người dùng thấy khi không nêu đơn vị.",
    parameters=[
        OpenApiParameter("from", OpenApiTypes.DATE, required=True, description=_DATE_HELP),
        OpenApiParameter("to", OpenApiTypes.DATE, required=True, description=_DATE_HELP),
        OpenApiParameter("department", OpenApiTypes.STR, description="Mã đơn vị, ví dụ STTTT."),
        OpenApiParameter(
            "structure",
            OpenApiTypes.STR,
            enum=list(STRUCTURES),
            description="Cơ cấu: current (hiện tại, mặc định: gồm số liệu của đơn vị tiền nhiệm theo lĩnh vực "
            "đã chuyển giao) hoặc historical (tại thời điểm phát sinh).",
        ),
    ],
    responses={
        200: PolymorphicProxySerializer(
            component_name="IndicatorsResponse",
            serializers=[
                _PAYLOAD,
                inline_serializer(
                    "IndicatorList",
                    {
                        "period": _PERIOD,
                        "structure": serializers.ChoiceField(choices=list(STRUCTURES)),
                        "results": serializers.ListField(child=_PAYLOAD),
                    },
                ),
            ],
            resource_type_field_name=None,
        ),
        **error_responses(400, 403),
    },
)
@api_view(["GET"])
def indicators(request: Request) -> Response:
    try:
        period = parse_period(request.query_params.get("from"), request.query_params.get("to"))
        structure = parse_structure(request.query_params.get("structure"))
        code = request.query_params.get("department")
        department = find_department(code, user=request.user) if code else None
    except BadRequest as error:
        return Response({"error": str(error)}, status=400)
    with snapshot():
        if department is not None:
            return Response(
                indicator_payload(indicators_for_department(department, period, structure=structure))
            )
        departments = list(top_departments(user=request.user))
        if structure == CURRENT:
            # As the ranking: in the current structure, the units in being on the period's last day.
            departments = [d for d in departments if d.exists_on(period.end)]
        results = indicators_for_departments(departments, period, structure=structure)
        return Response(
            {
                "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
                "structure": structure,
                "results": [indicator_payload(results[department.pk]) for department in departments],
            }
        )


_INDEX_INDICATORS = inline_serializer(
    "Index766Indicator",
    many=True,
    fields={
        "code": serializers.CharField(),
        "label": serializers.CharField(),
        "numerator": serializers.IntegerField(allow_null=True),
        "denominator": serializers.IntegerField(allow_null=True),
        "ratio": serializers.FloatField(allow_null=True, help_text="Tỷ lệ (%), null khi mẫu số bằng 0."),
        "points": serializers.FloatField(allow_null=True, help_text="Điểm, null khi chưa có dữ liệu."),
        "max": serializers.FloatField(),
        "threshold": serializers.FloatField(help_text="Ngưỡng (%) từ đó đạt điểm tối đa."),
    },
)
_INDEX_PAYLOAD = inline_serializer(
    "Index766Payload",
    {
        "department": serializers.CharField(help_text="Mã đơn vị; TINH: cả tỉnh."),
        "period": _PERIOD,
        "structure": serializers.ChoiceField(choices=list(STRUCTURES)),
        "groups": inline_serializer(
            "Index766Group",
            many=True,
            fields={
                "code": serializers.CharField(),
                "label": serializers.CharField(),
                "points": serializers.FloatField(allow_null=True),
                "max": serializers.FloatField(),
                "indicators": _INDEX_INDICATORS,
            },
        ),
        "total": serializers.FloatField(allow_null=True),
        "max_available": serializers.FloatField(),
        "score_100": serializers.FloatField(allow_null=True),
    },
)


@login_not_required
@extend_schema(
    operation_id="index766_retrieve",
    description="Bộ chỉ số chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) của một đơn vị "
    "(gồm đơn vị cấp dưới) hoặc cả tỉnh trong một kỳ, chấm với thang điểm áp dụng tại ngày đầu kỳ.",
    parameters=[
        OpenApiParameter("from", OpenApiTypes.DATE, required=True, description=_DATE_HELP),
        OpenApiParameter("to", OpenApiTypes.DATE, required=True, description=_DATE_HELP),
        OpenApiParameter(
            "department", OpenApiTypes.STR, description="Mã đơn vị, ví dụ STTTT; bỏ trống hoặc TINH: cả tỉnh."
        ),
        OpenApiParameter(
            "structure",
            OpenApiTypes.STR,
            enum=list(STRUCTURES),
            description="Cơ cấu: current (hiện tại, mặc định) hoặc historical (tại thời điểm phát sinh).",
        ),
    ],
    responses={200: _INDEX_PAYLOAD, **error_responses(400, 403)},
)
@api_view(["GET"])
def index766(request: Request) -> Response:
    try:
        period = parse_index_period(request.query_params.get("from"), request.query_params.get("to"))
        structure = parse_structure(request.query_params.get("structure"))
        unit = find_index_unit(request.query_params.get("department"), user=request.user)
    except BadRequest as error:
        return Response({"error": str(error)}, status=400)
    with snapshot():
        return Response(unit_index766(unit, period, structure=structure).as_json())
