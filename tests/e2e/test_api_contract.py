"""The live server keeps the contract its own /api/v1/openapi.json states, for any input.

Schemathesis reads the document from the running server and sends each operation generated
requests, valid and invalid (wrong types, missing fields, out-of-range ids, odd headers),
as a supervisor-admin would and without credentials. Every answer must be documented for
that operation (an undocumented status code fails), match its documented schema, be JSON,
and never be a 5xx.

The examples are the same on every run (derandomized), so CI is reproducible. To hunt with
fresh random examples, and more of them: ONEWINDOW_CONTRACT_RANDOM=1
ONEWINDOW_CONTRACT_EXAMPLES=200 (a run like this found dates before year 1 answered with a 500).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = int(os.environ.get("ONEWINDOW_CONTRACT_EXAMPLES", "25"))


@pytest.fixture
def admin(server):
    return bearer(server.login("admin"))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_every_answer_is_documented_and_matches_its_schema(server, admin, mode):
    schema = schemathesis.openapi.from_url(f"{server.api}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 23
    if mode is GenerationMode.NEGATIVE:  # an operation that takes nothing has nothing to get wrong
        operations = [op for op in operations if op.definition.raw.get("parameters") or op.body]
    failures = {}
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=not os.environ.get("ONEWINDOW_CONTRACT_RANDOM"),
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def keeps_its_contract(case):
            case.call_and_validate(base_url=server.api, headers=admin, checks=CHECKS, timeout=10)

        try:
            keeps_its_contract()
        except Exception as failure:  # noqa: BLE001 - collected, reported together below
            failures[operation.label] = failure
    assert not failures, "\n\n".join(f"{label}:\n{failure}" for label, failure in failures.items())
    # A 4xx is an answer; a traceback in the server's log is a bug even if no client saw a 500.
    assert server.logged_errors() == []
