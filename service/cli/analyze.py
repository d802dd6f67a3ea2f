"""`essay-feedback analyze` and `essay-feedback serve`."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from schemas import FeedbackSchema
from service.analysis import EssayAnalyzer
from service.analysis.references import Reference, find_reference
from service.config import Settings
from service.report import render_report


def configured_analyzer(pipeline: str | None, settings: Settings) -> EssayAnalyzer:
    """The analyzer the settings describe, on `pipeline` if given; no time limit, as nobody waits on a connection."""
    return EssayAnalyzer.from_settings(replace(settings, spacy_pipeline=pipeline or settings.spacy_pipeline), timed=False)


def resolve_reference(reference_id: str | None, settings: Settings, analyzer: EssayAnalyzer) -> Reference | None:
    """The reference essay to compare with (default: the configured one); an unknown id is a usage error."""
    reference = find_reference(settings.references_dir, reference_id or settings.default_reference, analyzer)
    if reference is None and reference_id:
        known = ", ".join(sorted(path.stem for path in Path(settings.references_dir).glob("*.txt"))) or "none"
        raise click.BadParameter(f"unknown reference essay {reference_id!r}; known: {known}", param_hint="--reference")
    return reference


def read_essay(source: str) -> str:
    """Read an essay file (or stdin for '-') as UTF-8, keeping its line ends."""
    if source == "-":
        return sys.stdin.buffer.read().decode("utf-8")
    with open(source, encoding="utf-8", newline="") as handle:
        return handle.read()


@click.command()
@click.argument("essay", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--pipeline", default=None, help="Installed spaCy pipeline (default: $ESSAY_FEEDBACK_SPACY_PIPELINE).")
@click.option("--indent", default=2, show_default=True, help="JSON indentation; 0 for one line.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "html"]),
    default="json",
    show_default=True,
    help="json: the feedback document; html: the self-contained report page (UTF-8).",
)
@click.option("--reference", default=None, help="Reference essay id to compare with (default: $ESSAY_FEEDBACK_DEFAULT_REFERENCE).")
def analyze(essay: str, pipeline: str | None, indent: int, output_format: str = "json", reference: str | None = None) -> None:
    """Analyze ESSAY (a UTF-8 text file, or - for stdin) and print the feedback document."""
    try:
        text = read_essay(essay)
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {essay}: {error}") from error
    if not text.strip():
        raise click.ClickException(f"{essay} is empty")
    settings = Settings.from_env()
    analyzer = configured_analyzer(pipeline, settings)
    analysis = analyzer.analyze(text, resolve_reference(reference, settings, analyzer))
    if output_format == "html":
        page = render_report(text, FeedbackSchema().dump(analysis))
        # Bytes, so the page is UTF-8 (as its meta charset says) whatever the terminal's locale.
        click.echo(page.encode("utf-8"), nl=False)
        return
    document = FeedbackSchema().dumps(analysis, indent=indent or None, ensure_ascii=False)
    click.echo(document)


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve(gunicorn_args: tuple[str, ...]) -> None:
    """Run the API under gunicorn (bind, workers, timeout from the environment).

    Extra arguments go to gunicorn, e.g. `essay-feedback serve --bind 0.0.0.0:8000`.
    """
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "--config", "python:service.gunicorn_settings"]
    command += [*gunicorn_args, "service:create_app()"]
    os.execvp(command[0], command)
