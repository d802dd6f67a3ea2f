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
# The thesis's stance: continuity, discontinuity, mixed or unclear (empty without a thesis).
STANCE_COLUMN = "stance"
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
        # A candidate the feedback asks about (THESIS_UNCLEAR) is no thesis found.
        "thesis_found": analysis.thesis is not None and not analysis.thesis.unclear,
        "thesis_text": analysis.thesis.text if analysis.thesis else None,
        "claims": len(analysis.sentences_with_role("claim")),
        "evidence_sentences": len(analysis.sentences_with_role("evidence")),
        "citations": len(citations),
        "distinct_sources": len({citation.source for citation in citations}),
        STANCE_COLUMN: analysis.thesis.stance if analysis.thesis else None,
    }
    row.update(score_columns(getattr(analysis, "scores", None)))
    row["feedback_codes"] = main_feedback_codes(analysis)
    row["error"] = None
    return row


def error_row(file: str, error: str) -> dict:
    return {"file": file, "error": error}


def score_columns(scores) -> dict:
    """Rubric scores as `score_<criterion>` columns, then the overall ones (`score_overall`,
    `score_max`), when the analysis has them (a dict, as in the JSON document, or a dataclass)."""
    if is_dataclass(scores):
        scores = asdict(scores)
    if not isinstance(scores, dict):
        return {}
    columns = {}
    for name, criterion in (scores.get("criteria") or {}).items():
        value = criterion.get("score") if isinstance(criterion, dict) else None
        if _is_number(value):
            columns[f"{SCORE_PREFIX}{name}"] = value
    columns.update((f"{SCORE_PREFIX}{name}", value) for name, value in scores.items() if _is_number(value))
    return columns


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def document_row(file: str, document: dict) -> dict:
    """The row of `essay_row`, from a serialized feedback document (what the API returns)."""
    sentences = document.get("sentences") or []
    citations = document.get("citations") or []
    thesis = document.get("thesis")
    row = {
        "file": file,
        "words": document["stats"]["words"],
        "paragraphs": document["stats"]["paragraphs"],
        "thesis_found": thesis is not None and not thesis.get("unclear", False),
        "thesis_text": thesis["text"] if thesis else None,
        "claims": sum(1 for sentence in sentences if "claim" in sentence["roles"]),
        "evidence_sentences": sum(1 for sentence in sentences if "evidence" in sentence["roles"]),
        "citations": len(citations),
        "distinct_sources": len({citation["source"] for citation in citations}),
        STANCE_COLUMN: thesis.get("stance") if thesis else None,
    }
    row.update(score_columns(document.get("scores")))
    items = document.get("feedback") or []
    row["feedback_codes"] = _codes_by_severity((item["code"], item["severity"]) for item in items)
    row["error"] = None
    return row


def _codes_by_severity(items) -> list[str]:
    items = list(items)
    codes: list[str] = []
    for severity in MAIN_SEVERITIES:
        for code, item_severity in items:
            if item_severity == severity and code not in codes:
                codes.append(code)
    return codes


def main_feedback_codes(analysis: EssayAnalysis) -> list[str]:
    """Distinct codes of the items worth acting on, most severe first."""
    return _codes_by_severity((item.code, item.severity) for item in analysis.feedback)


def columns_of(rows: list[dict]) -> list[str]:
    """The base columns, the stance, every score column any row has (in order of appearance),
    then codes and error."""
    scores: dict[str, None] = {}
    for row in rows:
        scores.update((key, None) for key in row if key.startswith(SCORE_PREFIX))
    return [*BASE_COLUMNS, STANCE_COLUMN, *scores, *TRAILING_COLUMNS]
