"""Footnote markers in the text: [1], [12], [3, 4] and superscript digits ¹ ²³.

A marker's source is its note: "note 1". Markers inside the works-cited or notes list, and
a bracketed number opening a paragraph (a numbered list item), are not citation markers.
"""

from __future__ import annotations

from service.analysis.citations import sources as src
from service.analysis.citations.patterns import BRACKET_MARKER, SUPERSCRIPT_MARKER, note_numbers


def note_key(number: int) -> str:
    return f"note {number}"


def find_footnote_markers(
    text: str, paragraph_starts: set[int], skip: list[tuple[int, int]]
) -> list[src.CitationMatch]:
    """Every footnote marker outside the `skip` ranges."""
    found = []
    for pattern in (BRACKET_MARKER, SUPERSCRIPT_MARKER):
        for match in pattern.finditer(text):
            start, end = match.span()
            if start in paragraph_starts or any(low <= start < high for low, high in skip):
                continue
            numbers = note_numbers(match.group())
            if numbers:
                found.append(src.make_match(start, end, "footnote", [note_key(n) for n in numbers], src.NOTE))
    return found
