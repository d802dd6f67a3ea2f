"""The API description: OpenAPI at /openapi.json, Swagger UI at /docs, with no CDN.

Views document their own requests and responses. What is true of every route (API keys,
rate limits, request ids, the problem+json error format, body limits) is written into the
spec here, once, by an apispec plugin that sees each operation as its blueprint is
registered, so a new blueprint in `service.api.BLUEPRINTS` is documented like the others.
Swagger UI's scripts come from the `swagger-ui-bundle` package and are served by the app.
"""

from __future__ import annotations

import copy
import functools
import json
from http import HTTPStatus
from pathlib import Path

from apispec import BasePlugin
from flask import Blueprint, Flask, request, send_from_directory
from flask import json as flask_json
from swagger_ui_bundle import swagger_ui_path

from schemas.problem import PROBLEM_CONTENT_TYPE
from service.api_keys import is_protected
from service.problems import PROBLEM_TYPES
from service.request_logging import REQUEST_ID_HEADER

EXAMPLES_PATH = Path(__file__).resolve().parent / "data" / "api_examples.json"
SWAGGER_UI_PAGE = "docs"
SWAGGER_UI_ASSETS = f"/{SWAGGER_UI_PAGE}/assets/"
# flask-smorest's view of /openapi.json (its docs blueprint "api-docs").
SPEC_ENDPOINT = "api-docs.openapi_json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
BODY_METHODS = {"post", "put", "patch"}

API_DESCRIPTION = """\
Structural feedback on history essays answering *"Was Stalinism a logical continuation of
Leninism?"*: thesis, claims, evidence and citations, with character offsets (Unicode code
points into the text exactly as sent) that a client can highlight.

**Authentication.** When the operator sets `ESSAY_FEEDBACK_API_KEYS`, every route needs
`Authorization: Bearer <key>` or `X-API-Key: <key>` (browsers on the HTML pages: HTTP Basic
with the key as password); without keys the service is open. Probes (`/healthz`,
`/readyz`), `/metrics`, `/docs` and `/openapi.json` never need a key.

**Limits.** Each key (or each client address when keys are off) has a request budget across
all routes but the open ones; past it the answer is 429 with `Retry-After` (seconds) and the
`X-RateLimit-*` headers. Bodies and essays over the configured sizes are refused with 413.

**Errors.** Every error is `application/problem+json` (RFC 9457): `type`, `title`, `status`,
`detail`, `instance`, and on 422 `errors` with each field's messages.

**Request ids.** Send `X-Request-ID` to follow a request through the service's logs; without
one the service makes one. Either way it comes back in the response's `X-Request-ID`.

**Privacy.** Essays are never logged. Essays sent to `/v1/feedback` are analysed in memory and never stored; those of a job are stored until analysed, and its results until the job expires (ESSAY_FEEDBACK_RETENTION, 7 days by default) or is deleted.
"""

SECURITY_SCHEMES = {
    "bearerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <key>`, when the operator configured keys.",
    },
    "headerKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "`X-API-Key: <key>`, the same keys as the bearer scheme.",
    },
    "basicKey": {
        "type": "http",
        "scheme": "basic",
        "description": "HTTP Basic with any user name and the key as password: what browsers prompt for on the HTML pages.",
    },
}

SPEC_OPTIONS = {
    "info": {
        "description": API_DESCRIPTION,
        "license": {"name": "MIT"},
    },
    "components": {"securitySchemes": SECURITY_SCHEMES},
}

REQUEST_ID_PARAMETER = {
    "name": REQUEST_ID_HEADER,
    "in": "header",
    "required": False,
    "description": "Your id for this request (1-128 of `A-Z a-z 0-9 . _ : -`), echoed back and logged; "
    "one is generated when absent or malformed.",
    "schema": {"type": "string", "maxLength": 128, "pattern": "^[A-Za-z0-9._:-]{1,128}$"},
    "example": "lms-7f3c2a",
}
REQUEST_ID_RESPONSE_HEADER = {
    "description": "The request's id: the one sent, or a generated one.",
    "schema": {"type": "string"},
}
RATE_LIMIT_HEADERS = {
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}},
    "X-RateLimit-Limit": {"description": "Requests allowed in the current window.", "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {"description": "Requests left in the current window.", "schema": {"type": "integer"}},
    "X-RateLimit-Reset": {"description": "When the window resets, in Unix seconds.", "schema": {"type": "integer"}},
}
UNAUTHORIZED_HEADERS = {
    "WWW-Authenticate": {
        "description": 'The challenge, e.g. `Bearer realm="essay-feedback"`.',
        "schema": {"type": "string"},
    }
}


def load_examples() -> dict:
    with EXAMPLES_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def problem_example(status: int, path: str, detail: str) -> dict:
    return {
        "type": PROBLEM_TYPES.get(status, "about:blank"),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": path,
    }


def is_problem_schema(schema) -> bool:
    if isinstance(schema, dict):
        return schema.get("$ref", "").rsplit("/", 1)[-1] == "Problem"
    return schema == "Problem" or type(schema).__name__ == "ProblemSchema" or getattr(schema, "__name__", "") == "ProblemSchema"


class ServiceDocsPlugin(BasePlugin):
    """Adds to every operation what the service's cross-cutting layers do to it."""

    def __init__(self):
        self.examples = load_examples()

    def schema_helper(self, name, definition, **kwargs):
        example = self.examples["schemas"].get(name)
        return {"example": copy.deepcopy(example)} if example is not None else None

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            self.document_operation(path, method, operation)

    def document_operation(self, path: str, method: str, operation: dict) -> None:
        responses = operation.setdefault("responses", {})
        parameters = operation.setdefault("parameters", [])
        if not any(isinstance(p, dict) and p.get("name") == REQUEST_ID_HEADER for p in parameters):
            parameters.append(copy.deepcopy(REQUEST_ID_PARAMETER))
        if is_protected(path):
            operation.setdefault("security", [{"bearerKey": []}, {"headerKey": []}, {"basicKey": []}])
            responses.setdefault("401", {"description": "An API key is required and was missing or wrong."})
            responses.setdefault("429", {"description": "This client used up its request budget; see Retry-After."})
            if method in BODY_METHODS:
                responses.setdefault("413", {"description": "The body is larger than the configured limit."})
        responses["default"] = {"description": "Any other error, as a problem document."}
        self.document_operation_responses(path, responses)

    def document_operation_responses(self, path: str, responses: dict) -> None:
        for status, response in list(responses.items()):
            if isinstance(response, str) and response in HTTPStatus.__members__:
                # flask-smorest's shared responses (e.g. "UNPROCESSABLE_ENTITY" for a view's
                # arguments) say application/json; inline them to describe the real format.
                code = HTTPStatus[response]
                responses[status] = response = {"description": code.phrase + ": " + code.description}
            self.document_response(path, status, response)

    def document_response(self, path: str, status: str, response) -> None:
        if not isinstance(response, dict) or "$ref" in response:
            return
        headers = response.setdefault("headers", {})
        headers.setdefault(REQUEST_ID_HEADER, REQUEST_ID_RESPONSE_HEADER)
        status = str(status)
        if not (status == "default" or (status.isdigit() and int(status) >= 400)):
            return
        content = response.setdefault("content", {})
        media = content.pop("application/json", None) or content.get(PROBLEM_CONTENT_TYPE) or {"schema": PROBLEM_REF}
        if not is_problem_schema(media.get("schema")):
            content["application/json"] = media
            return
        code = 500 if status == "default" else int(status)
        detail = self.examples["problems"].get(str(code), HTTPStatus(code).description)
        media.setdefault("example", problem_example(code, path, detail))
        content[PROBLEM_CONTENT_TYPE] = media
        if status == "401":
            headers.update(UNAUTHORIZED_HEADERS)
        if status == "429":
            headers.update(RATE_LIMIT_HEADERS)
        if status == "503":
            headers.setdefault("Retry-After", RATE_LIMIT_HEADERS["Retry-After"])


def init_api(api) -> None:
    """Install the plugin on flask-smorest's spec, before any blueprint is registered."""
    plugin = ServiceDocsPlugin()
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)


swagger_ui_assets = Blueprint("swagger_ui_assets", __name__)


@swagger_ui_assets.route(SWAGGER_UI_ASSETS + "<path:filename>")
def swagger_ui_asset(filename: str):
    return send_from_directory(str(swagger_ui_path), filename, max_age=24 * 3600)


def with_server(spec: dict, prefix: str) -> dict:
    """The spec with the path prefix it was reached under as its one server ("/" without one).

    Swagger UI's "Try it out" sends requests to the spec's first server; with none it would
    send them to the host's root, past the reverse proxy's prefix (SCRIPT_NAME, or
    X-Forwarded-Prefix from a trusted proxy). A relative URL, so the scheme and host stay the
    browser's. Only the served spec carries it: the spec an app builds is the same everywhere.
    """
    return {**spec, "servers": [{"url": prefix or "/"}]}


def init_app(app: Flask) -> None:
    app.register_blueprint(swagger_ui_assets)
    serve_spec = app.view_functions.get(SPEC_ENDPOINT)
    if serve_spec is None:
        return

    @functools.wraps(serve_spec)
    def serve_spec_with_server():
        response = serve_spec()
        response.set_data(flask_json.dumps(with_server(response.get_json(), request.script_root), indent=2, sort_keys=False))
        return response

    app.view_functions[SPEC_ENDPOINT] = serve_spec_with_server


SWAGGER_UI_SETTINGS = {
    "OPENAPI_SWAGGER_UI_PATH": SWAGGER_UI_PAGE,
    # Relative to the page (<prefix>/docs -> <prefix>/docs/assets/...), so the assets load
    # behind a reverse proxy that mounts the service under a path (SCRIPT_NAME,
    # X-Forwarded-Prefix). The spec's URL is built by flask-smorest with url_for.
    "OPENAPI_SWAGGER_UI_URL": SWAGGER_UI_ASSETS.lstrip("/"),
    "OPENAPI_SWAGGER_UI_CONFIG": {"tryItOutEnabled": True, "displayRequestDuration": True},
    "API_SPEC_OPTIONS": SPEC_OPTIONS,
}
