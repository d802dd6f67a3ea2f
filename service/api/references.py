"""GET/POST /v1/references: the reference essays student essays are compared with."""

from __future__ import annotations

from schemas import ProblemSchema
from schemas.references import ReferenceCreateSchema, ReferenceListSchema, ReferenceSchema
from service.analysis.references import Reference
from service.api.essay_body import EssayBlueprint
from service.api.feedback import check_length
from service.analyzer_extension import analyzer_state, current_analyzer

blp = EssayBlueprint("references", __name__, url_prefix="/v1", description="Reference essays to compare with.")


def slug(title: str) -> str:
    words = "".join(char if char.isalnum() else " " for char in title.lower()).split()
    return "_".join(words)[:64].strip("_") or "reference"


def describe(reference: Reference, default_id: str) -> dict:
    profile = reference.profile
    arguments = profile.arguments if profile is not None else []
    return {
        "id": reference.id,
        "title": reference.title,
        "question": reference.question,
        "note": reference.metadata.get("note"),
        "default": reference.id == default_id,
        "arguments": [
            {"id": a.id, "label": a.label, "curated": a.curated, "paragraphs": a.paragraphs} for a in arguments
        ],
    }


@blp.route("/references", methods=["GET"])
@blp.response(200, ReferenceListSchema)
@blp.alt_response(503, schema=ProblemSchema, description="The language pipeline is still loading.")
def list_references():
    """List the reference essays"""
    current_analyzer()
    state = analyzer_state()
    references = state.current_references().values()
    return {"references": [describe(reference, state.default_reference) for reference in references]}


@blp.route("/references/<string:reference_id>", methods=["GET"])
@blp.response(200, ReferenceSchema)
@blp.alt_response(404, schema=ProblemSchema, description="No reference has this id.")
@blp.alt_response(503, schema=ProblemSchema, description="The language pipeline is still loading.")
def get_reference(reference_id: str):
    """Show one reference essay with its analysed structure"""
    current_analyzer()
    state = analyzer_state()
    reference = state.reference(reference_id)
    return {**describe(reference, state.default_reference), "document": reference.analysis}


@blp.route("/references", methods=["POST"])
@blp.arguments(ReferenceCreateSchema, location="json")
@blp.response(201, ReferenceSchema)
@blp.alt_response(409, schema=ProblemSchema, description="A reference with this id exists already.")
@blp.alt_response(413, schema=ProblemSchema, description="The essay is longer than the configured limit.")
@blp.alt_response(422, schema=ProblemSchema, description="A field is missing, empty or of the wrong type.")
@blp.alt_response(503, schema=ProblemSchema, description="The language pipeline is still loading.")
def post_reference(body: dict):
    """Add a reference essay; it is analysed, stored and kept across restarts"""
    check_length(body["text"])
    analyzer = current_analyzer()
    state = analyzer_state()
    reference_id = body.get("id") or slug(body["title"])
    metadata = {
        "id": reference_id,
        "title": body["title"].strip(),
        "question": body["question"].strip(),
        "note": body.get("note") or "Added through POST /v1/references.",
        "topic_lemmas": body["topic_lemmas"],
        "arguments": body["arguments"],
        "key_terms": body["key_terms"],
        "stance_poles": body["stance_poles"],
    }
    if not metadata["arguments"]:
        del metadata["arguments"]
    reference = state.add_reference(analyzer, body["text"], reference_id, metadata)
    return {**describe(reference, state.default_reference), "document": reference.analysis}
