"""Rubric scores: each point earned by something found, weights configurable, stance never counts."""

import pytest

from service.analysis.comparison.scores import score_essay
from service.analysis.comparison.structure import summarize
from service.analysis.model import AnalyzerInfo, Citation, EssayAnalysis, Paragraph, Sentence, Stats, Thesis
from service.analysis.comparison import parse_score_weights

INFO = AnalyzerInfo("test", "3.8", "test")


def essay(stance="continuity", counter=True, rebuttal=True, evidence=True, citations=3, thesis_paragraph=0):
    """A five-paragraph essay built by hand: intro, three body paragraphs, conclusion."""
    roles = ["introduction", "body", "body", "body", "conclusion"]
    paragraphs = [Paragraph(i, i * 100, i * 100 + 90, role) for i, role in enumerate(roles)]
    sentences = []
    for paragraph in paragraphs:
        for k in range(2):
            index = len(sentences)
            sentence_roles = []
            if paragraph.role == "body" and k == 0:
                sentence_roles.append("claim")
            if paragraph.role == "body" and k == 1 and evidence:
                sentence_roles.append("evidence")
            sentences.append(Sentence(index, paragraph.index, paragraph.start + 45 * k, paragraph.start + 45 * k + 40, "x" * 40, sentence_roles))
    if counter:
        sentences[6].roles = ["counterargument"]
    if rebuttal:
        sentences[7].roles = ["rebuttal", "evidence"]
    sentences[8].roles.append("thesis_restatement")
    thesis_sentence = sentences[thesis_paragraph * 2]
    thesis_sentence.roles.insert(0, "thesis")
    thesis = Thesis(thesis_sentence.index, thesis_sentence.start, thesis_sentence.end, thesis_sentence.text, stance)
    cites = [
        Citation(sentences[3 + 2 * (n % 3)].start, sentences[3 + 2 * (n % 3)].start + 5, "(X)", 3 + 2 * (n % 3), "parenthetical", f"source {n % 2}")
        for n in range(citations)
    ]
    analysis = EssayAnalysis(INFO, Stats(500, len(sentences), len(paragraphs)), paragraphs, sentences, thesis, cites)
    return analysis


def scores(analysis, weights=None):
    return score_essay(analysis, summarize(analysis, {}), None, weights)


@pytest.mark.parametrize("stance", ["discontinuity", "mixed"])
def test_disagreeing_with_the_reference_scores_the_same(stance):
    agreeing = scores(essay("continuity"))
    disagreeing = scores(essay(stance))
    assert {k: v.score for k, v in disagreeing.criteria.items()} == {k: v.score for k, v in agreeing.criteria.items()}
    assert disagreeing.overall == agreeing.overall


def test_a_complete_essay_scores_by_the_rubric():
    result = scores(essay())
    assert {k: v.score for k, v in result.criteria.items()} == {
        "thesis": 4, "evidence": 3, "citations": 4, "organization": 4, "counterargument": 4
    }
    # Evidence: every body paragraph has one evidence sentence, none has two -> 3 of 4.
    assert result.overall == 3.8


def test_an_unclear_thesis_loses_one_point():
    assert scores(essay("unclear")).criteria["thesis"].score == 3


def test_a_thesis_outside_the_introduction_loses_one_point():
    result = scores(essay(thesis_paragraph=1))
    assert result.criteria["thesis"].score == 3
    assert "The thesis is not in the introduction." in result.criteria["thesis"].reasons


def test_counterargument_without_rebuttal():
    result = scores(essay(rebuttal=False)).criteria["counterargument"]
    assert result.score == 2
    assert "No counterargument is answered." in result.reasons
    assert scores(essay(counter=False, rebuttal=False)).criteria["counterargument"].score == 0


def test_no_citations_scores_zero():
    result = scores(essay(citations=0)).criteria["citations"]
    assert result.score == 0 and "The essay cites no sources." in result.reasons


def test_body_paragraphs_without_evidence():
    result = scores(essay(evidence=False, rebuttal=False)).criteria["evidence"]
    assert result.score == 0


def test_weights_change_the_overall_score():
    analysis = essay(counter=False, rebuttal=False)
    plain = scores(analysis)
    weighted = scores(analysis, {"counterargument": 3})
    # Criteria: thesis 4, evidence 3, citations 4, organization 4, counterargument 0.
    assert plain.overall == pytest.approx(round(15 / 5, 1))
    assert weighted.overall == pytest.approx(round(15 / 7, 1))


def test_weights_from_the_environment_string():
    assert parse_score_weights("thesis=2, evidence=1.5") == {"thesis": 2.0, "evidence": 1.5}
    assert parse_score_weights("") == {}
    for bad in ("style=2", "thesis=heavy", "thesis=-1"):
        with pytest.raises(ValueError):
            parse_score_weights(bad)
