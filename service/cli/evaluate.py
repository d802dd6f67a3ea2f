"""`essay-feedback evaluate`: score the detectors against annotated essays."""

from __future__ import annotations

import json

import click

from service.analysis import EssayAnalyzer
from service.cli.analyze import resolve_reference
from service.config import Settings
from service.evaluation.datasets import LABELS, LAYOUTS, load_dataset
from service.evaluation.evaluator import evaluate as run_evaluation
from service.evaluation.scoring import Counts, Scores

ROLE_NAMES = {"MajorClaim": "thesis", "Claim": "claim", "Premise": "evidence"}


def _row(name: str, counts: Counts) -> str:
    return (
        f"{name:<22}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}"
        f"{counts.tp:>7d}{counts.predicted:>7d}{counts.gold:>7d}"
    )


def render_table(detectors: Scores, baseline: Scores | None) -> str:
    """The scores as a fixed-width table: one row per label, baseline rows beneath."""
    lines = [f"{detectors.essays} essays, {detectors.sentences} sentences", ""]
    lines.append(f"{'role':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>7}{'pred':>7}{'gold':>7}")
    for label in LABELS:
        # A set that labels no sentence of a role (lenin_real labels only the thesis) has no row for it.
        if detectors.roles[label].gold:
            lines.append(_row(f"{ROLE_NAMES[label]} ({label})", detectors.roles[label]))
    if baseline is not None:
        lines.append("")
        for label in LABELS:
            lines.append(_row(f"baseline {ROLE_NAMES[label]}", baseline.roles[label]))
    if detectors.citations is not None:
        lines.append("")
        lines.append(_row("citation markers", detectors.citations))
        for style, counts in sorted(detectors.citation_styles.items()):
            lines.append(
                f"  {style:<20}{counts.precision:>7.3f}{counts.recall:>7.3f}"
                f"   P {counts.predicted_right}/{counts.predicted}, R {counts.gold_found}/{counts.gold}"
            )
    if detectors.thesis is not None:
        thesis = detectors.thesis
        lines.append("")
        lines.append(
            f"thesis found {thesis.found}/{thesis.expected} essays that state one"
            f" ({thesis.found_sure} sure, the rest as THESIS_UNCLEAR candidates)"
        )
        lines.append(f"THESIS_MISSING shown on {thesis.missing_shown}/{thesis.expected} essays that state one")
        lines.append(
            f"thesis invented on {thesis.invented}/{thesis.not_expected} essays that state none"
            f" (and a THESIS_UNCLEAR candidate on {thesis.candidates})"
        )
    if detectors.stance_total:
        lines.append("")
        lines.append(
            f"stance accuracy {detectors.stance_accuracy:.3f} ({detectors.stance_correct}/{detectors.stance_total})"
        )
    return "\n".join(lines)


@click.command()
@click.argument("dataset", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@click.option("--baseline", is_flag=True, help="Also score the positional baseline and show it beside.")
@click.option("--pipeline", default=None, help="Installed spaCy pipeline (default: $ESSAY_FEEDBACK_SPACY_PIPELINE).")
@click.option(
    "--reference",
    default=None,
    help="The reference essay (assignment) the essays answer, as the service compares them "
    "(default: the configured one): its question drives the thesis detector.",
)
@click.option(
    "--layout",
    type=click.Choice(sorted(LAYOUTS)),
    default="as-sent",
    show_default=True,
    help="Send the essays laid out another way, as real submissions are: one-block (no line breaks "
    "after the first line), line-per-sentence, hard-wrap (lines broken at 72 characters). "
    "Offsets and labels are unchanged.",
)
def evaluate(
    dataset: str, as_json: bool, baseline: bool, pipeline: str | None, reference: str | None, layout: str
) -> None:
    """Score thesis, claim, evidence and citation detection on DATASET.

    DATASET is an AAE-style .jsonl file, a folder of NAME.txt + NAME.labels.json essays, or
    a folder of NAME.txt essays with one gold.json (../shared/datasets/lenin_real).
    """
    try:
        essays = load_dataset(dataset)
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(f"cannot read {dataset}: {error}") from error
    if not essays:
        raise click.ClickException(f"{dataset} holds no essays")
    essays = [LAYOUTS[layout](essay) for essay in essays]
    settings = Settings.from_env()
    analyzer = EssayAnalyzer.load(pipeline or settings.spacy_pipeline)
    detectors, positional = run_evaluation(analyzer, essays, reference=resolve_reference(reference, settings, analyzer))
    if as_json:
        document = {"dataset": dataset, "detectors": detectors.as_dict()}
        if baseline:
            document["baseline"] = positional.as_dict()
        click.echo(json.dumps(document, indent=2))
    else:
        click.echo(render_table(detectors, positional if baseline else None))
