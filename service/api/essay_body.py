"""Request-body parsing for essays: JSON `{"text": ...}`, the raw text as text/plain, or a file.

A webargs location "essay" so that views declare their body with `@blp.arguments`
like any other, and flask-smorest documents both content types.
"""

from __future__ import annotations

import codecs

from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from service.api.uploads import FORM_TYPES, load_upload

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain",)


class EssayParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 422

    def _raw_load_json(self, req):
        # Windows tools (Notepad, PowerShell's Out-File) start UTF-8 files with a byte-order
        # mark; RFC 8259 lets a parser ignore it, and this one does.
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        return core.parse_json(data)

    def load_json(self, req, schema):
        # Valid JSON the json module still refuses, which webargs does not count as invalid:
        # `[[[[...` a few thousand deep exhausts the stack; a number of more than 4,300
        # digits exceeds Python's integer conversion limit (a ValueError).
        try:
            return super().load_json(req, schema)
        except RecursionError as error:
            raise BadRequest("The JSON body is nested too deeply to be an essay request.") from error
        except ValueError as error:
            raise BadRequest(f"The JSON body cannot be read: {error}.") from error


parser = EssayParser()


def is_json(mimetype: str) -> bool:
    return mimetype in JSON_TYPES or mimetype.endswith("+json")


@parser.location_loader("essay")
def load_essay(request, schema):
    mimetype = request.mimetype
    if is_json(mimetype):
        return parser.load_json(request, schema)
    if mimetype in TEXT_TYPES:
        charset = request.mimetype_params.get("charset", "utf-8")
        try:
            text = request.get_data(cache=True).decode(charset)
        except LookupError as error:
            raise BadRequest(f"Unknown charset {charset!r} in Content-Type.") from error
        except UnicodeDecodeError as error:
            raise BadRequest(
                f"The body is not valid {charset} text (byte {error.start} cannot be decoded). "
                "Send UTF-8, or name the encoding in Content-Type's charset."
            ) from error
        except UnicodeError as error:
            # Codecs such as punycode fail without saying where.
            raise BadRequest(f"The body cannot be decoded as {charset}: {error}.") from error
        if "\x00" in text:
            raise BadRequest(
                "The body has NUL characters, so it is not plain text: UTF-16 sent without naming it, "
                "or a binary file. Send UTF-8, or name the encoding in Content-Type (charset=utf-16le)."
            )
        return {"text": text}
    if mimetype in FORM_TYPES:
        return load_upload(request)
    sent = mimetype or "no Content-Type"
    raise UnsupportedMediaType(
        f"Cannot read {sent}: send application/json, text/plain, or the essay file as multipart/form-data."
    )


class EssayBlueprint(Blueprint):
    """A blueprint whose views may read an essay body from JSON or plain text."""

    ARGUMENTS_PARSER = parser
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "essay": "application/json",
    }
