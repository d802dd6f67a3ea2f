"""POST /v1/feedback/batch: many essays in, one result per essay out, in request order.

With `Accept: application/x-ndjson` the results stream, one JSON object per line, each
sent as soon as its essay is analysed.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, current_app, request, stream_with_context
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from schemas import BatchRequestSchema, BatchResponseSchema, BatchResultSchema, ProblemSchema
from schemas.batch import INVALID_ITEM_KEY
from service.analysis.references import Reference
from service.api.essay_body import EssayBlueprint, is_json, parser
from service.api.idempotency import PARAMETER as IDEMPOTENCY_PARAMETER, make_idempotent
from service.api.feedback import check_length
from service.analyzer_extension import analyzer_state, current_analyzer
from service.grading.essay_stream import AnalysisFailure, analyze_each
from service.problems import ANALYSIS_TIMEOUT_TYPE, problem_document

JSON = "application/json"
NDJSON = "application/x-ndjson"
_RESULT_SCHEMA = BatchResultSchema()


@parser.location_loader("batch")
def load_batch(request, schema):
    """The body as JSON; any other Content-Type is 415, not a missing-field 422."""
    if not is_json(request.mimetype):
        sent = request.mimetype or "no Content-Type"
        abort(415, message=f"Cannot read {sent}: send the batch as application/json.")
    return parser.load_json(request, schema)


class BatchBlueprint(EssayBlueprint):
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**EssayBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING, "batch": JSON}


blp = BatchBlueprint("batch", __name__, url_prefix="/v1", description="Many essays in one call.")

NDJSON_RESPONSE = {
    "parameters": [IDEMPOTENCY_PARAMETER],
    "responses": {
        "200": {
            "description": "One result per essay, in request order: as one JSON document, or with "
            "`Accept: application/x-ndjson` streamed one result per line.",
            "content": {
                JSON: {"schema": BatchResponseSchema},
                NDJSON: {
                    "schema": BatchResultSchema,
                    # One line of the stream: each line is one such object (here an essay sent empty).
                    "example": {
                        "index": 1,
                        "id": "student-18",
                        "error": {
                            "type": "/problems/invalid-essay",
                            "title": "Unprocessable Entity",
                            "status": 422,
                            "detail": "This essay is not valid: see `errors` for each field.",
                            "instance": "/v1/feedback/batch#/essays/1",
                            "errors": {"text": ["The essay is empty: send the essay's text."]},
                        },
                    },
                }
            }
        }
    }
}


@blp.before_request
def batch_body_limit() -> None:
    # A batch is many essays: its body may be larger than a single essay's.
    request.max_content_length = current_app.config["MAX_BATCH_BYTES"]


# After the body limit above: the key's check reads the body.
make_idempotent(blp)


@blp.route("/feedback/batch", methods=["POST"])
@blp.arguments(
    BatchRequestSchema,
    location="batch",
    example={"essays": [{"id": "student-17", "text": "Stalinism was a logical continuation of Leninism. ..."}]},
)
@blp.response(200, BatchResponseSchema)
@blp.alt_response(400, schema=ProblemSchema, description="The body is not valid JSON.")
@blp.alt_response(404, schema=ProblemSchema, description="No reference essay has the requested id.")
@blp.alt_response(413, schema=ProblemSchema, description="Too many essays, or the body is larger than the configured limit.")
@blp.alt_response(415, schema=ProblemSchema, description="Content-Type is not application/json.")
@blp.alt_response(422, schema=ProblemSchema, description="`essays` is missing or empty, or a field has the wrong type.")
@blp.alt_response(503, schema=ProblemSchema, description="The language pipeline is still loading.")
@blp.doc(**NDJSON_RESPONSE)
def post_batch(body: dict):
    """Analyze many essays in one call"""
    essays = body["essays"]
    limit = current_app.config["MAX_BATCH_ESSAYS"]
    if len(essays) > limit:
        raise RequestEntityTooLarge(f"The batch has {len(essays):,} essays; the limit is {limit:,}. Split it into smaller batches.")
    analyzer = current_analyzer()
    results = batch_results(analyzer, essays, resolve_reference(body.get("reference")))
    if request.accept_mimetypes.best_match((JSON, NDJSON), default=JSON) == NDJSON:
        return Response(
            stream_with_context(ndjson_lines(results)), mimetype=NDJSON, headers={"X-Accel-Buffering": "no"}
        )
    return {"results": list(results)}


def resolve_reference(reference_id: str | None) -> Reference | None:
    """The reference essay a batch is compared with: the named one (404 if unknown, as on
    POST /v1/feedback), or the default."""
    return analyzer_state().reference(reference_id)


def batch_results(analyzer, essays: list[dict], reference: Reference | None = None) -> Iterator[dict]:
    """One result per essay in request order: invalid essays become problems, the rest go through `nlp.pipe`."""
    problems = [_essay_problem(index, essay) for index, essay in enumerate(essays)]
    analyses = analyze_each(
        analyzer, (essay["text"] for essay, problem in zip(essays, problems) if problem is None), reference=reference
    )
    for index, (essay, problem) in enumerate(zip(essays, problems)):
        result = {"index": index, "id": essay.get("id") or f"essays[{index}]"}
        if problem is None:
            analysis = next(analyses)
            if isinstance(analysis, AnalysisFailure):
                problem = problem_document(analysis.status, analysis.error, problem_type=failure_type(analysis), instance=_instance(index))
        if problem is None:
            result["feedback"] = analysis
        else:
            result["error"] = problem
        yield result


def failure_type(failure: AnalysisFailure) -> str | None:
    return ANALYSIS_TIMEOUT_TYPE if failure.status == 503 else None


def ndjson_lines(results: Iterator[dict]) -> Iterator[str]:
    for result in results:
        yield current_app.json.dumps(_RESULT_SCHEMA.dump(result)) + "\n"


def _essay_problem(index: int, essay: dict) -> dict | None:
    if INVALID_ITEM_KEY in essay:
        return problem_document(
            422, "This essay is not valid: see `errors` for each field.", errors=essay[INVALID_ITEM_KEY], instance=_instance(index)
        )
    try:
        check_length(essay["text"])
    except HTTPException as error:
        return problem_document(error.code, error.description, instance=_instance(index))
    return None


def _instance(index: int) -> str:
    return f"{request.path}#/essays/{index}"
