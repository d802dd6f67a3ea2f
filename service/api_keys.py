"""API keys: when ESSAY_FEEDBACK_API_KEYS is set, every route asks for one, except the open ones.

A client sends `Authorization: Bearer <key>` or `X-API-Key: <key>`; a browser may send the
key as the password of HTTP Basic (any user name), which is what it prompts for on the
HTML pages. Probes, metrics and the API description stay open, because orchestrators and
integrators read them without credentials; every other route, the `/v1` API and any
blueprint added later, is closed. Keys are compared in constant time and never logged:
the rest of the service knows a client only by `key_id`, a short digest of its key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from flask import Flask, current_app, g, request

from service.problems import problem_response

API_PREFIX = "/v1/"
# Routes that never need a key: probes, metrics, and the API description with its assets.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"})
# LTI routes (service/lti) are opened by an LMS's browser: the platform's signed launch is their key.
OPEN_PREFIXES = ("/docs/", "/lti/")
REALM = "essay-feedback"
EXTENSION_KEY = "api_keys"


def key_id(key: str) -> str:
    """A stable, non-reversible name for a key, safe for logs and rate-limit buckets."""
    return "key:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def presented_key() -> str | None:
    """The key the request carries: `Authorization: Bearer`, `X-API-Key`, or a Basic password."""
    authorization = request.headers.get("Authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    if scheme.lower() == "basic" and credentials.strip():
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        password = decoded.partition(":")[2]
        return password or None
    header = request.headers.get("X-API-Key", "").strip()
    return header or None


def matches_any(candidate: str, keys: tuple[bytes, ...]) -> bool:
    """Compare against every key, each in constant time, without stopping at a match."""
    presented = candidate.encode("utf-8")
    found = False
    for key in keys:
        found |= hmac.compare_digest(presented, key)
    return found


def is_protected(path: str) -> bool:
    """Whether a request path (or an OpenAPI path template) needs a key when keys are set."""
    return path not in OPEN_PATHS and not path.startswith(OPEN_PREFIXES)


def check_api_key():
    """before_request: let the request through, or answer 401 problem+json."""
    keys: tuple[bytes, ...] = current_app.extensions[EXTENSION_KEY]
    # CORS preflights carry no credentials by design; flask-cors answers them.
    if not keys or request.method == "OPTIONS" or not is_protected(request.path):
        return None
    candidate = presented_key()
    if candidate is None:
        return unauthorized("This API needs a key: send `Authorization: Bearer <key>` or `X-API-Key: <key>`.")
    if not matches_any(candidate, keys):
        return unauthorized("The API key is not valid. Ask the operator of this service for a key.", error="invalid_token")
    g.api_key_id = key_id(candidate)
    return None


def unauthorized(detail: str, error: str | None = None):
    challenge = f'Bearer realm="{REALM}"'
    if error:
        challenge += f', error="{error}"'
    if not request.path.startswith(API_PREFIX):
        # Pages are opened by browsers, which prompt for Basic credentials, never for Bearer.
        challenge = f'Basic realm="{REALM}", charset="UTF-8", {challenge}'
    return problem_response(401, detail, headers={"WWW-Authenticate": challenge})


def init_app(app: Flask) -> None:
    keys = app.config.get("API_KEYS") or ()
    if isinstance(keys, str):
        keys = keys.split(",")
    app.extensions[EXTENSION_KEY] = tuple(key.strip().encode("utf-8") for key in keys if key.strip())
    app.before_request(check_api_key)
