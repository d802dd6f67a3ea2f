"""Structured logs: one JSON line per request, and a request id on every response.

The line holds what an operator needs to follow a request (id, method, path, route,
status, latency, body size, essay length, a digest naming the API key) and never what a
student wrote: no body, no query string, no essay text, no key.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is echoed in headers and logs, so only a short, plain token is accepted.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access_log = logging.getLogger("service.access")

# LogRecord attributes that are not extra fields of our own.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class StdoutHandler(logging.StreamHandler):
    """A handler writing to whatever sys.stdout is now (containers collect stdout)."""

    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


def start_request() -> None:
    g.request_started = time.perf_counter()
    sent = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = sent if ACCEPTED_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


def record_essays(characters: int, count: int = 1) -> None:
    """Called by the analysis observer: add analysed essays to this request's log line."""
    g.essays = g.get("essays", 0) + count
    g.essay_chars = g.get("essay_chars", 0) + characters


def finish_request(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    fields = {
        "request_id": request_id,
        "method": request.method,
        "path": request.path,
        "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
        "body_bytes": request.content_length,
        "essays": g.get("essays", 0),
        "essay_chars": g.get("essay_chars"),
        "api_key_id": g.get("api_key_id"),
        "remote_addr": request.remote_addr,
    }
    access_log.info("request", extra=fields)
    return response


def configure_logging(level: str) -> None:
    """Send the service's logs to stdout as JSON, unless the host (gunicorn's logconfig) already did."""
    service_log = logging.getLogger("service")
    if not service_log.handlers:
        service_log.addHandler(StdoutHandler())
    service_log.setLevel(level.upper())


def init_app(app: Flask) -> None:
    configure_logging(app.config["LOG_LEVEL"])
    # Registered first so that every other hook, and every early error, has an id to log.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)
