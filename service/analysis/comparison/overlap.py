"""Sentences a student copied from the reference, or paraphrased closely.

Copy: most of the student sentence's word trigrams (outside quotations and citations)
occur in one reference sentence. Paraphrase: the same content reworded, i.e. a high
weighted overlap of content lemmas (rare lemmas weigh more than "Lenin" or "policy")
together with shared specifics: entities, numbers and quoted words. Quoting the same
primary source or citing the same work is not copying, and arguing the same position
in one's own words shares topic words but not the reference's sentence-level details,
so neither is flagged. Thresholds and the figures behind them: docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.analysis.comparison.features import EssayFeatures, SentenceFeatures

MIN_WORDS = 6
MIN_SHINGLES = 3
COPY_MIN = 0.5
PARAPHRASE_MIN = 0.5
PARAPHRASE_LEMMA_FLOOR = 0.3
LEMMA_SHARE = 0.6
MIN_SPECIFICS = 2
FOLLOW_MIN = 0.3
FOLLOW_STUDENT_GAP = 2
FOLLOW_REFERENCE_GAP = 3


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


class ContentWeights:
    """Each sentence's sum of content-lemma weights, computed once for the sentences of one comparison."""

    def __init__(self, weights: EssayFeatures):
        self.weights = weights
        # By id: the sentences outlive the one find_overlap call this serves.
        self._sums: dict[int, float] = {}

    def __call__(self, sentence: SentenceFeatures) -> float:
        key = id(sentence)
        if key not in self._sums:
            self._sums[key] = sum(self.weights.weight(lemma) for lemma in sentence.content)
        return self._sums[key]


def lemma_similarity(
    student: SentenceFeatures, reference: SentenceFeatures, weights: EssayFeatures, totals: ContentWeights | None = None
) -> float:
    """Weighted Dice coefficient of content lemmas; weights are the reference's inverse sentence frequencies."""
    shared = student.content & reference.content
    if not shared:
        return 0.0
    totals = totals or ContentWeights(weights)
    total = totals(student) + totals(reference)
    return 2 * sum(weights.weight(lemma) for lemma in shared) / total if total else 0.0


def specifics_similarity(student: SentenceFeatures, reference: SentenceFeatures, weights: EssayFeatures) -> float:
    """Share of the reference sentence's specifics (names, numbers, quoted words) the student kept.

    Counted out of at least MIN_SPECIFICS, so one shared name is never the whole story;
    the question's own words ("Stalinism") are no specifics.
    """
    theirs = reference.specifics - weights.common_words
    if not theirs:
        return 0.0
    return len(student.specifics & theirs) / max(len(theirs), MIN_SPECIFICS)


def paraphrase_similarity(
    student: SentenceFeatures, reference: SentenceFeatures, weights: EssayFeatures, totals: ContentWeights | None = None
) -> float:
    lemmas = lemma_similarity(student, reference, weights, totals)
    if lemmas < PARAPHRASE_LEMMA_FLOOR:
        return lemmas * LEMMA_SHARE
    return LEMMA_SHARE * lemmas + (1 - LEMMA_SHARE) * specifics_similarity(student, reference, weights)


def _rank(match: Match) -> tuple[int, float]:
    # A verbatim copy outranks any paraphrase.
    return (1 if match.kind == "copy" else 0, match.similarity)


def best_match(
    student: SentenceFeatures, reference: EssayFeatures, totals: ContentWeights | None = None
) -> Match | None:
    """The reference sentence this sentence copies or paraphrases, if any."""
    if len(student.words) + len(student.quotations) < MIN_WORDS:
        return None
    best: Match | None = None
    mine = own_shingles(student, reference)
    for candidate in reference.sentences_sharing(student.content, mine):
        copied = copy_similarity(student, candidate, reference, mine)
        if copied >= COPY_MIN:
            match = Match(candidate.index, "copy", round(copied, 3))
        else:
            similarity = paraphrase_similarity(student, candidate, reference, totals)
            if similarity < PARAPHRASE_MIN:
                continue
            match = Match(candidate.index, "paraphrase", round(similarity, 3))
        if best is None or _rank(match) > _rank(best):
            best = match
    return best


def find_overlap(student: EssayFeatures, reference: EssayFeatures) -> list[tuple[SentenceFeatures, Match]]:
    """Sentence pairs: clear copies and paraphrases first, then the passages around them."""
    matches: dict[int, Match] = {}
    totals = ContentWeights(reference)
    for sentence in student.sentences:
        match = best_match(sentence, reference, totals)
        if match is not None:
            matches[sentence.index] = match
    _follow_passages(student, reference, matches, totals)
    return [(sentence, matches[sentence.index]) for sentence in student.sentences if sentence.index in matches]


def _follow_passages(
    student: EssayFeatures, reference: EssayFeatures, matches: dict[int, Match], totals: ContentWeights
) -> None:
    """Extend pairs along a passage reworded in the reference's own order.

    A sentence next to a paired one (up to FOLLOW_STUDENT_GAP sentences away) that
    resembles a reference sentence just as close to the pair's reference sentence, on
    the same side, is paired too if its similarity reaches FOLLOW_MIN. An essay in the
    student's own words has no clear pairs to start from, so this never fires there.
    """
    position = {sentence.index: number for number, sentence in enumerate(student.sentences)}
    changed = True
    while changed:
        changed = False
        for number, sentence in enumerate(student.sentences):
            if sentence.index in matches or len(sentence.words) + len(sentence.quotations) < MIN_WORDS:
                continue
            window: set[int] = set()
            for other, match in matches.items():
                distance = number - position[other]
                if 0 < distance <= FOLLOW_STUDENT_GAP:
                    window.update(range(match.reference_sentence, match.reference_sentence + FOLLOW_REFERENCE_GAP + 1))
                elif 0 < -distance <= FOLLOW_STUDENT_GAP:
                    window.update(range(match.reference_sentence - FOLLOW_REFERENCE_GAP, match.reference_sentence + 1))
            candidates = [candidate for candidate in reference.sentences if candidate.index in window]
            scored = [
                (paraphrase_similarity(sentence, candidate, reference, totals), candidate.index)
                for candidate in candidates
            ]
            if scored:
                similarity, index = max(scored)
                if similarity >= FOLLOW_MIN:
                    matches[sentence.index] = Match(index, "paraphrase", round(similarity, 3))
                    changed = True
