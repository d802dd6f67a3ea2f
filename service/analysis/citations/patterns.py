"""Every regular expression the citation finder runs over raw text, in one place.

spaCy's tokenizer leaves "1921.¹", "that[12" and "😀(Service" as single tokens, so the
markers themselves are found on the characters; what a marker means is then decided from
the spaCy tokens around it. The expressions live in data/citations.json; tests in
tests/analysis/test_citations_patterns.py.
"""

from __future__ import annotations

import re

from service.analysis.lexicons import load_lexicon

LEXICON = load_lexicon("citations")
_PATTERNS = LEXICON["patterns"]

# "(Service, 2000, p. 45)": group 1 is the content between the parentheses.
PARENTHESIS = re.compile(_PATTERNS["parenthesis"])
# "(see Lenin, Complete Works (5th edition), vol. 45)": a pointer to a work whose own
# details hold a parenthesis, one level deep; group 1 is the content.
SEE_PARENTHESIS = re.compile(_PATTERNS["see_parenthesis"], re.IGNORECASE)
# "(1998)", "(1998, p. 12)" right after a signal phrase's name: the year of the work it cites; group 1 the year.
NARRATIVE_YEAR = re.compile(_PATTERNS["narrative_year"])
# "[Service, 2000]": a reference in square brackets; group 1 is its content.
BRACKETED_REFERENCE = re.compile(_PATTERNS["bracketed_reference"])
# "[1]", "[12]", "[3, 4]", "[2-5]", "[3, p. 45]", Markdown's "[^1]": group 1 is the note numbers.
BRACKET_MARKER = re.compile(_PATTERNS["bracket_marker"])
# "¹", "²³" right after a word, a quote or punctuation (not after a digit, as in 10²).
SUPERSCRIPT_MARKER = re.compile(_PATTERNS["superscript_marker"])
# "p. 45", "pp. 23-26", "paragraph 3", "ch. 2", "¶ 4".
LOCATOR = re.compile(_PATTERNS["locator"], re.IGNORECASE)
# A publication year: "2000", "2000a".
YEAR = re.compile(_PATTERNS["year"])
# "1917-1924", "1905-30": a period or a life span, not a citation on its own.
YEAR_RANGE = re.compile(_PATTERNS["year_range"])
# "1922/1965": the first and the reprint edition's year, as in "(Lenin 1922/1965, p. 594)".
REPRINT_YEAR = re.compile(_PATTERNS["reprint_year"])
# "45", "23-26", "xii": a page number on its own.
PAGE_NUMBER = re.compile(_PATTERNS["page_number"])
# ":112" in "Fitzpatrick 2008:112".
COLON_PAGE = re.compile(_PATTERNS["colon_page"])
# "https://www.history.com/topics/...", "history.com", "www.bbc.co.uk": a whole web address; group 1 is its host.
WEB_ADDRESS = re.compile(_PATTERNS["web_address"], re.IGNORECASE)
# A web address inside a line of the works-cited list; group 1 is its host.
WEB_ADDRESS_IN_TEXT = re.compile(_PATTERNS["web_address_in_text"], re.IGNORECASE)
# The label after "Document": "3", "B", "IV", "#3", "No. 3".
DOCUMENT_LABEL = re.compile(_PATTERNS["document_labels"], re.IGNORECASE)
# Between the labels of "(Documents 2 and 3)", "(Doc 1, 2)", "(Sources A & B)", or the names
# of "(Stalin, Zinoviev and Kamenev)".
LABEL_SEPARATOR = re.compile(_PATTERNS["label_separator"], re.IGNORECASE)
# Between a document's label and its title: "Document A: Lenin's Testament", "Source 3 - a speech".
DOCUMENT_TITLE_SEPARATOR = re.compile(_PATTERNS["document_title_separator"])
# "^1", "^12" after a word: a footnote marker typed where the superscript could not be.
CARET_MARKER = re.compile(_PATTERNS["caret_marker"])
# "factions.3 Stalin", 'terror."12 It': note digits glued to the punctuation after a word or a
# closing quote (a superscript that plain text lost). Weak: the finder keeps them only in an
# essay with a notes list or with a run of them (footnotes.py).
PLAIN_NOTE_MARKER = re.compile(_PATTERNS["plain_note_marker"])
# 'Exactly2 The', '"a firm grip" 2 Stalin': note digits glued to a word, or after a closing quote and one
# space, before a capital. Weaker still: kept only in an upward run of note digits or for a
# note number the essay's notes list has (footnotes.py).
GLUED_NOTE_MARKER = re.compile(_PATTERNS["glued_note_marker"])
SPACED_NOTE_MARKER = re.compile(_PATTERNS["spaced_note_marker"])
# '[0: "South African History Online," ...]': a word processor's note exported inline, its
# number (group 1) and its text (group 2).
INLINE_NOTE = re.compile(_PATTERNS["inline_note"])
# "cdv. org": the dot and the space a re-joined text put between a site's name and its domain.
SPACED_DOT = re.compile(_PATTERNS["spaced_dot"], re.IGNORECASE)
# "NOAA", "U.S.", "CDCs": an acronym standing alone.
ACRONYM = re.compile(_PATTERNS["acronym"])
# "banned factions in 1921.1 Stalin": note digits after a year that ends a sentence (a new
# sentence follows), not a decimal ("1921.5 million").
YEAR_NOTE_MARKER = re.compile(_PATTERNS["year_note_marker"])
# A white-space token holding one line break (spaCy's "\n" between two words of a hard-wrapped
# line), not a blank line: a signal phrase may run over it, never over a paragraph break.
# The Matcher reads it as a TEXT REGEX (signal_phrases.py).
LINE_BREAK_TOKEN = re.compile(_PATTERNS["line_break_token"])

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def note_numbers(marker: str) -> list[int]:
    """The note numbers a marker points to: "[3, 4]" -> [3, 4], "[2-4]" -> [2, 3, 4], "¹²" -> [12], "^5" -> [5]."""
    digits = LOCATOR.sub("", marker.translate(SUPERSCRIPT_DIGITS).strip("[]^"))
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", digits):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 20:
            numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        elif bounds[0].isdigit():
            numbers.append(int(bounds[0]))
    return numbers
