"""The comparison with a reference essay and the rubric scores: fields added to the feedback document."""

from marshmallow import Schema, fields, validate

from schemas.vocabulary import PARAGRAPH_ROLES, STANCES

OVERLAP_KINDS = ("copy", "paraphrase")


class ReferenceLinkSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)


class TopicSchema(Schema):
    on_topic = fields.Boolean(required=True, metadata={"description": "False when the essay does not address the reference's question."})
    share = fields.Float(required=True, metadata={"description": "Share of sentences that mention the question's topic."})
    note = fields.String(required=True)


class BodyParagraphSummarySchema(Schema):
    paragraph = fields.Integer(required=True, metadata={"description": "Index of the paragraph, from 0."})
    opens_with_claim = fields.Boolean(required=True)
    evidence = fields.Integer(required=True, metadata={"description": "Sentences giving evidence."})
    citations = fields.Integer(required=True)
    arguments = fields.List(fields.String(), required=True, metadata={"description": "Ids of the reference's arguments it makes."})


class StructureSummarySchema(Schema):
    paragraphs = fields.Integer(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(PARAGRAPH_ROLES)), required=True)
    thesis_paragraph = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Index of the thesis' paragraph, from 0; null without a thesis."}
    )
    thesis_in_introduction = fields.Boolean(required=True)
    stance = fields.String(required=True, validate=validate.OneOf(STANCES))
    conclusion_restates_thesis = fields.Boolean(required=True)
    body = fields.List(fields.Nested(BodyParagraphSummarySchema), required=True)
    counterarguments = fields.Integer(required=True)
    rebuttals = fields.Integer(required=True)
    sources = fields.Integer(required=True, metadata={"description": "Distinct cited sources."})
    citations = fields.Integer(required=True)
    works_cited = fields.Boolean(required=True, metadata={"description": "Whether the essay ends with a works-cited list."})
    works_cited_entries = fields.Integer(required=True)


class ParagraphAlignmentSchema(Schema):
    student = fields.Integer(required=True, allow_none=True, metadata={"description": "Student paragraph index, null if none matches."})
    reference = fields.Integer(required=True, allow_none=True, metadata={"description": "Reference paragraph index, null if none matches."})
    similarity = fields.Float(required=True)
    note = fields.String(required=True)
    arguments = fields.List(fields.String(), required=True)


class StructureComparisonSchema(Schema):
    student = fields.Nested(StructureSummarySchema, required=True)
    reference = fields.Nested(StructureSummarySchema, required=True)
    paragraphs = fields.List(fields.Nested(ParagraphAlignmentSchema), required=True)


class CoveringSentenceSchema(Schema):
    sentence = fields.Integer(required=True, metadata={"description": "Student sentence index, from 0."})
    start = fields.Integer(required=True, metadata={"description": "Offset of the sentence, inclusive."})
    end = fields.Integer(required=True, metadata={"description": "Offset of the sentence, exclusive."})
    similarity = fields.Float(
        required=True, metadata={"description": "Closeness of its meaning to the argument's, topic taken away; see docs/scoring.md."}
    )


class ArgumentCoverageSchema(Schema):
    id = fields.String(required=True)
    label = fields.String(required=True)
    covered = fields.Boolean(
        required=True,
        metadata={"description": "True when a sentence makes the argument (its meaning), not when one only names a cue word."},
    )
    sentences = fields.List(
        fields.Integer(),
        required=True,
        metadata={"description": "Student sentences making the argument, and those naming its cues in the same paragraphs."},
    )
    covered_by = fields.Nested(
        CoveringSentenceSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "The sentence that makes the argument: the closest thesis, claim, counterargument or rebuttal, "
            "else the closest other sentence; null when not covered."
        },
    )


class StudentArgumentSchema(Schema):
    paragraph = fields.Integer(required=True, metadata={"description": "Index of the paragraph, from 0."})
    sentence = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Index of the sentence quoted in `text` (its claim, else its first sentence), from 0."},
    )
    text = fields.String(required=True)


class OverlapPairSchema(Schema):
    sentence = fields.Integer(required=True, metadata={"description": "Student sentence index."})
    reference_sentence = fields.Integer(required=True, metadata={"description": "Sentence index in the reference's document."})
    kind = fields.String(required=True, validate=validate.OneOf(OVERLAP_KINDS))
    similarity = fields.Float(required=True, metadata={"description": "0-1; see docs/scoring.md."})
    start = fields.Integer(required=True, metadata={"description": "Offset of the student sentence, inclusive."})
    end = fields.Integer(required=True, metadata={"description": "Offset of the student sentence, exclusive."})


class OverlapSchema(Schema):
    share = fields.Float(required=True, metadata={"description": "Fraction of the student's sentences that copy or paraphrase the reference."})
    copied = fields.Boolean(required=True, metadata={"description": "share reached ESSAY_FEEDBACK_COPY_THRESHOLD."})
    pairs = fields.List(fields.Nested(OverlapPairSchema), required=True)


class ComparisonSchema(Schema):
    """The essay compared with a reference essay."""

    reference = fields.Nested(ReferenceLinkSchema, required=True)
    topic = fields.Nested(TopicSchema, required=True)
    structure = fields.Nested(StructureComparisonSchema, required=True)
    arguments = fields.List(
        fields.Nested(ArgumentCoverageSchema),
        required=True,
        metadata={"description": "The reference's arguments; empty when the essay is off topic."},
    )
    student_arguments = fields.List(
        fields.Nested(StudentArgumentSchema),
        required=True,
        metadata={"description": "Body paragraphs making none of the reference's arguments."},
    )
    overlap = fields.Nested(OverlapSchema, required=True)


class CriterionScoreSchema(Schema):
    score = fields.Integer(required=True, validate=validate.Range(0, 4))
    max = fields.Integer(required=True)
    reasons = fields.List(fields.String(), required=True)


class CriteriaSchema(Schema):
    thesis = fields.Nested(CriterionScoreSchema, required=True)
    evidence = fields.Nested(CriterionScoreSchema, required=True)
    citations = fields.Nested(CriterionScoreSchema, required=True)
    organization = fields.Nested(CriterionScoreSchema, required=True)
    counterargument = fields.Nested(CriterionScoreSchema, required=True)


class ScoresSchema(Schema):
    """Rubric scores 0-4 with their reasons; docs/scoring.md."""

    criteria = fields.Nested(CriteriaSchema, required=True)
    overall = fields.Float(required=True, metadata={"description": "Weighted mean of the criteria, 0-4, one decimal."})
    max = fields.Integer(required=True)
    weights = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    notes = fields.List(fields.String(), required=True)
