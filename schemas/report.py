"""The teacher's form: an essay pasted or uploaded, and the reference to compare it with."""

from marshmallow import Schema, fields


class ReportFormSchema(Schema):
    """The report page's form (multipart/form-data, as a browser sends it): pasted text or a file."""

    text = fields.String(
        load_default="",
        metadata={"description": "The essay, pasted. Ignored when a file is uploaded."},
    )
    reference = fields.String(
        load_default=None,
        metadata={"description": "Id of the reference essay to compare with (see the form's list); default reference when empty."},
    )
    file = fields.Raw(
        load_default=None,
        metadata={"type": "string", "format": "binary", "description": "The essay as a UTF-8 .txt file."},
    )
