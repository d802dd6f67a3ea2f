"""Grading essay files: read, analyse through `nlp.pipe`, one row per file, in the order given.

With `jobs > 1` the files are graded in worker processes, a chunk of files per task.
On Linux the workers are forked from a process that has already loaded the pipeline, so
they start at once and share its memory; elsewhere each worker loads it once.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from service.analysis import EssayAnalyzer
from service.analysis.references import Reference
from service.extraction import ExtractedText, ExtractionError, ExtractionLimits, read_file
from service.grading.essay_stream import PIPE_BATCH_SIZE, AnalysisFailure, analyze_each
from service.grading.rows import error_row, essay_row

# Chunks graded in one spaCy memory zone (see EssayAnalyzer.memory_zone): 1,024 essays' strings
# at most are kept at a time, and spaCy's lexemes and tokenizer cache are rebuilt 64 times less often.
ZONE_CHUNKS = 64


@dataclass(frozen=True)
class GradingOptions:
    pipeline: str
    limits: ExtractionLimits
    max_text_chars: int
    # The reference essay every file is compared with (None: no comparison).
    reference: Reference | None = None


def grade_files(
    paths: Sequence[Path], analyzer: EssayAnalyzer, options: GradingOptions, jobs: int = 1
) -> Iterator[list[dict]]:
    """Rows for `paths` in order, yielded a chunk at a time (for progress reporting)."""
    chunks = list(_chunks(paths, _chunk_size(len(paths), jobs)))
    if jobs <= 1 or len(chunks) <= 1:
        for start in range(0, len(chunks), ZONE_CHUNKS):
            with analyzer.memory_zone():
                for chunk in chunks[start : start + ZONE_CHUNKS]:
                    yield grade_chunk(analyzer, chunk, options)
        return
    global _WORKER_ANALYZER
    _WORKER_ANALYZER = analyzer
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    # Frozen objects are never visited by the collector, so forked workers do not copy the
    # loaded pipeline's memory page by page as their collections touch it.
    gc.freeze()
    try:
        with context.Pool(processes=jobs, initializer=_start_worker, initargs=(options.pipeline,)) as pool:
            yield from pool.imap(_grade_in_worker, [(chunk, options) for chunk in chunks])
    finally:
        gc.unfreeze()


def grade_chunk(analyzer: EssayAnalyzer, paths: Sequence[Path], options: GradingOptions) -> list[dict]:
    """Read each file, analyse the readable ones together, and return a row for every file."""
    extracted = [_read(path, options) for path in paths]
    analyses = analyze_each(
        analyzer, (item.text for item in extracted if isinstance(item, ExtractedText)), reference=options.reference
    )
    rows = []
    for path, item in zip(paths, extracted):
        if isinstance(item, str):
            rows.append(error_row(str(path), item))
            continue
        analysis = next(analyses)
        if isinstance(analysis, AnalysisFailure):
            rows.append(error_row(str(path), analysis.error))
        else:
            rows.append(essay_row(str(path), analysis))
    return rows


def _read(path: Path, options: GradingOptions) -> ExtractedText | str:
    """The file's text, or why it cannot be graded."""
    try:
        extracted = read_file(path, options.limits)
    except ExtractionError as error:
        return str(error)
    if len(extracted.text) > options.max_text_chars:
        return f"{path.name} has {len(extracted.text):,} characters; the limit is {options.max_text_chars:,}."
    return extracted


def _chunk_size(count: int, jobs: int) -> int:
    # Several chunks per worker keep both busy to the end; no chunk exceeds one nlp.pipe batch.
    if jobs <= 1:
        return PIPE_BATCH_SIZE
    return max(1, min(PIPE_BATCH_SIZE, math.ceil(count / (jobs * 4))))


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The analyzer of a worker process: inherited when forked, loaded by `_start_worker` otherwise.
_WORKER_ANALYZER: EssayAnalyzer | None = None


def _start_worker(pipeline: str) -> None:
    global _WORKER_ANALYZER
    if _WORKER_ANALYZER is None:
        _WORKER_ANALYZER = EssayAnalyzer.load(pipeline)


# A worker's memory zone, held over ZONE_CHUNKS tasks, then renewed; the last one ends with the worker.
_WORKER_ZONE: ExitStack | None = None
_WORKER_TASKS = 0


def _grade_in_worker(task: tuple[Sequence[Path], GradingOptions]) -> list[dict]:
    global _WORKER_ZONE, _WORKER_TASKS
    paths, options = task
    if _WORKER_TASKS % ZONE_CHUNKS == 0:
        if _WORKER_ZONE is not None:
            _WORKER_ZONE.close()
        _WORKER_ZONE = ExitStack()
        _WORKER_ZONE.enter_context(_WORKER_ANALYZER.memory_zone())
    _WORKER_TASKS += 1
    return grade_chunk(_WORKER_ANALYZER, paths, options)
