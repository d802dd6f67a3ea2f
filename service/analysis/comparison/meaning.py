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
from functools import cache
from pathlib import Path

import numpy as np

SETTINGS_FILE = Path(__file__).parent / "data" / "meaning.json"


@cache
def settings() -> dict:
    return json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))


@cache
def model():
    """The WordLlama model, from the files inside the installed package (no download, ever)."""
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
    """Unit-length vectors, one row per text."""
    if not texts:
        return np.zeros((0, settings()["model"]["dim"]), dtype=np.float32)
    return np.asarray(model().embed(texts, norm=True), dtype=np.float32)


def centered(vectors: np.ndarray, topic: np.ndarray) -> np.ndarray:
    """Vectors with the topic direction taken away, back to unit length (rows of zeros stay zero)."""
    moved = vectors - topic
    norms = np.linalg.norm(moved, axis=-1, keepdims=True)
    return np.divide(moved, norms, out=np.zeros_like(moved), where=norms > 0)


class Lexicon:
    """Content lemmas with their vectors and weights, and which sentences hold which lemma."""

    def __init__(self, sentence_lemmas: list[frozenset[str]], weight, known: "Lexicon | None" = None):
        self.lemmas = sorted(set().union(*sentence_lemmas)) if sentence_lemmas else []
        position = {lemma: number for number, lemma in enumerate(self.lemmas)}
        self.members = [np.array(sorted(position[lemma] for lemma in lemmas), dtype=np.intp) for lemmas in sentence_lemmas]
        self.weights = np.array([weight(lemma) for lemma in self.lemmas], dtype=np.float32)
        self.vectors = self._vectors(known)
        self.position = position
        # Rows: sentences; columns: lemmas (1 where the sentence has the lemma).
        self.holds = np.zeros((len(sentence_lemmas), len(self.lemmas)), dtype=np.float32)
        for row, members in enumerate(self.members):
            self.holds[row, members] = 1.0
        self.totals = self.holds @ self.weights

    def _vectors(self, known: "Lexicon | None") -> np.ndarray:
        # A student's words are mostly the reference's words: reuse those vectors, embed the rest in one call.
        missing = [lemma for lemma in self.lemmas if known is None or lemma not in known.position]
        fresh = dict(zip(missing, embed(missing)))
        rows = [fresh[lemma] if lemma in fresh else known.vectors[known.position[lemma]] for lemma in self.lemmas]
        return np.array(rows, dtype=np.float32).reshape(len(self.lemmas), settings()["model"]["dim"])


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
    shape = (len(student.members), len(reference.members))
    if not student.lemmas or not reference.lemmas:
        return np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=np.float32)
    match = student.vectors @ reference.vectors.T
    for row, lemma in enumerate(student.lemmas):
        column = reference.position.get(lemma)
        if column is not None:
            match[row, column] = 1.0
    match[match < synonym_min] = 0.0
    # Best match of each reference lemma within each student sentence, and the reverse.
    best_for_reference = np.zeros((shape[0], len(reference.lemmas)), dtype=np.float32)
    for row, members in enumerate(student.members):
        if len(members):
            best_for_reference[row] = match[members].max(axis=0)
    best_for_student = np.zeros((len(student.lemmas), shape[1]), dtype=np.float32)
    for column, members in enumerate(reference.members):
        if len(members):
            best_for_student[:, column] = match[:, members].max(axis=1)
    found = (best_for_reference * reference.weights) @ reference.holds.T
    kept = (student.holds * student.weights) @ best_for_student
    recall = np.divide(found, reference.totals[None, :], out=np.zeros(shape, dtype=np.float32), where=reference.totals[None, :] > 0)
    precision = np.divide(kept, student.totals[:, None], out=np.zeros(shape, dtype=np.float32), where=student.totals[:, None] > 0)
    return recall, precision
