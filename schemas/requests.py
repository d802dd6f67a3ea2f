"""Request bodies."""

from marshmallow import Schema, ValidationError, fields, validates


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

    @validates("text")
    def validate_text(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ValidationError("The essay is empty: send the essay's text.")
