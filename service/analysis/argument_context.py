"""What every argument detector reads: the essay's paragraphs by part, and cue matches per sentence.

Cue lexicons live in data files next to the detectors (data/thesis.json, data/claims.json,
data/evidence.json); the `argument_roles` component loads them in `initialize()` (or
`from_disk`), each detector adds its lists to one shared `CueMatcher`, which runs once over
the whole Doc, and the matches are bucketed by sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from service.analysis.sentences import entities_in

# How the parts of an essay with no paragraphs to go by are read (`ArgumentContext._read_unbroken_parts`),
# the `context` of the `argument_roles` component's config (arguments.py). An essay sent as one
# block of text (no line breaks) of `unbroken_min_sentences` sentences or more has its parts read
# from its sentences; without an opener to go by, the introduction is `introduction_share` of its
# sentences (at least two), the conclusion `conclusion_share` (at least one). So is an essay of
# `line_per_sentence_min_lines` paragraphs or more, `line_per_sentence_share` of them a single
# sentence: written with every sentence on a line of its own.
CONTEXT_CONFIG = {
    "unbroken_min_sentences": 6,
    "introduction_share": 0.2,
    "conclusion_share": 0.15,
    "line_per_sentence_min_lines": 8,
    "line_per_sentence_share": 0.7,
}


def written_line_per_sentence(paragraph_sizes: list[int], min_lines: int, share: float) -> bool:
    """Whether an essay whose introduction, body and conclusion paragraphs hold these numbers of
    sentences was written with every sentence on a line of its own: `min_lines` paragraphs or
    more, `share` of them a single sentence."""
    single = sum(1 for size in paragraph_sizes if size == 1)
    return len(paragraph_sizes) >= min_lines and single >= share * len(paragraph_sizes)


def essay_parts(parts: list[tuple[str, list[int]]]) -> tuple[list[int], list[int], list[list[int]], list[int]]:
    """Title, introduction, body paragraphs and conclusion from (paragraph role, sentences).

    The roles are the paragraph finder's (paragraphs.py), with a first line that is the
    essay's question already re-labelled `title` (question_title.py). The title is the last
    one above the essay: the question, when a header line names the essay as well.
    """
    parts = [(role, members) for role, members in parts if members]
    titles = [members for role, members in parts if role == "title"]
    introduction = next((members for role, members in parts if role == "introduction"), [])
    body = [members for role, members in parts if role == "body"]
    conclusion = next((members for role, members in parts if role == "conclusion"), [])
    return (titles[-1] if titles else []), introduction, body, conclusion


class CueMatcher:
    """The PhraseMatchers for the cue lists of all detectors.

    Cues of words are matched on the tokens' NORM: lower case, and the right spelling of a
    misspelt cue word (spelling.py). Cues without a letter (quote marks) are matched as
    written in lower case, since NORM makes one mark of several ("‘" and the apostrophe).
    """

    def __init__(self, nlp: Language, lexicons: Mapping[str, dict]):
        """`lexicons`: the detectors' data files by name (data/NAME.json), `essay_parts` among them."""
        self.nlp = nlp
        self.lexicons = lexicons
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.marks = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Cues of several words with an adverb after the first: "grew directly out of".
        self.spaced = Matcher(nlp.vocab)
        # Groups whose cues name a thing by themselves ("I agree with the former", "as follows").
        self.noun_phrase_groups: set[str] = set()
        # What opens a body paragraph or a conclusion (data/essay_parts.json, as paragraphs.py
        # reads it): the parts of an essay with no paragraphs are read from these.
        parts = lexicons["essay_parts"]
        body_openers = parts["body_openers"]
        self.add("body_openers", body_openers)
        self.add("conclusion_openers", [cue for cue in parts["conclusion_openers"] if cue not in body_openers])

    def add(self, label: str, phrases: list[str], adverb_inside: bool = False, noun_phrase: bool = False) -> None:
        """Add cue phrases under `label`; with `adverb_inside`, a phrase of several words also
        matches with one adverb after its first word ("built largely on"); with `noun_phrase`, a
        phrase counts only where it stands by itself, not as words modifying a noun after it
        ("I agree with the former", not "the former Soviet Union"; not "the following year")."""
        if noun_phrase:
            self.noun_phrase_groups.add(label)
        words = [phrase for phrase in phrases if any(char.isalpha() for char in phrase)]
        marks = [phrase for phrase in phrases if phrase not in words]
        for matcher, group in ((self.matcher, words), (self.marks, marks)):
            if group:
                matcher.add(label, [self.nlp.make_doc(phrase) for phrase in group])
        if adverb_inside:
            patterns = []
            for phrase in words:
                tokens = [{"NORM": token.norm_} for token in self.nlp.make_doc(phrase)]
                if len(tokens) > 1:
                    patterns.append([tokens[0], {"POS": "ADV"}, *tokens[1:]])
            if patterns:
                self.spaced.add(label, patterns)

    def add_lexicon(
        self,
        name: str,
        groups: tuple[str, ...],
        adverb_inside: tuple[str, ...] = (),
        noun_phrases: tuple[str, ...] = (),
    ) -> dict:
        """Add the cue lists `groups` of data/NAME.json (those in `adverb_inside` also with an
        adverb after their first word, those in `noun_phrases` only where they stand by
        themselves); return the whole lexicon."""
        lexicon = self.lexicons[name]
        for group in groups:
            self.add(group, lexicon[group], adverb_inside=group in adverb_inside, noun_phrase=group in noun_phrases)
        return lexicon

    def by_sentence(self, doc: Doc, sentence_of_token: list[int]) -> list[dict[str, list[Span]]]:
        found: list[dict[str, list[Span]]] = [{} for _ in doc._.sentences]
        matches = self.matcher(doc)
        if len(self.marks):
            matches += self.marks(doc)
        if len(self.spaced):
            matches += self.spaced(doc)
        for match_id, start, end in matches:
            index = sentence_of_token[start]
            label = doc.vocab.strings[match_id]
            if index >= 0 and not (label in self.noun_phrase_groups and _modifies_next(doc[end - 1])):
                found[index].setdefault(label, []).append(doc[start:end])
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
    title_index: int | None = None
    cited: set[int] = field(default_factory=set)
    # How parts are read without paragraphs to go by (CONTEXT_CONFIG).
    config: Mapping[str, float] = field(default_factory=lambda: CONTEXT_CONFIG)

    @classmethod
    def build(cls, doc: Doc, matcher: CueMatcher, config: Mapping[str, float] = CONTEXT_CONFIG) -> "ArgumentContext":
        sentences = doc._.sentences
        sentence_of_token = [-1] * len(doc)
        for index, sentence in enumerate(sentences):
            for token_index in range(sentence.start, sentence.end):
                sentence_of_token[token_index] = index
        context = cls(doc, sentences, matcher.by_sentence(doc, sentence_of_token), sentence_of_token, config=config)
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

    def parts(self) -> list[list[int]]:
        """The sentences of each part in order: the introduction, each body paragraph, the conclusion."""
        return [part for part in (self.introduction, *self.body, self.conclusion) if part]

    def _group_parts(self) -> None:
        by_paragraph: dict[int, list[int]] = {}
        for index, sentence in enumerate(self.sentences):
            by_paragraph.setdefault(sentence._.paragraph, []).append(index)
        parts = [(paragraph.role, by_paragraph.get(i, [])) for i, paragraph in enumerate(self.doc._.paragraphs)]
        title, self.introduction, self.body, self.conclusion = essay_parts(parts)
        if title:
            self.title_index = title[0]
            self.title = self.sentences[title[0]]
        self._read_unbroken_parts()

    def _read_unbroken_parts(self) -> None:
        """An essay sent as one block of text, or as an opening line or paragraph and then one
        block with no conclusion of its own, or with every sentence on a line of its own: its
        parts are read from its sentences."""
        paragraphs = self.parts()
        config = self.config
        line_per_sentence = written_line_per_sentence(
            [len(part) for part in paragraphs], config["line_per_sentence_min_lines"], config["line_per_sentence_share"]
        )
        if line_per_sentence:
            # "I believe X.\n\nFirst, Y.\n\nFor example, Z.": the line breaks say nothing of the parts.
            self.introduction, self.body, self.conclusion = self._read_block([i for part in paragraphs for i in part])
            return
        if self.conclusion or len(self.body) > 1:
            return
        if not self.body:
            if len(self.introduction) >= config["unbroken_min_sentences"]:
                self.introduction, self.body, self.conclusion = self._read_block(self.introduction)
        elif len(self.body[0]) >= config["unbroken_min_sentences"]:
            if len(self.introduction) <= 1:
                # A one-sentence opening line: the essay's first sentence, its question or its title.
                self.introduction, self.body, self.conclusion = self._read_block(self.introduction + self.body[0])
            else:
                _, self.body, self.conclusion = self._read_block(self.body[0], introduction=False)

    def _read_block(
        self, members: list[int], introduction: bool = True
    ) -> tuple[list[int], list[list[int]], list[int]]:
        """Introduction, body paragraphs and conclusion of sentences written as one block.

        The body begins at the first sentence in the first half that opens like a body
        paragraph ("First, ...", "Another reason ..."), and each such sentence begins a new
        one; without one, after the first sentence in the first third that takes a position
        ("I believe ...": introductions end with the thesis), or else after the share of the
        essay an introduction usually is. The conclusion begins at the last sentence in the
        second half that opens like a conclusion ("In conclusion, ..."), or else is the share
        of the essay a conclusion usually is. A block after an introduction of its own
        (`introduction=False`) is body and conclusion only.
        """
        count = len(members)
        body_starts = [p for p in range(1, count) if self.starts_with(members[p], "body_openers", within=1)]
        first_body = 0
        if introduction:
            # "position_cues" are thesis.py's ("I believe", "In my opinion"), in the same matcher.
            positions = [p + 1 for p in range(count // 3) if self.has(members[p], "position_cues")]
            first_body = next(
                (p for p in body_starts if p <= count // 2),
                positions[0] if positions else max(2, round(count * self.config["introduction_share"])),
            )
        concluding = [p for p in range(count // 2, count) if self.starts_with(members[p], "conclusion_openers", within=1)]
        conclusion = concluding[-1] if concluding else count - max(1, round(count * self.config["conclusion_share"]))
        conclusion = max(conclusion, first_body + 1)
        body: list[list[int]] = []
        for position in range(first_body, conclusion):
            if not body or position in body_starts:
                body.append([])
            body[-1].append(members[position])
        return members[:first_body], body, members[conclusion:]

    def has(self, index: int, *groups: str) -> bool:
        return any(group in self.cues[index] for group in groups)

    def opens_with_other_side(self, index: int, verbs: set[str], within: int) -> bool:
        """Whether the sentence opens (within `within` tokens) with the other side as the subject
        of a verb of saying or thinking: "Some historians argue", "Many people tend to believe";
        "Some people were deported in 1944" does not. Needs the `other_side_subjects` cues
        (data/claims.json) in the matcher; `verbs` are lemmas."""
        sentence = self.sentences[index]
        return any(
            match.start - sentence.start <= within and _says_or_thinks(match, verbs)
            for match in self.cues[index].get("other_side_subjects", [])
        )

    def starts_with(self, index: int, group: str, within: int = 0) -> bool:
        """Whether a `group` cue begins within `within` tokens of the sentence start."""
        sentence = self.sentences[index]
        return any(match.start - sentence.start <= within for match in self.cues[index].get(group, []))


def _modifies_next(token: Token) -> bool:
    """Whether a cue's last word modifies a noun after it: "the former Soviet Union"."""
    return token.dep_ == "amod" and token.head.i > token.i


def _says_or_thinks(subject: Span, verbs: set[str]) -> bool:
    """Whether `subject` is the subject of one of `verbs` (lemmas), read on the parse."""
    if subject.root.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    head = subject.root.head
    while head.dep_ in {"aux", "xcomp", "ccomp"} or head.pos_ == "AUX" and head.dep_ != "ROOT":
        head = head.head
    # "Many people tend to believe": the verb of thinking is the complement of "tend", "seem".
    return head.lemma_.lower() in verbs or any(
        child.dep_ == "xcomp" and child.lemma_.lower() in verbs for child in head.children
    )
