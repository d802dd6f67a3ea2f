"""Health and readiness answers."""

from marshmallow import Schema, fields


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})


class ReadinessSchema(Schema):
    status = fields.String(required=True, metadata={"description": "`ready` or `loading`."})
    pipeline = fields.String(allow_none=True, metadata={"description": "The loaded spaCy pipeline."})
    reference = fields.String(allow_none=True, metadata={"description": "Id of the analysed default reference essay."})
