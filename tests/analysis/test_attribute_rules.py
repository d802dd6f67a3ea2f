"""The array attribute ruler gives spaCy's own attribute ruler's annotations, token for token."""

import numpy
import pytest
import spacy
from locations import sample_texts
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from service.analysis import attribute_rules
from service.analysis.attribute_rules import ArrayAttributeRuler, use_array_attribute_ruler
from service.config import DEFAULT_PIPELINE

ANNOTATIONS = [POS, TAG, MORPH, LEMMA, DEP]
# What the trained ruler's rarer patterns are for: whitespace tokens, "there is/are" (expl),
# "gets/got", "ain't" (its one pattern with a regex, matched by the fallback Matcher).
AWKWARD_TEXTS = [
    "There is no doubt. There were famines, and there are archives.\n\n  \tStill,",
    "He gets what he got. They ain't here, he aint there, we ain't.",
    "",
    " ",
    "Lenin",
    "\n\nStalin's  purges (1936-38) killed 680,000 people.\u00a0 Did they?",
]


@pytest.fixture(scope="module")
def ruler_only():
    """The trained pipeline with only its attribute ruler in array form."""
    nlp = spacy.load(DEFAULT_PIPELINE)
    assert use_array_attribute_ruler(nlp)
    return nlp


def annotations(doc: Doc) -> numpy.ndarray:
    return doc.to_array(ANNOTATIONS)


def test_the_pipeline_uses_the_array_ruler(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert "attribute_ruler" in nlp.pipe_names


def test_same_annotations_as_spacys_ruler_on_every_sample_essay(stock_nlp, ruler_only):
    texts = sample_texts() + AWKWARD_TEXTS
    assert len(texts) > 20
    for stock, array in zip(stock_nlp.pipe(texts), ruler_only.pipe(texts)):
        assert [token.text for token in stock] == [token.text for token in array]
        assert numpy.array_equal(annotations(stock), annotations(array))


def test_the_rare_patterns_apply(ruler_only):
    doc = ruler_only("They ain't here. There is hope.\n\n")
    by_text = {token.text: token for token in doc}
    # Set by the rule with a regex ("ai" before "n't"), and by the two-token rule on "there is".
    assert by_text["ai"].lemma_ == "be"
    assert by_text["is"].pos_ == "VERB"
    assert doc[-1].is_space and doc[-1].pos_ == "SPACE"


def test_same_annotations_across_memory_zones(stock_nlp, ruler_only):
    """Strings made inside a zone are freed at its end; the ruler keeps only the pipeline's own."""
    text = "The Bolsheviks' grain requisitioning got worse. There were blorfish."
    results = []
    for nlp in (stock_nlp, ruler_only):
        for _zone in range(2):
            with nlp.memory_zone():
                doc = nlp(text)
                results.append([(token.pos_, token.tag_, str(token.morph), token.lemma_) for token in doc])
    assert results[0] == results[1] == results[2] == results[3]


# Small made-up rulers over a blank pipeline, against spaCy's AttributeRuler with the same rules.
WORDS = ["a", "A", "b", "be", "c", " ", "\n", "Dd"]
TAGS = ["NN", "VB", "DT", "_SP", ""]
POSES = ["NOUN", "VERB", "PROPN", "noun"]
SETTABLE = {
    "POS": ["NOUN", "VERB", "PROPN"],
    "TAG": ["NN", "XX"],
    "LEMMA": ["lem", "a"],
    "MORPH": ["Number=Sing", "Number=Plur|Person=3", ""],
}


def token_tests():
    value = st.one_of(st.sampled_from(["a", "b", "be", "dd", "c"]).map(lambda word: {"LOWER": word}),
                      st.sampled_from(WORDS).map(lambda word: {"ORTH": word}),
                      st.sampled_from(TAGS).map(lambda tag: {"TAG": tag}),
                      st.sampled_from(POSES).map(lambda pos: {"POS": pos}),
                      st.lists(st.sampled_from(TAGS), min_size=1, max_size=3).map(lambda tags: {"TAG": {"IN": tags}}),
                      st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda words: {"ORTH": {"NOT_IN": words}}),
                      st.booleans().map(lambda flag: {"IS_SPACE": flag}),
                      st.booleans().map(lambda flag: {"IS_TITLE": flag}))
    return st.lists(value, min_size=1, max_size=2).map(lambda tests: {key: test for item in tests for key, test in item.items()})


@st.composite
def rules(draw):
    patterns = draw(st.lists(st.lists(token_tests(), min_size=1, max_size=3), min_size=1, max_size=2))
    shortest = min(len(pattern) for pattern in patterns)
    index = draw(st.integers(min_value=-shortest, max_value=shortest - 1))
    keys = draw(st.lists(st.sampled_from(sorted(SETTABLE)), min_size=1, max_size=3, unique=True))
    return {"patterns": patterns, "attrs": {key: draw(st.sampled_from(SETTABLE[key])) for key in keys}, "index": index}


@given(
    st.lists(rules(), min_size=1, max_size=12),
    st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(POSES[:3])), max_size=12), min_size=1, max_size=4),
)
@settings(max_examples=150, deadline=None)
def test_same_annotations_as_spacys_ruler_for_any_rules(rule_list, docs):
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(rule_list)
    array = ArrayAttributeRuler(nlp.vocab)
    assert array.load(stock)
    for tokens in docs:
        words, tags, poses = ([token[field] for token in tokens] for field in range(3))
        expected, actual = (ruler(Doc(nlp.vocab, words=words, tags=tags, pos=poses)) for ruler in (stock, array))
        assert numpy.array_equal(annotations(expected), annotations(actual))


def test_a_rule_with_a_regex_is_matched_by_the_fallback_only_where_it_can_match():
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    stock.add([[{"LOWER": "wo"}, {"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "will"})
    stock.add([[{"LOWER": "not"}]], {"LEMMA": "not!"})
    array = ArrayAttributeRuler(nlp.vocab)
    assert array.load(stock)
    assert len(array.fallback) == 1
    for text in ("I won't go.", "I wont go.", "wo n't", "not wo", "Nothing here."):
        assert [token.lemma_ for token in array(nlp(text))] == [token.lemma_ for token in stock(nlp(text))], text
    assert [token.lemma_ for token in array(nlp("I won't"))] == ["", "will", ""]


def test_a_ruler_setting_a_lexeme_attribute_is_left_to_spacy():
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([[{"LOWER": "the"}]], {"NORM": "THE"})
    assert not use_array_attribute_ruler(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    assert nlp("the cat")[0].norm_ == "THE"


def test_a_pipeline_without_a_ruler_is_left_alone():
    nlp = spacy.blank("en")
    assert not use_array_attribute_ruler(nlp)
    assert nlp.pipe_names == []


def test_the_outcomes_kept_stay_bounded(monkeypatch):
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    stock.add([[{"LOWER": word}] for word in ("a", "b", "c", "d")], {"LEMMA": "letter"})
    array = ArrayAttributeRuler(nlp.vocab)
    assert array.load(stock)
    monkeypatch.setattr(attribute_rules, "OUTCOME_CACHE_LIMIT", 2)
    doc = array(nlp("a b c d e"))
    assert [token.lemma_ for token in doc] == ["letter"] * 4 + [""]
    assert len(array._outcomes) <= 2
