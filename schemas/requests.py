"""Request bodies."""

from marshmallow import Schema, ValidationError, fields, validate, validates

REFERENCE_ID_DESCRIPTION = (
    "Id of the reference essay to compare with (see GET /v1/references); the configured default when omitted."
)


class FeedbackRequestSchema(Schema):
    """An essay to analyse. Send it as JSON, or send the raw text as `text/plain`."""

    text = fields.String(
        required=True,
        metadata={
            "description": "The essay, exactly as written. Offsets in the response index into this string "
            "in Unicode code points.",
            "example": "Stalinism was a logical continuation of Leninism. ...",
        },
    )

    reference = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": REFERENCE_ID_DESCRIPTION, "example": "lenin_stalin_continuity"},
    )

    question = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(1, 500),
        metadata={
            "description": "The question the essay answers, when it is not the reference's: the thesis is "
            "sought as the answer to it (its names and nouns are its key terms) and the feedback names it. "
            "The structure is still compared with the reference.",
            "example": "Was Stalinism a logical continuation of Leninism?",
        },
    )

    @validates("text")
    def validate_text(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ValidationError("The essay is empty: send the essay's text.")
        encodable_text(value)


def encodable_text(value: str) -> None:
    """Refuse text with an unpaired surrogate: JSON can escape one (`"\\ud800"`), Unicode text cannot hold it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(
            f"The text has an unpaired UTF-16 surrogate at character {error.start}: send valid Unicode text."
        ) from error


class FeedbackQuerySchema(Schema):
    """Query parameters of POST /v1/feedback (handy with text/plain bodies)."""

    reference = fields.String(load_default=None, metadata={"description": REFERENCE_ID_DESCRIPTION})
