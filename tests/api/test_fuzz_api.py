"""Fuzzing every operation of the app's own OpenAPI spec with schemathesis, in process (WSGI).

No 5xx, every response documented and matching its schema, every error problem+json.
A bounded number of examples per operation here (ESSAY_FEEDBACK_FUZZ_EXAMPLES, default
8); `scripts/fuzz` runs many more.
"""

from __future__ import annotations

import os
import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.config import PACKAGED_REFERENCES
from service_apps import ready_app

PROBLEM = "application/problem+json"
EXAMPLES = int(os.environ.get("ESSAY_FEEDBACK_FUZZ_EXAMPLES", "8"))


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    # POST /v1/references stores essays: give it a copy of the references, never the packaged folder.
    references = tmp_path_factory.mktemp("references")
    shutil.copytree(PACKAGED_REFERENCES, references, dirs_exist_ok=True)
    # Jobs are stored in a throwaway folder and analysed in the request (no worker needed).
    data_dir = tmp_path_factory.mktemp("jobs")
    return ready_app(
        RATE_LIMIT_ENABLED=False, REFERENCES_DIR=str(references), ANALYSIS_TIMEOUT=10, DATA_DIR=str(data_dir), JOBS_EAGER=True
    )


# The spec needs no pipeline: collecting the tests stays cheap, and the cases are then sent
# to `fuzzed_app`, which has one. (schemathesis' lazy fixture loader does not run on pytest 9.)
schema = schemathesis.openapi.from_wsgi("/openapi.json", ready_app(LOAD_PIPELINE=False))


def errors_are_problems(ctx, response, case):
    """Every 4xx/5xx is application/problem+json with a status matching the response's."""
    if response.status_code >= 400:
        content_type = next((value for name, value in response.headers.items() if name.lower() == "content-type"), None)
        if isinstance(content_type, list):
            content_type = content_type[0]
        assert (content_type or "").split(";")[0] == PROBLEM, f"{case.method} {case.path} {response.status_code}: {content_type}"
        body = response.json()
        assert body["status"] == response.status_code
        assert body["type"] and body["title"] and body["detail"]


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("ESSAY_FEEDBACK_FUZZ_RANDOM") is None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_survives_fuzzing(case, fuzzed_app):
    case.call_and_validate(app=fuzzed_app, checks=CHECKS, additional_checks=[errors_are_problems])
