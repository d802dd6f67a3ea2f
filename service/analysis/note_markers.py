"""Footnote markers as tokens of their own, ending the sentence they follow.

spaCy's tokenizer leaves "1921.¹", "1917.[1" and "Stalin²" as single tokens, so the parser
never saw the full stop: "Lenin banned factions in 1921.¹ Stalin used the ban." came out as
one sentence, and "[2]" after "NKVD." opened the next one. `split_note_markers` gives the
tokenizer three more rules, so superscript digits, "[" and "^" before note digits, and the
full stop before them are tokens of their own; the `note_markers` component then keeps a
marker that follows a full stop in that sentence and starts the next one after it, before
the parser runs. The markers are the ones the citation finder reads (citations/patterns.py),
from the component's own copy of data/citations.json.
Note digits glued to a full stop without a bracket ("factions.3") stay as the tokenizer
leaves them: the same shape is a typo or a list number too often to split it everywhere.
The text and every offset stay as sent.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from service.analysis.citations.patterns import CitationPatterns
from service.analysis.lexicons import LexiconComponent

SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
# "revolution¹", "1921.¹": superscript digits after anything but a digit (10² is a power).
MARKER_SUFFIXES = [rf"(?<=[^\d{SUPERSCRIPTS}])[{SUPERSCRIPTS}]+"]
# "1917.[1", 'said."[3', "1921.^4": the full stop, the bracket and the caret before note digits.
MARKER_INFIXES = [r"[.!?,;:](?=\[\^?\d|\^\d)", r"\[(?=\^?\d)", r"\^(?=\d)"]
SENTENCE_ENDS = ".!?"
CLOSING_QUOTES = "\"'\u201d\u2019\u00bb"


def split_note_markers(nlp: Language) -> None:
    """Add the marker rules to the pipeline's tokenizer (its own rules stay as they are)."""
    suffixes = [*nlp.Defaults.suffixes, *MARKER_SUFFIXES]
    infixes = [*nlp.Defaults.infixes, *MARKER_INFIXES]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def closing_markers(text: str, patterns: CitationPatterns) -> list[tuple[int, int]]:
    """The footnote markers that follow a sentence's last punctuation: "1921.¹ ", 'terror."[3] '."""
    markers = (patterns.bracket_marker, patterns.superscript_marker, patterns.caret_marker)
    spans = [match.span() for pattern in markers for match in pattern.finditer(text)]
    return sorted(span for span in set(spans) if _after_sentence_end(text, span[0]))


def _after_sentence_end(text: str, start: int) -> bool:
    index = start
    while index > 0 and text[index - 1] in CLOSING_QUOTES:
        index -= 1
    return index > 1 and text[index - 1] in SENTENCE_ENDS and not text[index - 2].isspace()


class NoteMarkers(LexiconComponent):
    """The tokenizer's marker rules (added in `initialize()`, saved with the tokenizer) and the sentence starts.

    The marker patterns (data/citations.json) are read in `initialize()`, or by `from_disk` from
    a saved pipeline.
    """

    LEXICONS = ("citations",)

    def __init__(self, name: str = "note_markers"):
        self.name = name

    def initialize(self, get_examples=None, *, nlp: Language | None = None, lexicons: dict[str, dict] | None = None) -> None:
        split_note_markers(nlp)
        super().initialize(get_examples, nlp=nlp, lexicons=lexicons)

    def _build(self, lexicons: dict[str, dict]) -> None:
        self.patterns = CitationPatterns.from_lexicon(lexicons["citations"]["patterns"])

    def __call__(self, doc: Doc) -> Doc:
        return note_markers(doc, self.patterns)


@Language.factory("note_markers", assigns=["token.is_sent_start"])
def make_note_markers(nlp: Language, name: str) -> NoteMarkers:
    return NoteMarkers(name)


def note_markers(doc: Doc, patterns: CitationPatterns) -> Doc:
    """Keep a marker after a full stop in its sentence; the capitalised word after it starts the next."""
    closing = closing_markers(doc.text, patterns)
    if not closing:
        return doc
    # SENT_START is -1 for "not a start", 0 for "not known", 1 for "a start"; to_array gives uint64.
    sent_starts = doc.to_array([SENT_START]).astype(numpy.int64)
    for start, end in closing:
        marker = doc.char_span(start, end)
        if marker is None:
            continue  # glued to more than the tokenizer rules split off: leave it to the parser
        sent_starts[marker.start : marker.end] = -1
        following = doc[marker.end] if marker.end < len(doc) else None
        if following is not None and not following.is_space and not following.text[0].islower():
            sent_starts[following.i] = 1
    doc.from_array([SENT_START], sent_starts.astype(numpy.uint64))
    return doc
