"""The HTML of the LTI tool: the student's assignment page, the teacher's class view, the
deep-linking picker and the form that returns the teacher's choice to the LMS.

Pure rendering, like service/report: Jinja2 autoescapes every value. The pages run in the
LMS's iframe, so unlike the report they may be framed; they load nothing and run no script
but the one that posts the deep-linking answer back (allowed by its nonce).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from flask import Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from service.api.report_format import HTML
from service.jobs.documents import iso

FRAMED_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors *"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        # The report's templates too, for its stylesheet.
        loader=ChoiceLoader([PackageLoader("service.lti", "templates"), PackageLoader("service.report", "templates")]),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["iso"] = iso
    return env


def page(template: str, csp: str = FRAMED_CSP, **context) -> Response:
    response = Response(environment().get_template(template).render(**context), mimetype=HTML)
    response.headers["Content-Security-Policy"] = csp
    return response


def framed(response: Response) -> Response:
    """A page rendered elsewhere (the report), allowed into the LMS's iframe."""
    response.headers["Content-Security-Policy"] = response.headers.get("Content-Security-Policy", FRAMED_CSP).replace(
        "frame-ancestors 'none'", "frame-ancestors *")
    return response


def return_to_lms(return_url: str, jwt_value: str, script_nonce: str) -> Response:
    """The deep-linking answer: a form posting the signed JWT to the LMS, sent by a script
    (and by its button when scripts are off)."""
    parts = urlsplit(return_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{script_nonce}'; "
           f"form-action {origin}; frame-ancestors *")
    return page("return_to_lms.html", csp, return_url=return_url, jwt=jwt_value, nonce=script_nonce)
