"""`essay-feedback pipeline save`: the analysis as a spaCy pipeline folder."""

from __future__ import annotations

from pathlib import Path

import click

from service.analysis.pipeline import load_pipeline, save_pipeline
from service.config import Settings


@click.group()
def pipeline() -> None:
    """The spaCy pipeline of the analysis."""


@pipeline.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pipeline", "trained", default=None, help="Installed trained pipeline (default: $ESSAY_FEEDBACK_SPACY_PIPELINE).")
def save(folder: Path, trained: str | None) -> None:
    """Write the pipeline to FOLDER, for `spacy.load(FOLDER)` wherever essay-feedback is installed."""
    trained = trained or Settings.from_env().spacy_pipeline
    nlp = load_pipeline(trained)
    save_pipeline(nlp, folder, trained)
    click.echo(f"{folder}: {', '.join(nlp.pipe_names)}")
