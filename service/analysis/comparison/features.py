"""What the comparison knows about each sentence, taken from spaCy once per essay.

Everything is plain Python strings, so a reference's features outlive the spaCy
`memory_zone` its Doc was parsed in and are computed once when the reference loads.
Citation markers are left out (citing the same work is not copying), and words inside
quotation marks are kept apart (quoting the same primary source is not copying either).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Token

from service.analysis.model import EssayAnalysis
from service.analysis.quotes import DOUBLE_QUOTES
from service.analysis.sentences import entities_in

SPECIFIC_ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "WORK_OF_ART", "LAW", "DATE", "CARDINAL", "PERCENT", "QUANTITY"}
)
NAME_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "WORK_OF_ART", "LAW"})
SHINGLE_SIZE = 3


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
    noun_chunks: frozenset[str]
    names: frozenset[str] = frozenset()
    """Named things only (people, parties, places, events), no dates or numbers."""

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
    def _unseen_weight(self) -> float:
        return math.log(((len(self.sentences) or 1) + 1) / 0.5)

    def paragraph_lemmas(self, paragraph: int) -> Counter:
        found: Counter = Counter()
        for sentence in self.sentences:
            if sentence.paragraph == paragraph:
                found.update(sentence.content)
        return found


def shingles(words: list[str], size: int = SHINGLE_SIZE) -> list[tuple[str, ...]]:
    return [tuple(words[position : position + size]) for position in range(len(words) - size + 1)]


def _is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space or token.text in DOUBLE_QUOTES) and any(char.isalnum() for char in token.text)


def _norm_lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _quoted(tokens: list[Token]) -> list[bool]:
    """Which tokens sit between quotation marks (curly, straight or the reference's odd ones)."""
    inside, flags = False, []
    for token in tokens:
        if token.text in DOUBLE_QUOTES or (token.is_quote and token.text not in {"'", "’", "‘"}):
            inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    return flags


def extract_features(doc: Doc, analysis: EssayAnalysis) -> EssayFeatures:
    """Per-sentence lemmas, shingles, entities, numbers and quotations of an analysed essay."""
    citation_spans = [(citation.start, citation.end) for citation in analysis.citations]
    chunks_by_sentence: dict[int, set[str]] = {}
    sentence_starts = [sentence.start for sentence in analysis.sentences]
    for chunk in doc.noun_chunks:
        index = _sentence_index(sentence_starts, analysis, chunk.start_char)
        if index is not None:
            words = [_norm_lemma(token) for token in chunk if _is_word(token) and not token.is_stop]
            if words:
                chunks_by_sentence.setdefault(index, set()).add(" ".join(words))

    sentences = []
    frequency: Counter = Counter()
    spans = [doc.char_span(sentence.start, sentence.end, alignment_mode="expand") for sentence in analysis.sentences]
    for sentence, span, span_entities in zip(analysis.sentences, spans, entities_in(doc, spans)):
        tokens = [token for token in span if not _in_spans(token.idx, citation_spans)] if span is not None else []
        quoted = _quoted(tokens)
        words, lemmas, content, numbers, quotations = [], [], set(), set(), set()
        for token, inside in zip(tokens, quoted):
            if not _is_word(token):
                continue
            lemma = _norm_lemma(token)
            lemmas.append(lemma)
            if inside:
                if not token.is_stop:
                    quotations.add(lemma)
                continue
            words.append(token.lower_)
            if token.like_num or any(char.isdigit() for char in token.text):
                numbers.add(token.lower_)
            elif not token.is_stop and len(lemma) > 1:
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
            noun_chunks=frozenset(chunks_by_sentence.get(sentence.index, ())),
            names=frozenset(names),
        )
        frequency.update(features.content)
        sentences.append(features)
    return EssayFeatures(sentences=sentences, lemma_frequency=frequency)


def _in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _sentence_index(starts: list[int], analysis: EssayAnalysis, offset: int) -> int | None:
    position = bisect_right(starts, offset) - 1
    if position >= 0 and offset < analysis.sentences[position].end:
        return analysis.sentences[position].index
    return None
