"""Which of the reference's arguments an essay discusses (cue words) and makes (meaning)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from spacy.language import Language

from service.analysis.comparison.features import EssayFeatures
from service.analysis.comparison.meaning import Lexicon, centered, embed, settings, word_recall_precision
from service.analysis.comparison.reference_arguments import ReferenceArgument, lemmatize_phrases
from service.analysis.model import EssayAnalysis

MIN_CUE_LEMMAS = 2


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(sequence[position : position + size]) == phrase for position in range(len(sequence) - size + 1))


def sentence_arguments(features: EssayFeatures, arguments: list[ReferenceArgument]) -> dict[int, list[str]]:
    """For each sentence index, the ids of the arguments whose cues it names (what it discusses).

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


@dataclass
class ArgumentMeanings:
    """What each argument says: a meaning vector (the reference's topic taken away) and content lemmas."""

    vectors: np.ndarray
    lexicon: Lexicon


def argument_meanings(
    nlp: Language, arguments: list[ReferenceArgument], analysis: EssayAnalysis, features: EssayFeatures
) -> ArgumentMeanings:
    """Each argument as its label together with the claims of the reference paragraphs that make it.

    Where a paragraph has no claim, its opening sentence stands in. The content lemmas also
    take the argument's curated cue lemmas and the words of its cue phrases, so a claim
    about "the famine" and "the peasants" reads as one about collectivisation.
    """
    grouped = analysis.sentences_by_paragraph()
    labels = lemmatize_phrases(nlp, [argument.label for argument in arguments])
    stop_words = nlp.Defaults.stop_words
    rows, contents = [], []
    for argument, label in zip(arguments, labels):
        texts = [argument.label]
        content = {lemma for lemma in label if lemma.isalpha() and lemma not in stop_words}
        content |= {word for phrase in argument.phrases for word in phrase if word.isalpha() and word not in stop_words}
        content |= {lemma for lemma in argument.lemmas if lemma.isalpha()}
        for paragraph in argument.paragraphs:
            members = grouped.get(paragraph, [])
            claims = [sentence for sentence in members if {"claim", "counterargument"} & set(sentence.roles)]
            for sentence in claims or members[:1]:
                texts.append(sentence.text)
                content |= features.sentences[sentence.index].content
        rows.append(embed(texts).mean(axis=0))
        contents.append(frozenset(content))
    dim = features.vectors.shape[1]
    vectors = np.array(rows, dtype=np.float32).reshape(len(arguments), dim)
    return ArgumentMeanings(centered(vectors, features.topic), Lexicon(contents, features.weight, features.word_vectors))


@dataclass
class Coverage:
    """The sentences making one argument (in essay order), and the one that covers it with its similarity."""

    sentences: list[int]
    covering: int | None
    similarity: float


def argument_coverage(
    analysis: EssayAnalysis,
    features: EssayFeatures,
    reference: EssayFeatures,
    arguments: list[ReferenceArgument],
    meanings: ArgumentMeanings,
    by_sentence: dict[int, list[str]],
    allowed: set[int],
) -> dict[str, Coverage]:
    """Which sentences make each argument: their meaning is that argument's, and their paragraph discusses it.

    A sentence makes argument A when its paragraph names A's cues (data of the reference) and
    the sentence says what A says: its similarity to A (meaning vectors, topic taken away,
    and the share of its content lemmas that are A's, matched exactly or as synonyms; weights
    in data/meaning.json) reaches
    `claim_min` for a thesis, claim, counterargument or rebuttal, `other_min` for any other
    sentence. Naming a cue is not enough on its own: a sentence that mentions the Treaty
    of Brest-Litovsk to date the end of the war does not argue "socialism in one country".
    The covering sentence is the closest claim, else the closest other sentence; the
    argument's `sentences` are the sentences making it and, in their paragraphs, the
    sentences naming its cues.
    """
    chosen = settings()["coverage"]
    claim_roles = set(chosen["claim_roles"])
    found: dict[str, list[tuple[bool, float, int]]] = {argument.id: [] for argument in arguments}
    if not arguments or not features.sentences:
        return {argument.id: Coverage([], None, 0.0) for argument in arguments}
    weights = chosen["weights"]
    # Quoted words count here: a claim made in the words of a source is still the writer's claim.
    lexicon = Lexicon(
        [sentence.content | sentence.quotations for sentence in features.sentences], reference.weight, features.word_vectors
    )
    similarities = weights["sentence"] * np.clip(centered(features.vectors, reference.topic) @ meanings.vectors.T, 0.0, None)
    # Precision: how much of the sentence's content is the argument's (an argument has many more words than a claim).
    _, about = word_recall_precision(lexicon, meanings.lexicon, settings()["paraphrase"]["synonym_min"])
    similarities += weights["words"] * about
    cued_in: dict[int, set[str]] = defaultdict(set)
    for sentence in features.sentences:
        cued_in[sentence.paragraph].update(by_sentence.get(sentence.index, []))
    roles = {sentence.index: set(sentence.roles) for sentence in analysis.sentences}
    for row, sentence in enumerate(features.sentences):
        if sentence.index not in allowed:
            continue
        is_claim = bool(roles.get(sentence.index, set()) & claim_roles)
        least = chosen["claim_min" if is_claim else "other_min"]
        for column, argument in enumerate(arguments):
            similarity = float(similarities[row, column])
            if argument.id in cued_in[sentence.paragraph] and similarity >= least:
                found[argument.id].append((is_claim, similarity, sentence.index))
    paragraph_of = {sentence.index: sentence.paragraph for sentence in features.sentences}
    coverage = {}
    for argument in arguments:
        making = sorted(found[argument.id], reverse=True)
        if not making:
            coverage[argument.id] = Coverage([], None, 0.0)
            continue
        paragraphs = {paragraph_of[index] for _, _, index in making}
        supporting = {
            index
            for index, ids in by_sentence.items()
            if argument.id in ids and paragraph_of.get(index) in paragraphs and index in allowed
        }
        _, similarity, covering = making[0]
        coverage[argument.id] = Coverage(
            sorted(supporting | {index for _, _, index in making}), covering, round(similarity, 3)
        )
    return coverage
