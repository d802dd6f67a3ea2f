"""How much a sentence answers the assignment's question: features and the model that weighs them.

Real essays state their position in many shapes ("The answer is no.", "Stalinism emerged as a
break from the Bolshevik tradition.", "There are both similarities and differences in the
characters of Lenin and Stalin."), often after a paragraph of background, so the thesis is
sought among all the essay's sentences, not only the introduction's. Each is described by a
few interpretable features (does it name the question's key terms, relate them, commit to a
view, report someone else's, tell a dated event ...) and a logistic model turns them into the
probability that it states the writer's answer. Its weights live in data/thesis_answer.json,
fitted by scripts/fit_thesis_answer.py on real essays (cross-validated figures in
docs/quality.md); the thresholds that make a thesis sure, unclear or missing live there too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from service.analysis.question import Question, term_groups

FEATURES = (
    "both_sides", "one_side", "pair_reference", "relation", "comparative", "opinion", "judgement",
    "truth", "question", "heading", "quoted_or_cited", "other_side", "reported", "dated", "plan", "contrast",
    "appearance", "verdict", "event", "answer",
    "copular", "subject_named", "long", "introduction", "conclusion", "title_line", "first_in_paragraph",
    "last_in_paragraph", "early", "cue_score", "cue_pick",
)
# Words that weigh one thing against another inside a sentence: "Though X, Y", "X, but Y".
CONTRAST_WORDS = frozenset({"but", "yet", "however", "although", "though", "while", "whereas", "despite", "nevertheless"})
END_MARKS = frozenset({".", "!", "?", "…", "...", ":", ";"})
# A sentence longer than this (in words) is more often a narrative or a quotation than a thesis.
LONG_SENTENCE_WORDS = 40
RELATION_GROUPS = ("continuity_cues", "discontinuity_cues", "similarity_cues", "difference_cues", "mixed_cues")
COMPARATIVE_TAGS = {"JJR", "JJS", "RBR", "RBS"}
DATE_ENTITIES = {"DATE"}
# A quotation of fewer words is a term set off ("the ‘old’ Bolsheviks"), not someone's words.
MIN_QUOTED_WORDS = 3
# A rule score past this says as much as this (the general cues of thesis.py).
CUE_SCORE_CAP = 4.0


@dataclass(frozen=True)
class AnswerModel:
    """Which sentence states the answer, and how sure that one does.

    A sentence's score is a weighted sum of its features; within one essay the best score
    wins (the weights are those of a conditional logit: sentences compete for being the
    thesis). How sure the winner is comes from its score alone, through a logistic curve
    fitted on essays with and without a thesis; `sure` and `candidate` cut that confidence.
    """

    weights: dict[str, float]
    essay_weights: dict[str, float]
    sure: float
    candidate: float
    # A second sentence is the thesis too when its score is within this of the best one's.
    second_margin: float = 1.0
    # The sentences right after the thesis in its paragraph, each within this of its score,
    # go on stating the position ("X. Stalin continued Y.").
    statement_margin: float = 1.0

    @classmethod
    def from_data(cls, data: dict) -> "AnswerModel":
        """The model of data/thesis_answer.json, as the `argument_roles` component reads it in
        `initialize()` or `from_disk`."""
        thresholds = data["thresholds"]
        return cls(
            dict(data["weights"]),
            dict(data["essay_weights"]),
            float(thresholds["sure"]),
            float(thresholds["candidate"]),
            float(thresholds.get("second_margin", 1.0)),
            float(thresholds.get("statement_margin", 1.0)),
        )

    def score(self, features: dict[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in features.items())

    def confidence(self, best_score: float, table: dict[int, dict[str, float]], best: int) -> float:
        """How likely the essay states a thesis, its best sentence scoring `best_score`."""
        features = essay_features(best_score, table, best)
        logit = sum(self.essay_weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))


ESSAY_FEATURES = ("bias", "best_score", "narrative_share", "plan", "opinion", "best_relation", "best_both_sides")


def essay_features(best_score: float, table: dict[int, dict[str, float]], best: int) -> dict[str, float]:
    """What tells an essay that takes a position from one that retells or announces: how well its
    best sentence answers, how much of it is dated narration, a plan announced, an opinion voiced."""
    rows = list(table.values())
    return {
        "bias": 1.0,
        "best_score": best_score,
        "narrative_share": sum(row["dated"] for row in rows) / max(1, len(rows)),
        "plan": float(any(row["plan"] for row in rows)),
        "opinion": float(any(row["opinion"] for row in rows)),
        "best_relation": table[best]["relation"],
        "best_both_sides": table[best]["both_sides"],
    }


@dataclass(frozen=True)
class SentenceFacts:
    """What the thesis detector already knows of a sentence, handed to `answer_features`."""

    opinion: bool
    other_side: bool
    reports_view: bool
    judges: bool
    cue_score: float
    # The sentence the general cues alone would call the thesis.
    cue_pick: bool
    # It calls what was just asked or said false ("It's propaganda."): an answer to it.
    denies: bool = False


def answer_features(
    sentence: Span,
    cues: dict[str, list[Span]],
    question: Question,
    part: str,
    place: tuple[int, int, int, int],
    cited: bool,
    facts: SentenceFacts,
    posed: Callable[[Span], bool],
    entities: list[Span],
) -> dict[str, float]:
    """The features of one sentence; `place` is (position in its paragraph, paragraph size,
    position in the essay, sentence count), `part` its paragraph's role, `entities` its named
    entities (`Span.ents` costs a pass over the whole Doc's entities)."""
    in_paragraph, paragraph_size, in_essay, count = place
    groups = term_groups(sentence, question)
    # The writer's own relation between the terms: not asked ("whether ..."), not told as
    # someone else's view, not a view set up to be corrected ("Seemingly, ...").
    relations = [match for group in RELATION_GROUPS for match in cues.get(group, []) if not posed(match)]
    own_relation = bool(relations) and not facts.reports_view and "appearance_cues" not in cues
    root = sentence.root
    words = sum(1 for token in sentence if token.is_alpha)
    return {
        "both_sides": float(len(groups) >= 2),
        "one_side": float(len(groups) == 1),
        "pair_reference": float("pair_references" in cues),
        "relation": float(own_relation),
        "comparative": float(any(token.tag_ in COMPARATIVE_TAGS for token in sentence)),
        "opinion": float(facts.opinion),
        "judgement": float(facts.judges),
        "truth": float("truth_cues" in cues),
        "question": float(_asks(sentence) or _instructs(sentence)),
        "heading": float(_heading(sentence)),
        "event": float(tells_event(sentence, entities)),
        # A bare answer to a yes/no question: "The answer is no.", "No, he did not.", "It's a myth."
        "answer": float(bool(bare_answers(sentence)) or facts.denies),
        "appearance": float("appearance_cues" in cues),
        "verdict": float(any(match.start - sentence.start <= 1 for match in cues.get("verdict_openers", []))),
        "quoted_or_cited": float(cited or _quotes(cues.get("quote_marks", []))),
        "other_side": float(facts.other_side),
        "reported": float(facts.reports_view),
        "dated": float(any(entity.label_ in DATE_ENTITIES for entity in entities)),
        "plan": float("plan_cues" in cues or "empty_stance_cues" in cues),
        "contrast": float(any(token.lower_ in CONTRAST_WORDS for token in sentence)),
        "copular": float(root.lemma_ == "be" or any(child.dep_ in {"acomp", "attr"} for child in root.children)),
        "subject_named": float(
            any(
                child.dep_ in {"nsubj", "nsubjpass"} and term_groups(sentence.doc[child.left_edge.i : child.i + 1], question)
                for child in root.children
            )
        ),
        "long": float(words > LONG_SENTENCE_WORDS),
        "introduction": float(part == "introduction"),
        "conclusion": float(part == "conclusion"),
        "title_line": float(part == "title"),
        "first_in_paragraph": float(in_paragraph == 0),
        "last_in_paragraph": float(in_paragraph == paragraph_size - 1 and paragraph_size > 1),
        "early": 1.0 - in_essay / max(1, count - 1),
        "cue_score": max(-CUE_SCORE_CAP, min(CUE_SCORE_CAP, facts.cue_score)) / CUE_SCORE_CAP,
        "cue_pick": float(facts.cue_pick),
    }


def _asks(sentence: Span) -> bool:
    """A question, with its mark or without: "But was Stalin developing Lenin's thought or ...".
    An auxiliary opening the sentence (after a conjunction) before its subject asks."""
    if sentence[-1].text == "?":
        return True
    words = [token for token in sentence if not token.is_punct]
    while words and words[0].dep_ == "cc":
        words = words[1:]
    if len(words) < 3 or words[0].pos_ != "AUX" or words[0].dep_ not in {"ROOT", "aux", "auxpass"}:
        return False
    return any(token.dep_ in {"nsubj", "nsubjpass", "expl"} and token.i > words[0].i for token in words[1:4])


def _instructs(sentence: Span) -> bool:
    """The task set, copied as an instruction: "Compare the characters and beliefs of Lenin and
    Stalin.", "1. Discuss ..." (a verb in its base form opens it, with no subject)."""
    words = [token for token in sentence if token.is_alpha]
    if not words or words[0].tag_ != "VB" or words[0].dep_ != "ROOT":
        return False
    return not any(token.dep_ in {"nsubj", "nsubjpass", "expl"} for token in words[0].children)


def bare_answers(sentence: Span) -> set[str]:
    """The bare answers a sentence gives a yes/no question: "The answer is no.", "No, he did
    not." ("no" as in "no better", "no power" answers nothing)."""
    return {token.lower_ for token in sentence if token.lower_ in {"yes", "no"} and token.dep_ not in {"det", "neg"}}


def _heading(sentence: Span) -> bool:
    """A title or heading line: no closing mark, or no verb at all ("Links between the two regimes")."""
    if not any(token.is_punct and token.text in END_MARKS for token in sentence[-3:]):
        return True
    return not any(token.pos_ in {"VERB", "AUX"} for token in sentence)


def tells_event(sentence: Span, entities: list[Span]) -> bool:
    """A dated event told in the past: "In 1924 Stalin gained power", not a judgement on it;
    `entities` are the sentence's."""
    root = sentence.root
    if root.tag_ != "VBD" or root.lemma_ == "be":
        return False
    return any(entity.label_ in DATE_ENTITIES for entity in entities)


def _quotes(marks: list[Span]) -> bool:
    """Whether a sentence quotes someone: a pair of quote marks around MIN_QUOTED_WORDS words
    or more, or a mark left open (a quotation running on past the sentence)."""
    if len(marks) % 2:
        return True
    doc = marks[0].doc if marks else None
    return any(
        sum(1 for token in doc[opening.end : closing.start] if token.is_alpha) >= MIN_QUOTED_WORDS
        for opening, closing in zip(marks[::2], marks[1::2])
    )
