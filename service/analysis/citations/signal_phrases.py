"""Signal phrases: a source named in the sentence itself ("According to Service", "As Kotkin notes",
"Historian Robert Conquest argues", "Document 3 shows").

Three shapes, from spaCy's Matcher and DependencyMatcher over the parse:

* "according to" + a name or a document label (any tense);
* "as" + a name or a document label + a reporting verb ("As Service has argued");
* a name or a document label as the subject (nsubj) of a reporting verb.

The last two talk about a source only in the present or perfect ("Kotkin notes", "Service has
argued") or when the name is called a historian, author... or a book is named ("In his book
..., Pipes wrote"): "Lenin said that ..." in the past tense narrates history, it does not cite.
A sentence that carries its own parenthetical citation or footnote marker is attributing a
quotation found in that source, so its "Trotsky stated" is not a second citation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token

from service.analysis.citations import sources as src
from service.analysis.citations.patterns import LEXICON as CITATION_LEXICON

LEXICON = json.loads((Path(__file__).parent.parent / "data" / "signal_phrases.json").read_text(encoding="utf-8"))
NAME = {"TEXT": {"REGEX": r"^[A-Z][\w'’.-]*$"}, "TAG": {"NOT_IN": ["PRP", "PRP$", "WP", "DT", "EX"]}}
NAME_JOINERS = {"of", "for", "and", "on", "de", "von", "van", "&"}
LABEL = {"TEXT": {"REGEX": r"^(?:\d{1,3}|[A-Z]|[IVX]{1,5})$"}}
_LABEL = re.compile(LABEL["TEXT"]["REGEX"])
NAME_RE = re.compile(NAME["TEXT"]["REGEX"])
ORGANIZATION_WORDS = set(LEXICON["organization_words"])
PRONOUNS = {"PRP", "PRP$", "WP", "DT", "EX"}


class SignalPhraseFinder:
    """Find signal phrases in a parsed Doc."""

    def __init__(self, nlp: Language):
        self.verbs = set(LEXICON["reporting_verbs"])
        self.scholars = set(LEXICON["scholar_nouns"])
        self.works = set(LEXICON["work_nouns"])
        self.documents = set(CITATION_LEXICON["document_cues"])
        self.not_sources = set(LEXICON["not_source_entities"])
        self.not_source_heads = set(LEXICON["not_source_heads"])
        self.present = set(LEXICON["present_tags"])
        self.max_gap = LEXICON["max_gap_to_verb"]
        titles = {"LOWER": {"IN": sorted(self.scholars | {"the", "a", "an"})}, "OP": "*"}
        document = [{"LOWER": {"IN": ["the"]}, "OP": "?"}, {"LOWER": {"IN": sorted(self.documents)}}, LABEL]
        fillers = {"LOWER": {"IN": ["has", "have", "had", "would", "also", "once", "rightly", "famously", "later", "correctly", "convincingly", "so"]}, "OP": "*"}
        verb = {"LEMMA": {"IN": sorted(self.verbs)}}
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("according_to", [
            [{"LOWER": "according"}, {"LOWER": "to"}, titles, {**NAME, "OP": "+"}],
            [{"LOWER": "according"}, {"LOWER": "to"}, *document],
        ], greedy="LONGEST")
        self.matcher.add("as_source_says", [
            [{"LOWER": "as"}, titles, {**NAME, "OP": "+"}, fillers, verb],
            [{"LOWER": "as"}, *document, fillers, verb],
        ], greedy="LONGEST")
        self.subjects = DependencyMatcher(nlp.vocab)
        self.subjects.add("source_says", [[
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(self.verbs)}, "POS": {"IN": ["VERB", "AUX"]}}},
            {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj"]}}},
        ]])

    def __call__(self, doc: Doc, cited_sentences: set[int], known_sources: set[str]) -> list[src.CitationMatch]:
        """Signal phrases in sentences (by start token) that carry no citation of their own."""
        found: dict[int, src.CitationMatch] = {}
        claimed: set[int] = set()
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if span.sent.start in cited_sentences:
                continue
            label = doc.vocab.strings[match_id]
            name = self._name_tokens(span, label)
            if not name or not self._is_source(name, known_sources):
                continue
            if label == "as_source_says" and not self._talks_about_source(span[-1], name):
                continue
            if label == "according_to" and not name[0].lower_ in self.documents:
                span = self._extend_name(span)
                name = [token for token in span[2:] if token.text[:1].isupper() and token.lower_ not in self.scholars]
            found[span.start_char] = src.make_match(span.start_char, span.end_char, "signal_phrase", [self._key(name)])
            claimed.update(token.i for token in span)
        for _, (verb_i, subject_i) in self.subjects(doc):
            verb, subject = doc[verb_i], doc[subject_i]
            if subject_i in claimed or verb_i in claimed or subject.sent.start in cited_sentences:
                continue
            name = self._subject_name(subject)
            if not name or not self._is_source(name, known_sources) or not self._talks_about_source(verb, name):
                continue
            first = self._left_edge(subject, name)
            last = verb.i if 0 < verb.i - name[-1].i <= self.max_gap else name[-1].i
            if last == verb.i:
                particles = [child for child in verb.children if child.dep_ == "prt" and child.i == verb.i + 1]
                last = particles[0].i if particles else last
            span = doc[first.i : last + 1]
            found.setdefault(span.start_char, src.make_match(span.start_char, span.end_char, "signal_phrase", [self._key(name)]))
        return list(found.values())

    @staticmethod
    def _extend_name(span: Span) -> Span:
        """'According to the National' -> 'According to the National Safety Council of America'."""
        doc, end = span.doc, span.end
        while end + 1 < len(doc) and doc[end].lower_ in NAME_JOINERS and doc[end + 1].text[:1].isupper():
            end += 2
            while end < len(doc) and NAME_RE.match(doc[end].text) and doc[end].sent.start == span.sent.start:
                end += 1
        return doc[span.start : end]

    def _name_tokens(self, span: Span, label: str) -> list[Token]:
        """The source's name within a Matcher span: the capitalised run or the document label."""
        tokens = list(span)
        if tokens[-1].lemma_ in self.verbs and label == "as_source_says":
            tokens = tokens[:-1]
        for index, token in enumerate(tokens):
            if token.lower_ in self.documents:
                return tokens[index : index + 2]
        names = [token for token in tokens[1:] if token.text[:1].isupper() and token.lower_ not in self.scholars]
        if label == "according_to":
            names = [token for token in tokens[2:] if token.text[:1].isupper() and token.lower_ not in self.scholars]
            following = span.doc[span.end] if span.end < len(span.doc) else None
            if following is not None and following.lower_ in ("'s", "’s"):
                return []
        return names

    def _subject_name(self, subject: Token) -> list[Token]:
        """'Conquest' with its compounds ('Robert'), or 'Document' with its label ('3')."""
        if subject.lower_ in self.documents:
            labels = [child for child in subject.children if child.i == subject.i + 1 and _LABEL.match(child.text)]
            return [subject, labels[0]] if labels else []
        if not subject.text[:1].isupper() or subject.tag_ in PRONOUNS:
            return []
        names = [child for child in subject.children if child.dep_ == "compound" and child.text[:1].isupper() and child.lower_ not in self.scholars]
        return sorted([*names, subject], key=lambda token: token.i)

    def _left_edge(self, subject: Token, name: list[Token]) -> Token:
        """Start the span at a title noun before the name ('Historian Robert Conquest')."""
        first = name[0]
        for child in subject.children:
            if child.i < first.i and child.lower_ in self.scholars and child.dep_ in ("compound", "amod", "nmod"):
                first = child
        return first

    def _is_source(self, name: list[Token], known_sources: set[str]) -> bool:
        """A person, an organisation, a work or a document - not a place, a people or a date."""
        if name[0].lower_ in self.documents:
            return True
        head = name[-1]
        if any(token.ent_type_ in self.not_sources for token in name):
            return False
        if len(head.text.strip(".")) < 2 or head.tag_ in PRONOUNS or head.lower_ in self.not_source_heads:
            return False
        if name[0].is_sent_start:
            # "Evidence shows", "History suggests": a capitalised common word at the start of
            # a sentence is a name only if spaCy says so or the essay cites it elsewhere.
            return head.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART") or src.key(head.text) in known_sources
        return True

    def _talks_about_source(self, verb: Token, name: list[Token]) -> bool:
        """Present or perfect tense, a modal, or the name called a historian or author of a book."""
        if name[0].lower_ in self.documents:
            return True
        if verb.tag_ in self.present:
            return True
        if any(child.dep_ == "aux" and child.lower_ in ("has", "have", "would", "might", "could", "may", "will") for child in verb.children):
            return True
        sentence = verb.sent
        window = sentence.doc[max(sentence.start, name[0].i - 3) : name[-1].i + 1]
        if any(token.lower_ in self.scholars for token in window):
            return True
        return any(token.lower_ in self.works and token.i < verb.i and any(c.dep_ == "poss" for c in token.children) for token in sentence)

    @staticmethod
    def _key(name: list[Token]) -> str:
        """The surname ('Robert Service' -> 'service'), the organisation's name, or the document."""
        if len(name) == 2 and _LABEL.match(name[1].text) and name[0].lower_ in CITATION_LEXICON["document_cues"]:
            return src.document_key(name[0].text, name[1].text)
        words = [token for token in name if len(token.text.strip(".")) > 1]
        if not words:
            return src.key(name[-1].text)
        if any(token.lower_ in ORGANIZATION_WORDS for token in words):
            return src.key(" ".join(token.text for token in words))
        return src.key(words[-1].text)
