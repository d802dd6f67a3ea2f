"""Citation finder: parenthetical references such as (Trotsky) or (Wood, p. 23-26).

The parenthesis itself is found with one regular expression over the text (spaCy's
tokenizer does not always split "(" from a preceding emoji or word); whether its
content is a citation is decided from the spaCy tokens inside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

LEXICON = json.loads((Path(__file__).parent / "data" / "citations.json").read_text(encoding="utf-8"))
PARENTHESIS = re.compile(r"\(([^()\r\n]{1,200})\)")
QUOTES = LEXICON["quote_marks"]
_LOCATOR = re.compile(LEXICON["locator_pattern"], re.IGNORECASE)
_TRAILING_PAGES = re.compile(LEXICON["trailing_pages_pattern"])
_NON_WORD = re.compile(r"[^\w\s&'-]+")

if not Doc.has_extension("citations"):
    Doc.set_extension("citations", default=None)


@dataclass(frozen=True)
class CitationMatch:
    """A citation's exact character offsets (a token span may be wider than the marker)."""

    start: int
    end: int
    style: str
    source: str


def normalize_source(content: str) -> str:
    """Reduce a citation's content to a key shared by every variant of one work."""
    text = content
    for mark in QUOTES:
        text = text.replace(mark, " ")
    text = _LOCATOR.sub(" ", text)
    text = _TRAILING_PAGES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.lower().split())


def _is_citation(inner: Span) -> bool:
    text = inner.text.strip()
    if not text:
        return False
    if any(mark in text for mark in QUOTES):
        return True
    if _LOCATOR.match(text):
        return True
    lowered = text.lower()
    if any(lowered.startswith(cue) for cue in LEXICON["locator_words"]):
        return True
    words = [token for token in inner if token.is_alpha]
    if not words or len(words) > LEXICON["max_words"]:
        return False
    if words[0].lower_ in LEXICON["not_source_words"]:
        return False
    # An author or a title: starts with a capitalized word that is a name or a noun.
    return words[0].text[0].isupper() and words[0].pos_ in {"PROPN", "NOUN", "ADJ", "X"}


def find_parenthetical(doc: Doc) -> list[CitationMatch]:
    found = []
    for match in PARENTHESIS.finditer(doc.text):
        inner = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if inner is not None and _is_citation(inner):
            found.append(
                CitationMatch(match.start(), match.end(), "parenthetical", normalize_source(match.group(1)))
            )
    return found


@Language.component("citation_finder")
def citation_finder(doc: Doc) -> Doc:
    """Put the essay's citations on `doc._.citations`."""
    doc._.citations = find_parenthetical(doc)
    return doc
