"""Claims: a body paragraph's topic sentence and its sub-claims, counterarguments and rebuttals.

* counterargument: a sentence that opens by giving the other side ("Some historians argue",
  "Arguments have been raised which state", "It is true that"), and the sentence right after
  it when that grants the point ("This is partly true, as ...");
* rebuttal: a sentence after a counterargument in the same paragraph that turns against it
  ("However, ...", "But ...", "Nevertheless ...");
* claim: the paragraph's topic sentence (its first, unless that opens with an example or a
  quotation), and sentences that draw the writer's own conclusion ("Therefore", "As a result",
  "So", "Clearly", "This shows that") - the paragraph's last sentence, or any sentence that
  opens with such a cue; in the conclusion, sentences that sum up an argument; in the
  introduction, sentences after the thesis that give a reason for it (the claims, previewed).
Cue lists: data/claims.json.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from service.analysis.argument_context import ArgumentContext, CueMatcher
from service.analysis.quotes import DOUBLE_QUOTES

CUE_GROUPS = (
    "topic_cues", "concluding_cues", "first_word_concluding_cues", "analysis_cues", "counterargument_cues",
    "other_side_subjects", "rebuttal_cues", "concession_cues", "plan_cues",
)
MODALS = {"should", "must", "ought"}


def _recommends(sentence: Span) -> bool:
    """A main clause with "should", "must" or "ought to": the writer's own recommendation."""
    return any(child.dep_ == "aux" and child.lower_ in MODALS for child in sentence.root.children)


class ClaimDetector:
    """Label claims, counterarguments and rebuttals in an `ArgumentContext`."""

    def __init__(self, nlp: Language, cues: CueMatcher, *, opening_window: int, rebuttal_reach: int, min_preview_words: int):
        """The thresholds come from the `argument_roles` component's config (CLAIMS_CONFIG, arguments.py)."""
        self.opening_window, self.rebuttal_reach, self.min_preview_words = opening_window, rebuttal_reach, min_preview_words
        lexicon = cues.add_lexicon("claims", CUE_GROUPS, noun_phrases=("plan_cues",))
        self.other_side_verbs = set(lexicon["other_side_verbs"])

    def find(self, context: ArgumentContext, taken: set[int]) -> dict[int, str]:
        """Map sentence index -> claim | counterargument | rebuttal; `taken` are thesis sentences."""
        roles: dict[int, str] = {}
        for members in context.body:
            roles.update(self._paragraph(context, members, taken))
        for index in context.conclusion:
            if index not in taken and self._sums_up(context, index):
                roles[index] = "claim"
        roles.update(self._previews(context, taken))
        return roles

    def _previews(self, context: ArgumentContext, taken: set[int]) -> dict[int, str]:
        """Introduction sentences after the thesis that state a reason for it ("Exercise is good
        for the mind as well as the body."): the essay's claims, previewed. Sentences that
        announce the plan ("My reasons are as follows."), questions, quotations, citations and
        the other side's view are not."""
        stated = [position for position, index in enumerate(context.introduction) if index in taken]
        if not stated:
            return {}
        roles: dict[int, str] = {}
        for index in context.introduction[stated[0] + 1 :]:
            sentence = context.sentences[index]
            if (
                index in taken
                or index in context.cited
                or sentence[-1].text in {"?", ":"}
                # Plan and empty-stance cues are matched for thesis.py too ("I agree with this view.").
                or context.has(index, "plan_cues", "empty_stance_cues", "referring_stance_cues", "quote_marks")
                or self._opens_counterargument(context, index)
                or sum(1 for token in sentence if token.is_alpha) < self.min_preview_words
            ):
                continue
            roles[index] = "claim"
        return roles

    def _paragraph(self, context: ArgumentContext, members: list[int], taken: set[int]) -> dict[int, str]:
        roles: dict[int, str] = {}
        since_counter = None
        for index in members:
            if index in taken:
                continue
            if self._opens_counterargument(context, index):
                roles[index] = "counterargument"
                since_counter = 0
                continue
            if since_counter is not None:
                since_counter += 1
                if since_counter == 1 and context.starts_with(index, "concession_cues", self.opening_window):
                    # "Some historians argue X. This is partly true, as ...": granting the point
                    # goes on with the other side's view; the rebuttal may still follow.
                    roles[index] = "counterargument"
                    since_counter = 0
                    continue
                if since_counter <= self.rebuttal_reach and context.starts_with(index, "rebuttal_cues", self.opening_window):
                    roles[index] = "rebuttal"
                    since_counter = None
                    continue
            if context.starts_with(index, "analysis_cues", self.opening_window):
                roles[index] = "claim"
        first, last = members[0], members[-1]
        closing = len(members) > 1 and (self._concludes(context, last) or _recommends(context.sentences[last]))
        if closing and last not in taken and last not in roles:
            # The paragraph argues towards its last sentence: that is its claim, and
            # what leads up to it supports it.
            roles[last] = "claim"
        elif first not in taken and first not in roles and not self._opens_with_support(context, first):
            roles[first] = "claim"
        return roles

    def _opens_counterargument(self, context: ArgumentContext, index: int) -> bool:
        if context.starts_with(index, "counterargument_cues", self.opening_window):
            return True
        return context.opens_with_other_side(index, self.other_side_verbs, self.opening_window)

    def _opens_with_support(self, context: ArgumentContext, index: int) -> bool:
        sentence = context.sentences[index]
        if context.starts_with(index, "example_cues", self.opening_window):
            return True
        return sentence[0].text in DOUBLE_QUOTES

    def _concludes(self, context: ArgumentContext, index: int) -> bool:
        """Whether the sentence opens by drawing a conclusion: "Therefore, ...", "As a result, ...", "So, ..."."""
        return context.starts_with(index, "concluding_cues", self.opening_window) or context.starts_with(
            index, "first_word_concluding_cues"
        )

    def _sums_up(self, context: ArgumentContext, index: int) -> bool:
        opens = self._concludes(context, index) or context.starts_with(
            index, "analysis_cues", self.opening_window
        )
        return opens and index not in context.cited
