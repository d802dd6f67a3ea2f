"""What every argument detector reads: the essay's paragraphs by part, and cue matches per sentence.

Cue lexicons live in data files next to the detectors (data/thesis.json, data/claims.json,
data/evidence.json); each detector adds its lexicons to one shared PhraseMatcher, which runs
once over the whole Doc, and the matches are bucketed by sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from service.analysis.sentences import entities_in

DATA_DIR = Path(__file__).parent / "data"
# A first paragraph this short that is a question ("Was Stalinism a continuation of
# Leninism?") or an exam prompt ("Assess whether Stalinism ...") is the essay's title or the
# question it answers, not its introduction.
QUESTION_TITLE_MAX_WORDS = 25
PROMPT_WORDS = {"whether", "extent"}


def load_lexicon(name: str) -> dict:
    """Read data/NAME.json, the cue lists of one detector."""
    lexicon = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    lexicon.pop("_comment", None)
    return lexicon


def essay_parts(
    parts: list[tuple[str, list[int]]], is_question_title: Callable[[list[int]], bool]
) -> tuple[list[int], list[int], list[list[int]], list[int]]:
    """Title, introduction, body paragraphs and conclusion from (paragraph role, sentences).

    The paragraph finder takes a first line that is a question for the introduction; when
    such a line stands before at least three more paragraphs it is the title (or the
    question answered), and the next paragraph is the introduction.
    """
    parts = [(role, members) for role, members in parts if members]
    content = [(role, members) for role, members in parts if role in {"introduction", "body", "conclusion"}]
    title = next((members for role, members in parts if role == "title"), [])
    if len(content) >= 4 and content[0][0] == "introduction" and is_question_title(content[0][1]):
        title = content[0][1]
        content = content[1:]
        content = [("introduction", content[0][1]), *(("body", m) for _, m in content[1:-1]), ("conclusion", content[-1][1])]
    introduction = next((members for role, members in content if role == "introduction"), [])
    body = [members for role, members in content if role == "body"]
    conclusion = next((members for role, members in content if role == "conclusion"), [])
    return title, introduction, body, conclusion


class CueMatcher:
    """One PhraseMatcher (on lower-cased tokens) for the cue lists of all detectors."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add(self, label: str, phrases: list[str]) -> None:
        self.matcher.add(label, [self.nlp.make_doc(phrase) for phrase in phrases])

    def add_lexicon(self, name: str, groups: tuple[str, ...]) -> dict:
        """Add the cue lists `groups` of data/NAME.json; return the whole lexicon."""
        lexicon = load_lexicon(name)
        for group in groups:
            self.add(group, lexicon[group])
        return lexicon

    def by_sentence(self, doc: Doc, sentence_of_token: list[int]) -> list[dict[str, list[Span]]]:
        found: list[dict[str, list[Span]]] = [{} for _ in doc._.sentences]
        for match_id, start, end in self.matcher(doc):
            index = sentence_of_token[start]
            if index >= 0:
                found[index].setdefault(doc.vocab.strings[match_id], []).append(doc[start:end])
        return found


@dataclass
class ArgumentContext:
    """The sentences of one essay grouped by part, with their cue matches."""

    doc: Doc
    sentences: list[Span]
    cues: list[dict[str, list[Span]]]
    sentence_of_token: list[int]
    introduction: list[int] = field(default_factory=list)
    body: list[list[int]] = field(default_factory=list)
    conclusion: list[int] = field(default_factory=list)
    title: Span | None = None
    cited: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Doc, matcher: CueMatcher) -> "ArgumentContext":
        sentences = doc._.sentences
        sentence_of_token = [-1] * len(doc)
        for index, sentence in enumerate(sentences):
            for token_index in range(sentence.start, sentence.end):
                sentence_of_token[token_index] = index
        context = cls(doc, sentences, matcher.by_sentence(doc, sentence_of_token), sentence_of_token)
        context._group_parts()
        for citation in doc._.citations or []:
            token = doc.char_span(citation.start, citation.end, alignment_mode="expand")
            if token is not None and sentence_of_token[token.start] >= 0:
                context.cited.add(sentence_of_token[token.start])
        return context

    @cached_property
    def entities(self) -> list[list[Span]]:
        """Each sentence's named entities (`sentence.ents`, without its cost per call)."""
        return entities_in(self.doc, self.sentences)

    def _group_parts(self) -> None:
        by_paragraph: dict[int, list[int]] = {}
        for index, sentence in enumerate(self.sentences):
            by_paragraph.setdefault(sentence._.paragraph, []).append(index)
        parts = [(paragraph.role, by_paragraph.get(i, [])) for i, paragraph in enumerate(self.doc._.paragraphs)]
        title, self.introduction, self.body, self.conclusion = essay_parts(parts, self._is_question_title)
        if title:
            self.title = self.sentences[title[0]]

    def _is_question_title(self, members: list[int]) -> bool:
        sentence = self.sentences[members[0]]
        words = [token for token in sentence if not token.is_punct and not token.is_space]
        if len(members) != 1 or len(words) > QUESTION_TITLE_MAX_WORDS:
            return False
        if sentence[-1].text == "?":
            return True
        # An imperative prompt: "Using the sources, assess whether ...", "Discuss to what extent ...".
        root = sentence.root
        imperative = root.tag_ in {"VB", "VBP"} and not any(child.dep_.startswith("nsubj") for child in root.children)
        return imperative and any(token.lower_ in PROMPT_WORDS for token in words)

    def has(self, index: int, *groups: str) -> bool:
        return any(group in self.cues[index] for group in groups)

    def starts_with(self, index: int, group: str, within: int = 0) -> bool:
        """Whether a `group` cue begins within `within` tokens of the sentence start."""
        sentence = self.sentences[index]
        return any(match.start - sentence.start <= within for match in self.cues[index].get(group, []))
