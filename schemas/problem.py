"""RFC 9457 problem details: the one shape of every error response."""

from marshmallow import Schema, fields

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemSchema(Schema):
    type = fields.String(
        required=True,
        metadata={"description": "A URI naming the kind of problem; `about:blank` when the HTTP status says it all."},
    )
    title = fields.String(required=True, metadata={"description": "Short summary of the kind of problem."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(required=True, metadata={"description": "What went wrong with this request, in words."})
    instance = fields.String(metadata={"description": "The request path."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "On 422: each invalid field and its messages."},
    )
