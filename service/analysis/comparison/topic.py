"""Does an essay address the reference's question at all?

The question's own content lemmas, the reference's curated `topic_lemmas` and the names
the reference mentions most form the topic vocabulary. An essay on topic mentions it in a
fair share of its sentences; a pasted article on something else does not. Essays that take
the question from an unusual angle (who mattered more, did Stalin betray Lenin) still
talk about the same people and institutions, so they stay on topic.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from service.analysis.comparison.coverage import _contains
from service.analysis.comparison.features import EssayFeatures

MIN_SHARE = 0.2
MIN_SENTENCES = 2
REFERENCE_NAMES = 8


@dataclass
class TopicVocabulary:
    lemmas: frozenset[str]
    phrases: list[tuple[str, ...]]


def topic_vocabulary(terms: list[tuple[str, ...]], reference: EssayFeatures) -> TopicVocabulary:
    """The question's names and curated topic terms (lemma tuples), plus the reference's most mentioned names."""
    names: Counter = Counter()
    for sentence in reference.sentences:
        names.update(sentence.names)
    lemmas: set[str] = set()
    phrases = []
    for words in terms:
        if len(words) == 1:
            lemmas.add(words[0])
        elif words:
            phrases.append(words)
    for name, _count in names.most_common(REFERENCE_NAMES):
        words = tuple(name.split())
        if len(words) == 1:
            lemmas.add(words[0])
        else:
            phrases.append(words)
    return TopicVocabulary(lemmas=frozenset(lemmas), phrases=phrases)


def topic_share(features: EssayFeatures, vocabulary: TopicVocabulary) -> tuple[float, int]:
    """The share and number of sentences that mention the topic."""
    hits = 0
    for sentence in features.sentences:
        words = set(sentence.lemmas) | {word for word in sentence.words}
        if words & vocabulary.lemmas or any(_contains(sentence.lemmas, phrase) for phrase in vocabulary.phrases):
            hits += 1
    total = len(features.sentences)
    return (hits / total if total else 0.0), hits


def is_on_topic(share: float, hits: int, sentences: int) -> bool:
    """Enough sentences on the topic: at least MIN_SHARE of them, and MIN_SENTENCES (fewer in a tiny text)."""
    return hits > 0 and hits >= min(MIN_SENTENCES, (sentences + 1) // 2) and share >= MIN_SHARE
