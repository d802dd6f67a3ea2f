"""The HTML report as a second representation of POST /v1/feedback.

JSON stays the default. `?format=html` or an `Accept` header that prefers `text/html`
(what a browser sends) returns the report page instead; `?format=json` forces JSON.
"""

from __future__ import annotations

from functools import wraps

from flask import Response, request
from werkzeug.exceptions import BadRequest

from schemas import FeedbackSchema
from service.report import render_report

FORMATS = ("json", "html")
HTML = "text/html"
JSON = "application/json"
# The report is self-contained: it may load nothing, run nothing, post only to this service.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"

HTML_REPORT_DOC = {
    "parameters": [
        {
            "in": "query",
            "name": "format",
            "required": False,
            "schema": {"type": "string", "enum": list(FORMATS), "default": "json"},
            "description": "`html` returns the report page (same as `Accept: text/html`); `json` forces JSON. "
            "Without it the `Accept` header decides, and JSON is the default.",
        }
    ],
    "responses": {
        200: {
            "content": {
                HTML: {
                    "schema": {"type": "string"},
                    "example": "<!DOCTYPE html><html lang=\"en\">…the essay with its structure highlighted…</html>",
                }
            },
            "description": "The feedback document as JSON (default), or with `Accept: text/html` or `?format=html` "
            "a self-contained HTML report: the essay with thesis, claims, evidence, citations, counterargument "
            "and rebuttal highlighted, the feedback items linked to their spans, the scores and the comparison.",
        }
    },
}


def wants_html() -> bool:
    """Whether this request asks for the HTML report rather than the JSON document."""
    chosen = request.args.get("format")
    if chosen is not None:
        chosen = chosen.strip().lower()
        if chosen not in FORMATS:
            raise BadRequest(f"Unknown format {request.args.get('format')!r}: use format=json or format=html.")
        return chosen == "html"
    return request.accept_mimetypes.best_match([JSON, HTML], default=JSON) == HTML


def report_response(text: str, analysis) -> Response:
    """The HTML report on `analysis` of `text`, with headers that keep it self-contained."""
    page = render_report(text, FeedbackSchema().dump(analysis))
    response = Response(page, mimetype=HTML)
    response.headers["Content-Security-Policy"] = REPORT_CSP
    response.headers["Vary"] = "Accept"
    return response


def html_report_alternative(view):
    """Let a view that analyses `body["text"]` answer with the HTML report when asked to.

    Goes directly above the view function (below `@blp.response`), so flask-smorest passes
    the ready HTML response through and keeps serializing JSON otherwise.
    """

    @wraps(view)
    def wrapper(body: dict, *args, **kwargs):
        html = wants_html()
        result = view(body, *args, **kwargs)
        if html and not isinstance(result, (Response, tuple)):
            return report_response(body["text"], result)
        return result

    return wrapper
