from django.contrib.auth.decorators import login_not_required
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from departments.selectors import top_departments
from reporting.indicators import indicators_for_department, indicators_for_departments
from reporting.params import BadRequest, find_department, parse_period
from reporting.serializers import indicator_payload


# DRF authenticates API calls itself and answers in JSON, so the login redirect of pages must not apply.
@login_not_required
@api_view(["GET"])
def indicators(request: Request) -> Response:
    try:
        period = parse_period(request.query_params.get("from"), request.query_params.get("to"))
        code = request.query_params.get("department")
        department = find_department(code, user=request.user) if code else None
    except BadRequest as error:
        return Response({"error": str(error)}, status=400)
    if department is not None:
        return Response(indicator_payload(indicators_for_department(department, period)))
    departments = list(top_departments(user=request.user))
    results = indicators_for_departments(departments, period)
    return Response(
        {
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "results": [indicator_payload(results[department.pk]) for department in departments],
        }
    )
