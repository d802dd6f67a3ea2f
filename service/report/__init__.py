"""The HTML report on one essay, and the teacher's form page. Imports nothing from Flask."""

from service.report.render import render_form, render_report

__all__ = ["render_form", "render_report"]
