"""Many essays through `nlp.pipe`, in order, where one failing essay does not stop the rest."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from service.analysis import EssayAnalysis, EssayAnalyzer
from service.analysis.deadline import AnalysisTimeout, Deadline

log = logging.getLogger(__name__)
PIPE_BATCH_SIZE = 16


@dataclass(frozen=True)
class AnalysisFailure:
    """An essay the pipeline raised on: a bug, reported in the essay's result, not for the batch."""

    error: str
    # 503: not analysed because the call ran past the analyzer's time limit (resend it).
    status: int = 500


def analyze_each(
    analyzer: EssayAnalyzer, texts: Iterable[str], batch_size: int = PIPE_BATCH_SIZE, reference=None
) -> Iterator[EssayAnalysis | AnalysisFailure]:
    """Yield one analysis per text, in input order, a chunk of `batch_size` at a time.

    Each chunk goes through `nlp.pipe`; if the pipeline raises inside a chunk, its essays
    are analysed one by one so that only the essay at fault gets an AnalysisFailure.
    Each essay is compared with `reference` when one is given.
    """
    texts = iter(texts)
    # One time limit for the whole call: past it, the essays not yet analysed are reported, not analysed.
    deadline = Deadline(getattr(analyzer, "time_limit", None))
    while chunk := list(islice(texts, batch_size)):
        analyses: list[EssayAnalysis | AnalysisFailure] = []
        try:
            for analysis in analyzer.analyze_many(chunk, batch_size=batch_size, reference=reference, deadline=deadline):
                analyses.append(analysis)
        except AnalysisTimeout as timeout:
            yield from analyses
            yield from (_timed_out(timeout) for _ in [*chunk[len(analyses) :], *texts])
            return
        except Exception:  # noqa: BLE001 - isolate the failing essay below
            analyses = [_analyze_one(analyzer, text, reference) for text in chunk]
        yield from analyses


def _timed_out(timeout: AnalysisTimeout) -> AnalysisFailure:
    return AnalysisFailure(
        f"Not analysed: the request ran past the analysis time limit of {timeout.seconds:g} s. "
        "Send this essay again, or send smaller batches.",
        status=503,
    )


def _analyze_one(analyzer: EssayAnalyzer, text: str, reference=None) -> EssayAnalysis | AnalysisFailure:
    try:
        return analyzer.analyze(text, reference)
    except Exception as error:  # noqa: BLE001 - logged without the essay's text, reported per essay
        log.exception("analysis failed", extra={"characters": len(text)})
        return AnalysisFailure(f"The analysis failed on this essay ({type(error).__name__}).")
