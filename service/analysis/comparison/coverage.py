"""Which of the reference's arguments a sentence makes, from its lemmas and entities."""

from __future__ import annotations

from service.analysis.comparison.features import EssayFeatures, SentenceFeatures
from service.analysis.comparison.reference_arguments import ReferenceArgument

MIN_CUE_LEMMAS = 2


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(sequence[position : position + size]) == phrase for position in range(len(sequence) - size + 1))


def makes_argument(sentence: SentenceFeatures, argument: ReferenceArgument, lemma_set: set[str] | None = None) -> bool:
    """A cue phrase or entity, or two different cue lemmas, in one sentence."""
    lemma_set = set(sentence.lemmas) if lemma_set is None else lemma_set
    # Only a phrase whose every lemma occurs in the sentence can occur in it: scan just those.
    if any(lemma_set.issuperset(phrase) and _contains(sentence.lemmas, phrase) for phrase in argument.phrases):
        return True
    return len(lemma_set & argument.lemmas) >= MIN_CUE_LEMMAS


def sentence_arguments(features: EssayFeatures, arguments: list[ReferenceArgument]) -> dict[int, list[str]]:
    """For each sentence index, the ids of the arguments it makes."""
    found = {}
    for sentence in features.sentences:
        lemma_set = set(sentence.lemmas)
        found[sentence.index] = [argument.id for argument in arguments if makes_argument(sentence, argument, lemma_set)]
    return found


def covering_sentences(by_sentence: dict[int, list[str]], argument_id: str, allowed: set[int] | None = None) -> list[int]:
    return [index for index, ids in by_sentence.items() if argument_id in ids and (allowed is None or index in allowed)]
