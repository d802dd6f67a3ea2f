"""The project's annotated essays are well-formed gold: these tests check the data, not the detectors.

A label that cannot be found, a citation forgotten in the labels file or a near-miss that
overlaps a citation would silently corrupt every figure `essay-feedback evaluate` prints.
"""

import json
import re
from pathlib import Path

import pytest

from schemas.vocabulary import CITATION_STYLES, STANCES
from service.evaluation.datasets import load_dataset

ANNOTATED = Path(__file__).resolve().parents[2] / "essay_samples" / "annotated"
ROLES = {
    "MajorClaim": {"thesis", "thesis_restatement"},
    "Claim": {"claim", "counterargument", "rebuttal"},
    "Premise": {"evidence"},
}
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A line of a notes list at the end of an essay starts with its marker: "[1] Service, ..." or "¹ Service, ...".
NOTE_LINE = re.compile(rf"^[ \t]*(\[\d+\]|[{SUPERSCRIPT_DIGITS}]+)", re.MULTILINE)
FOOTNOTE_MARKER = re.compile(rf"^(\[\d+\]|[{SUPERSCRIPT_DIGITS}]+)$")

ESSAYS = load_dataset(ANNOTATED)


def essay_ids():
    return [essay.id for essay in ESSAYS]


def occurrences(text, needle):
    start = text.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


def covered(position, ranges):
    return any(start <= position < end for start, end in ranges)


def non_citation_ranges(essay):
    return [span for needle in essay.metadata.get("non_citations", []) for span in occurrences(essay.text, needle)]


def note_list_markers(text):
    """Offsets of the markers that open lines of a notes list (entries, not citation markers)."""
    return [(match.start(1), match.end(1)) for match in NOTE_LINE.finditer(text)]


def test_enough_essays_each_with_text_and_labels():
    assert len(ESSAYS) >= 12
    assert sorted(path.stem for path in ANNOTATED.glob("*.txt")) == sorted(
        path.name.removesuffix(".labels.json") for path in ANNOTATED.glob("*.labels.json")
    )


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_essay_metadata(essay):
    path = ANNOTATED / f"{essay.id}.txt"
    assert path.exists(), "the id names the essay's file"
    assert essay.metadata["stance"] in STANCES
    assert essay.metadata["description"].strip()
    assert 300 <= len(essay.text.split()) <= 900
    assert essay.citations is not None, "every essay lists its citations, even when there are none"


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_spans_use_known_labels_and_roles(essay):
    assert essay.spans
    for span in essay.spans:
        assert span.role in ROLES[span.label], (span.label, span.role)


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_spans_are_trimmed_and_do_not_overlap(essay):
    ordered = sorted(essay.spans, key=lambda span: span.start)
    for span in ordered:
        quoted = essay.text[span.start : span.end]
        assert quoted == quoted.strip() and quoted, repr(quoted)
    for before, after in zip(ordered, ordered[1:]):
        assert before.end <= after.start, essay.text[after.start : after.end]


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_occurrence_is_given_for_repeated_text(essay):
    labels = json.loads((ANNOTATED / f"{essay.id}.labels.json").read_text(encoding="utf-8"))
    for entry in labels["spans"] + labels["citations"]:
        if sum(1 for _ in occurrences(essay.text, entry["text"])) > 1:
            assert "occurrence" in entry, f"repeated text needs an occurrence: {entry['text']!r}"


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_citations_are_well_formed(essay):
    seen = set()
    for citation in essay.citations:
        marker = essay.text[citation.start : citation.end]
        assert citation.style in CITATION_STYLES
        assert citation.source and citation.source == citation.source.lower().strip()
        assert (citation.start, citation.end) not in seen, f"listed twice: {marker!r}"
        seen.add((citation.start, citation.end))
        if citation.style == "parenthetical":
            assert marker.startswith("(") and marker.endswith(")"), marker
        if citation.style == "footnote":
            assert FOOTNOTE_MARKER.match(marker), marker
        if citation.style == "signal_phrase":
            assert "(" not in marker and len(marker.split()) >= 2, marker
    ordered = sorted(essay.citations, key=lambda citation: citation.start)
    for before, after in zip(ordered, ordered[1:]):
        assert before.end <= after.start


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_note_list_entries_are_not_citation_markers(essay):
    entries = note_list_markers(essay.text)
    for citation in essay.citations:
        assert (citation.start, citation.end) not in entries


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_non_citations_are_found_and_never_overlap_a_citation(essay):
    for needle in essay.metadata.get("non_citations", []):
        assert needle in essay.text, needle
    for start, end in non_citation_ranges(essay):
        for citation in essay.citations:
            assert end <= citation.start or citation.end <= start, essay.text[start:end]


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_every_parenthesis_is_a_citation_or_a_listed_near_miss(essay):
    """No citation is forgotten: each "(" and each "[" outside a notes list is accounted for."""
    accounted = [(c.start, c.end) for c in essay.citations] + non_citation_ranges(essay)
    accounted += note_list_markers(essay.text)
    for position, character in enumerate(essay.text):
        if character in "([" and not covered(position, accounted):
            pytest.fail(f"unlabelled parenthesis: {essay.text[position:position + 40]!r}")


@pytest.mark.parametrize("essay", ESSAYS, ids=essay_ids())
def test_every_superscript_digit_is_a_footnote_marker(essay):
    markers = [(c.start, c.end) for c in essay.citations if c.style == "footnote"]
    markers += note_list_markers(essay.text)
    for position, character in enumerate(essay.text):
        if character in SUPERSCRIPT_DIGITS:
            assert covered(position, markers), essay.text[max(0, position - 30) : position + 1]


def test_an_essay_without_a_thesis_has_claims_but_no_major_claim():
    without_thesis = [essay for essay in ESSAYS if not any(s.label == "MajorClaim" for s in essay.spans)]
    assert without_thesis
    for essay in without_thesis:
        assert any(span.label == "Claim" for span in essay.spans)


def test_every_stance_and_citation_style_is_represented():
    assert {essay.metadata["stance"] for essay in ESSAYS} >= {"continuity", "discontinuity", "mixed"}
    assert {c.style for essay in ESSAYS for c in essay.citations} == set(CITATION_STYLES)
    assert any(not essay.citations for essay in ESSAYS), "an essay without any citation"


def test_a_restatement_restates_a_thesis_of_the_same_essay():
    for essay in ESSAYS:
        roles = {span.role for span in essay.spans}
        if "thesis_restatement" in roles:
            assert "thesis" in roles, f"{essay.id}: a restatement of a thesis that is not there"
