"""Argument roles of sentences: thesis, restatement, claims, evidence, counterargument, rebuttal.

Rules over spaCy's parse, entities and cue phrases (data/arguments.json): position in the
essay, stance and opinion cues, citations, quotations and factual entities.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from service.analysis.sentences import entities_in

LEXICON_PATH = Path(__file__).parent / "data" / "arguments.json"
CUE_GROUPS = (
    "position_cues",
    "continuity_cues",
    "discontinuity_cues",
    "mixed_cues",
    "counterargument_cues",
    "rebuttal_cues",
    "example_cues",
)
QUOTE_OPENERS = ('"', "“", "”", "‘", "″")
THESIS_MIN_SCORE = 2.0

for _name, _default in (("thesis", None), ("stance", "unclear")):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _load_lexicon() -> dict:
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


class ArgumentRoles:
    """Label the sentences of `doc._.sentences` with their argument roles."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        lexicon = _load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for group in CUE_GROUPS:
            self.matcher.add(group, [nlp.make_doc(phrase) for phrase in lexicon[group]])
        self.evidence_labels = set(lexicon["evidence_entity_labels"])
        self.question_terms = set(lexicon["question_terms"])

    def cues(self, span: Span) -> dict[str, list[Span]]:
        found: dict[str, list[Span]] = {}
        for match_id, start, end in self.matcher(span):
            # PhraseMatcher reports doc-level token offsets, also when given a Span.
            found.setdefault(span.doc.vocab.strings[match_id], []).append(span.doc[start:end])
        return found

    def __call__(self, doc: Doc) -> Doc:
        sentences = doc._.sentences
        paragraphs = doc._.paragraphs
        citation_starts = [citation.start for citation in doc._.citations or []]
        cues = [self.cues(sentence) for sentence in sentences]
        entities = entities_in(doc, sentences)
        by_paragraph: dict[int, list[int]] = {}
        for index, sentence in enumerate(sentences):
            by_paragraph.setdefault(sentence._.paragraph, []).append(index)

        for index, sentence in enumerate(sentences):
            roles = []
            if any(sentence.start_char <= start < sentence.end_char for start in citation_starts):
                roles.append("citation")
            sentence._.roles = roles

        intro = [i for i, p in enumerate(paragraphs) if p.role == "introduction"]
        thesis_index = self._choose_thesis(sentences, cues, by_paragraph.get(intro[0], []) if intro else [])
        if thesis_index is not None:
            thesis = sentences[thesis_index]
            thesis._.roles = ["thesis", *thesis._.roles]
            doc._.thesis = thesis
            doc._.stance = self._stance(thesis, cues[thesis_index])
            conclusion = [i for i, p in enumerate(paragraphs) if p.role == "conclusion"]
            if conclusion:
                restatement = self._choose_restatement(thesis, sentences, cues, by_paragraph.get(conclusion[0], []))
                if restatement is not None:
                    sentences[restatement]._.roles = ["thesis_restatement", *sentences[restatement]._.roles]

        for paragraph_index, members in by_paragraph.items():
            if paragraphs[paragraph_index].role != "body":
                continue
            previous_counter = False
            for position, index in enumerate(members):
                sentence = sentences[index]
                found = cues[index]
                roles = sentence._.roles
                if "counterargument_cues" in found and found["counterargument_cues"][0].start - sentence.start <= 3:
                    roles.insert(0, "counterargument")
                    previous_counter = True
                elif previous_counter and "rebuttal_cues" in found and found["rebuttal_cues"][0].start == sentence.start:
                    roles.insert(0, "rebuttal")
                    previous_counter = False
                elif position == 0:
                    roles.insert(0, "claim")
                if self._is_evidence(sentence, found, entities[index]):
                    roles.append("evidence")
                sentence._.roles = roles
        return doc

    def _thesis_score(self, sentence: Span, found: dict, position: int, count: int) -> float:
        score = 0.0
        if "position_cues" in found:
            score += 1.5
        if found.keys() & {"continuity_cues", "discontinuity_cues"}:
            score += 1.5
        if {token.lower_ for token in sentence} & self.question_terms:
            score += 0.5
        if position == count - 1:
            score += 0.5
        if any(mark in sentence.text for mark in QUOTE_OPENERS) or "citation" in sentence._.roles:
            score -= 1.5
        return score

    def _choose_thesis(self, sentences: list[Span], cues: list[dict], members: list[int]) -> int | None:
        best, best_score = None, THESIS_MIN_SCORE - 1e-9
        for position, index in enumerate(members):
            score = self._thesis_score(sentences[index], cues[index], position, len(members))
            if score > best_score:
                best, best_score = index, score
        return best

    def _choose_restatement(self, thesis: Span, sentences: list[Span], cues: list[dict], members: list[int]) -> int | None:
        thesis_lemmas = {token.lemma_.lower() for token in thesis if token.is_alpha and not token.is_stop}
        best, best_score = None, 0.0
        for index in members:
            sentence = sentences[index]
            lemmas = {token.lemma_.lower() for token in sentence if token.is_alpha and not token.is_stop}
            overlap = len(lemmas & thesis_lemmas) / max(len(thesis_lemmas), 1)
            score = overlap + (0.3 if cues[index].keys() & {"position_cues", "continuity_cues", "discontinuity_cues"} else 0)
            if score > best_score:
                best, best_score = index, score
        return best if best_score >= 0.3 else None

    def _stance(self, thesis: Span, found: dict) -> str:
        negated = any(token.dep_ == "neg" for token in thesis)
        continuity = "continuity_cues" in found
        discontinuity = "discontinuity_cues" in found
        if "mixed_cues" in found and (continuity or discontinuity):
            return "mixed"
        if continuity and negated and not discontinuity:
            return "discontinuity"
        if continuity and not discontinuity:
            return "continuity"
        if discontinuity and not continuity:
            return "continuity" if negated else "discontinuity"
        if continuity and discontinuity:
            return "mixed"
        return "unclear"

    def _is_evidence(self, sentence: Span, found: dict, entities: list[Span]) -> bool:
        if "citation" in sentence._.roles or "example_cues" in found:
            return True
        if any(entity.label_ in self.evidence_labels for entity in entities):
            return True
        quoted = sum(1 for token in sentence if token.text in QUOTE_OPENERS)
        return quoted >= 2


@Language.factory("argument_roles")
def make_argument_roles(nlp: Language, name: str) -> ArgumentRoles:
    return ArgumentRoles(nlp, name)
