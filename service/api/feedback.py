"""POST /v1/feedback: one essay in, the feedback document out."""

from __future__ import annotations

from flask import current_app
from werkzeug.exceptions import RequestEntityTooLarge

from schemas import FeedbackRequestSchema, FeedbackSchema, ProblemSchema
from schemas.requests import REFERENCE_ID_DESCRIPTION, FeedbackQuerySchema
from service.analysis.references import AskedQuestion
from service.api.essay_body import EssayBlueprint
from service.api.idempotency import PARAMETER as IDEMPOTENCY_PARAMETER, make_idempotent
from service.api.report_format import HTML_REPORT_DOC, html_report_alternative
from service.api.uploads import UPLOAD_BODY, with_source
from service.analyzer_extension import analyzer_state, current_analyzer

blp = EssayBlueprint("feedback", __name__, url_prefix="/v1", description="Structural feedback on essays.")
make_idempotent(blp)

PLAIN_TEXT_BODY = {
    "requestBody": {
        "content": {
            "text/plain": {
                "schema": {"type": "string", "description": "The essay's raw text (UTF-8 unless charset says otherwise)."},
                "example": "Stalinism was a logical continuation of Leninism. ...",
            }
        }
    }
}


# flask-smorest replaces, not merges, a view's `parameters` with a documented list: the
# report's `format` parameter needs the `reference` one of FeedbackQuerySchema beside it.
REFERENCE_QUERY_PARAMETER = {
    "in": "query",
    "name": "reference",
    "required": False,
    "schema": {"type": "string"},
    "description": REFERENCE_ID_DESCRIPTION + " Handy with text/plain and file bodies; a JSON body's `reference` wins.",
    "example": "lenin_stalin_continuity",
}
FEEDBACK_DOC = {
    **HTML_REPORT_DOC,
    "parameters": [*HTML_REPORT_DOC["parameters"], REFERENCE_QUERY_PARAMETER, IDEMPOTENCY_PARAMETER],
}


def check_length(text: str) -> None:
    limit = current_app.config["MAX_TEXT_CHARS"]
    if len(text) > limit:
        raise RequestEntityTooLarge(
            f"The essay has {len(text):,} characters; the limit is {limit:,}. Send a shorter text."
        )


@blp.route("/feedback", methods=["POST"])
@blp.arguments(FeedbackRequestSchema, location="essay", example={"text": "Stalinism was a logical continuation of Leninism. ..."})
@blp.arguments(FeedbackQuerySchema, location="query", as_kwargs=True)
@blp.response(200, FeedbackSchema)
@blp.alt_response(400, schema=ProblemSchema, description="The body is not valid JSON or not decodable text.")
@blp.alt_response(404, schema=ProblemSchema, description="No reference essay has the requested id.")
@blp.alt_response(413, schema=ProblemSchema, description="The body or the essay is larger than the configured limit.")
@blp.alt_response(415, schema=ProblemSchema, description="Content-Type is neither application/json nor text/plain.")
@blp.alt_response(422, schema=ProblemSchema, description="The essay is empty or a field has the wrong type.")
@blp.alt_response(503, schema=ProblemSchema, description="The language pipeline is still loading.")
@blp.doc(**PLAIN_TEXT_BODY)
@blp.doc(**UPLOAD_BODY)
@blp.doc(**FEEDBACK_DOC)
@html_report_alternative
def post_feedback(body: dict, reference: str | None = None):
    """Analyze one essay"""
    check_length(body["text"])
    analyzer = current_analyzer()
    chosen = analyzer_state().reference(body.get("reference") or reference)
    if body.get("question"):
        chosen = AskedQuestion.ask(analyzer.nlp, body["question"].strip(), chosen)
    return with_source(analyzer.analyze(body["text"], chosen))
