"""A teacher checks whether an essay reworded the reference: same points in other words pair, shared topic does not.

tests/data/essays/paraphrases_introduction.txt rewords the reference's first paragraph the
way a published paraphrase of it does (Trotsky's words dated 1937, "many of Stalinism's
features had been in place back in Lenin's time", "policies that were already planned by
Lenin ... as deemed necessary by prevailing circumstances"), then argues on in its own
words. topic_in_reference_order.txt walks through the same subjects in the same order as
the reference's introduction, but makes other points: it must not pair.
"""

import numpy as np
import pytest

from locations import SHARED_DATASETS
from service.analysis.comparison.meaning import Lexicon, word_overlap
from service.analysis.comparison.overlap import _links_in_passages
from test_comparison import codes, read

LENIN_REAL = SHARED_DATASETS / "lenin_real"


def test_a_reworded_introduction_pairs_with_the_references_introduction(analyzer, reference):
    text = read("paraphrases_introduction")
    analysis = analyzer.analyze(text, reference)
    pairs = analysis.comparison.overlap.pairs
    paraphrased = [pair for pair in pairs if pair.kind == "paraphrase"]
    assert len(paraphrased) >= 3
    # Every pair is a sentence of the reworded introduction with one of the reference's introduction.
    introduction = {s.index for s in analysis.sentences if s.paragraph == 1}
    assert {pair.sentence for pair in pairs} <= introduction
    assert {reference.analysis.sentences[pair.reference_sentence].paragraph for pair in pairs} == {0}
    by_sentence = {analysis.sentences[pair.sentence].text: pair.reference_sentence for pair in pairs}
    trotsky = next(sentence for sentence in by_sentence if sentence.startswith("Leon Trotsky"))
    assert "Trotsky" in reference.analysis.sentences[by_sentence[trotsky]].text
    features = next(sentence for sentence in by_sentence if sentence.startswith("Many of Stalinism's features"))
    assert "use of terror to eliminate opposition" in reference.analysis.sentences[by_sentence[features]].text
    for pair in pairs:
        assert text[pair.start : pair.end] == analysis.sentences[pair.sentence].text
    assert "REFERENCE_COPIED" in codes(analysis)


def test_the_same_subjects_in_the_references_order_are_not_a_paraphrase(analyzer, reference):
    analysis = analyzer.analyze(read("topic_in_reference_order"), reference)
    assert analysis.comparison.topic.on_topic
    assert analysis.comparison.overlap.pairs == []


def test_an_own_words_paragraph_on_the_references_argument_does_not_pair(analyzer, reference):
    # The economy paragraph of the reworded essay argues what the reference argues (state
    # control of industry, collectivisation), with its own facts: none of it pairs.
    analysis = analyzer.analyze(read("paraphrases_introduction"), reference)
    economy = {s.index for s in analysis.sentences if s.paragraph == 2}
    assert economy and not economy & {pair.sentence for pair in analysis.comparison.overlap.pairs}


def test_one_sentence_sharing_the_references_topic_and_a_quotation_does_not_pair(analyzer, reference):
    # The reference's Trotsky sentence, quoted as a student would frame it without the reference.
    text = (
        "Trotsky wrote a great deal about the Soviet Union after he was exiled in 1929. "
        'In one article he even wrote that "Stalinism did issue from Bolshevism." '
        "Stalin's agents killed him in Mexico eleven years after his exile began."
    )
    analysis = analyzer.analyze(text, reference)
    assert analysis.comparison.overlap.pairs == []


def test_synonyms_and_other_forms_of_a_word_match_and_unrelated_words_do_not():
    student = Lexicon([frozenset({"collectivise", "farming"}), frozenset({"terror"})], lambda lemma: 1.0)
    reference = Lexicon([frozenset({"collectivisation", "agriculture"}), frozenset({"economy"})], lambda lemma: 1.0)
    overlap = word_overlap(student, reference, synonym_min=0.45)
    assert overlap[0, 0] > 0.5  # collectivise ~ collectivisation, farming ~ agriculture
    assert overlap[1, 1] == 0.0  # terror is not the economy
    assert overlap[0, 1] == 0.0 and overlap[1, 0] == 0.0


def test_a_question_word_weighs_nothing_even_when_it_is_the_same_word():
    weights = {"stalinism": 0.0, "root": 1.0, "basis": 1.0}
    student = Lexicon([frozenset({"stalinism", "root"})], weights.get)
    reference = Lexicon([frozenset({"stalinism", "basis"})], weights.get)
    assert word_overlap(student, reference, synonym_min=0.45)[0, 0] < 0.5


def test_a_passage_walks_forward_through_the_reference():
    # Student rows 1, 2, 3 follow reference rows 4, 5, 7: a passage of three.
    assert _links_in_passages([(1, 4), (2, 5), (3, 7)], 2, 3, 3) == {(1, 4), (2, 5), (3, 7)}
    # Landing on the same reference sentence again, or going back, is no passage.
    assert _links_in_passages([(1, 4), (2, 4), (3, 4)], 2, 3, 3) == set()
    assert _links_in_passages([(1, 9), (2, 5), (3, 1)], 2, 3, 3) == set()
    # Too far apart in the student's essay or in the reference.
    assert _links_in_passages([(1, 4), (4, 5), (5, 6)], 2, 3, 3) == set()
    assert _links_in_passages([(1, 4), (2, 9), (3, 10)], 2, 3, 3) == set()
    # A stray link beside a passage stays out of it.
    assert _links_in_passages([(1, 4), (2, 5), (3, 7), (9, 20)], 2, 3, 3) == {(1, 4), (2, 5), (3, 7)}


def test_a_passage_needs_one_clear_pair_to_start_from():
    links = [(1, 4), (2, 5), (3, 7)]
    assert _links_in_passages(links, 2, 3, 3, anchors=set()) == set()
    # The clear pair may stand anywhere in the passage.
    for anchor in links:
        assert _links_in_passages(links, 2, 3, 3, anchors={anchor}) == set(links)
    # An anchor on another passage does not lend itself.
    assert _links_in_passages([*links, (12, 30), (13, 31), (14, 32)], 2, 3, 3, anchors={(13, 31)}) == {
        (12, 30), (13, 31), (14, 32)
    }


@pytest.mark.dataset
@pytest.mark.skipif(not LENIN_REAL.exists(), reason=f"{LENIN_REAL} is absent")
def test_real_essays_on_the_same_question_are_not_flagged_and_the_published_copy_is(analyzer, reference):
    paths = sorted(LENIN_REAL.glob("*.txt"))
    assert len(paths) == 41
    texts = [path.read_text(encoding="utf-8") for path in paths]
    for path, analysis in zip(paths, analyzer.analyze_many(texts, reference=reference)):
        assert analysis.comparison.overlap.share < 0.2, path.name
        assert "REFERENCE_COPIED" not in codes(analysis), path.name
    (copy,) = sorted((LENIN_REAL / "copies").glob("*.txt"))
    analysis = analyzer.analyze(copy.read_text(encoding="utf-8"), reference)
    assert "REFERENCE_COPIED" in codes(analysis)
    # Its Trotsky sentence (a signal phrase, straight quotes) pairs with the reference's.
    paired = {analysis.sentences[pair.sentence].text for pair in analysis.comparison.overlap.pairs}
    assert any(sentence.startswith("Even Trotsky, a friend of Lenin") for sentence in paired)


def test_word_overlap_of_empty_sentences_is_zero():
    empty = Lexicon([frozenset()], lambda lemma: 1.0)
    other = Lexicon([frozenset({"terror"})], lambda lemma: 1.0)
    assert np.array_equal(word_overlap(empty, other, 0.45), np.zeros((1, 1)))
