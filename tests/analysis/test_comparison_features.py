"""What the comparison reads from each sentence: words, lemmas, numbers, quoted words, citations left out."""

from service.analysis.analyzer import build_analysis
from service.analysis.comparison.features import extract_features


def features_of(nlp, analyzer, text):
    doc = nlp(text)
    analysis = build_analysis(doc, analyzer.info)
    return analysis, extract_features(doc, analysis)


def test_quoted_words_numbers_and_citations_are_kept_apart(nlp, analyzer):
    text = 'Lenin wrote "all power to the soviets" in 1917 (Service, p. 45). Stalin’s plans were crueler.'
    analysis, features = features_of(nlp, analyzer, text)
    assert [citation.text for citation in analysis.citations] == ["(Service, p. 45)"]
    first, second = features.sentences
    # Outside the quotation and the citation: the words in order, for the copy trigrams.
    assert first.words == ["lenin", "wrote", "in", "1917"]
    assert first.quotations == {"power", "soviet"}
    assert first.numbers == {"1917"}
    assert first.content == {"lenin", "write"}
    # Lemmas of every word outside citations, quoted ones included, for the cue phrases.
    assert first.lemmas == ["lenin", "write", "all", "power", "to", "the", "soviet", "in", "1917"]
    assert "service" not in first.lemmas and "45" not in first.numbers
    assert "plan" in second.content and "stalin" in second.content
    assert features.lemma_frequency["lenin"] == 1


def test_single_quote_marks_do_not_open_a_quotation(nlp, analyzer):
    _analysis, features = features_of(nlp, analyzer, "The party's ‘leading role’ was Lenin's idea in 1902.")
    (sentence,) = features.sentences
    assert sentence.quotations == frozenset()
    assert {"party", "lead", "role", "lenin", "idea"} <= sentence.content
