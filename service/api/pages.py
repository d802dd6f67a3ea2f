"""GET / and POST /report: the teacher's page. Paste or upload an essay, get the HTML report.

Plain HTML forms, so the page works with JavaScript off. Errors stay problem+json like
everywhere else in the service.
"""

from __future__ import annotations

from flask import Response, url_for
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from schemas import FeedbackSchema, ReportFormSchema
from service.api.feedback import check_length
from service.api.report_format import HTML, REPORT_CSP
from service.api.uploads import status_of, upload_limits
from service.analyzer_extension import analyzer_state, current_analyzer
from service.extraction import ExtractionError, extract_text
from service.report import render_form, render_report


class FormParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 422


form_parser = FormParser()


@form_parser.location_loader("multipart")
def load_multipart(request, schema):
    """Form fields and uploaded files together, as one multipart form."""
    return MultiDictProxy(CombinedMultiDict([request.form, request.files]), schema)


class FormBlueprint(Blueprint):
    ARGUMENTS_PARSER = form_parser
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


blp = FormBlueprint("pages", __name__, description="The teacher's page: an essay in, the HTML report out.")

HTML_PAGE = {"responses": {200: {"description": "An HTML page.", "content": {HTML: {"schema": {"type": "string"}}}}}}


def html_response(page: str) -> Response:
    response = Response(page, mimetype=HTML)
    response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


def reference_choices() -> tuple[list[dict], str]:
    """The references the app has loaded, as `{id, title}`, and the default one's id."""
    state = analyzer_state()
    default = state.default_reference
    choices = [{"id": reference.id, "title": reference.title} for reference in state.current_references().values()]
    if not choices:
        # Still loading: offer the default so the form is usable; the post answers 503 until ready.
        choices = [{"id": default, "title": default.replace("_", " ")}]
    return choices, default


def essay_from_form(form: dict) -> str:
    """The uploaded file's text if a file was chosen (.txt, .docx, .pdf, .odt), else the pasted text."""
    upload = form.get("file")
    if isinstance(upload, str):
        # A form field named `file` that holds text, not a file (hand-made forms, scripts).
        abort(422, message="The request is not valid: see `errors` for each field.",
              errors={"file": ["Not a file: choose a file to upload, or paste the essay in `text`."]})
    if upload is not None and upload.filename:
        limits = upload_limits()
        try:
            return extract_text(upload.read(limits.max_file_bytes + 1), upload.filename, upload.mimetype, limits).text
        except ExtractionError as error:
            status = status_of(error)
            abort(status, message=str(error), errors={"file": [str(error)]} if status == 422 else None)
    return form["text"]


def essay_text(form: dict) -> str:
    """The form's essay (file or pasted), refused with a 422 when empty and a 413 when too long."""
    text = essay_from_form(form)
    if not text.strip():
        abort(422, message="The request is not valid: see `errors` for each field.",
              errors={"text": ["The essay is empty: paste the essay or choose a file."]})
    check_length(text)
    return text


def chosen_reference(form: dict) -> str:
    choices, default = reference_choices()
    reference = (form.get("reference") or "").strip() or default
    if reference not in {choice["id"] for choice in choices}:
        abort(422, message="The request is not valid: see `errors` for each field.",
              errors={"reference": [f"Unknown reference {reference!r}: pick one from the list."]})
    return reference


def feedback_document(text: str, reference: str) -> dict:
    """The serialized feedback document the report shows, for `text` compared with `reference`."""
    analyzer = current_analyzer()
    return FeedbackSchema().dump(analyzer.analyze(text, analyzer_state().reference(reference)))


@blp.route("/", methods=["GET"])
@blp.doc(**HTML_PAGE)
def index():
    """Show the form: paste or upload an essay, pick a reference"""
    choices, default = reference_choices()
    return html_response(render_form(choices, selected=default, action=url_for("pages.report")))


@blp.route("/report", methods=["POST"])
@blp.arguments(ReportFormSchema, location="multipart")
@blp.doc(**HTML_PAGE)
def report(form: dict):
    """Analyze the essay from the form and show the HTML report"""
    text = essay_text(form)
    reference = chosen_reference(form)
    return html_response(render_report(text, feedback_document(text, reference), home_url=url_for("pages.index")))
