"""Evidence: sentences that support a claim with facts, dates, figures, quotations, named
events or documents, examples, or a cited source.

In a body paragraph every sentence that is not a claim, counterargument or rebuttal is
support, and counts as evidence unless it is a question. Elsewhere (introduction,
conclusion) only sentences with a strong signal count: a citation, a quotation, or an
example cue together with a date, figure or named event. The writer's own analysis
("Clearly, ...", "This shows that ...") is a claim (claims.py), not evidence.
Cue lists: data/evidence.json.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from service.analysis.argument_context import ArgumentContext, CueMatcher


class EvidenceDetector:
    """Find evidence sentences in an `ArgumentContext`."""

    def __init__(self, nlp: Language, cues: CueMatcher, *, min_support_words: int):
        """`min_support_words`: the `argument_roles` component's config (EVIDENCE_CONFIG, arguments.py)."""
        self.min_support_words = min_support_words
        lexicon = cues.add_lexicon("evidence", ("example_cues", "quote_marks"))
        self.entity_labels = set(lexicon["evidence_entity_labels"])
        self.strong_labels = set(lexicon["strong_entity_labels"])

    def signals(self, context: ArgumentContext, index: int) -> bool:
        """Whether the sentence brings a fact, a figure, a quotation, an example or a source."""
        if index in context.cited or len(context.cues[index].get("quote_marks", [])) >= 2:
            return True
        if context.has(index, "example_cues"):
            return True
        return any(entity.label_ in self.entity_labels for entity in context.entities[index])

    def strong_signals(self, context: ArgumentContext, index: int) -> bool:
        if index in context.cited or len(context.cues[index].get("quote_marks", [])) >= 2:
            return True
        return context.has(index, "example_cues") and any(e.label_ in self.strong_labels for e in context.entities[index])

    def find(self, context: ArgumentContext, claims: dict[int, str], taken: set[int]) -> set[int]:
        questions = {index for index, sentence in enumerate(context.sentences) if sentence[-1].text == "?"}
        taken = taken | questions
        found = set()
        for members in context.body:
            for index in members:
                if index in taken or index in claims:
                    # A topic sentence may carry its own source: it is then both.
                    if self.strong_signals(context, index):
                        found.add(index)
                    continue
                if self._is_support(context.sentences[index]) or self.signals(context, index):
                    found.add(index)
        for index in (*context.introduction, *context.conclusion):
            if index not in questions and self.strong_signals(context, index):
                found.add(index)
        return found

    def _is_support(self, sentence: Span) -> bool:
        """A statement of `min_support_words` words or more in a body paragraph supports its claim."""
        words = sum(1 for token in sentence if token.is_alpha)
        return sentence[-1].text != "?" and words >= self.min_support_words
