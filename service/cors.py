"""CORS for browser-based LMS front ends: off unless ESSAY_FEEDBACK_CORS_ORIGINS names origins."""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from service.request_logging import REQUEST_ID_HEADER

# What a browser front end may send and read besides the CORS-safelisted headers.
ALLOWED_HEADERS = ["Authorization", "X-API-Key", "Content-Type", REQUEST_ID_HEADER]
EXPOSED_HEADERS = [REQUEST_ID_HEADER, "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]


def init_app(app: Flask) -> None:
    origins = app.config.get("CORS_ORIGINS") or ()
    if isinstance(origins, str):
        origins = [origin.strip() for origin in origins.split(",") if origin.strip()]
    if not origins:
        return
    CORS(
        app,
        resources={r"/v1/*": {}, "/openapi.json": {}},
        origins=list(origins),
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        max_age=600,
    )
