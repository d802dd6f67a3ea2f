"""Reference essays: the list, one reference with its analysed structure, and a new reference."""

from marshmallow import Schema, ValidationError, fields, validate

from schemas.feedback import FeedbackSchema

REFERENCE_ID = validate.Regexp(
    r"^[a-z0-9][a-z0-9_-]{0,63}$", error="Use 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit."
)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be empty.")


class ArgumentCuesSchema(Schema):
    """One argument of a reference, with the cues that recognise it in a student's sentence."""

    id = fields.String(required=True, validate=REFERENCE_ID)
    label = fields.String(required=True, validate=[validate.Length(1, 200), _not_blank])
    paragraphs = fields.List(fields.Integer(validate=validate.Range(min=0)), load_default=list)
    phrases = fields.List(fields.String(validate=validate.Length(1, 100)), load_default=list, metadata={"description": "One is enough."})
    entities = fields.List(fields.String(validate=validate.Length(1, 100)), load_default=list, metadata={"description": "One is enough."})
    lemmas = fields.List(fields.String(validate=validate.Length(1, 60)), load_default=list, metadata={"description": "Two are needed in one sentence."})


# The cue groups of general argument language (service/analysis/data/thesis.json) a stance pole may count.
STANCE_CUE_GROUPS = ("continuity_cues", "discontinuity_cues", "similarity_cues", "difference_cues", "mixed_cues")


class StancePoleSchema(Schema):
    cue_groups = fields.List(
        fields.String(validate=validate.OneOf(STANCE_CUE_GROUPS)),
        load_default=list,
        metadata={"description": "General cue groups whose words vote for this stance."},
    )
    words = fields.String(
        validate=validate.Length(max=200),
        load_default="",
        metadata={"description": "The stance in the question's words, for the feedback: `Stalinism continued Leninism`."},
    )
    answer = fields.String(
        validate=validate.OneOf(("", "yes", "no")),
        load_default="",
        metadata={"description": "The bare answer to a yes/no question that takes this stance."},
    )


class ReferenceCreateSchema(Schema):
    """A new reference essay. Without `arguments`, each body paragraph becomes one argument."""

    text = fields.String(required=True, validate=_not_blank, metadata={"description": "The reference essay, exactly as written."})
    title = fields.String(required=True, validate=[validate.Length(1, 200), _not_blank])
    question = fields.String(required=True, validate=[validate.Length(1, 500), _not_blank], metadata={"description": "The question the essay answers."})
    id = fields.String(validate=REFERENCE_ID, metadata={"description": "Defaults to a slug of the title."})
    note = fields.String(validate=validate.Length(max=1000), metadata={"description": "Author, licence, provenance."})
    topic_lemmas = fields.List(fields.String(validate=validate.Length(1, 60)), load_default=list)
    arguments = fields.List(fields.Nested(ArgumentCuesSchema), load_default=list)
    key_terms = fields.List(
        fields.List(fields.String(validate=validate.Length(2, 60)), validate=validate.Length(min=1)),
        load_default=list,
        metadata={
            "description": "What the question is about, a group of word stems per thing: "
            '`[["lenin", "bolshevi"], ["stalin"]]` (a word starting with a stem names it). '
            "Default: the question's own names and nouns."
        },
    )
    stance_poles = fields.Dict(
        keys=fields.String(validate=validate.OneOf(("continuity", "discontinuity", "mixed"))),
        values=fields.Nested(StancePoleSchema),
        load_default=dict,
        metadata={"description": "The stances the question allows and the cues that vote for each."},
    )


class ReferenceArgumentSchema(Schema):
    id = fields.String(required=True)
    label = fields.String(required=True)
    curated = fields.Boolean(required=True, metadata={"description": "False when derived from a body paragraph."})
    paragraphs = fields.List(fields.Integer(), required=True)


class ReferenceSummarySchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    question = fields.String(required=True)
    note = fields.String(allow_none=True)
    default = fields.Boolean(required=True, metadata={"description": "Used when a request names no reference."})
    arguments = fields.List(fields.Nested(ReferenceArgumentSchema), required=True)


class ReferenceListSchema(Schema):
    references = fields.List(fields.Nested(ReferenceSummarySchema), required=True)


class ReferenceSchema(ReferenceSummarySchema):
    """One reference with its analysed structure: the same document a student essay gets."""

    document = fields.Nested(FeedbackSchema, required=True)
