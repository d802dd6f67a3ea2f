"""Argument roles of sentences: one pipeline component that runs the three detectors.

thesis.py (thesis, restatement, stance), claims.py (claims, counterarguments, rebuttals)
and evidence.py (evidence) each read one `ArgumentContext`; their cue lists share one
PhraseMatcher pass over the Doc. Results: `span._.roles` on the spans of doc.spans["sentences"];
the thesis sentence in doc.spans["thesis"] with `span._.stance`, `span._.confidence` (0 to 1)
and `span._.unclear` (a candidate too weak to call the thesis), read as `doc._.thesis` (a Span
or None), `doc._.stance`, `doc._.thesis_confidence` and `doc._.thesis_unclear`; and
`doc._.narrative`: the sentences that tell a dated event (NARRATIVE_NOT_ARGUMENT, feedback.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from service.analysis.argument_context import CONTEXT_CONFIG, ArgumentContext, CueMatcher
from service.analysis.claims import ClaimDetector
from service.analysis.evidence import EvidenceDetector
from service.analysis.lexicons import LexiconComponent
from service.analysis.span_groups import register_doc_getters
from service.analysis.thesis import ThesisDetector
from service.analysis.thesis_answer import AnswerModel, tells_event

# The order roles are listed in on a sentence.
ROLE_ORDER = ("thesis", "thesis_restatement", "counterargument", "rebuttal", "claim", "evidence", "citation")

if not Doc.has_extension("narrative"):
    Doc.set_extension("narrative", default=None)


def thesis_of(doc: Doc) -> Span | None:
    """`doc._.thesis`: the sentence of doc.spans["thesis"], or None."""
    spans = doc.spans.get("thesis")
    return spans[0] if spans else None


def _of_thesis(attribute: str, default):
    """A getter of the thesis span's `attribute`, `default` when there is no thesis."""
    return lambda doc: default if (thesis := thesis_of(doc)) is None else getattr(thesis._, attribute)


register_doc_getters({
    "thesis": thesis_of,
    "stance": _of_thesis("stance", "unclear"),
    "thesis_confidence": _of_thesis("confidence", 0.0),
    "thesis_unclear": _of_thesis("unclear", False),
})


# The thesis detector's scores and weights (thesis.py).
THESIS_CONFIG = {
    # Below this score no sentence is the thesis (THESIS_MISSING), and no restatement below the next.
    "thesis_min_score": 2.0,
    "restatement_min_score": 1.5,
    # A second sentence of the introduction (or conclusion) that scores this high also states
    # the position: "Some say X. However, I believe Y."
    "second_sentence_score": 3.0,
    # "I agree with this view.": a stance with nothing in it.
    "empty_stance_penalty": 1.5,
    # The introduction's opening sentence is usually a hook (with more than two sentences).
    "first_sentence_penalty": 0.5,
    # The introduction's sentence the conclusion restates: this many content words shared, this
    # share of the shorter sentence; it scores the bonus.
    "echo_min_shared": 4,
    "echo_min_share": 0.6,
    "echo_bonus": 1.0,
    # "Did Stalin betray Lenin? ... It's propaganda.": a sentence that calls what came before false
    # answers the nearest of this many sentences before it that takes a side.
    "denial_reach": 4,
    # What the general cues add to (or, negative, take from) a sentence's score as the thesis.
    "cue_weights": {
        "opinion": 2.0,  # an opinion cue or a first-person opinion verb: "I believe", "In my opinion"
        "stance_word": 1.0,  # a word of continuity or break that answers, not one in "whether ..."
        "posed_stance": -1.0,  # only stance words in "whether ...", and no opinion: it asks
        "judgement": 1.0,  # a modal main clause ("should", "must") or a judgement ("It is essential to")
        "about_question": 0.5,  # a key term of the question, or two content words of the title
        "title_words": 0.5,  # three content words of the title
        "question_mark": -2.0,  # a question
        "cited_or_example": -1.5,  # a citation, a quotation or an example
        "other_side": -1.5,  # opens with the other side's view: "Some historians argue"
        "contrast_opener": 0.5,  # opens with a turn: "However, ..."
        "last_of_introduction": 1.0,  # the introduction's last sentence, where the thesis usually is
        "second_last_of_introduction": 0.5,
    },
    # The confidence of a thesis the general cues find: one half at `thesis_min_score`, rising
    # to one `confidence_span` points above it; a candidate too weak to call the thesis gets
    # between the two bounds of `unclear_confidence` (under one half).
    "confidence_span": 6.0,
    "unclear_confidence": [0.05, 0.45],
    # What makes a conclusion's sentence the thesis's restatement.
    "restatement_weights": {
        "overlap": 2.0,  # times the share of the shorter sentence's content words the two share
        "conclusion_cue": 1.0,  # "In conclusion", "To sum up"
        "opinion": 1.5,  # an opinion cue or a first-person opinion verb
        "weighing": -1.0,  # "both have pros and cons", without an opinion: a weighing
        "contrast_turn": 1.0,  # a later sentence that opens with a turn: "However, ..."
        "stance_word": 0.5,  # a word of continuity or break, or a modal main clause
        "about_question": 0.25,  # a key term of the question, or two content words of the title
        "first_of_conclusion": 0.5,
        "question_or_cited": -1.5,  # a question, or a cited sentence
    },
}
# The claim detector's thresholds (claims.py).
CLAIMS_CONFIG = {
    # How far into a sentence (in tokens) an opening cue may start: "In 1921, however, ...".
    "opening_window": 3,
    # Sentences after a counterargument in which a rebuttal may answer it.
    "rebuttal_reach": 3,
    # An introduction's sentence after the thesis previews a claim with this many words or more.
    "min_preview_words": 5,
}
# The evidence detector's threshold (evidence.py): a body sentence of this many words or more supports its claim.
EVIDENCE_CONFIG = {"min_support_words": 4}


class ArgumentRoles(LexiconComponent):
    """Label the sentences of `doc._.sentences` with their argument roles.

    Its lexicons (LEXICONS) are read in `initialize()`, or by `from_disk` from a saved
    pipeline, as spaCy's EntityRuler reads its patterns.
    """

    # The data files the detectors read: their cue lists, what opens a body paragraph or a
    # conclusion (the parts of an essay sent as one block are read from these), and the weights
    # of the thesis answer model (thesis_answer.py, fitted by scripts/fit_thesis_answer.py).
    LEXICONS = ("thesis", "claims", "evidence", "essay_parts", "thesis_answer")

    def __init__(self, nlp: Language, name: str, thesis: dict, claims: dict, evidence: dict, context: dict):
        self.nlp = nlp
        self.name = name
        self.thesis_config, self.claims_config, self.evidence_config = dict(thesis), dict(claims), dict(evidence)
        self.context_config = dict(context)

    def _build(self, lexicons: dict[str, dict]) -> None:
        self.cues = CueMatcher(self.nlp, lexicons)
        self.thesis = ThesisDetector(self.nlp, self.cues, AnswerModel.from_data(lexicons["thesis_answer"]), **self.thesis_config)
        self.claims = ClaimDetector(self.nlp, self.cues, **self.claims_config)
        self.evidence = EvidenceDetector(self.nlp, self.cues, **self.evidence_config)

    def __call__(self, doc: Doc) -> Doc:
        context = ArgumentContext.build(doc, self.cues, self.context_config)
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
            span = context.sentences[thesis.thesis]
            span._.stance, span._.confidence, span._.unclear = thesis.stance, thesis.confidence, thesis.unclear
            doc.spans["thesis"] = [span]
        else:
            doc.spans["thesis"] = []
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


@Language.factory(
    "argument_roles",
    default_config={"thesis": THESIS_CONFIG, "claims": CLAIMS_CONFIG, "evidence": EVIDENCE_CONFIG, "context": CONTEXT_CONFIG},
    requires=["doc._.paragraphs", "doc._.sentences", "doc._.citations", "token.norm", "token.lemma", "token.dep", "doc.ents"],
    assigns=[
        "doc._.thesis", "doc._.stance", "doc._.thesis_confidence", "doc._.thesis_unclear", "doc._.narrative",
        "span._.roles", "span._.stance", "span._.confidence", "span._.unclear",
    ],
)
def make_argument_roles(nlp: Language, name: str, thesis: dict, claims: dict, evidence: dict, context: dict) -> ArgumentRoles:
    return ArgumentRoles(nlp, name, thesis, claims, evidence, context)
