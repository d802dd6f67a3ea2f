"""Essays sent as files: the `multipart/form-data` branch of the essay body, and its HTTP errors.

The file's text is what gets analysed, so the response carries it (`source`) for clients
to resolve offsets against.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app, g
from flask_smorest import abort

from schemas import UploadRequestSchema
from service.analysis import EssayAnalysis
from service.extraction import (
    ExtractedText,
    ExtractionError,
    ExtractionLimits,
    FileTooLarge,
    UnsupportedFileType,
    extract_text,
)

FORM_TYPES = ("multipart/form-data",)
FILE_FIELD = "file"
# The multipart framing around a file: boundaries, part headers, other small fields.
FORM_OVERHEAD_BYTES = 64 * 1024
SOURCE_KEY = "essay_source"

UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": UploadRequestSchema,
                "encoding": {FILE_FIELD: {"contentType": "text/plain, application/pdf, application/octet-stream"}},
            }
        }
    }
}


def upload_limits() -> ExtractionLimits:
    config = current_app.config
    return ExtractionLimits(max_file_bytes=config["MAX_UPLOAD_BYTES"], max_unpacked_bytes=config["MAX_UNPACKED_BYTES"])


def status_of(error: ExtractionError) -> int:
    if isinstance(error, UnsupportedFileType):
        return 415
    if isinstance(error, FileTooLarge):
        return 413
    return 422


def load_upload(request) -> dict:
    """The form's fields with `text` taken from the `file` field; the file is kept for the response."""
    request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"] + FORM_OVERHEAD_BYTES
    fields = {name: request.form[name] for name in request.form}
    upload = request.files.get(FILE_FIELD)
    if upload is None or not upload.filename:
        if "text" in fields:
            return fields
        abort(422, message="The form has no file: send the essay in a field named `file`.",
              errors={FILE_FIELD: ["Missing file."]})
    if "text" in fields:
        abort(422, message="Send the essay either as a file or as `text`, not both.",
              errors={"text": ["Not allowed together with `file`."]})
    limits = upload_limits()
    data = upload.stream.read(limits.max_file_bytes + 1)
    try:
        extracted = extract_text(data, upload.filename, upload.mimetype, limits)
    except ExtractionError as error:
        status = status_of(error)
        abort(status, message=str(error), errors={FILE_FIELD: [str(error)]} if status == 422 else None)
    setattr(g, SOURCE_KEY, extracted)
    return {**fields, "text": extracted.text}


def uploaded_source() -> ExtractedText | None:
    """The file this request's essay was read from, if it came as a file."""
    return g.get(SOURCE_KEY)


def with_source(analysis: EssayAnalysis):
    """The analysis as it is, or with `source` added when the essay came from a file."""
    source = uploaded_source()
    if source is None:
        return analysis
    return {**asdict(analysis), "source": asdict(source)}
