"""One error format: every 4xx/5xx leaves as application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging

from flask import Response, json, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from schemas.problem import PROBLEM_CONTENT_TYPE, ProblemSchema

log = logging.getLogger(__name__)

# Problem types beyond the plain HTTP statuses ("about:blank"); documented in docs/api.md (Errors).
PROBLEM_TYPES = {
    400: "/problems/bad-request",
    401: "/problems/unauthorized",
    404: "/problems/not-found",
    405: "/problems/method-not-allowed",
    413: "/problems/too-large",
    415: "/problems/unsupported-media-type",
    422: "/problems/invalid-essay",
    429: "/problems/rate-limited",
    503: "/problems/not-ready",
}
_SCHEMA = ProblemSchema()
# A 503 of its own: the analysis ran past ESSAY_FEEDBACK_ANALYSIS_TIMEOUT (not a loading pipeline).
ANALYSIS_TIMEOUT_TYPE = "/problems/analysis-timeout"


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    problem_type: str | None = None,
    errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    body = problem_document(status, detail, title=title, problem_type=problem_type, errors=errors)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem_document(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    problem_type: str | None = None,
    errors: dict | None = None,
    instance: str | None = None,
) -> dict:
    """A problem's body: a response's whole body, or one failed item of a batch."""
    body = {
        "type": problem_type or PROBLEM_TYPES.get(status, "about:blank"),
        "title": title or _status_title(status),
        "status": status,
        "detail": detail,
        "instance": instance or request.path,
    }
    if errors:
        body["errors"] = errors
    return _SCHEMA.dump(body)


def _status_title(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "Error")


def field_errors(messages) -> dict[str, list[str]]:
    """Flatten webargs' {location: {field: [msg]}} (nested for nested fields) into {"a.b": [msg]}."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat.setdefault(prefix or "_body", []).extend(value)
        else:
            flat.setdefault(prefix or "_body", []).append(str(value))

    if isinstance(messages, dict) and len(messages) == 1:
        # Drop the webargs location key ("essay", "json", ...): clients know where they sent it.
        (messages,) = messages.values()
    walk("", messages)
    return flat


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error with a problem document."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException):
        if isinstance(error, InternalServerError):
            original = getattr(error, "original_exception", None)
            log.error("unhandled error", exc_info=original or error)
            return problem_response(500, "The server could not analyse this request. It has been logged.")
        data = getattr(error, "data", None) or {}
        detail = data.get("message") or error.description or _status_title(error.code)
        errors = data.get("errors")
        if errors is None and "messages" in data:
            errors = field_errors(data["messages"])
            if error.code == 422:
                detail = "The request is not valid: see `errors` for each field."
            else:
                detail = " ".join(message for messages in errors.values() for message in messages)
                errors = None
        headers = {
            name: value for name, value in error.get_headers() if name.lower() != "content-type"
        }
        headers.update(data.get("headers") or {})
        return problem_response(error.code, detail, errors=errors, headers=headers)
