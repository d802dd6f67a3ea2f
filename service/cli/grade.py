"""`essay-feedback grade`: a class set of essay files in, one summary row per essay out."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from service.cli.analyze import configured_analyzer, resolve_reference
from service.config import Settings
from service.extraction import ExtractionLimits
from service.grading.essay_files import find_essays
from service.grading.grader import GradingOptions, grade_files
from service.grading.resume import Checkpoint, finished_rows
from service.grading.server import JobClient, ServerError, grade_on_server
from service.grading.writers import FORMATS, SUFFIX_FORMATS, atomic_output, write_rows


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--reference", "reference_id", default=None, help="Id of the reference essay to compare with (default: the configured one).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: from --output's suffix, else csv).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="File to write; replaced only when every essay is graded. Default: stdout.",
)
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: only on a terminal).")
@click.option("--pipeline", default=None, help="Installed spaCy pipeline (default: $ESSAY_FEEDBACK_SPACY_PIPELINE).")
@click.option(
    "--server",
    default=None,
    metavar="URL",
    help="Grade on a running essay-feedback service (as jobs) instead of here, e.g. http://127.0.0.1:8000.",
)
@click.option(
    "--api-key",
    envvar="ESSAY_FEEDBACK_API_KEY",
    default=None,
    help="API key for --server (default: $ESSAY_FEEDBACK_API_KEY).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the rows already graded into --output (also by an interrupted run) and grade only the other files.",
)
def grade(
    paths: tuple[Path, ...],
    reference_id: str | None,
    output_format: str | None,
    output: Path | None,
    jobs: int,
    progress: bool | None,
    pipeline: str | None,
    resume: bool = False,
    server: str | None = None,
    api_key: str | None = None,
) -> None:
    """Grade essay files (.txt, .docx, .pdf, .odt) and folders of them, one row per essay.

    Columns: file, words, paragraphs, thesis_found, thesis_text, claims, evidence_sentences,
    citations, distinct_sources, stance, one score_<criterion> column per rubric criterion
    (then score_overall, score_max) when the analysis has scores, feedback_codes
    (the main feedback, most severe first) and error. A file that cannot be read gets a row
    with its error. The exit status is 1 only when no essay at all could be graded.

    With --output, rows are kept on disk as they are graded: an interrupted run leaves
    FILE as it was (never half written), and `--resume` goes on where it stopped.

    With --server URL the files are sent to that service as jobs (POST /v1/jobs) and the
    same rows are written from its results; nothing is analysed here.
    """
    settings = Settings.from_env()
    if output is not None and not output.resolve().parent.is_dir():
        raise click.BadParameter(f"folder {output.parent} does not exist", param_hint="--output")
    if resume and output is None:
        raise click.UsageError("--resume needs --output: the file that holds the essays graded so far.")
    output_format = output_format or (SUFFIX_FORMATS.get(output.suffix.lower(), "csv") if output else "csv")
    files = find_essays(paths)
    if not files:
        raise click.ClickException("no essay files (.txt, .docx, .pdf, .odt) found in " + ", ".join(map(str, paths)))
    if server is None:
        analyzer = configured_analyzer(pipeline, settings)
        options = GradingOptions(
            pipeline=pipeline or settings.spacy_pipeline,
            limits=ExtractionLimits(max_file_bytes=settings.max_upload_bytes, max_unpacked_bytes=settings.max_unpacked_bytes),
            max_text_chars=settings.max_text_chars,
            reference=resolve_reference(reference_id, settings, analyzer),
        )
    show_progress = progress if progress is not None else _interactive(output)
    graded = finished_rows(output, output_format) if resume else {}
    to_grade = [path for path in files if str(path) not in graded]
    checkpoint = Checkpoint(output, keep_existing=resume) if output is not None else None
    if resume:
        click.echo(f"{len(files) - len(to_grade)} of {len(files)} files graded already; grading {len(to_grade)}.", err=True)
    with tqdm(
        total=len(files), initial=len(files) - len(to_grade), unit="essay", file=sys.stderr, disable=not show_progress
    ) as bar:
        if server is None:
            chunks = grade_files(to_grade, analyzer, options, jobs=jobs)
        else:
            chunks = grade_on_server(to_grade, JobClient(server, api_key), reference_id)
        try:
            for chunk in chunks:
                if checkpoint is not None:
                    checkpoint.add(chunk)
                graded.update((row["file"], row) for row in chunk)
                bar.update(len(chunk))
        except ServerError as error:
            raise click.ClickException(str(error)) from error
    rows = [graded[str(path)] for path in files]

    if output is None:
        write_rows(rows, sys.stdout, output_format)
    else:
        with atomic_output(output) as handle:
            write_rows(rows, handle, output_format)
        checkpoint.remove()
    failed = sum(1 for row in rows if row.get("error"))
    if failed:
        click.echo(f"{failed} of {len(rows)} files could not be graded (see the error column).", err=True)
    if failed == len(rows):
        sys.exit(1)


def _interactive(output: Path | None) -> bool:
    """A bar on a terminal; none when the rows are piped or redirected (scripts and logs)."""
    return sys.stderr.isatty() and (output is not None or sys.stdout.isatty())
