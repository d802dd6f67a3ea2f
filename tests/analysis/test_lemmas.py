"""The array lemmatizer gives spaCy's own lemmatizer's lemmas, token for token."""

import pytest
import spacy
from locations import sample_texts
from spacy.pipeline import Lemmatizer

from service.analysis.lemmas import ArrayLemmatizer, use_array_lemmatizer
from service.analysis.pipeline import bound_lemma_cache
from service.config import DEFAULT_PIPELINE

# Base forms (only these skip spaCy's cache), inflections, exceptions, proper nouns,
# numbers, whitespace, and words no table knows.
AWKWARD_TEXTS = [
    "The geese were running; he had been better and best. Stalin's Five-Year Plans industrialised faster.",
    "Blorfs florped the znargiest grimbles in 1932.\n\n  \tThey're gone, aren't they?",
    "",
    "Was",
]


@pytest.fixture(scope="module")
def lemmatizer_only():
    """The trained pipeline with only its lemmatizer in array form."""
    nlp = spacy.load(DEFAULT_PIPELINE)
    assert use_array_lemmatizer(nlp)
    return nlp


def lemmas(doc) -> list[str]:
    return [token.lemma_ for token in doc]


def test_the_pipeline_uses_the_array_lemmatizer(nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), ArrayLemmatizer)


def test_same_lemmas_as_spacys_lemmatizer_on_every_sample_essay(stock_nlp, lemmatizer_only):
    texts = sample_texts() + AWKWARD_TEXTS
    for stock, array in zip(stock_nlp.pipe(texts), lemmatizer_only.pipe(texts)):
        assert lemmas(stock) == lemmas(array)
    # Spot checks a person made: an irregular plural, a past tense, a past participle.
    doc = lemmatizer_only(AWKWARD_TEXTS[0])
    assert [doc[1].lemma_, doc[2].lemma_, doc[7].lemma_] == ["goose", "be", "be"]


def test_the_same_lemmas_again_from_the_cache_and_across_memory_zones(stock_nlp, lemmatizer_only):
    text = AWKWARD_TEXTS[1]
    with stock_nlp.memory_zone():
        expected = lemmas(stock_nlp(text))
    for _zone in range(3):
        with lemmatizer_only.memory_zone():
            assert lemmas(lemmatizer_only(text)) == expected


def test_base_forms_are_cached_too_and_the_cache_stays_bounded(lemmatizer_only):
    lemmatizer = lemmatizer_only.get_pipe("lemmatizer")
    lemmatizer.cache.clear()
    with lemmatizer_only.memory_zone():
        doc = lemmatizer_only("The cat sat.")
    assert (doc[1].orth, doc[1].pos, doc[1].morph.key) in lemmatizer.cache  # "cat": a singular noun, a base form
    bound_lemma_cache(lemmatizer_only, limit=len(lemmatizer.cache) - 1)
    assert lemmatizer.cache == {}


def test_overwrite_lemmatizes_every_token_as_spacy_does():
    texts = ["The rulers ruled.", "Purges were carried out."]
    results = []
    for array_form in (False, True):
        nlp = spacy.load(DEFAULT_PIPELINE)
        if array_form:
            assert use_array_lemmatizer(nlp)
            nlp.get_pipe("lemmatizer").stock.overwrite = True
        else:
            nlp.get_pipe("lemmatizer").overwrite = True
        results.append([lemmas(doc) for doc in nlp.pipe(texts)])
    assert results[0] == results[1]


def test_a_lookup_lemmatizer_is_left_to_spacy():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not use_array_lemmatizer(nlp)
    assert isinstance(nlp.get_pipe("lemmatizer"), Lemmatizer)
