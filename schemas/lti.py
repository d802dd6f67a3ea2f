"""The forms of the LTI tool's pages (service/lti): what a browser in the LMS sends.

The OIDC login and the launch are parsed by pylti1p3 itself; these are the tool's own forms
after the launch. `launch` is the id pylti1p3 gave the validated launch: it only works in
the browser that launched (its data is kept under that browser's session cookie).
"""

from marshmallow import Schema, fields, validate

from schemas.report import ReportFormSchema

LAUNCH_FIELD = fields.String(
    required=True,
    validate=validate.Length(min=1, max=200),
    metadata={"description": "The id of the launch this page was opened from."},
)


class LaunchQuerySchema(Schema):
    launch = LAUNCH_FIELD


class SubmissionFormSchema(ReportFormSchema):
    """A student's essay, pasted or as a file; the reference is the assignment's, not chosen here."""

    launch = LAUNCH_FIELD


class DeepLinkFormSchema(Schema):
    """The teacher's choice: which reference essay the new link uses, and its points in the gradebook."""

    launch = LAUNCH_FIELD
    reference = fields.String(required=True, validate=validate.Length(min=1, max=200))
    points = fields.Float(
        load_default=100.0,
        validate=validate.Range(min=1, max=10_000),
        metadata={"description": "The gradebook column's maximum score; the essay's overall score is scaled to it."},
    )
