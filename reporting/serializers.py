"""The JSON contract of spec/indicators.md, shared by the command line and the API."""

from reporting.results import IndicatorSet


def indicator_payload(result: IndicatorSet) -> dict:
    department = result.department
    return {
        "department": {"code": department.code, "name": department.name} if department else None,
        "period": {"from": result.period.start.isoformat(), "to": result.period.end.isoformat()},
        "structure": result.structure,
        "indicators": result.values(),
    }
