"""Rate limits on every route but the open ones, per API key (or client address without keys).

Counts live in memory by default, which is per worker process: with several gunicorn
workers or hosts, point ESSAY_FEEDBACK_RATE_LIMIT_STORAGE_URI at Redis
(`redis://redis:6379/0`) so that they share one count. Over the limit a client gets
429 problem+json with `Retry-After` (flask-smorest's error handler writes the problem,
Flask-Limiter adds the headers).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask_limiter import ApplicationLimit, HeaderNames, Limiter
from flask_limiter.util import get_remote_address

from service.api_keys import is_protected

EXTENSION_KEY = "rate_limits"
# Flask-Limiter writes its retry time on every response and overrides a 503's own
# Retry-After; it writes it here instead, and `retry_after_on_429` keeps it for 429s only.
LIMITER_RETRY_HEADER = "X-Essay-Feedback-Limiter-Retry"


def client_identity() -> str:
    """Bucket by API key when the request carried a valid one, else by client address."""
    return getattr(g, "api_key_id", None) or "addr:" + (get_remote_address() or "unknown")


def is_exempt() -> bool:
    return request.method == "OPTIONS" or not is_protected(request.path)


def breach_message() -> str:
    return "Too many requests from this client. Wait for the time in Retry-After, then retry."


def retry_after_on_429(response: Response) -> Response:
    retry = response.headers.pop(LIMITER_RETRY_HEADER, None)
    if response.status_code == 429 and retry is not None:
        response.headers["Retry-After"] = str(max(1, int(retry)))
    return response


def init_app(app: Flask) -> Limiter:
    # One limiter per app: tests build many apps and each must count from zero.
    # An application limit: one budget per client across every limited route, new ones included.
    budget = ApplicationLimit(
        app.config["RATE_LIMIT"], key_function=client_identity, exempt_when=is_exempt, error_message=breach_message
    )
    limiter = Limiter(
        client_identity,
        application_limits=[budget],
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        headers_enabled=True,
        header_name_mapping={
            HeaderNames.LIMIT: "X-RateLimit-Limit",
            HeaderNames.REMAINING: "X-RateLimit-Remaining",
            HeaderNames.RESET: "X-RateLimit-Reset",
            HeaderNames.RETRY_AFTER: LIMITER_RETRY_HEADER,
        },
        retry_after="delta-seconds",
        key_prefix="essay-feedback",
        # Redis down must not take the API down: count in memory meanwhile, and log it.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        enabled=app.config["RATE_LIMIT_ENABLED"],
    )
    # Registered before the limiter's own hook, so that it runs after it.
    app.after_request(retry_after_on_429)
    limiter.init_app(app)
    app.extensions[EXTENSION_KEY] = limiter
    return limiter


def rate_limiter() -> Limiter:
    """The current app's limiter, for a view that counts a budget of its own."""
    return current_app.extensions[EXTENSION_KEY]
