"""Schemathesis fuzzes the API against the OpenAPI schema the app itself serves at /api/schema/.

In process, through the WSGI application, inside the test's transaction. Every operation gets a bounded
number of generated requests, derandomized so that CI is reproducible, and every response must be no
server error and must match the schema: a status code the schema documents, a body of its shape.

Two runs: the leader (reads everything, may write nothing) with data that fits the schema and data that
does not; and a department's staff member with writes that name records they may change, so that the
generated receipt times, due dates and statuses reach the services rather than stopping at "no such
procedure"."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.conftest import Province
from tests.factories import local, make_api_key, make_dossier, make_petition

# Requests per operation and mode: bounded so that the whole test stays well under a minute and a half
# on CI's two cores.
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance]


@dataclass
class Run:
    headers: dict[str, str]
    operations: int = 0
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def token_headers(user) -> dict[str, str]:
    return {"Authorization": f"Token {make_api_key(user)}"}


@pytest.fixture
def fuzz_province(province) -> Province:
    make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))
    make_dossier(
        province.stttt_procedure,
        code="000.00.18.H12-250304-0001",
        department=province.stttt_office,
        received_at=local(2025, 3, 4),
        finished_at=local(2025, 3, 6),
    )
    make_dossier(province.sxd_procedure, code="HS-SXD", received_at=local(2025, 2, 28))
    make_petition(province.stttt, code="PAKN-1", procedure=province.stttt_procedure)
    return province


@pytest.fixture
def api_schema(fuzz_province, settings) -> OpenApiSchema:
    # The WSGI client names its host "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # As Django's test client does: a request must not close the connection holding the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        headers = token_headers(fuzz_province.leader)
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler(), headers=headers)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(
    schema: OpenApiSchema,
    run: Run,
    modes: tuple[GenerationMode, ...],
    prepare: Callable[[Case], Case] = lambda case: case,
) -> None:
    # Schemathesis's own pytest integration relies on pytest internals that pytest 9.2 changed, so each
    # operation runs under a plain Hypothesis test, and every operation's failure is kept, not only the
    # first one.
    for operation in (result.ok() for result in schema.get_all_operations()):
        run.operations += 1
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode).map(prepare))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Case) -> None:
                run.requests += 1
                response = case.call_and_validate(headers=run.headers, checks=CHECKS)
                run.statuses[(case.method, response.status_code)] += 1

            try:
                check()
            # Schemathesis reports failed checks as a group, which is a BaseExceptionGroup.
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - every failure is reported
                run.failures.append(f"{operation.label} ({mode}): {error}")


def test_the_api_answers_the_leader_as_its_schema_says(api_schema, fuzz_province):
    run = Run(token_headers(fuzz_province.leader))
    fuzz(api_schema, run, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE))
    print(f"schemathesis, leader: {run.operations} operations, {run.requests} requests, {run.statuses}")
    assert run.operations >= 15
    assert not run.failures, "\n\n".join(run.failures)


def test_the_api_answers_staff_writes_as_its_schema_says(api_schema, fuzz_province):
    field_id = fuzz_province.stttt_procedure.field_id
    known = {"dossiers": "HS-1", "procedures": "1.004227", "departments": "STTTT", "petitions": "PAKN-1"}

    def name_known_records(case: Case) -> Case:
        # Generated codes almost never name a record; these name Lan's own, so writes reach the services.
        references = {"procedure": "1.004227", "department": "STTTT", "field": field_id, "dossier": "HS-1"}
        if "code" in (case.path_parameters or {}):
            case.path_parameters["code"] = known[case.operation.path.split("/")[3]]
            # A procedure renamed by one example would be gone for the next ones.
            references["code"] = case.path_parameters["code"]
        if isinstance(case.body, dict):
            case.body.update({key: value for key, value in references.items() if key in case.body})
        return case

    run = Run(token_headers(fuzz_province.staff_stttt))
    fuzz(api_schema, run, (GenerationMode.POSITIVE,), name_known_records)
    print(f"schemathesis, staff: {run.operations} operations, {run.requests} requests, {run.statuses}")
    assert not run.failures, "\n\n".join(run.failures)
    # The run is worth something only if generated writes got through to the services and were saved.
    assert run.statuses[("POST", 201)] and run.statuses[("PATCH", 200)], run.statuses
