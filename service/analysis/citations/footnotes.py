"""Footnote markers in the text: [1], [12], [3, 4], [^1], ^1, superscript digits ¹ ²³, and plain
digits glued to punctuation ("factions.3 Stalin", 'terror."12') where the superscript was lost.

A marker's source is its note: "note 1". Markers inside the works-cited or notes list, and
a bracketed number opening a paragraph (a numbered list item), are not citation markers.
Plain digits after punctuation are also how a typo or a list looks ("cars.2 other"), so
they count only in an essay with a notes or works-cited list, or when the essay has at
least two of them in increasing order (1, 2, 3 ... as notes are numbered), or as a lone
first note "1" before a capital. Weaker shapes - digits glued to a word ('Exactly2 The'),
or after a closing quote and one space ('" 1 Stalin') - count only in such a run or for a
number the notes list has. A note exported inline, '[0: "Site," Title. Accessed ...]',
is a marker whatever the essay holds.
"""

from __future__ import annotations

import re

from service.analysis.citations import sources as src
from service.analysis.citations.lexicon import CitationLexicon

# The word before plain note digits, and the punctuation or closing quote between: "factions." or 'hand"'.
_WORD_BEFORE = re.compile(r"([A-Za-z]+)(?:[.,;:!?][\"\u201d\u2019\u00bb]?|[\"\u201d\u2019\u00bb])$")
MIN_PLAIN_RUN = 2


def note_key(number: int) -> str:
    return f"note {number}"


def _skipped(start: int, paragraph_starts: set[int], skip: list[tuple[int, int]]) -> bool:
    return start in paragraph_starts or any(low <= start < high for low, high in skip)


class FootnoteFinder:
    """Find the footnote markers of an essay with the citation lexicon's patterns."""

    def __init__(self, lexicon: CitationLexicon):
        self.patterns = lexicon.patterns
        self.keys = lexicon.keys
        self.number_abbreviations = lexicon.number_abbreviations

    def find(
        self, text: str, paragraph_starts: set[int], skip: list[tuple[int, int]], listed_notes: frozenset[int] = frozenset()
    ) -> list[src.CitationMatch]:
        """Every footnote marker outside the `skip` ranges (the list); `listed_notes` are the numbers of its notes."""
        found = []
        for pattern in (self.patterns.bracket_marker, self.patterns.superscript_marker, self.patterns.caret_marker):
            for match in pattern.finditer(text):
                start, end = match.span()
                if _skipped(start, paragraph_starts, skip):
                    continue
                numbers = self.patterns.note_numbers(match.group())
                if numbers:
                    found.append(self.keys.match(start, end, "footnote", [note_key(n) for n in numbers], src.NOTE))
        # '[0: "South African History Online," ...]': the note itself, exported inline where its marker stood.
        found += [
            self.keys.match(m.start(), m.end(), "footnote", [note_key(int(m.group(1)))], src.NOTE)
            for m in self.patterns.inline_note.finditer(text)
            if not _skipped(m.start(), paragraph_starts, skip)
        ]
        plain = [match for match in self._plain_markers(text) if not _skipped(match.start(1), paragraph_starts, skip)]
        weak = [match for match in self._weak_markers(text) if not _skipped(match.start(1), paragraph_starts, skip)]
        run = sorted(plain + weak, key=lambda match: match.start(1))
        numbers = [int(match.group(1)) for match in run]
        increasing = len(run) >= MIN_PLAIN_RUN and all(a < b for a, b in zip(numbers, numbers[1:]))
        # A lone "1" after a sentence's end or a closing quote, before a capital: the essay's first note.
        first = len(run) == 1 and numbers == [1] and _before_capital(text, run[0].end(1))
        kept = plain if skip or increasing or first else []
        kept += [match for match in weak if increasing or first or int(match.group(1)) in listed_notes]
        found += [self.keys.match(m.start(1), m.end(1), "footnote", [note_key(int(m.group(1)))], src.NOTE) for m in kept]
        return sorted(found, key=lambda match: match.start)

    def _weak_markers(self, text: str) -> list[re.Match]:
        """'Exactly2 The', '"a firm grip" 2 Stalin': digits glued to a word, or spaced after a closing quote."""
        found = [match for match in self.patterns.glued_note_marker.finditer(text) if int(match.group(1))]
        found += [match for match in self.patterns.spaced_note_marker.finditer(text) if int(match.group(1))]
        return found

    def _plain_markers(self, text: str) -> list[re.Match]:
        """'factions.3 ', 'terror."12 ' - not 'p.45', 'No.3', 'vol.2' (a locator or a number sign)."""
        kept = []
        for match in self.patterns.plain_note_marker.finditer(text):
            digits = match.start(1)
            before = _WORD_BEFORE.search(text[max(0, digits - 30) : digits])
            word = before.group(1).lower() if before else ""
            if not word or word in self.number_abbreviations or self.patterns.locator.fullmatch(
                text[digits - len(before.group()) : match.end()]
            ):
                continue
            if int(match.group(1)) == 0:
                continue
            kept.append(match)
        kept += [match for match in self.patterns.year_note_marker.finditer(text) if int(match.group(1))]
        return sorted(kept, key=lambda match: match.start(1))


def _before_capital(text: str, end: int) -> bool:
    rest = text[end : end + 4].lstrip(".,;: \t\u00a0\"\u201c")
    return rest[:1].isupper()
