"""Every regular expression the citation finder runs over raw text, in one place.

spaCy's tokenizer leaves "1921.¹", "that[12" and "😀(Service" as single tokens, so the
markers themselves are found on the characters; what a marker means is then decided from
the spaCy tokens around it. The expressions live in data/citations.json (its `patterns`),
compiled once into a `CitationPatterns` when the citation components are initialized or
loaded; tests in tests/analysis/test_citations_patterns.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# The patterns matched in any case ("(See ...", "P. 45", "Document 3", "WWW.").
IGNORE_CASE = frozenset({
    "see_parenthesis", "locator", "web_address", "web_address_in_text", "document_label", "label_separator", "spaced_dot",
})
# The fields whose entry in data/citations.json has another name.
ENTRY_NAMES = {"document_label": "document_labels"}


@dataclass(frozen=True)
class CitationPatterns:
    """The regular expressions of data/citations.json's `patterns`, compiled."""

    # "(Service, 2000, p. 45)": group 1 is the content between the parentheses.
    parenthesis: re.Pattern
    # "(see Lenin, Complete Works (5th edition), vol. 45)": a pointer to a work whose own
    # details hold a parenthesis, one level deep; group 1 is the content.
    see_parenthesis: re.Pattern
    # "(1998)", "(1998, p. 12)" right after a signal phrase's name: the year of the work it cites; group 1 the year.
    narrative_year: re.Pattern
    # "[Service, 2000]": a reference in square brackets; group 1 is its content.
    bracketed_reference: re.Pattern
    # "[1]", "[12]", "[3, 4]", "[2-5]", "[3, p. 45]", Markdown's "[^1]": group 1 is the note numbers.
    bracket_marker: re.Pattern
    # "¹", "²³" right after a word, a quote or punctuation (not after a digit, as in 10²).
    superscript_marker: re.Pattern
    # "p. 45", "pp. 23-26", "paragraph 3", "ch. 2", "¶ 4".
    locator: re.Pattern
    # A publication year: "2000", "2000a".
    year: re.Pattern
    # "1917-1924", "1905-30": a period or a life span, not a citation on its own.
    year_range: re.Pattern
    # "1922/1965": the first and the reprint edition's year, as in "(Lenin 1922/1965, p. 594)".
    reprint_year: re.Pattern
    # "45", "23-26", "xii": a page number on its own.
    page_number: re.Pattern
    # ":112" in "Fitzpatrick 2008:112".
    colon_page: re.Pattern
    # "https://www.history.com/topics/...", "history.com", "www.bbc.co.uk": a whole web address; group 1 is its host.
    web_address: re.Pattern
    # A web address inside a line of the works-cited list; group 1 is its host.
    web_address_in_text: re.Pattern
    # The label after "Document": "3", "B", "IV", "#3", "No. 3".
    document_label: re.Pattern
    # Between the labels of "(Documents 2 and 3)", "(Doc 1, 2)", "(Sources A & B)", or the names
    # of "(Stalin, Zinoviev and Kamenev)".
    label_separator: re.Pattern
    # Between a document's label and its title: "Document A: Lenin's Testament", "Source 3 - a speech".
    document_title_separator: re.Pattern
    # "^1", "^12" after a word: a footnote marker typed where the superscript could not be.
    caret_marker: re.Pattern
    # "factions.3 Stalin", 'terror."12 It': note digits glued to the punctuation after a word or a
    # closing quote (a superscript that plain text lost). Weak: the finder keeps them only in an
    # essay with a notes list or with a run of them (footnotes.py).
    plain_note_marker: re.Pattern
    # 'Exactly2 The', '"a firm grip" 2 Stalin': note digits glued to a word, or after a closing quote and one
    # space, before a capital. Weaker still: kept only in an upward run of note digits or for a
    # note number the essay's notes list has (footnotes.py).
    glued_note_marker: re.Pattern
    spaced_note_marker: re.Pattern
    # '[0: "South African History Online," ...]': a word processor's note exported inline, its
    # number (group 1) and its text (group 2).
    inline_note: re.Pattern
    # "cdv. org": the dot and the space a re-joined text put between a site's name and its domain.
    spaced_dot: re.Pattern
    # "NOAA", "U.S.", "CDCs": an acronym standing alone.
    acronym: re.Pattern
    # "banned factions in 1921.1 Stalin": note digits after a year that ends a sentence (a new
    # sentence follows), not a decimal ("1921.5 million").
    year_note_marker: re.Pattern
    # A white-space token holding one line break (spaCy's "\n" between two words of a hard-wrapped
    # line), not a blank line: a signal phrase may run over it, never over a paragraph break.
    # The Matcher reads it as a TEXT REGEX (signal_phrases.py).
    line_break_token: re.Pattern

    @classmethod
    def from_lexicon(cls, patterns: dict[str, str]) -> CitationPatterns:
        """Each field compiled from the entry of its name (`document_label` from "document_labels")."""
        compiled = {}
        for field in fields(cls):
            flags = re.IGNORECASE if field.name in IGNORE_CASE else 0
            compiled[field.name] = re.compile(patterns[ENTRY_NAMES.get(field.name, field.name)], flags)
        return cls(**compiled)

    def note_numbers(self, marker: str) -> list[int]:
        """The note numbers a marker points to: "[3, 4]" -> [3, 4], "[2-4]" -> [2, 3, 4], "¹²" -> [12], "^5" -> [5]."""
        digits = self.locator.sub("", marker.translate(SUPERSCRIPT_DIGITS).strip("[]^"))
        numbers: list[int] = []
        for part in re.split(r"\s*,\s*", digits):
            bounds = re.split(r"\s*[-–]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 20:
                numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
            elif bounds[0].isdigit():
                numbers.append(int(bounds[0]))
        return numbers
