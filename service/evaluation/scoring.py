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
  when their character spans overlap. Per style, recall counts the gold markers of that
  style matched by a marker of any style, precision the predicted markers of that style
  that match a gold marker of any style (a signal phrase in parentheses is one marker
  whichever name each side gives its style).
* Thesis (essays with `thesis_expected` in their gold): found when a sentence the analysis
  marks as the thesis (not as its restatement) overlaps a gold thesis string (also when it is only a candidate shown
  with THESIS_UNCLEAR; `found_sure` counts those the analysis is sure of); THESIS_MISSING
  shown on an essay that states one; a thesis invented (reported as sure) on an essay whose
  gold says it states none, and candidates (THESIS_UNCLEAR) shown on such essays.
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
class StyleCounts:
    """One citation style: precision over its predicted markers, recall over its gold ones."""

    predicted: int = 0
    predicted_right: int = 0
    gold: int = 0
    gold_found: int = 0

    def add(self, other: "StyleCounts") -> None:
        self.predicted += other.predicted
        self.predicted_right += other.predicted_right
        self.gold += other.gold
        self.gold_found += other.gold_found

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "predicted": self.predicted,
            "predicted_right": self.predicted_right,
            "gold": self.gold,
            "gold_found": self.gold_found,
        }


@dataclass
class ThesisCounts:
    """Whether the thesis was found on essays whose gold says if they state one."""

    expected: int = 0
    found: int = 0
    found_sure: int = 0
    missing_shown: int = 0
    not_expected: int = 0
    invented: int = 0
    candidates: int = 0

    def add(self, expected: bool, found: bool, predicted: bool, unclear: bool, missing_shown: bool) -> None:
        """`predicted`: a thesis is reported; `unclear`: only as a candidate (THESIS_UNCLEAR)."""
        if expected:
            self.expected += 1
            self.found += int(found)
            self.found_sure += int(found and not unclear)
            self.missing_shown += int(missing_shown)
        else:
            self.not_expected += 1
            self.invented += int(predicted and not unclear)
            self.candidates += int(predicted and unclear)

    def as_dict(self) -> dict:
        return {
            "expected": self.expected,
            "found": self.found,
            "found_share": round(self.found / self.expected, 4) if self.expected else None,
            "found_sure": self.found_sure,
            "missing_shown": self.missing_shown,
            "not_expected": self.not_expected,
            "invented": self.invented,
            "candidates": self.candidates,
        }


@dataclass
class Scores:
    """Everything measured on a dataset by one system (the detectors or the baseline)."""

    roles: dict[str, Counts] = field(default_factory=lambda: {label: Counts() for label in LABELS})
    citations: Counts | None = None
    citation_styles: dict[str, StyleCounts] = field(default_factory=dict)
    thesis: ThesisCounts | None = None
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
            result["citation_styles"] = {style: counts.as_dict() for style, counts in sorted(self.citation_styles.items())}
        if self.thesis is not None:
            result["thesis"] = self.thesis.as_dict()
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


def _pair_citations(predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """(predicted index, gold index) pairs, one-to-one, of overlapping spans in reading order."""
    unmatched = sorted(range(len(gold)), key=lambda index: gold[index])
    pairs = []
    for index in sorted(range(len(predicted)), key=lambda index: predicted[index]):
        start, end = predicted[index]
        for position, gold_index in enumerate(unmatched):
            gold_start, gold_end = gold[gold_index]
            if start < gold_end and gold_start < end:
                del unmatched[position]
                pairs.append((index, gold_index))
                break
    return pairs


def match_citations(predicted: Sequence[tuple[int, int]], gold: Sequence[GoldCitation]) -> Counts:
    """Match markers one-to-one when their spans overlap (each side in reading order)."""
    pairs = _pair_citations(predicted, [(citation.start, citation.end) for citation in gold])
    return Counts(tp=len(pairs), predicted=len(predicted), gold=len(gold))


def match_citations_by_style(
    predicted: Sequence[tuple[int, int, str]], gold: Sequence[GoldCitation]
) -> dict[str, "StyleCounts"]:
    """Per style: its predicted markers that match a gold one, its gold markers that are found."""
    pairs = _pair_citations([(start, end) for start, end, _ in predicted], [(c.start, c.end) for c in gold])
    matched_predicted = {index for index, _ in pairs}
    matched_gold = {index for _, index in pairs}
    styles: dict[str, StyleCounts] = {}
    for index, (_, _, style) in enumerate(predicted):
        counts = styles.setdefault(style, StyleCounts())
        counts.predicted += 1
        counts.predicted_right += int(index in matched_predicted)
    for index, citation in enumerate(gold):
        counts = styles.setdefault(citation.style or "unknown", StyleCounts())
        counts.gold += 1
        counts.gold_found += int(index in matched_gold)
    return styles
