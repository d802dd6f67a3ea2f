"""What sentences and words mean, as WordLlama vectors: the comparison's sense of "the same point in other words".

WordLlama (PyPI `wordllama`, MIT) ships its 256-dimension weights and tokenizer inside the
package, so they are loaded from there and never downloaded; the model is loaded once per
process (when the first reference is profiled) and embeds a thousand sentences in about
40 ms. Thresholds and weights live in `data/meaning.json`.

Every essay on one question talks about the same people and the same events, so raw
sentence similarity is mostly topic. Two corrections keep topic alone from making a pair:
sentence vectors are compared after taking away the reference's mean sentence vector (its
topic), and word evidence is weighted by the reference's inverse sentence frequencies, so
"Lenin" and "terror" count for little and "Makhnovist" or "grudgingly" for a lot.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import numpy as np

SETTINGS_FILE = Path(__file__).parent / "data" / "meaning.json"
# Students use the same few thousand words: their vectors, and which of a reference's words
# each one matches, are kept between essays. Bounded, since a long-lived worker sees every
# misspelling there is; a full cache is emptied and starts again.
CACHE_LIMIT = 20_000
_word_vectors: dict[str, np.ndarray] = {}


@cache
def settings() -> dict:
    return json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))


@cache
def model():
    """The WordLlama model, from the files inside the installed package (no download, ever)."""
    # The tokenizer's thread pool gains nothing on batches of a few dozen sentences, and a
    # grading worker forked after it ran would warn and turn it off anyway.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import wordllama
    from wordllama import WordLlama

    chosen = settings()["model"]
    return WordLlama.load(
        config=chosen["config"],
        dim=chosen["dim"],
        cache_dir=Path(wordllama.__file__).parent,
        disable_download=True,
    )


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length vectors, one row per text; a text with no word the model knows (emoji, another
    script) is a row of zeros, not of NaN as the model's own normalising would make it."""
    if not texts:
        return np.zeros((0, settings()["model"]["dim"]), dtype=np.float32)
    vectors = np.asarray(model().embed(texts, norm=False), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def centered(vectors: np.ndarray, topic: np.ndarray) -> np.ndarray:
    """Vectors with the topic direction taken away, back to unit length (rows of zeros stay zero)."""
    moved = vectors - topic
    norms = np.linalg.norm(moved, axis=-1, keepdims=True)
    return np.divide(moved, norms, out=np.zeros_like(moved), where=norms > 0)


class Lexicon:
    """Content lemmas with their vectors and weights, and which sentences hold which lemma."""

    def __init__(self, sentence_lemmas: list[frozenset[str]], weight, vectors: dict[str, np.ndarray] | None = None):
        self.lemmas = sorted(set().union(*sentence_lemmas)) if sentence_lemmas else []
        self.position = {lemma: number for number, lemma in enumerate(self.lemmas)}
        self.weights = np.array([weight(lemma) for lemma in self.lemmas], dtype=np.float32)
        self.vectors = word_vectors(self.lemmas, vectors or {})
        # Rows: sentences; columns: lemmas (1 where the sentence has the lemma).
        self.holds = np.zeros((len(sentence_lemmas), len(self.lemmas)), dtype=np.float32)
        for row, lemmas in enumerate(sentence_lemmas):
            self.holds[row, [self.position[lemma] for lemma in lemmas]] = 1.0
        self.totals = self.holds @ self.weights
        self._matches: dict[tuple[str, float], tuple[np.ndarray, np.ndarray]] = {}

    def matches(self, lemmas: list[str], vectors: np.ndarray, least: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The (row in `lemmas`, column here, similarity) of every pair of words that match.

        The same lemma matches fully, another one by the cosine of their vectors when that
        reaches `least`. Kept per lemma, since a reference's lexicon serves every essay.
        """
        # Read from the cache once: another thread may empty it meanwhile.
        entries = [self._matches.get((lemma, least)) for lemma in lemmas]
        unknown = [row for row, entry in enumerate(entries) if entry is None]
        if unknown:
            if len(self._matches) + len(unknown) > CACHE_LIMIT:
                self._matches.clear()
            similarity = vectors[unknown] @ self.vectors.T if self.lemmas else np.zeros((len(unknown), 0))
            for row, scores in zip(unknown, similarity):
                own = self.position.get(lemmas[row])
                if own is not None:
                    scores[own] = 1.0
                columns = np.nonzero(scores >= least)[0]
                entries[row] = self._matches[(lemmas[row], least)] = (columns, scores[columns].astype(np.float32))
        rows, columns, values = [], [], []
        for row, (found, similarity) in enumerate(entries):
            rows.append(np.full(len(found), row, dtype=np.intp))
            columns.append(found)
            values.append(similarity)
        if not rows:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        return np.concatenate(rows), np.concatenate(columns), np.concatenate(values)


def word_vectors(lemmas: list[str], known: dict[str, np.ndarray]) -> np.ndarray:
    """One row per lemma: from `known` or the cache where it is there, the rest embedded in one call."""
    rows = [known.get(lemma, _word_vectors.get(lemma)) for lemma in lemmas]
    missing = [position for position, row in enumerate(rows) if row is None]
    for position, vector in zip(missing, embed([lemmas[position] for position in missing])):
        rows[position] = vector
    return np.array(rows, dtype=np.float32).reshape(len(lemmas), settings()["model"]["dim"])


def embed_with_words(texts: list[str], words: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Vectors of `texts`, and of `words` (cached between calls), in one call of the model."""
    # Read from the cache once: another thread may empty it meanwhile.
    found = {word: vector for word in words if (vector := _word_vectors.get(word)) is not None}
    missing = [word for word in words if word not in found]
    vectors = embed(texts + missing)
    fresh = dict(zip(missing, vectors[len(texts) :]))
    if len(_word_vectors) + len(fresh) > CACHE_LIMIT:
        _word_vectors.clear()
    _word_vectors.update(fresh)
    return vectors[: len(texts)], {**found, **fresh}


def word_overlap(student: Lexicon, reference: Lexicon, synonym_min: float) -> np.ndarray:
    """Weighted soft Dice of content lemmas for every (student sentence, reference sentence) pair."""
    recall, precision = word_recall_precision(student, reference, synonym_min)
    both = recall + precision
    return np.divide(2 * recall * precision, both, out=np.zeros_like(both), where=both > 0)


def word_recall_precision(student: Lexicon, reference: Lexicon, synonym_min: float) -> tuple[np.ndarray, np.ndarray]:
    """Weighted soft recall and precision of content lemmas for every (student sentence, reference sentence) pair.

    The same lemma matches fully; a different lemma matches by the cosine of the two words'
    vectors when that reaches `synonym_min` ("collectivise" and "collectivisation", "enemy"
    and "opponent"), else not at all. Recall weighs the reference sentence's lemmas,
    precision the student's, each by the reference's inverse sentence frequency.
    """
    shape = (student.holds.shape[0], reference.holds.shape[0])
    if not student.lemmas or not reference.lemmas:
        return np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=np.float32)
    # Few word pairs match at all: work on those only (numpy, no loop per sentence pair).
    mine, theirs, values = reference.matches(student.lemmas, student.vectors, synonym_min)
    # Best match of each reference lemma within each student sentence ...
    sentence, entry = np.nonzero(student.holds[:, mine])
    best_for_reference = np.zeros((shape[0], len(reference.lemmas)), dtype=np.float32)
    np.maximum.at(best_for_reference, (sentence, theirs[entry]), values[entry])
    # ... and of each student lemma within each reference sentence.
    sentence, entry = np.nonzero(reference.holds[:, theirs])
    best_for_student = np.zeros((len(student.lemmas), shape[1]), dtype=np.float32)
    np.maximum.at(best_for_student, (mine[entry], sentence), values[entry])
    found = (best_for_reference * reference.weights) @ reference.holds.T
    kept = (student.holds * student.weights) @ best_for_student
    recall = np.divide(found, reference.totals[None, :], out=np.zeros(shape, dtype=np.float32), where=reference.totals[None, :] > 0)
    precision = np.divide(kept, student.totals[:, None], out=np.zeros(shape, dtype=np.float32), where=student.totals[:, None] > 0)
    return recall, precision
