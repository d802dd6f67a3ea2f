"""One summary row per graded essay: the columns teachers sort a class set by."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from numbers import Real

from service.analysis import EssayAnalysis

BASE_COLUMNS = (
    "file",
    "words",
    "paragraphs",
    "thesis_found",
    "thesis_text",
    "claims",
    "evidence_sentences",
    "citations",
    "distinct_sources",
)
TRAILING_COLUMNS = ("feedback_codes", "error")
SCORE_PREFIX = "score_"
# The main feedback is what a teacher acts on; `info` items only describe the essay.
MAIN_SEVERITIES = ("problem", "warning", "suggestion")


def essay_row(file: str, analysis: EssayAnalysis) -> dict:
    citations = analysis.citations
    row = {
        "file": file,
        "words": analysis.stats.words,
        "paragraphs": analysis.stats.paragraphs,
        "thesis_found": analysis.thesis is not None,
        "thesis_text": analysis.thesis.text if analysis.thesis else None,
        "claims": len(analysis.sentences_with_role("claim")),
        "evidence_sentences": len(analysis.sentences_with_role("evidence")),
        "citations": len(citations),
        "distinct_sources": len({citation.source for citation in citations}),
    }
    row.update(score_columns(getattr(analysis, "scores", None)))
    row["feedback_codes"] = main_feedback_codes(analysis)
    row["error"] = None
    return row


def error_row(file: str, error: str) -> dict:
    return {"file": file, "error": error}


def score_columns(scores) -> dict:
    """Rubric scores as `score_<name>` columns, when the analysis has them (a dict or a dataclass)."""
    if is_dataclass(scores):
        scores = asdict(scores)
    if not isinstance(scores, dict):
        return {}
    return {
        f"{SCORE_PREFIX}{name}": value
        for name, value in scores.items()
        if isinstance(value, Real) and not isinstance(value, bool)
    }


def main_feedback_codes(analysis: EssayAnalysis) -> list[str]:
    """Distinct codes of the items worth acting on, most severe first."""
    codes: list[str] = []
    for severity in MAIN_SEVERITIES:
        for item in analysis.feedback:
            if item.severity == severity and item.code not in codes:
                codes.append(item.code)
    return codes


def columns_of(rows: list[dict]) -> list[str]:
    """The base columns, every score column any row has (in order of appearance), then codes and error."""
    scores: dict[str, None] = {}
    for row in rows:
        scores.update((key, None) for key in row if key.startswith(SCORE_PREFIX))
    return [*BASE_COLUMNS, *scores, *TRAILING_COLUMNS]
