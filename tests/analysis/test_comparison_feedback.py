"""Feedback items added with the comparison: where the thesis stands, claims, the works-cited list."""

from pathlib import Path

from service.analysis.feedback import CATALOGUE, build_feedback, order_feedback
from service.analysis.model import AnalyzerInfo, EssayAnalysis, FeedbackItem, Paragraph, Sentence, Stats, Thesis

ESSAYS = Path(__file__).resolve().parents[1] / "data" / "essays"
NEW_CODES = (
    "OFF_TOPIC",
    "REFERENCE_COPIED",
    "REFERENCE_ARGUMENT_MISSING",
    "THESIS_NOT_IN_INTRODUCTION",
    "PARAGRAPH_WITHOUT_CLAIM",
    "CITED_SOURCE_NOT_LISTED",
    "LISTED_SOURCE_NOT_CITED",
)

WITH_LIST = """Lenin and Stalin

Stalinism grew out of Leninism, because Lenin built the one-party state that Stalin inherited.

Lenin dissolved the Constituent Assembly in January 1918 (Service, p. 12). The Cheka arrested thousands of opponents in its first year (Figes).

The ban on factions in 1921 silenced critics inside the party (Service, p. 40). Stalin later used it against Trotsky.

In conclusion, Stalinism grew out of Leninism.

Works Cited
Service, Robert. A History of Modern Russia. London: Penguin, 2009.
Pipes, Richard. The Russian Revolution. New York: Knopf, 1990.
"""


def codes(items):
    return [item.code for item in items]


def hand_built(roles_by_paragraph, thesis_at):
    """An analysis from paragraph roles and per-sentence roles, as a detector might report it."""
    paragraphs, sentences, offset = [], [], 0
    for index, (role, sentence_roles) in enumerate(roles_by_paragraph):
        start = offset
        for roles in sentence_roles:
            sentences.append(Sentence(len(sentences), index, offset, offset + 30, "s" * 30, list(roles)))
            offset += 31
        paragraphs.append(Paragraph(index, start, offset - 1, role))
        offset += 1
    thesis_sentence = sentences[thesis_at]
    thesis_sentence.roles.insert(0, "thesis")
    thesis = Thesis(thesis_at, thesis_sentence.start, thesis_sentence.end, thesis_sentence.text, "continuity")
    info = AnalyzerInfo("t", "3.8", "t")
    return EssayAnalysis(info, Stats(400, len(sentences), len(paragraphs)), paragraphs, sentences, thesis, [])


def test_new_codes_are_in_the_catalogue_and_the_api_docs():
    api_docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for code in NEW_CODES:
        assert CATALOGUE[code]["severity"] in {"info", "suggestion", "warning", "problem"}
        assert f"`{code}`" in api_docs


def test_thesis_in_a_body_paragraph_is_not_in_the_introduction():
    analysis = hand_built(
        [("introduction", [[], []]), ("body", [["claim"], ["evidence"]]), ("conclusion", [["thesis_restatement"]])],
        thesis_at=2,
    )
    found = [item for item in build_feedback(analysis) if item.code == "THESIS_NOT_IN_INTRODUCTION"]
    assert len(found) == 1 and found[0].sentence == 2


def test_thesis_in_the_introduction_is_fine():
    analysis = hand_built(
        [("introduction", [[], []]), ("body", [["claim"], ["evidence"]]), ("conclusion", [[]])], thesis_at=1
    )
    assert "THESIS_NOT_IN_INTRODUCTION" not in codes(build_feedback(analysis))


def test_body_paragraph_without_a_claim():
    analysis = hand_built(
        [("introduction", [[]]), ("body", [["claim"], ["evidence"]]), ("body", [["evidence"], []]), ("conclusion", [[]])],
        thesis_at=0,
    )
    found = [item for item in build_feedback(analysis) if item.code == "PARAGRAPH_WITHOUT_CLAIM"]
    assert [(item.start, item.end) for item in found] == [(analysis.paragraphs[2].start, analysis.paragraphs[2].end)]


def test_a_counterargument_opening_a_paragraph_counts_as_its_claim():
    analysis = hand_built(
        [("introduction", [[]]), ("body", [["counterargument"], ["rebuttal", "evidence"]]), ("conclusion", [[]])],
        thesis_at=0,
    )
    assert "PARAGRAPH_WITHOUT_CLAIM" not in codes(build_feedback(analysis))


def test_citations_checked_against_the_works_cited_list(analyzer):
    analysis = analyzer.analyze(WITH_LIST)
    missing = [item for item in analysis.feedback if item.code == "CITED_SOURCE_NOT_LISTED"]
    assert [WITH_LIST[item.start : item.end] for item in missing] == ["(Figes)"]
    unused = [item for item in analysis.feedback if item.code == "LISTED_SOURCE_NOT_CITED"]
    assert len(unused) == 1
    assert analysis.sentences[unused[0].sentence].text.startswith("Pipes")


def test_a_consistent_works_cited_list_raises_nothing(analyzer):
    text = (ESSAYS / "strong_own_words.txt").read_text(encoding="utf-8")
    found = codes(analyzer.analyze(text).feedback)
    assert "CITED_SOURCE_NOT_LISTED" not in found and "LISTED_SOURCE_NOT_CITED" not in found


def test_off_topic_comes_first_then_by_severity():
    items = [
        FeedbackItem("NO_COUNTERARGUMENT", "suggestion", "m"),
        FeedbackItem("THESIS_MISSING", "problem", "m"),
        FeedbackItem("OFF_TOPIC", "problem", "m"),
        FeedbackItem("NO_CITATIONS", "warning", "m"),
    ]
    assert codes(order_feedback(items)) == ["OFF_TOPIC", "THESIS_MISSING", "NO_CITATIONS", "NO_COUNTERARGUMENT"]
