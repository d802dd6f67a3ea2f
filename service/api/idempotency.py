"""Idempotency-Key on the synchronous POSTs (`/v1/feedback`, `/v1/feedback/batch`).

A client that lost an answer sends the request again with the same key and gets the first
answer back (`Idempotent-Replayed: true`) instead of a second analysis; the same key with
another body is a 422 problem. Keys belong to the API key that sent them. Only successful
JSON answers are kept (for ESSAY_FEEDBACK_RETENTION, in the job store); an error is not, so
a retry after one is analysed anew; a streamed NDJSON batch is never kept.
`POST /v1/jobs` keeps its keys with its jobs (service/api/jobs.py).
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, g, request
from flask_smorest import Blueprint, abort

from service.api.uploads import FORM_OVERHEAD_BYTES
from service.jobs.extension import jobs_state
from service.jobs.store import SavedResponse

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Your unique key for this request (e.g. a UUID). Sent again with the same body, the first "
    "answer comes back (for a job: the same job) instead of a second analysis; with another body it is a 422. "
    "Kept per API key for ESSAY_FEEDBACK_RETENTION.",
}
_KEY = "idempotency"


def request_key() -> str | None:
    """The Idempotency-Key header, checked (400 when malformed)."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 255 or not key.isprintable():
        abort(400, message="The Idempotency-Key header must be 1 to 255 printable characters.")
    return key


def owner() -> str:
    return g.get("api_key_id") or "anonymous"


def request_digest() -> str:
    """What the request asks for: path, query, content type and body (a form by its fields and
    files' contents, since a retried multipart body gets a new boundary)."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}?{request.query_string.decode('latin-1')}\n".encode())
    digest.update(f"{request.mimetype}\n{request.headers.get('Accept', '')}\n".encode())
    if request.mimetype == "multipart/form-data":
        # The limit the upload parser sets, set before the form is read here.
        request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"] + FORM_OVERHEAD_BYTES
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(f"field {name}={value}\n".encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda item: (item[0], item[1].filename or "")):
            digest.update(f"file {name} {upload.filename}\n".encode())
            digest.update(hashlib.sha256(upload.stream.read()).digest())
            upload.stream.seek(0)
    else:
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def replay_saved_response():
    """before_request: answer a repeated key with the saved answer, or 422 on another body."""
    if request.method != "POST":
        return None
    key = request_key()
    if key is None:
        return None
    digest = request_digest()
    saved = jobs_state().store.saved_response(owner(), key)
    if saved is not None:
        if saved.request_digest != digest:
            abort(422, message="This Idempotency-Key was used with another request. Use a new key for a new request.",
                  errors={HEADER: ["Used before with another request."]})
        response = Response(saved.body, status=saved.status, mimetype=saved.content_type)
        response.headers[REPLAYED_HEADER] = "true"
        return response
    g.setdefault(_KEY, (key, digest))
    return None


def save_response(response: Response) -> Response:
    """after_request: keep a successful, complete JSON answer for the key it was asked with."""
    pending = g.pop(_KEY, None)
    if pending is None or not 200 <= response.status_code < 300 or response.is_streamed:
        return response
    if response.mimetype not in ("application/json", "text/html"):
        return response
    key, digest = pending
    saved = SavedResponse(digest, response.status_code, response.content_type, response.get_data())
    jobs_state().store.save_response(owner(), key, saved, current_app.config["RETENTION"])
    return response


def make_idempotent(blueprint: Blueprint) -> None:
    blueprint.before_request(replay_saved_response)
    blueprint.after_request(save_response)
