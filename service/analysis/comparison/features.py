"""What the comparison knows about each sentence, taken from spaCy once per essay.

Everything is plain Python strings, so a reference's features outlive the spaCy
`memory_zone` its Doc was parsed in and are computed once when the reference loads.
Citation markers are left out (citing the same work is not copying), and words inside
quotation marks are kept apart (quoting the same primary source is not copying either).
A signal phrase is no marker but the writer's own prose ("Trotsky, a staunch opponent of
Stalin, grudgingly admits"), so its words stay.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_QUOTE, IS_SPACE, IS_STOP, LEMMA, LIKE_NUM, LOWER, ORTH
from spacy.tokens import Doc

from service.analysis.comparison.meaning import Lexicon, centered, embed_with_words
from service.analysis.model import EssayAnalysis
from service.analysis.quotes import DOUBLE_QUOTES
from service.analysis.sentences import entities_in

SPECIFIC_ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "WORK_OF_ART", "LAW", "DATE", "CARDINAL", "PERCENT", "QUANTITY"}
)
NAME_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "WORK_OF_ART", "LAW"})
SHINGLE_SIZE = 3
# Citation styles whose text is the writer's prose, not a marker.
PROSE_CITATION_STYLES = frozenset({"signal_phrase"})


@dataclass
class SentenceFeatures:
    index: int
    paragraph: int
    start: int
    end: int
    words: list[str]
    """Lower-cased words outside quotations and citations, in order (for shingles)."""
    lemmas: list[str]
    """Lower-cased lemmas of every word outside citations, in order (for cue phrases)."""
    content: frozenset[str]
    """Lemmas of content words (no stop words) outside quotations and citations."""
    entities: frozenset[str]
    numbers: frozenset[str]
    quotations: frozenset[str]
    names: frozenset[str] = frozenset()
    """Named things only (people, parties, places, events), no dates or numbers."""
    text: str = ""
    """The sentence without its citation markers: what its meaning vector is made from."""

    @cached_property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        return frozenset(shingles(self.words))

    @cached_property
    def specifics(self) -> frozenset[str]:
        """Details a paraphrase keeps: named things, numbers, quoted words."""
        return self.entities | self.numbers | self.quotations


@dataclass
class EssayFeatures:
    sentences: list[SentenceFeatures]
    lemma_frequency: Counter = field(default_factory=Counter)
    """In how many sentences each content lemma occurs."""
    common_lemmas: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    """Words of the question and stop words: every answer repeats them, so they prove no copying."""
    _weights: dict[str, float] = field(default_factory=dict, repr=False)

    def is_common(self, shingle: tuple[str, ...]) -> bool:
        """A trigram made only of the question's words and stop words ("Stalinism was a")."""
        return all(word in self.common_words for word in shingle)

    def weight(self, lemma: str) -> float:
        """Inverse sentence frequency: a lemma in every sentence says little, the question's own words nothing."""
        if lemma in self.common_lemmas:
            return 0.0
        # Only the essay's own lemmas are cached: a reference serves many requests, and
        # caching every student's words would grow without bound.
        if lemma not in self._weights:
            if lemma not in self.lemma_frequency:
                return self._unseen_weight
            count = len(self.sentences) or 1
            self._weights[lemma] = math.log((count + 1) / (self.lemma_frequency[lemma] + 0.5))
        return self._weights[lemma]

    @cached_property
    def vectors(self) -> np.ndarray:
        """Each sentence's meaning vector (unit length), one row per sentence."""
        return self._embedded[0]

    @cached_property
    def word_vectors(self) -> dict[str, np.ndarray]:
        """The vector of each lemma of the essay's content and quotations."""
        return self._embedded[1]

    @cached_property
    def _embedded(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        # Sentences and words in one call: each call has a fixed cost of its own.
        texts = [sentence.text for sentence in self.sentences]
        words = sorted({lemma for sentence in self.sentences for lemma in sentence.content | sentence.quotations})
        return embed_with_words(texts, words)

    @cached_property
    def topic(self) -> np.ndarray:
        """The mean sentence vector: what every sentence of an essay on this question shares."""
        return self.vectors.mean(axis=0) if len(self.sentences) else np.zeros(self.vectors.shape[1], dtype=np.float32)

    @cached_property
    def meanings(self) -> np.ndarray:
        """The sentence vectors less this essay's own topic (for a reference: computed once, when it loads)."""
        return centered(self.vectors, self.topic)

    @cached_property
    def lexicon(self) -> Lexicon:
        """This essay's content lemmas with their vectors, weighted by its own sentence frequencies."""
        return Lexicon([sentence.content for sentence in self.sentences], self.weight, self.word_vectors)

    @cached_property
    def _unseen_weight(self) -> float:
        return math.log(((len(self.sentences) or 1) + 1) / 0.5)

    def sentences_sharing(self, lemmas: frozenset[str], shingles: frozenset[tuple[str, ...]]) -> list[SentenceFeatures]:
        """The sentences, in order, that have one of `lemmas` among their content lemmas or one of `shingles`."""
        positions: set[int] = set()
        for lemma in lemmas:
            positions.update(self._positions_by_term.get(lemma, ()))
        for shingle in shingles:
            positions.update(self._positions_by_term.get(shingle, ()))
        return [self.sentences[position] for position in sorted(positions)]

    @cached_property
    def _positions_by_term(self) -> dict[str | tuple[str, ...], list[int]]:
        # Built once per reference (which serves every comparison), so a student sentence
        # is compared only with the reference sentences it shares something with.
        found: dict[str | tuple[str, ...], list[int]] = {}
        for position, sentence in enumerate(self.sentences):
            for term in (*sentence.content, *sentence.shingles):
                found.setdefault(term, []).append(position)
        return found

    def sentences_with_specifics(self, specifics: frozenset[str]) -> list[int]:
        """Positions, in order, of the sentences that share one of `specifics` (the question's words aside)."""
        positions: set[int] = set()
        for specific in specifics:
            positions.update(self._positions_by_specific.get(specific, ()))
        return sorted(positions)

    @cached_property
    def _positions_by_specific(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for position, sentence in enumerate(self.sentences):
            for specific in sentence.specifics - self.common_words:
                found.setdefault(specific, []).append(position)
        return found

    def paragraph_lemmas(self, paragraph: int) -> Counter:
        return Counter(self._lemmas_by_paragraph.get(paragraph, Counter()))

    @cached_property
    def _lemmas_by_paragraph(self) -> dict[int, Counter]:
        # One pass over the sentences, not one per paragraph (3,000 one-line paragraphs happen).
        found: dict[int, Counter] = {}
        for sentence in self.sentences:
            found.setdefault(sentence.paragraph, Counter()).update(sentence.content)
        return found


def shingles(words: list[str], size: int = SHINGLE_SIZE) -> list[tuple[str, ...]]:
    return [tuple(words[position : position + size]) for position in range(len(words) - size + 1)]


# Token attributes read in one `Doc.to_array` call: no spaCy Token object per token.
TOKEN_COLUMNS = (IDX, ORTH, LOWER, LEMMA, IS_PUNCT, IS_SPACE, IS_STOP, LIKE_NUM, IS_QUOTE)
NOT_DOUBLE_QUOTES = frozenset({"'", "’", "‘"})


@dataclass(frozen=True)
class _Word:
    """What the features need of a token's text, the same for every token with that text."""

    text: str
    lower: str
    is_word: bool
    """Not punctuation, space or a double quote mark, and has a letter or digit."""
    toggles_quotation: bool
    is_number: bool
    is_stop: bool


def _word(
    orth: int, lower: int, is_punct: int, is_space: int, is_stop: int, like_num: int, is_quote: int, strings
) -> _Word:
    text = strings[orth]
    return _Word(
        text=text,
        lower=strings[lower],
        is_word=not (is_punct or is_space or text in DOUBLE_QUOTES) and any(map(str.isalnum, text)),
        toggles_quotation=text in DOUBLE_QUOTES or bool(is_quote and text not in NOT_DOUBLE_QUOTES),
        is_number=bool(like_num) or any(map(str.isdigit, text)),
        is_stop=bool(is_stop),
    )


def extract_features(doc: Doc, analysis: EssayAnalysis) -> EssayFeatures:
    """Per-sentence lemmas, shingles, entities, numbers and quotations of an analysed essay."""
    citation_spans = [
        (citation.start, citation.end) for citation in analysis.citations if citation.style not in PROSE_CITATION_STYLES
    ]
    strings = doc.vocab.strings
    words_by_orth: dict[int, _Word] = {}
    tokens: list[tuple[int, _Word, str]] = []
    for idx, orth, lower, lemma, *flags in doc.to_array(list(TOKEN_COLUMNS)).tolist():
        word = words_by_orth.get(orth)
        if word is None:
            word = words_by_orth[orth] = _word(orth, lower, *flags, strings)
        # As `(token.lemma_ or token.text).lower()`.
        tokens.append((idx, word, (strings[lemma] or word.text).lower()))

    sentences = []
    frequency: Counter = Counter()
    spans = [doc.char_span(sentence.start, sentence.end, alignment_mode="expand") for sentence in analysis.sentences]
    for sentence, span, span_entities in zip(analysis.sentences, spans, entities_in(doc, spans)):
        inside_quotation = False
        words, lemmas, content, numbers, quotations = [], [], set(), set(), set()
        for idx, word, lemma in tokens[span.start : span.end] if span is not None else ():
            if citation_spans and _in_spans(idx, citation_spans):
                continue
            if word.toggles_quotation:
                inside_quotation = not inside_quotation
                continue
            if not word.is_word:
                continue
            lemmas.append(lemma)
            if inside_quotation:
                if not word.is_stop:
                    quotations.add(lemma)
                continue
            words.append(word.lower)
            if word.is_number:
                numbers.add(word.lower)
            elif not word.is_stop and len(lemma) > 1:
                content.add(lemma)
        kept = [
            entity
            for entity in span_entities
            if entity.label_ in SPECIFIC_ENTITY_LABELS and not _in_spans(entity.start_char, citation_spans)
        ]
        entities = {entity.text.lower() for entity in kept}
        names = {entity.lemma_.lower() for entity in kept if entity.label_ in NAME_LABELS}
        features = SentenceFeatures(
            index=sentence.index,
            paragraph=sentence.paragraph,
            start=sentence.start,
            end=sentence.end,
            words=words,
            lemmas=lemmas,
            content=frozenset(content),
            entities=frozenset(entities),
            numbers=frozenset(numbers),
            quotations=frozenset(quotations),
            names=frozenset(names),
            text=_without_spans(sentence.text, sentence.start, citation_spans),
        )
        frequency.update(features.content)
        sentences.append(features)
    return EssayFeatures(sentences=sentences, lemma_frequency=frequency)


def _without_spans(text: str, start: int, spans: list[tuple[int, int]]) -> str:
    """`text` (which starts at offset `start`) with the parts inside `spans` left out."""
    kept, position = [], 0
    for left, right in sorted(spans):
        left, right = max(left - start, 0), min(right - start, len(text))
        if right <= position or left >= len(text):
            continue
        kept.append(text[position:left])
        position = max(position, right)
    kept.append(text[position:])
    return " ".join("".join(kept).split())


def _in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)

