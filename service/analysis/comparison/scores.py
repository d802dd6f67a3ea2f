"""Rubric scores 0-4 for thesis, evidence, citations, organization and counterargument.

Each point is earned by something the analysis found, and each reason says which, so a
teacher can check a score against the essay. The rubric and worked examples:
docs/scoring.md. Stance never counts: a thesis that disagrees with the reference earns
the same points as one that agrees.
"""

from __future__ import annotations

from service.analysis.comparison.model import Comparison, CriterionScore, Scores, StructureSummary
from service.analysis.model import EssayAnalysis

CRITERIA = ("thesis", "evidence", "citations", "organization", "counterargument")
MAX_SCORE = 4
DEFAULT_WEIGHTS = {name: 1.0 for name in CRITERIA}
MANY_CITATIONS = 3


def parse_score_weights(raw: str) -> dict[str, float]:
    """'thesis=2,evidence=1.5' -> {'thesis': 2.0, 'evidence': 1.5}; unnamed criteria keep weight 1."""
    weights: dict[str, float] = {}
    for part in raw.split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name not in CRITERIA:
            raise ValueError(f"ESSAY_FEEDBACK_SCORE_WEIGHTS: unknown criterion {name!r}; use {', '.join(CRITERIA)}")
        try:
            weights[name] = float(value)
        except ValueError as error:
            raise ValueError(f"ESSAY_FEEDBACK_SCORE_WEIGHTS: {name} needs a number, got {value!r}") from error
        if weights[name] < 0:
            raise ValueError(f"ESSAY_FEEDBACK_SCORE_WEIGHTS: {name} must not be negative")
    return weights


def _points(earned: list[tuple[bool, str, str]]) -> CriterionScore:
    """Turn (condition, reason if met, reason if not) triples into a score out of 4."""
    score = sum(1 for met, _, _ in earned if met)
    reasons = [yes if met else no for met, yes, no in earned if (yes if met else no)]
    return CriterionScore(score=min(score, MAX_SCORE), max=MAX_SCORE, reasons=reasons)


def _nothing(reason: str) -> CriterionScore:
    return CriterionScore(0, MAX_SCORE, [reason])


def score_thesis(analysis: EssayAnalysis, structure: StructureSummary) -> CriterionScore:
    if analysis.thesis is None:
        return _nothing("No thesis sentence was found, so the essay has no position to defend.")
    if analysis.thesis.unclear:
        return CriterionScore(
            1,
            MAX_SCORE,
            ["One sentence comes close to answering the question, but it does not clearly take a position."],
        )
    return _points(
        [
            (True, "A thesis answers the question.", ""),
            (True, "The thesis is a full sentence stating a position.", ""),
            (structure.thesis_in_introduction, "The thesis stands in the introduction.", "The thesis is not in the introduction."),
            (
                structure.stance != "unclear",
                "The thesis takes a clear position (any position counts).",
                "The thesis does not say clearly which way it answers the question.",
            ),
        ]
    )


NARRATIVE = "NARRATIVE_NOT_ARGUMENT"


def retells(analysis: EssayAnalysis) -> bool:
    """Whether the feedback found the essay retelling events instead of arguing."""
    return any(entry.code == NARRATIVE for entry in analysis.feedback)


def score_evidence(structure: StructureSummary, narrative: bool = False) -> CriterionScore:
    body = structure.body
    if narrative:
        # Dates and facts are evidence only when they support a claim or a thesis.
        return CriterionScore(
            1, MAX_SCORE, ["The essay retells events; its facts support no position, so they count little as evidence."]
        )
    if not body:
        return _nothing("There are no body paragraphs to support the thesis.")
    supported = sum(1 for paragraph in body if paragraph.evidence)
    well = sum(1 for paragraph in body if paragraph.evidence >= 2)
    if not supported:
        return _nothing("No body paragraph gives evidence: no facts, dates, quotations or cited sources.")
    return _points(
        [
            (True, "At least one body paragraph gives evidence.", ""),
            (
                supported * 2 >= len(body),
                f"{supported} of {len(body)} body paragraphs give evidence.",
                f"Only {supported} of {len(body)} body paragraphs give evidence.",
            ),
            (supported == len(body), "Every body paragraph gives evidence.", "Some body paragraphs give no evidence."),
            (
                well * 2 >= len(body),
                "Most body paragraphs give two or more pieces of evidence.",
                "Most body paragraphs rest on a single piece of evidence or none.",
            ),
        ]
    )


def score_citations(analysis: EssayAnalysis, structure: StructureSummary, unsupported_quotations: int) -> CriterionScore:
    count = structure.citations
    if not count:
        return _nothing("The essay cites no sources.")
    return _points(
        [
            (True, f"The essay cites sources ({count} citations).", ""),
            (count >= MANY_CITATIONS, f"{count} citations support the argument.", f"Only {count} citation(s); use at least {MANY_CITATIONS}."),
            (structure.sources >= 2, f"{structure.sources} different sources are cited.", "Only one source or none is cited."),
            (
                unsupported_quotations == 0,
                "Every quotation is followed by a citation.",
                "Some quotations have no citation.",
            ),
        ]
    )


def score_organization(structure: StructureSummary, narrative: bool = False) -> CriterionScore:
    roles = structure.roles
    body = structure.body
    # A retelling has paragraphs but no points for them to make.
    claims = 0 if narrative else sum(1 for paragraph in body if paragraph.opens_with_claim)
    return _points(
        [
            (
                "introduction" in roles and "conclusion" in roles,
                "The essay has an introduction and a conclusion.",
                "The essay lacks a separate introduction or conclusion.",
            ),
            (
                len(body) >= 2 and not structure.one_sentence_paragraphs,
                f"{len(body)} body paragraphs develop the argument.",
                "Almost every sentence stands in a paragraph of its own."
                if structure.one_sentence_paragraphs
                else "Fewer than two body paragraphs.",
            ),
            (
                bool(body) and claims * 2 >= len(body),
                "Body paragraphs open with a claim.",
                "The paragraphs retell events instead of opening with a claim."
                if narrative
                else "Most body paragraphs do not open with a claim.",
            ),
            (structure.conclusion_restates_thesis, "The conclusion restates the thesis.", "The conclusion does not restate the thesis."),
        ]
    )


def score_counterargument(structure: StructureSummary) -> CriterionScore:
    counters, rebuttals = structure.counterarguments, structure.rebuttals
    if not counters:
        return _nothing("The essay never considers another view.")
    return _points(
        [
            (True, "The essay considers another view.", ""),
            (True, "The other view is stated in its own sentence.", ""),
            (rebuttals >= 1, "The counterargument is answered.", "No counterargument is answered."),
            (rebuttals >= counters, "Every counterargument is answered.", "Not every counterargument is answered."),
        ]
    )


def score_essay(
    analysis: EssayAnalysis,
    structure: StructureSummary,
    comparison: Comparison | None = None,
    weights: dict[str, float] | None = None,
    unsupported_quotations: int = 0,
) -> Scores:
    """All five criteria and the weighted overall score (0-4, one decimal)."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    criteria = {
        "thesis": score_thesis(analysis, structure),
        "evidence": score_evidence(structure, retells(analysis)),
        "citations": score_citations(analysis, structure, unsupported_quotations),
        "organization": score_organization(structure, retells(analysis)),
        "counterargument": score_counterargument(structure),
    }
    total_weight = sum(weights[name] for name in CRITERIA)
    overall = sum(weights[name] * criteria[name].score for name in CRITERIA) / total_weight if total_weight else 0.0
    notes = []
    if comparison is not None and not comparison.topic.on_topic:
        notes.append("The essay does not address the question, so its overall score is 0.")
        overall = 0.0
    elif comparison is not None and comparison.overlap.copied:
        notes.append(
            "Much of the essay copies or closely paraphrases the reference; the scores describe its structure only "
            "and a teacher should check it."
        )
    return Scores(criteria=criteria, overall=round(overall, 1), max=MAX_SCORE, weights=weights, notes=notes)
