"""Run the analysis over an annotated dataset and score it (and the positional baseline)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.analysis import EssayAnalysis, EssayAnalyzer
from service.analysis.argument_context import essay_parts
from service.evaluation.datasets import AnnotatedEssay
from service.evaluation.scoring import (
    Counts,
    Scores,
    StyleCounts,
    ThesisCounts,
    match_citations,
    match_citations_by_style,
    predicted_label,
    score_sentences,
)


def positional_roles(analysis: EssayAnalysis) -> list[list[str]]:
    """Roles by position alone: the baseline the detectors must beat.

    The last sentence of the introduction and the first of the conclusion are the
    thesis; the first sentence of each body paragraph is a claim, the rest evidence.
    Essay parts are read as the detectors read them (`essay_parts`).
    """
    roles: list[list[str]] = [[] for _ in analysis.sentences]
    grouped = analysis.sentences_by_paragraph()
    parts = [
        (paragraph.role, [sentence.index for sentence in grouped.get(paragraph.index, [])])
        for paragraph in analysis.paragraphs
    ]
    _, introduction, body, conclusion = essay_parts(parts)
    if introduction:
        roles[introduction[-1]].append("thesis")
    if conclusion:
        roles[conclusion[0]].append("thesis_restatement")
    for members in body:
        roles[members[0]].append("claim")
        for index in members[1:]:
            roles[index].append("evidence")
    return roles


def _add(scores: Scores, essay: AnnotatedEssay, analysis: EssayAnalysis, roles: Sequence[Sequence[str]]) -> None:
    scores.essays += 1
    scores.sentences += len(analysis.sentences)
    sentences = [
        (sentence.start, sentence.end, predicted_label(sentence_roles))
        for sentence, sentence_roles in zip(analysis.sentences, roles)
    ]
    for label, counts in score_sentences(sentences, essay.spans).items():
        scores.roles[label].add(counts)


def _add_citations(scores: Scores, essay: AnnotatedEssay, analysis: EssayAnalysis, styles: set[str | None]) -> None:
    """Only markers of the styles the dataset annotates count: a set that reviewed every
    parenthesis says nothing of signal phrases."""
    predicted = [c for c in analysis.citations if c.style in styles]
    found = match_citations([(c.start, c.end) for c in predicted], essay.citations)
    if scores.citations is None:
        scores.citations = Counts()
    scores.citations.add(found)
    styled = [(c.start, c.end, c.style) for c in predicted]
    for style, counts in match_citations_by_style(styled, essay.citations).items():
        scores.citation_styles.setdefault(style, StyleCounts()).add(counts)


def _add_thesis(scores: Scores, essay: AnnotatedEssay, analysis: EssayAnalysis) -> None:
    """Found: a sentence marked as the thesis (not its restatement) overlaps a gold thesis string."""
    gold = [span for span in essay.spans if span.role == "thesis"]
    marked = [s for s in analysis.sentences if "thesis" in s.roles]
    found = any(s.start < span.end and span.start < s.end for s in marked for span in gold)
    missing_shown = any(item.code == "THESIS_MISSING" for item in analysis.feedback)
    if scores.thesis is None:
        scores.thesis = ThesisCounts()
    unclear = analysis.thesis is not None and analysis.thesis.unclear
    scores.thesis.add(bool(essay.metadata["thesis_expected"]), found, bool(marked), unclear, missing_shown)


def evaluate(
    analyzer: EssayAnalyzer, essays: Sequence[AnnotatedEssay], batch_size: int = 16, reference=None
) -> tuple[Scores, Scores]:
    """Score the detectors and the positional baseline on `essays` (one pass of `nlp.pipe`),
    compared with `reference` as the service compares them."""
    detectors, baseline = Scores(), Scores()
    analyses: Iterable[EssayAnalysis] = analyzer.analyze_many(
        (essay.text for essay in essays), batch_size, reference=reference
    )
    gold_styles = {citation.style for essay in essays for citation in essay.citations or ()}
    for essay, analysis in zip(essays, analyses):
        _add(detectors, essay, analysis, [sentence.roles for sentence in analysis.sentences])
        _add(baseline, essay, analysis, positional_roles(analysis))
        if essay.citations is not None:
            _add_citations(detectors, essay, analysis, gold_styles)
        if "thesis_expected" in essay.metadata:
            _add_thesis(detectors, essay, analysis)
        gold_stance = essay.metadata.get("stance")
        if gold_stance:
            detectors.add_stance(analysis.thesis.stance if analysis.thesis else "unclear", gold_stance)
    return detectors, baseline
