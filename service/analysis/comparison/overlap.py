"""Sentences a student copied from the reference, or paraphrased closely.

Copy: most of the student sentence's word trigrams (outside quotations and citations)
occur in one reference sentence.

Paraphrase: the same point in other words. A pair's similarity weighs three kinds of
evidence (weights in data/meaning.json): the two sentences' meaning vectors with the
reference's topic taken away; their content lemmas, matched exactly or through word
vectors (synonyms, other forms of a word) and weighted by rarity in the reference; and the
specifics the student kept (names, numbers, quoted words). A pair needs word or specifics
evidence, so a sentence that only restates the question, or shares the topic, never pairs.

A strong pair stands alone. Weaker pairs count only as a passage: at least three student
sentences, close together, that follow the reference's sentences in the reference's own
order, one of them a clear pair (or a copy) to start from. An essay that argues the same position in its own words has sentences on the same
topics, but not a run of them in the reference's order, so none of its weak pairs count.
Quoting the same primary source or citing the same work is not copying. Thresholds and the
figures behind them: docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from service.analysis.comparison.features import EssayFeatures, SentenceFeatures
from service.analysis.comparison.meaning import Lexicon, centered, settings, word_overlap

MIN_WORDS = 6
MIN_SHINGLES = 3
COPY_MIN = 0.5


@dataclass(frozen=True)
class Match:
    reference_sentence: int
    kind: str
    similarity: float


def own_shingles(student: SentenceFeatures, common: EssayFeatures | None = None) -> frozenset[tuple[str, ...]]:
    """The sentence's word trigrams, without those made only of the question's words and stop words."""
    return frozenset(shingle for shingle in student.shingles if common is None or not common.is_common(shingle))


def copy_similarity(
    student: SentenceFeatures,
    reference: SentenceFeatures,
    common: EssayFeatures | None = None,
    mine: frozenset[tuple[str, ...]] | None = None,
) -> float:
    """Share of the student sentence's word trigrams found in the reference sentence, the question's words aside."""
    if mine is None:
        mine = own_shingles(student, common)
    if len(mine) < MIN_SHINGLES:
        return 0.0
    return len(mine & reference.shingles) / len(mine)


def specifics_similarity(student: SentenceFeatures, reference: SentenceFeatures, weights: EssayFeatures) -> float:
    """Share of the reference sentence's specifics (names, numbers, quoted words) the student kept.

    Counted out of at least 2, so one shared name is never the whole story; the question's
    own words ("Stalinism") are no specifics.
    """
    theirs = reference.specifics - weights.common_words
    if not theirs:
        return 0.0
    return len(student.specifics & theirs) / max(len(theirs), 2)


def long_enough(sentence: SentenceFeatures) -> bool:
    return len(sentence.words) + len(sentence.quotations) >= MIN_WORDS


def best_copy(student: SentenceFeatures, reference: EssayFeatures) -> Match | None:
    """The reference sentence this sentence copies, if any."""
    if not long_enough(student):
        return None
    mine = own_shingles(student, reference)
    best: Match | None = None
    for candidate in reference.sentences_sharing(frozenset(), mine):
        copied = copy_similarity(student, candidate, reference, mine)
        if copied >= COPY_MIN and (best is None or copied > best.similarity):
            best = Match(candidate.index, "copy", round(copied, 3))
    return best


@dataclass
class MeaningPairs:
    """Similarity of every (student sentence, reference sentence) pair, and whether the pair has evidence."""

    similarity: np.ndarray
    evidenced: np.ndarray


def meaning_pairs(student: EssayFeatures, reference: EssayFeatures) -> MeaningPairs:
    chosen = settings()["paraphrase"]
    weights = chosen["weights"]
    shape = (len(student.sentences), len(reference.sentences))
    if not shape[0] or not shape[1]:
        return MeaningPairs(np.zeros(shape), np.zeros(shape, dtype=bool))
    sentences = centered(student.vectors, reference.topic) @ reference.meanings.T
    lexicon = Lexicon([sentence.content for sentence in student.sentences], reference.weight, student.word_vectors)
    words = word_overlap(lexicon, reference.lexicon, chosen["synonym_min"])
    specifics = np.zeros(shape, dtype=np.float32)
    for row, sentence in enumerate(student.sentences):
        for column in reference.sentences_with_specifics(sentence.specifics):
            specifics[row, column] = specifics_similarity(sentence, reference.sentences[column], reference)
    similarity = (
        weights["sentence"] * np.clip(sentences, 0.0, None) + weights["words"] * words + weights["specifics"] * specifics
    )
    evidenced = (words >= chosen["evidence_words_min"]) | (specifics >= chosen["evidence_specifics_min"])
    short = [row for row, sentence in enumerate(student.sentences) if not long_enough(sentence)]
    evidenced[short] = False
    return MeaningPairs(similarity, evidenced)


def find_overlap(
    student: EssayFeatures, reference: EssayFeatures, by_meaning: bool = True
) -> list[tuple[SentenceFeatures, Match]]:
    """Sentence pairs: copies, strong paraphrases, and paraphrased passages in the reference's order.

    Without `by_meaning` (an essay on another question) only copies are looked for.
    """
    matches: dict[int, Match] = {}
    for sentence in student.sentences:
        match = best_copy(sentence, reference)
        if match is not None:
            matches[sentence.index] = match
    if by_meaning:
        _add_paraphrases(student, reference, matches)
    return [(sentence, matches[sentence.index]) for sentence in student.sentences if sentence.index in matches]


def _add_paraphrases(student: EssayFeatures, reference: EssayFeatures, matches: dict[int, Match]) -> None:
    chosen = settings()["paraphrase"]
    pairs = meaning_pairs(student, reference)
    row_of = {sentence.index: row for row, sentence in enumerate(student.sentences)}
    column_of = {sentence.index: column for column, sentence in enumerate(reference.sentences)}
    links = {
        (int(row), int(column))
        for row, column in zip(*np.nonzero(pairs.evidenced & (pairs.similarity >= chosen["passage_link_min"])))
    }
    # A copy is the strongest link a passage can have.
    copies = {(row_of[index], column_of[match.reference_sentence]) for index, match in matches.items()}
    links |= copies
    anchors = {link for link in links if link not in copies and pairs.similarity[link] >= chosen["passage_anchor_min"]}
    in_passage = _links_in_passages(
        sorted(links),
        chosen["passage_student_gap"],
        chosen["passage_reference_gap"],
        chosen["passage_min_sentences"],
        anchors | copies,
    )
    best: dict[int, tuple[float, int]] = {}
    for row, column in links:
        similarity = float(pairs.similarity[row, column])
        if similarity < chosen["alone_min"] and (row, column) not in in_passage:
            continue
        if row not in best or similarity > best[row][0]:
            best[row] = (similarity, column)
    for row, (similarity, column) in best.items():
        index = student.sentences[row].index
        if index not in matches:
            matches[index] = Match(reference.sentences[column].index, "paraphrase", round(min(similarity, 1.0), 3))


def _links_in_passages(
    links: list[tuple[int, int]],
    student_gap: int,
    reference_gap: int,
    min_sentences: int,
    anchors: set[tuple[int, int]] | None = None,
) -> set[tuple[int, int]]:
    """The links (student row, reference row) that lie on a passage of at least `min_sentences` links.

    In a passage each next link is at most `student_gap` student sentences further on and
    1 to `reference_gap` reference sentences further on: a paraphrase walks through the
    reference, while sentences on the same topic keep landing on the same few sentences.
    With `anchors`, a passage must hold one of them (a pair clear enough to start from).
    """

    def follows(earlier: tuple[int, int], later: tuple[int, int]) -> bool:
        return 0 < later[0] - earlier[0] <= student_gap and 0 < later[1] - earlier[1] <= reference_gap

    anchored = (lambda link: True) if anchors is None else anchors.__contains__
    before, before_anchored = _chain_lengths(links, follows, anchored)
    after, after_anchored = _chain_lengths(links[::-1], lambda earlier, later: follows(later, earlier), anchored)
    return {
        link
        for link in links
        if max(before_anchored[link] + after[link], before[link] + after_anchored[link]) - 1 >= min_sentences
    }


def _chain_lengths(ordered: list[tuple[int, int]], linked, anchored) -> tuple[dict, dict]:
    """For each link, the longest chain of `linked` links ending at it, and the longest of those holding an anchor."""
    longest = {link: 1 for link in ordered}
    with_anchor = {link: 1 if anchored(link) else float("-inf") for link in ordered}
    for position, link in enumerate(ordered):
        for earlier in ordered[:position]:
            if linked(earlier, link):
                longest[link] = max(longest[link], longest[earlier] + 1)
                with_anchor[link] = max(with_anchor[link], with_anchor[earlier] + 1)
        if anchored(link):
            with_anchor[link] = longest[link]
    return longest, with_anchor
