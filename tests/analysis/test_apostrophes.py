"""Curly apostrophes ("It’s", "wasn’t"), as essays pasted from a word processor or a web page
write them, are read as the straight ones the trained pipeline learnt: same tags, parse and
lemmas, so a negation or a copula is not lost."""

import pytest


def readings(doc):
    return [(token.tag_, token.dep_, token.lemma_.replace("\u2019", "'")) for token in doc]


@pytest.mark.parametrize(
    "sentence",
    [
        "Stalin's rule wasn't Lenin's, and he didn't care.",
        "It's Trotskyist propaganda.",
        "They're wrong and I'm sure we've seen it; you'll see, I'd go.",
        "IT'S NOT TRUE, STALIN DIDN'T BETRAY LENIN.",
    ],
)
def test_a_curly_apostrophe_reads_as_a_straight_one(nlp, sentence):
    curly = nlp(sentence.replace("'", "\u2019"))
    straight = nlp(sentence)
    assert [token.text for token in curly] == [token.text.replace("'", "\u2019") for token in straight]
    assert readings(curly) == readings(straight)


def test_the_text_and_offsets_stay_the_writers(nlp):
    text = "Stalinism wasn\u2019t Lenin\u2019s legacy."
    doc = nlp(text)
    assert doc.text == text
    assert doc[2].text == "n\u2019t" and doc[2].lemma_ == "not" and doc[2].dep_ == "neg"


@pytest.mark.parametrize(
    ("position", "stance"),
    [("Stalin wasn\u2019t Lenin\u2019s heir.", "discontinuity"), ("Stalin didn\u2019t betray Lenin.", "continuity")],
)
def test_a_curly_negation_turns_the_stance(analyzer, reference, position, stance):
    essay = f"Lenin and Stalin\n\n{position} Stalin was born in Georgia in 1878.\n"
    assert analyzer.analyze(essay, reference).thesis.stance == stance
