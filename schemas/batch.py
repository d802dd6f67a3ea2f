"""Many essays in one request: `POST /v1/feedback/batch`."""

from marshmallow import Schema, ValidationError, fields, validate

from schemas.feedback import FeedbackSchema
from schemas.problem import ProblemSchema
from schemas.requests import encodable_text

INVALID_ITEM_KEY = "errors"


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("The essay is empty: send the essay's text.")


class BatchEssaySchema(Schema):
    id = fields.String(
        metadata={
            "description": "The client's id for the essay, echoed in its result. "
            "When absent, the result gets `essays[<index>]`.",
            "example": "student-17",
        }
    )
    text = fields.String(
        required=True,
        validate=[not_blank, encodable_text],
        metadata={"description": "The essay, exactly as written; offsets in its feedback index into it."},
    )


class EachEssay(fields.Nested):
    """One essay of the list; an invalid one is kept as `{"id", "errors"}` instead of failing the list.

    One bad essay never fails the batch: its result carries a 422 problem and the others
    are analysed as usual.
    """

    def deserialize(self, value, attr=None, data=None, **kwargs):
        try:
            return super().deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            essay_id = value.get("id") if isinstance(value, dict) else None
            messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
            return {"id": essay_id if isinstance(essay_id, str) else None, INVALID_ITEM_KEY: messages}


class BatchRequestSchema(Schema):
    """Essays to analyse in one call; results come back in the same order."""

    essays = fields.List(
        EachEssay(BatchEssaySchema),
        required=True,
        validate=validate.Length(min=1, error="Send at least one essay."),
        metadata={"description": "The essays, each `{id?, text}`. The number per batch is limited (413 past it)."},
    )
    reference = fields.String(
        metadata={"description": "Id of the reference essay to compare with (default: the service's default reference)."}
    )


class BatchResultSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "Position of the essay in the request."})
    id = fields.String(required=True, metadata={"description": "The essay's id as sent, or `essays[<index>]`."})
    feedback = fields.Nested(FeedbackSchema, metadata={"description": "The feedback document, when analysed."})
    error = fields.Nested(ProblemSchema, metadata={"description": "Why this essay was not analysed (a problem)."})


class BatchResponseSchema(Schema):
    """One result per essay, in request order: `feedback` or `error`."""

    results = fields.List(fields.Nested(BatchResultSchema), required=True)
