"""Scoring detectors against annotated essays: sentence roles, citation markers, stance.

The rules (documented in docs/quality.md):

* A sentence's gold label is the label of the gold span that overlaps it by the most
  characters, provided that overlap covers at least 30% of the sentence's characters;
  otherwise the sentence has no gold label.
* A sentence's predicted label is ONE label, chosen from its roles by priority:
  thesis / thesis_restatement -> MajorClaim, else claim / counterargument / rebuttal ->
  Claim, else evidence -> Premise, else none. (Gold labels are single too, so each
  sentence is one classification decision.)
* Per label: precision = TP / predicted, recall = TP / gold, F1 their harmonic mean.
* Citation markers: a predicted marker matches at most one gold marker and vice versa,
  when their character spans overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from service.evaluation.datasets import LABELS, GoldCitation, GoldSpan

MIN_COVERAGE = 0.3
ROLE_LABELS = (
    (("thesis", "thesis_restatement"), "MajorClaim"),
    (("claim", "counterargument", "rebuttal"), "Claim"),
    (("evidence",), "Premise"),
)


@dataclass
class Counts:
    """True positives, predictions and gold items for one label; P/R/F1 follow."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class Scores:
    """Everything measured on a dataset by one system (the detectors or the baseline)."""

    roles: dict[str, Counts] = field(default_factory=lambda: {label: Counts() for label in LABELS})
    citations: Counts | None = None
    stance_correct: int = 0
    stance_total: int = 0
    essays: int = 0
    sentences: int = 0

    def add_stance(self, predicted: str, gold: str) -> None:
        self.stance_total += 1
        self.stance_correct += int(predicted == gold)

    @property
    def stance_accuracy(self) -> float | None:
        return self.stance_correct / self.stance_total if self.stance_total else None

    def as_dict(self) -> dict:
        result = {
            "essays": self.essays,
            "sentences": self.sentences,
            "roles": {label: counts.as_dict() for label, counts in self.roles.items()},
        }
        if self.citations is not None:
            result["citations"] = self.citations.as_dict()
        if self.stance_total:
            result["stance"] = {
                "accuracy": round(self.stance_accuracy, 4),
                "correct": self.stance_correct,
                "total": self.stance_total,
            }
        return result


def predicted_label(roles: Sequence[str]) -> str | None:
    """The one AAE label a sentence's roles stand for, by the priority in ROLE_LABELS."""
    for role_names, label in ROLE_LABELS:
        if any(role in roles for role in role_names):
            return label
    return None


def gold_label(start: int, end: int, spans: Sequence[GoldSpan]) -> str | None:
    """The label of the span covering most of [start, end), if it covers >= 30% of it."""
    best, best_overlap = None, 0
    for span in spans:
        overlap = min(end, span.end) - max(start, span.start)
        if overlap > best_overlap:
            best, best_overlap = span.label, overlap
    if best is None or best_overlap < MIN_COVERAGE * (end - start):
        return None
    return best


def score_sentences(sentences: Sequence[tuple[int, int, str | None]], spans: Sequence[GoldSpan]) -> dict[str, Counts]:
    """Count per label over (start, end, predicted label) sentences against gold spans."""
    counts = {label: Counts() for label in LABELS}
    for start, end, predicted in sentences:
        gold = gold_label(start, end, spans)
        if predicted is not None:
            counts[predicted].predicted += 1
        if gold is not None:
            counts[gold].gold += 1
        if predicted is not None and predicted == gold:
            counts[gold].tp += 1
    return counts


def match_citations(predicted: Sequence[tuple[int, int]], gold: Sequence[GoldCitation]) -> Counts:
    """Match markers one-to-one when their spans overlap (each side in reading order)."""
    unmatched = sorted((citation.start, citation.end) for citation in gold)
    tp = 0
    for start, end in sorted(predicted):
        for position, (gold_start, gold_end) in enumerate(unmatched):
            if start < gold_end and gold_start < end:
                del unmatched[position]
                tp += 1
                break
    return Counts(tp=tp, predicted=len(predicted), gold=len(gold))
