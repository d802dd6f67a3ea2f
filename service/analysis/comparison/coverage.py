"""Which of the reference's arguments a sentence makes, from its lemmas and entities."""

from __future__ import annotations

from collections import defaultdict

from service.analysis.comparison.features import EssayFeatures
from service.analysis.comparison.reference_arguments import ReferenceArgument

MIN_CUE_LEMMAS = 2


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(sequence[position : position + size]) == phrase for position in range(len(sequence) - size + 1))


def sentence_arguments(features: EssayFeatures, arguments: list[ReferenceArgument]) -> dict[int, list[str]]:
    """For each sentence index, the ids of the arguments it makes.

    A sentence makes an argument with one of its cue phrases or entities, or with two
    different cue lemmas. Each cue phrase is filed under its first lemma, so a sentence is
    checked only against the phrases that can start in it, not against every phrase of every
    argument.
    """
    by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    always: set[int] = set()  # an empty phrase (a cue of punctuation only) is in every sentence
    for position, argument in enumerate(arguments):
        for phrase in argument.phrases:
            if phrase:
                by_first[phrase[0]].append((position, phrase))
            else:
                always.add(position)
    found = {}
    for sentence in features.sentences:
        lemma_set = set(sentence.lemmas)
        made = set(always)
        for lemma in lemma_set.intersection(by_first):
            for position, phrase in by_first[lemma]:
                if position not in made and lemma_set.issuperset(phrase) and _contains(sentence.lemmas, phrase):
                    made.add(position)
        found[sentence.index] = [
            argument.id
            for position, argument in enumerate(arguments)
            if position in made or len(lemma_set & argument.lemmas) >= MIN_CUE_LEMMAS
        ]
    return found


def covering_sentences(by_sentence: dict[int, list[str]], argument_id: str, allowed: set[int] | None = None) -> list[int]:
    return [index for index, ids in by_sentence.items() if argument_id in ids and (allowed is None or index in allowed)]
