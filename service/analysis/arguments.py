"""Argument roles of sentences: one pipeline component that runs the three detectors.

thesis.py (thesis, restatement, stance), claims.py (claims, counterarguments, rebuttals)
and evidence.py (evidence) each read one `ArgumentContext`; their cue lists share one
PhraseMatcher pass over the Doc. Results: `span._.roles` on `doc._.sentences`,
`doc._.thesis` (a Span or None), `doc._.stance`, `doc._.thesis_confidence` (0 to 1) and
`doc._.thesis_unclear` (a candidate too weak to call the thesis), and `doc._.narrative`: the
sentences that tell a dated event (NARRATIVE_NOT_ARGUMENT, feedback.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.argument_context import ArgumentContext, CueMatcher
from service.analysis.claims import ClaimDetector
from service.analysis.evidence import EvidenceDetector
from service.analysis.thesis import ThesisDetector
from service.analysis.thesis_answer import tells_event

# The order roles are listed in on a sentence.
ROLE_ORDER = ("thesis", "thesis_restatement", "counterargument", "rebuttal", "claim", "evidence", "citation")

for _name, _default in (
    ("thesis", None), ("stance", "unclear"), ("thesis_confidence", 0.0), ("thesis_unclear", False), ("narrative", None)
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class ArgumentRoles:
    """Label the sentences of `doc._.sentences` with their argument roles."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.cues = CueMatcher(nlp)
        self.thesis = ThesisDetector(nlp, self.cues)
        self.claims = ClaimDetector(nlp, self.cues)
        self.evidence = EvidenceDetector(nlp, self.cues)

    def __call__(self, doc: Doc) -> Doc:
        context = ArgumentContext.build(doc, self.cues)
        roles: list[set[str]] = [set() for _ in context.sentences]
        for index in context.cited:
            roles[index].add("citation")
        thesis = self.thesis.find(context)
        taken = set(thesis.restatements)
        if thesis.thesis is not None:
            taken.add(thesis.thesis)
            for index in (thesis.thesis, *thesis.also_thesis):
                roles[index].add("thesis")
                taken.add(index)
            doc._.thesis = context.sentences[thesis.thesis]
            doc._.stance = thesis.stance
            doc._.thesis_confidence = thesis.confidence
            doc._.thesis_unclear = thesis.unclear
        for index in thesis.restatements:
            roles[index].add("thesis_restatement")
        claims = self.claims.find(context, taken)
        for index, role in claims.items():
            roles[index].add(role)
        for index in self.evidence.find(context, claims, taken):
            roles[index].add("evidence")
        for sentence, found in zip(context.sentences, roles):
            sentence._.roles = [role for role in ROLE_ORDER if role in found]
        doc._.narrative = [
            index for index, sentence in enumerate(context.sentences) if tells_event(sentence, context.entities[index])
        ]
        return doc


@Language.factory("argument_roles")
def make_argument_roles(nlp: Language, name: str) -> ArgumentRoles:
    return ArgumentRoles(nlp, name)
