"""Paragraphs: where they are and what part of the essay each one is.

A paragraph ends at any line break (a blank line or a single newline: the reference
essay uses single newlines). Line breaks are the ones `str.splitlines` knows, so CRLF,
CR, U+2028 and friends all count.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

LEXICON = json.loads((Path(__file__).parent / "data" / "essay_parts.json").read_text(encoding="utf-8"))
_WORD = re.compile(r"\w+")
_SENTENCE_END = (".", "!", "?", "…")

if not Doc.has_extension("paragraphs"):
    Doc.set_extension("paragraphs", default=None)


@dataclass(frozen=True)
class ParagraphSpan:
    start: int
    end: int
    role: str = "other"


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-blank line, trimmed of surrounding white space."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        offset += len(line)
    return spans


def _normalized(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _is_heading_text(line: str) -> bool:
    """'Conclusion', 'Body Paragraph 2', 'Part II: The NEP' - not 'In conclusion, Stalin ...'."""
    words = _WORD.findall(line)
    if not words or len(words) > LEXICON["heading_max_words"]:
        return False
    normalized = _normalized(line)
    if normalized in LEXICON["heading_cues"]:
        return True
    return not line.rstrip().endswith(_SENTENCE_END) and any(
        normalized.startswith(cue + " ") for cue in LEXICON["heading_cues"]
    )


def _is_works_cited_heading(line: str) -> bool:
    return _normalized(line) in LEXICON["works_cited_headings"]


def _looks_like_title(line: str) -> bool:
    words = _WORD.findall(line)
    return 0 < len(words) <= LEXICON["title_max_words"] and not line.rstrip().endswith(_SENTENCE_END)


def _looks_like_note(line: str) -> bool:
    return re.match(LEXICON["note_line_pattern"], line) is not None


def assign_roles(text: str, spans: list[tuple[int, int]]) -> list[ParagraphSpan]:
    """Label each paragraph title, heading, introduction, body, conclusion or works_cited."""
    lines = [text[start:end] for start, end in spans]
    roles = ["other"] * len(lines)

    works_cited_from = len(lines)
    for index, line in enumerate(lines):
        if index > 0 and _is_works_cited_heading(line):
            works_cited_from = index
            break
    else:
        # A trailing run of note lines ("[1] Service, R. ...") with no heading is a note list.
        index = len(lines)
        while index > 1 and _looks_like_note(lines[index - 1]):
            index -= 1
        if index < len(lines) and index > 0:
            works_cited_from = index
    for index in range(works_cited_from, len(lines)):
        roles[index] = "works_cited"

    content = []
    for index in range(works_cited_from):
        line = lines[index]
        if _is_heading_text(line):
            roles[index] = "heading"
        elif index == 0 and works_cited_from > 1 and _looks_like_title(line):
            roles[index] = "title"
        else:
            content.append(index)

    if content:
        roles[content[0]] = "introduction"
        if len(content) >= 3:
            roles[content[-1]] = "conclusion"
            for index in content[1:-1]:
                roles[index] = "body"
        elif len(content) == 2:
            roles[content[1]] = "body"
    return [ParagraphSpan(start, end, role) for (start, end), role in zip(spans, roles)]


@Language.component("essay_paragraphs")
def essay_paragraphs(doc: Doc) -> Doc:
    """Find paragraphs and make each start a new sentence; runs before the parser."""
    spans = split_paragraphs(doc.text)
    doc._.paragraphs = assign_roles(doc.text, spans)
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            span[0].is_sent_start = True
    return doc
