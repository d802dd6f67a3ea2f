"""Footnote markers glued to words: split off, and closing the sentence they follow."""

import pytest


def sentences_of(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    return [sentence.text for sentence in doc._.sentences]


@pytest.mark.parametrize(
    "text, first",
    [
        ("Lenin banned factions in 1921.¹ Stalin used the ban against his rivals.", "Lenin banned factions in 1921.¹"),
        ("Lenin founded the Cheka in 1917.[1] Stalin turned it into the NKVD.", "Lenin founded the Cheka in 1917.[1]"),
        ('Lenin called for "a state of terror."[3] Stalin went much further.', 'Lenin called for "a state of terror."[3]'),
        ("Lenin founded the Cheka in 1917.[2, 3] Stalin turned it into the NKVD.", "Lenin founded the Cheka in 1917.[2, 3]"),
        ("Lenin banned factions in 1921.^4 Stalin used the ban against his rivals.", "Lenin banned factions in 1921.^4"),
        ("Was this a break with Lenin?²³ Stalin himself said it was not.", "Was this a break with Lenin?²³"),
    ],
)
def test_a_marker_after_a_full_stop_closes_its_sentence(nlp, text, first):
    found = sentences_of(nlp, text)
    assert found[0] == first
    assert found[1].startswith("Stalin")


def test_a_marker_inside_a_sentence_is_split_from_its_word_and_keeps_the_sentence(nlp):
    text = "The decree¹ and the purges² were both Lenin's ideas, and the terror[3] grew under Stalin."
    doc = nlp(text)
    words = [token.text for token in doc]
    assert {"decree", "¹", "purges", "²", "terror", "[", "3", "]"} <= set(words)
    assert len(doc._.sentences) == 1


@pytest.mark.parametrize(
    "text, kept",
    [
        # a power of ten, not a note
        ("The camps covered 10² square kilometres. Stalin expanded them.", "10²"),
        # a page or a number sign, not a note
        ("Service describes this on p.45 of his book. Stalin expanded them.", "p.45"),
        ("Order No.3 was signed by Stalin. It expanded the camps.", "No.3"),
        # a decimal
        ("The party had 1921.5 thousand members. Stalin purged them.", "1921.5"),
    ],
)
def test_near_misses_stay_as_written(nlp, text, kept):
    assert kept in [token.text for token in nlp(text)]


def test_a_marker_before_a_lower_case_word_starts_no_sentence(nlp):
    text = "Lenin wrote the decree.[4] and then he signed it."
    found = sentences_of(nlp, text)
    assert not any(sentence.startswith("and") for sentence in found)


def test_markers_are_still_found_as_citations(analyzer):
    text = (
        "Lenin banned factions in 1921.¹ Stalin used the ban against his rivals.² This was continuity.\n\n"
        "Notes\n"
        "¹ Service, Lenin, p. 4.\n"
        "² Figes, A People's Tragedy, p. 9."
    )
    analysis = analyzer.analyze(text)
    markers = [text[citation.start : citation.end] for citation in analysis.citations]
    assert markers == ["¹", "²"]
    first = analysis.sentences[0]
    assert text[first.start : first.end] == "Lenin banned factions in 1921.¹"
    assert "citation" in first.roles
