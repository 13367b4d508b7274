from django.contrib.auth.decorators import login_not_required
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from cchc_portal.api_support import error_responses
from reporting.cache import snapshot
from scorecards.models import Assessment
from scorecards.params import BadRequest
from scorecards.selectors import par_scores


def _points(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


# The JSON contract of the issue, for the OpenAPI schema only: scorecards.selectors.par_payload builds it.
_PAYLOAD = inline_serializer(
    "ParScores",
    {
        "year": serializers.IntegerField(),
        "department": inline_serializer(
            "ParDepartment", {"code": serializers.CharField(), "name": serializers.CharField()}
        ),
        "status": serializers.ChoiceField(choices=Assessment.Status.values),
        "criteria": inline_serializer(
            "ParCriterion",
            many=True,
            fields={
                "code": serializers.CharField(),
                "title": serializers.CharField(),
                "max": serializers.FloatField(help_text="Điểm tối đa."),
                "auto": _points(
                    "Điểm tự động từ số liệu cả năm (cơ cấu hiện tại); null: không chấm tự động hoặc chưa có số liệu."
                ),
                "self": _points("Điểm đơn vị tự chấm; null: chưa chấm."),
                "appraised": _points("Điểm thẩm định; null: chưa thẩm định."),
                "final": _points(
                    "Điểm cuối cùng: thẩm định, nếu không thì điểm điều chỉnh, nếu không thì điểm tự động."
                ),
            },
        ),
        "survey": _points("Điểm điều tra xã hội học; null: chưa có."),
        "total": serializers.FloatField(help_text="Tổng điểm cuối cùng các tiêu chí và điểm điều tra."),
        "rank": serializers.IntegerField(
            allow_null=True, help_text="Thứ hạng trong các đơn vị đã chốt kết quả; null: chưa chốt."
        ),
    },
)


# DRF authenticates API calls itself and answers in JSON, so the login redirect of pages must not apply.
@login_not_required
@extend_schema(
    operation_id="par_retrieve",
    description="Phiếu chấm chỉ số CCHC của một đơn vị trong một năm: các tiêu chí lá với điểm tối đa, điểm tự động, "
    "tự chấm, thẩm định và cuối cùng; điểm điều tra, tổng điểm và thứ hạng.",
    parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, required=True, description="Năm đánh giá, ví dụ 2025."),
        OpenApiParameter(
            "department", OpenApiTypes.STR, required=True, description="Mã đơn vị, ví dụ SKHCN."
        ),
    ],
    responses={200: _PAYLOAD, **error_responses(400, 403)},
)
@api_view(["GET"])
def par(request: Request) -> Response:
    params = request.query_params
    try:
        with snapshot():
            return Response(
                par_scores(user=request.user, year=params.get("year"), department=params.get("department"))
            )
    except BadRequest as error:
        return Response({"error": str(error)}, status=400)
