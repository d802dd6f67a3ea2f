"""/v1/jobs: a class set submitted at once, analysed in the background, results fetched later.

`POST /v1/jobs` stores the essays and answers 202 at once; Celery workers analyse them
(service/jobs). Clients poll `GET /v1/jobs/{id}` or receive a signed callback, then page
through `GET /v1/jobs/{id}/results`. `Idempotency-Key` makes a retried POST safe.
"""

from __future__ import annotations

import hashlib
import json

from flask import Response, current_app, g, request, stream_with_context, url_for
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from schemas import ProblemSchema
from schemas.batch import INVALID_ITEM_KEY
from schemas.jobs import JobCreateSchema, JobResultSchema, JobResultsQuerySchema, JobResultsSchema, JobSchema, JobUploadSchema
from service.api.batch import JSON, NDJSON, NDJSON_RESPONSE
from service.api.essay_body import EssayBlueprint, is_json, parser
from service.api.feedback import check_length
from service.api.idempotency import PARAMETER as IDEMPOTENCY_PARAMETER, owner, request_key
from service.api.uploads import status_of, upload_limits
from service.analyzer_extension import analyzer_state, current_analyzer
from service.extraction import ExtractionError, extract_text
from service.jobs.callbacks import url_problem
from service.jobs.documents import job_document
from service.jobs.extension import jobs_state
from service.jobs.store import IdempotencyConflict, NewEssay
from service.problems import problem_document

FILES_FIELD = "files"
UPLOADS_KEY = "job_uploads"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# One line of the NDJSON stream, as in a batch (here an essay sent empty).
_BATCH_LINE = NDJSON_RESPONSE["responses"]["200"]["content"][NDJSON]["example"]
RESULT_LINE_EXAMPLE = {**_BATCH_LINE, "error": {**_BATCH_LINE["error"], "instance": "/v1/jobs#/essays/1"}}
_RESULT_SCHEMA = JobResultSchema()

JOB_BODY_DOC = {
    "parameters": [IDEMPOTENCY_PARAMETER],
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": JobUploadSchema,
                "encoding": {FILES_FIELD: {"contentType": "text/plain, application/pdf, application/octet-stream"}},
            }
        }
    },
    "responses": {
        202: {
            "description": "The job, stored and queued (or, for a replayed Idempotency-Key, the job submitted before).",
            "headers": {
                "Location": {"description": "The job's URL.", "schema": {"type": "string"}},
                "Idempotent-Replayed": {
                    "description": "`true` when an Idempotency-Key returned a job submitted before.",
                    "schema": {"type": "string"},
                },
            }
        }
    },
}
RESULTS_DOC = {
    "responses": {
        200: {
            "description": "Results in request order, a page at a time; with `Accept: application/x-ndjson` "
            "every result available, one per line.",
            "content": {
                JSON: {"schema": JobResultsSchema},
                NDJSON: {"schema": JobResultSchema, "example": RESULT_LINE_EXAMPLE},
            },
        }
    }
}


@parser.location_loader("job")
def load_job(request, schema):
    """JSON like the batch, or `multipart/form-data` with essay files in `files`."""
    if is_json(request.mimetype):
        return parser.load_json(request, schema)
    if request.mimetype == "multipart/form-data":
        return _load_files(request)
    sent = request.mimetype or "no Content-Type"
    abort(415, message=f"Cannot read {sent}: send the job as application/json, or its files as multipart/form-data.")


def _load_files(request) -> dict:
    """The form as a job body; each file's text, source or extraction problem is kept in `g`."""
    uploads = [upload for upload in request.files.getlist(FILES_FIELD) if upload.filename]
    if not uploads:
        abort(422, message="The form has no files: send each essay file in a part named `files`.",
              errors={FILES_FIELD: ["Missing files."]})
    limits = upload_limits()
    essays, kept = [], []
    for upload in uploads:
        data = upload.stream.read(limits.max_file_bytes + 1)
        try:
            extracted = extract_text(data, upload.filename, upload.mimetype, limits)
        except ExtractionError as error:
            kept.append((None, {"status": status_of(error), "detail": str(error)}))
            essays.append({"id": upload.filename, "text": "(not read)"})
            continue
        source = {"filename": extracted.filename, "media_type": extracted.media_type,
                  "encoding": extracted.encoding, "text": extracted.text}
        kept.append((source, None))
        essays.append({"id": upload.filename, "text": extracted.text})
    setattr(g, UPLOADS_KEY, kept)
    body = {"essays": essays}
    body.update({name: request.form[name] for name in ("reference", "callback_url") if name in request.form})
    return body


class JobBlueprint(EssayBlueprint):
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**EssayBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING, "job": JSON}


blp = JobBlueprint("jobs", __name__, url_prefix="/v1", description="Class sets analysed in the background.")


@blp.before_request
def job_body_limit() -> None:
    request.max_content_length = current_app.config["MAX_JOB_BYTES"]


@blp.route("/jobs", methods=["POST"])
@blp.arguments(
    JobCreateSchema,
    location="job",
    example={"essays": [{"id": "student-17", "text": "Stalinism was a logical continuation of Leninism. ..."}],
             "callback_url": "https://lms.example.edu/hooks/essay-feedback"},
)
@blp.response(202, JobSchema)
@blp.alt_response(400, schema=ProblemSchema, description="The body is not valid JSON, or the Idempotency-Key is malformed.")
@blp.alt_response(404, schema=ProblemSchema, description="No reference essay has the requested id.")
@blp.alt_response(413, schema=ProblemSchema, description="Too many essays, or the body is larger than the configured limit.")
@blp.alt_response(415, schema=ProblemSchema, description="Neither JSON nor multipart/form-data.")
@blp.alt_response(422, schema=ProblemSchema, description="A field is missing or invalid, the callback URL is refused, "
                  "or the Idempotency-Key was used with another body.")
@blp.alt_response(503, schema=ProblemSchema, description="A reference was named while the language pipeline is still loading.")
@blp.doc(**JOB_BODY_DOC)
def post_job(body: dict):
    """Submit essays for analysis in the background"""
    essays = body["essays"]
    limit = current_app.config["MAX_JOB_ESSAYS"]
    if len(essays) > limit:
        raise RequestEntityTooLarge(f"The job has {len(essays):,} essays; the limit is {limit:,}. Split it into several jobs.")
    reference = body.get("reference")
    if reference is not None:
        _check_reference(reference)
    callback_url = body.get("callback_url")
    if callback_url is not None:
        _check_callback(callback_url)
    key = request_key()
    new_essays = _new_essays(essays)
    state = jobs_state()
    try:
        job, created, chunks = state.store.create_job(
            owner(),
            new_essays,
            reference=reference,
            callback_url=callback_url,
            retention_seconds=current_app.config["RETENTION"],
            chunk_size=max(1, int(current_app.config["JOB_CHUNK_ESSAYS"])),
            idempotency_key=key,
            request_digest=_digest(new_essays, reference, callback_url) if key else None,
        )
    except IdempotencyConflict as conflict:
        abort(422, message=f"This Idempotency-Key was used for job {conflict.job.id} with another body. "
              "Use a new key for a new submission.", errors={IDEMPOTENCY_HEADER: ["Used before with another body."]})
    headers = {"Location": url_for("jobs.get_job", job_id=job.id)}
    if created:
        state.start(job.id, chunks)
        job = state.store.get_job(job.id) or job
    else:
        headers["Idempotent-Replayed"] = "true"
    return job_document(job, request.script_root), 202, headers


def _check_reference(reference_id: str) -> None:
    current_analyzer()  # 503 while loading: the references are not known yet
    state = analyzer_state()
    if reference_id not in state.current_references():
        abort(404, message=f"There is no reference essay {reference_id!r}. GET /v1/references lists the ids.")


def _check_callback(url: str) -> None:
    if not current_app.config.get("WEBHOOK_SECRET"):
        abort(422, message="This service cannot sign callbacks (ESSAY_FEEDBACK_WEBHOOK_SECRET is not set): poll the job instead.",
              errors={"callback_url": ["Callbacks are not enabled on this service."]})
    refused = url_problem(url, bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE")))
    if refused:
        abort(422, message=refused, errors={"callback_url": [refused]})


def _new_essays(essays: list[dict]) -> list[NewEssay]:
    """Each essay to analyse, or its problem (invalid, too long, an unreadable file) as its result."""
    uploads = g.get(UPLOADS_KEY) or [(None, None)] * len(essays)
    new = []
    for index, (essay, (source, upload_error)) in enumerate(zip(essays, uploads)):
        essay_id = essay.get("id") or f"essays[{index}]"
        instance = f"{request.path}#/essays/{index}"
        if upload_error is not None:
            status = upload_error["status"]
            errors = {"file": [upload_error["detail"]]} if status == 422 else None
            problem = problem_document(status, upload_error["detail"], errors=errors, instance=instance)
            new.append(NewEssay(essay_id, error=problem))
            continue
        if INVALID_ITEM_KEY in essay:
            problem = problem_document(422, "This essay is not valid: see `errors` for each field.",
                                       errors=essay[INVALID_ITEM_KEY], instance=instance)
            new.append(NewEssay(essay_id, error=problem))
            continue
        try:
            check_length(essay["text"])
        except HTTPException as error:
            new.append(NewEssay(essay_id, error=problem_document(error.code, error.description, instance=instance)))
            continue
        new.append(NewEssay(essay_id, text=essay["text"], source=source))
    return new


def _digest(essays: list[NewEssay], reference: str | None, callback_url: str | None) -> str:
    """What a submission asks for, so that a replay with the same key can be told from another body."""
    canonical = json.dumps(
        {"essays": [[e.essay_id, e.text, e.source, e.error and e.error.get("detail")] for e in essays],
         "reference": reference, "callback_url": callback_url},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _owned_job(job_id: str):
    job = jobs_state().store.get_job(job_id, owner())
    if job is None:
        abort(404, message=f"There is no job {job_id!r} (or it has expired, or it belongs to another API key).")
    return job


@blp.route("/jobs/<string:job_id>", methods=["GET"])
@blp.response(200, JobSchema)
@blp.alt_response(404, schema=ProblemSchema, description="No job has this id (or it has expired).")
def get_job(job_id: str):
    """Show a job's status and counts"""
    return job_document(_owned_job(job_id), request.script_root)


@blp.route("/jobs/<string:job_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, schema=ProblemSchema, description="No job has this id (or it has expired).")
def delete_job(job_id: str):
    """Cancel a job and delete its essays and results"""
    if jobs_state().store.cancel_job(job_id, owner()) is None:
        abort(404, message=f"There is no job {job_id!r} (or it has expired, or it belongs to another API key).")


@blp.route("/jobs/<string:job_id>/results", methods=["GET"])
@blp.arguments(JobResultsQuerySchema, location="query", as_kwargs=True)
@blp.response(200, JobResultsSchema)
@blp.alt_response(400, schema=ProblemSchema, description="The cursor is not one this service gave.")
@blp.alt_response(404, schema=ProblemSchema, description="No job has this id (or it has expired).")
@blp.doc(**RESULTS_DOC)
def get_results(job_id: str, cursor: str | None = None, limit: int = 100):
    """List a job's results in request order"""
    job = _owned_job(job_id)
    store = jobs_state().store
    if request.accept_mimetypes.best_match((JSON, NDJSON), default=JSON) == NDJSON:
        lines = (current_app.json.dumps(_RESULT_SCHEMA.dump(result)) + "\n" for result in store.all_results(job.id))
        return Response(stream_with_context(lines), mimetype=NDJSON, headers={"X-Accel-Buffering": "no"})
    after = _cursor_index(cursor)
    page = store.results_page(job.id, after, limit)
    last = page[-1]["index"] if page else after
    more = not job.ended or (len(page) == limit and last + 1 < job.total)
    following = url_for("jobs.get_results", job_id=job.id, cursor=str(last + 1), limit=limit) if more else None
    return {"results": page, "next": following}


def _cursor_index(cursor: str | None) -> int:
    """The index of the last result already listed (-1: none)."""
    if cursor is None:
        return -1
    if not cursor.isdigit() or len(cursor) > 9:
        abort(400, message="The cursor is not valid: use the `next` URL of the previous page.")
    return int(cursor) - 1
