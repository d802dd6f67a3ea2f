"""Paragraphs: where they are and what part of the essay each one is.

A paragraph ends at any line break (a blank line or a single newline: the reference
essay uses single newlines). Line breaks are the ones `str.splitlines` knows, so CRLF,
CR, U+2028 and friends all count.

Roles: `title` (a short first line, after any header lines such as the student's name),
`heading` ("Introduction", "Body Paragraph 2", "Part II: The NEP"), `introduction`, `body`,
`conclusion`, `works_cited` (the list at the end: a "Works Cited"/"References"/"Notes"
heading and what follows it, or a trailing run of note or reference lines such as
"[1] Service, Lenin, p. 4." or "Service, Robert. Stalin. 2004."), and `other` (header
lines, a letter's salutation and sign-off). Headings that name a part ("Conclusion") give
the paragraphs under them that role; otherwise the first content paragraph is the
introduction, the last the conclusion (with two, the second is a conclusion only when it
opens like one: "In conclusion, ..."), and the rest are body paragraphs.

This component runs before the parser and reads lines only; `question_title.py` runs after
it and re-labels a first line that is the essay's question or exam prompt ("Assess whether
...") `title` when the parse shows what it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.lexicons import LexiconComponent
from service.analysis.run_in_list import RunInList
from service.analysis.span_groups import char_offsets, covering_span, group, register_doc_getters

_WORD = re.compile(r"\w+")
_SENTENCE_END = (".", "!", "?", "…", ".”", ".\"", "?”", "!”")
_TRAILING_MARKERS = re.compile(r"(?:\[\d{1,3}\]|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+|\s)+$")
_NUMBERING = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,5}|[a-z])$")
# The `essay_paragraphs` component's config: text is hard-wrapped when at least `min_lines`
# lines of `min_length` characters or more, `share` of them stopping inside a sentence; a line
# shorter than `full_share` of the text's longest lines then ends its paragraph (as in
# service/extraction/pdf.py).
PARAGRAPHS_CONFIG = {"wrapped": {"min_lines": 5, "min_length": 30, "share": 0.5, "full_share": 0.75}}


@dataclass(frozen=True)
class ParagraphSpan:
    start: int
    end: int
    role: str = "other"


def paragraphs_of(doc: Doc) -> list[ParagraphSpan] | None:
    """`doc._.paragraphs`: the paragraphs of doc.spans["paragraphs"], each with its role."""
    spans = group(doc, "paragraphs")
    return None if spans is None else [ParagraphSpan(*char_offsets(span, "paragraphs"), span._.role) for span in spans]


register_doc_getters({"paragraphs": paragraphs_of})


def split_paragraphs(
    text: str, run_in_list: RunInList, wrapped: Mapping[str, float] = PARAGRAPHS_CONFIG["wrapped"]
) -> list[tuple[int, int]]:
    """Return (start, end) of each paragraph, trimmed of surrounding white space: each non-blank
    line, or in hard-wrapped text each run of wrapped lines (`join_wrapped_lines`, read with
    `wrapped`); a works-cited list run into the last paragraph is cut off it (`run_in_list`)."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        offset += len(line)
    return run_in_list.split(text, join_wrapped_lines(text, spans, **wrapped))


def join_wrapped_lines(
    text: str, spans: list[tuple[int, int]], *, min_lines: int, min_length: int, share: float, full_share: float
) -> list[tuple[int, int]]:
    """Lines of hard-wrapped text (a plain-text editor or an e-mail broke them at a fixed width)
    joined back into paragraphs.

    Text is hard-wrapped when most of its long lines stop inside a sentence; a paragraph then
    runs on while its lines are full (`full_share` of the text's usual longest line) and
    ends at a blank line or after a short line. Text whose lines end their sentences, as
    essays typed with one line per paragraph do, is left line by line.
    """
    lines = [text[start:end] for start, end in spans]
    long_lines = [line for line in lines if len(line) >= min_length]
    if len(long_lines) < min_lines:
        return spans
    inside_sentence = sum(1 for line in long_lines if not _ends_sentence(line))
    if inside_sentence < share * len(long_lines):
        return spans
    lengths = sorted(len(line) for line in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    joined = [spans[0]]
    for (start, end), previous in zip(spans[1:], lines):
        blank_line_before = len(text[joined[-1][1] : start].splitlines()) > 1
        if blank_line_before or len(previous) < full_share * width:
            joined.append((start, end))
        else:
            joined[-1] = (joined[-1][0], end)
    return joined


def _words(line: str) -> list[str]:
    return _WORD.findall(line.lower())


def _opens_with(line: str, cues: list[str]) -> bool:
    normalized = " ".join(_words(line)[:6])
    return any(normalized == cue or normalized.startswith(cue + " ") for cue in cues)


def _ends_sentence(line: str) -> bool:
    """Ends like a sentence, footnote markers and closing brackets aside: 'work.[1]', 'it (Service 4).'"""
    return _TRAILING_MARKERS.sub("", line.rstrip()).endswith(_SENTENCE_END)


def _title_case(line: str) -> bool:
    words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", line) if len(word) > 3]
    return bool(words) and sum(word[0].isupper() for word in words) >= 0.75 * len(words)


@dataclass(frozen=True)
class EssayParts:
    """data/essay_parts.json read: the words and line shapes that tell an essay's parts, and the
    paragraph roles read with them."""

    # Heading cue -> the part it names: "body paragraph" -> "body".
    sections: Mapping[str, str]
    works_cited_headings: frozenset[str]
    # What opens a body paragraph or a conclusion: prose, not a reference line.
    prose_openers: tuple[str, ...]
    conclusion_openers: tuple[str, ...]
    salutation_openers: tuple[str, ...]
    closing_openers: tuple[str, ...]
    title_prefix: re.Pattern
    note_line: re.Pattern
    reference_line: re.Pattern
    reference_shape: re.Pattern
    sentence_break: re.Pattern
    heading_max_words: int
    title_max_words: int
    title_with_full_stop_max_words: int
    header_line_max_words: int
    reference_max_words: int

    @classmethod
    def from_lexicon(cls, lexicon: dict) -> EssayParts:
        return cls(
            sections={cue: section for section, cues in lexicon["section_headings"].items() for cue in cues},
            works_cited_headings=frozenset(lexicon["works_cited_headings"]),
            prose_openers=(*lexicon["body_openers"], *lexicon["conclusion_openers"]),
            conclusion_openers=tuple(lexicon["conclusion_openers"]),
            salutation_openers=tuple(lexicon["salutation_openers"]),
            closing_openers=tuple(lexicon["closing_openers"]),
            title_prefix=re.compile(lexicon["title_prefix_pattern"], re.IGNORECASE),
            note_line=re.compile(lexicon["note_line_pattern"]),
            reference_line=re.compile(lexicon["reference_line_pattern"], re.IGNORECASE),
            reference_shape=re.compile(lexicon["reference_shape_pattern"]),
            sentence_break=re.compile(lexicon["internal_sentence_break_pattern"]),
            heading_max_words=lexicon["heading_max_words"],
            title_max_words=lexicon["title_max_words"],
            title_with_full_stop_max_words=lexicon["title_with_full_stop_max_words"],
            header_line_max_words=lexicon["header_line_max_words"],
            reference_max_words=lexicon["reference_max_words"],
        )

    def assign_roles(self, text: str, spans: list[tuple[int, int]]) -> list[ParagraphSpan]:
        """Label each paragraph title, heading, introduction, body, conclusion, works_cited or other."""
        lines = [text[start:end] for start, end in spans]
        roles = ["other"] * len(lines)
        works_cited_from = self._works_cited_start(lines)
        for index in range(works_cited_from, len(lines)):
            roles[index] = "works_cited"

        sections: dict[int, str] = {}
        content: list[int] = []
        header: list[int] = []
        section = ""
        for index in range(works_cited_from):
            line = lines[index]
            words = _words(line)
            named = self.heading_section(line)
            short = len(words) <= self.header_line_max_words and (not _ends_sentence(line) or line.rstrip().endswith("?"))
            if named is not None and not (named == "" and index == 0):
                roles[index], section = "heading", named
            elif not content and len(words) <= 8 and (
                _opens_with(line, self.salutation_openers) or (line.rstrip().endswith(",") and len(words) <= 4)
            ):
                roles[index] = "other"
            elif content and index >= works_cited_from - 3 and _opens_with(line, self.closing_openers) and len(words) <= 8:
                roles[index] = "other"
                break  # a letter's sign-off: what follows is the signature
            elif not content and short and index + 1 < works_cited_from:
                header.append(index)  # name, teacher, class, date, or the title itself
            elif content and short and _title_case(line) and index + 1 < works_cited_from:
                roles[index], section = "heading", ""
            else:
                content.append(index)
                if section:
                    sections[index] = section

        # The title: the last short line above the essay, or its first line if that names the essay.
        following = [lines[index] for index in content]
        if header and self._is_title(lines[header[-1]], following or [""]):
            roles[header[-1]] = "title"
        else:
            # No title among the short opening lines: they are the essay's own first paragraphs.
            content = sorted(header + content)
            if content and content[0] == 0 and self._is_title(lines[0], [lines[index] for index in content[1:]]):
                roles[0] = "title"
                content = content[1:]

        positional = self._positional_roles([lines[index] for index in content])
        for index, role in zip(content, positional):
            named = sections.get(index)
            if named == "body" and role == "conclusion" and _opens_with(lines[index], self.conclusion_openers):
                named = "conclusion"
            roles[index] = named or role
        return [ParagraphSpan(start, end, role) for (start, end), role in zip(spans, roles)]

    def heading_section(self, line: str) -> str | None:
        """The part a heading names: 'Body Paragraph 2' -> 'body'; '' for a heading naming no part; None if not a heading.

        'Conclusion', 'II. Conclusion', 'Part 2: The NEP', 'The Road to Power' (a short line in
        title case) are headings; 'In conclusion, Stalin ...' is not.
        """
        words = _words(line)
        if not words or len(words) > self.heading_max_words:
            return None
        while words and _NUMBERING.match(words[0]) and len(words) > 1:
            words = words[1:]
        for size in range(min(len(words), 3), 0, -1):
            cue = " ".join(words[:size])
            if cue in self.sections:
                rest = words[size:]
                short = all(_NUMBERING.match(word) for word in rest)
                if short or (not _ends_sentence(line) and (":" in line or "-" in line or len(rest) <= 4)):
                    return self.sections[cue]
        return None

    def is_works_cited_heading(self, line: str) -> bool:
        """'Works Cited', 'References:', 'Notes' - the line that opens the list of sources."""
        return " ".join(_words(line)) in self.works_cited_headings

    def is_reference_line(self, line: str) -> bool:
        """'[1] Service, Lenin, p. 4.', '¹ Ibid.', 'Service, Robert. Stalin. 2004.', '2. Kotkin, S. (2014). Stalin.'"""
        if self.note_line.match(line):
            return True
        if len(line.split()) > self.reference_max_words or _opens_with(line, self.prose_openers):
            # "Secondly, Lenin used terror ... in 1918.": the shape of "Service, Robert. ... 2000."
            return False
        return bool(self.reference_shape.match(line) and self.reference_line.search(line))

    def _works_cited_start(self, lines: list[str]) -> int:
        for index, line in enumerate(lines):
            if index > 0 and self.is_works_cited_heading(line):
                return index
        index = len(lines)
        while index > 1 and self.is_reference_line(lines[index - 1]):
            index -= 1
        return index

    def _is_title(self, line: str, following: list[str]) -> bool:
        """A first line that names the essay rather than opening its argument."""
        if self.title_prefix.match(line):
            return True
        if line.rstrip().endswith((",", ";")):
            return False  # "Dear Principal," or a line broken mid-sentence
        words = _words(line)
        if not following or not words or len(words) > self.title_max_words:
            return False
        breaks = [match.group()[0] for match in self.sentence_break.finditer(line.strip())]
        questions = line.rstrip().endswith("?") and all(mark == "?" for mark in breaks)
        if breaks and not (questions and len(words) <= self.title_with_full_stop_max_words):
            # Two sentences open the essay, unless each is a short question ("Work or luck? Why?"):
            # "Stalin was a monster. Or was he?" states something first, so it is the introduction.
            # An exam prompt of two sentences ('"..." Discuss.') is known after the parse (question_title.py).
            return False
        longer = len(_words(following[0])) >= 1.5 * len(words)
        if not _ends_sentence(line) or line.rstrip().endswith(("?", "!")):
            return longer or _title_case(line)
        # A first line ending in a full stop is usually a one-sentence introduction ("Stalinism
        # continued Leninism."), unless it is set in title case.
        return 3 <= len(words) <= self.title_with_full_stop_max_words and _title_case(line) and bool(following)

    def _positional_roles(self, lines: list[str]) -> list[str]:
        if not lines:
            return []
        if len(lines) == 1:
            return ["introduction"]
        if len(lines) == 2:
            return ["introduction", "conclusion" if _opens_with(lines[1], self.conclusion_openers) else "body"]
        return ["introduction", *["body"] * (len(lines) - 2), "conclusion"]


class EssayParagraphs(LexiconComponent):
    """Find paragraphs and make each start a new sentence; runs before the parser.

    Its word lists (data/essay_parts.json, data/run_in_list.json) are read in `initialize()`,
    or by `from_disk` from a saved pipeline.
    """

    LEXICONS = ("essay_parts", "run_in_list")

    def __init__(self, nlp: Language, name: str, wrapped: Mapping[str, float]):
        self.name = name
        self.wrapped = dict(wrapped)

    def _build(self, lexicons: dict[str, dict]) -> None:
        self.parts = EssayParts.from_lexicon(lexicons["essay_parts"])
        self.run_in_list = RunInList.from_lexicons(lexicons["run_in_list"], lexicons["essay_parts"]["works_cited_headings"])

    def split(self, text: str) -> list[tuple[int, int]]:
        """The paragraphs of `text`, as (start, end)."""
        return split_paragraphs(text, self.run_in_list, self.wrapped)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        spans = self.split(text)
        paragraphs = []
        for paragraph in self.parts.assign_roles(text, spans):
            span = covering_span(doc, paragraph.start, paragraph.end, "paragraphs")
            span._.role = paragraph.role
            paragraphs.append(span)
        doc.spans["paragraphs"] = paragraphs
        # Written as one array: setting `token.is_sent_start` checks the whole Doc each time,
        # which made an essay of 3,000 one-line paragraphs take seconds here.
        sent_starts = doc.to_array([SENT_START])
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                sent_starts[span.start] = 1
        doc.from_array([SENT_START], sent_starts)
        return doc


@Language.factory(
    "essay_paragraphs", default_config=PARAGRAPHS_CONFIG, assigns=["doc._.paragraphs", "span._.role", "token.is_sent_start"]
)
def make_essay_paragraphs(nlp: Language, name: str, wrapped: dict) -> EssayParagraphs:
    return EssayParagraphs(nlp, name, wrapped)
