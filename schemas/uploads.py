"""Essays sent as files: the multipart request and where the analysed text came from."""

from marshmallow import Schema, fields


class UploadRequestSchema(Schema):
    """An essay file (or its text), sent as `multipart/form-data` (documentation only: the essay parser reads it)."""

    file = fields.Raw(
        metadata={
            "type": "string",
            "format": "binary",
            "description": "The essay as .txt (UTF-8, UTF-16 with BOM or Windows-1252), .docx, .pdf "
            "(with a text layer) or .odt. Send either `file` or `text`.",
        },
    )
    text = fields.String(metadata={"description": "The essay's text, for a form without a file; not together with `file`."})
    reference = fields.String(
        metadata={"description": "Id of the reference essay to compare with (see GET /v1/references)."}
    )


class SourceSchema(Schema):
    """The file an essay was read from, and the text the analysis read."""

    filename = fields.String(required=True, metadata={"description": "The uploaded file's name, without folders."})
    media_type = fields.String(
        required=True,
        metadata={"description": "The type the file was read as, e.g. `application/pdf`.", "example": "application/pdf"},
    )
    encoding = fields.String(
        allow_none=True, metadata={"description": "For text files, the encoding detected: `utf-8`, `utf-16`, `cp1252`..."}
    )
    text = fields.String(
        required=True,
        metadata={
            "description": "The text extracted from the file. Every offset in the document indexes into this string "
            "(Unicode code points). Footnotes and endnotes follow the body as `[n] note` paragraphs, "
            "with `[n]` where each is referenced."
        },
    )
