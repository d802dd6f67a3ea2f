"""A works-cited list run into the prose: its heading starts mid-paragraph, after a sentence.

An essay sent as one block of text (a form field that drops line breaks), or typed without a
line break before the list, reads "... Stalin only finished it. Works Cited Figes, Orlando. A
People's Tragedy. Pimlico, 1997. Pipes, Richard. ...": one paragraph whose tail is the list.
`RunInList.split` cuts the paragraph where the list begins, so that the prose, the heading
and each entry are paragraphs of their own, as the line breaks would have made them; the
paragraph roles (paragraphs.py) then give the list the `works_cited` role, the citation finder
reads no marker in it and the works-cited matcher reads its entries.

The list begins at a heading word (data/essay_parts.json's `works_cited_headings`: "Works
Cited", "References", "Bibliography", "Notes", "Sources") that is capitalised, opens a sentence
and is followed by the start of an entry: a note marker ("[1]", "¹"), a number ("1."), a
document ("Document A:"), an author ("Figes, O.", "Robert Service,") or a quoted title. The
rest of the paragraph, and every paragraph after it, must read as entries: most of them with a
year, a page, a web address, "ibid" or a publisher, their long words mostly capitalised
(names and titles, not prose), none of them longer than an entry. Entries are cut where the
next one starts as the first did: at the next note marker, at the next number in sequence, or
after a full stop before the next author, document or quoted title. Patterns are in
data/run_in_list.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Entries of these kinds start after the previous one's full stop; notes and numbers anywhere.
_AFTER_FULL_STOP = ("document", "author")
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_LOOK_BACK = 16


@dataclass(frozen=True)
class RunInList:
    """data/run_in_list.json read, with the list headings of data/essay_parts.json: where a list
    run into the prose starts, and where its entries are."""

    # "Works Cited", "REFERENCES:", "Notes -": a heading word, its punctuation, then white space.
    heading: re.Pattern
    sentence_end_before: re.Pattern
    # A look-ahead, so that every place an entry may start is found, even inside a longer match.
    entry_start: re.Pattern
    entry_end_before: re.Pattern
    evidence: re.Pattern
    long_word: re.Pattern
    capitalised_share: float
    evidenced_share: float
    max_entry_words: int
    max_list_paragraphs: int
    max_headings_tried: int

    @classmethod
    def from_lexicons(cls, lexicon: dict, works_cited_headings: list[str]) -> RunInList:
        """`lexicon`: data/run_in_list.json; `works_cited_headings`: the list's headings (data/essay_parts.json)."""
        words = sorted((r"\s+".join(map(re.escape, heading.split())) for heading in works_cited_headings), key=len, reverse=True)
        return cls(
            heading=re.compile(r"(?<!\S)(?:" + "|".join(words) + r")(?:\s*[:.\u2013\u2014-])?(?=\s|$)", re.IGNORECASE),
            sentence_end_before=re.compile(lexicon["sentence_end_before_pattern"]),
            entry_start=re.compile(r"(?<!\S)(?=" + lexicon["entry_start_pattern"] + ")"),
            entry_end_before=re.compile(lexicon["entry_end_before_pattern"]),
            evidence=re.compile(lexicon["evidence_pattern"]),
            long_word=re.compile(lexicon["long_word_pattern"]),
            capitalised_share=lexicon["capitalised_share"],
            evidenced_share=lexicon["evidenced_share"],
            max_entry_words=lexicon["max_entry_words"],
            max_list_paragraphs=lexicon["max_list_paragraphs"],
            max_headings_tried=lexicon["max_headings_tried"],
        )

    def split(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Paragraph spans with a list run into the prose cut into prose, heading and entries."""
        later: list[str] = []  # the entries after the paragraph looked at, in any order
        last = len(spans) - 1
        for index in range(last, max(-1, last - self.max_list_paragraphs), -1):
            start, end = spans[index]
            # The last few places a list may start: bounded, so that a text of many "... Notes [1] ..."
            # costs a few reads of its tail, not one for each.
            openings = [
                opening for heading in self.heading.finditer(text, start, end)
                if (opening := self._may_open(text, start, end, heading))
            ]
            for heading, first in openings[-self.max_headings_tried :]:
                pieces = self._cut(text, start, end, heading, first, later)
                if pieces:
                    return spans[:index] + pieces + spans[index + 1 :]
            if not self._capitalised([text[start:end]]) or len(text[start:end].split()) > self.max_entry_words:
                break  # the list, if any, runs on to the end: a paragraph of prose ends the search
            later += [text[low:high] for low, high in self.wrapped_entries(text, start, end)]
        return spans

    def _may_open(self, text: str, start: int, end: int, heading: re.Match) -> tuple[re.Match, re.Match | None] | None:
        """(heading, its first entry's start) if the heading is capitalised, opens a sentence and
        is followed by an entry or ends the paragraph; else None."""
        if heading.start() == start or not heading.group()[0].isupper():
            return None  # a heading on a line of its own is paragraphs.py's; "notes" in prose is a word
        if not self.sentence_end_before.search(text, max(start, heading.start() - _LOOK_BACK), heading.start()):
            return None
        after = _skip_space(text, heading.end(), end)
        first = self.entry_start.match(text, after, end)
        return (heading, first) if first is not None or after == end else None

    def _cut(
        self, text: str, start: int, end: int, heading: re.Match, first: re.Match | None, later: list[str]
    ) -> list[tuple[int, int]]:
        """Prose, heading and entries of the paragraph `start:end` if the list after `heading` reads
        as entries to the end of the text; else []."""
        if first is not None:
            entries = self.entry_spans(text, first.start(), end, first)
        elif later:
            entries = []  # hard-wrapped: the heading joined the full last line of the prose, the entries follow
        else:
            return []
        if not self.reads_as_entries([text[low:high] for low, high in entries] + later):
            return []
        prose_end = heading.start()
        while prose_end > start and text[prose_end - 1].isspace():
            prose_end -= 1
        return [(start, prose_end), (heading.start(), heading.end()), *entries]

    def wrapped_entries(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The entries of one paragraph of a list, which in hard-wrapped text may hold several: a
        paragraph runs on while its lines are full (paragraphs.join_wrapped_lines), so a long entry
        takes the next one with it. Cut at the start of a line that starts an entry as the first did."""
        first = self.entry_start.match(text, start, end)
        if first is None or not _LINE_BREAK.search(text, start, end):
            return [(start, end)]
        return self.entry_spans(text, start, end, first, at_line_starts=True)

    def entry_spans(
        self, text: str, start: int, end: int, first: re.Match, at_line_starts: bool = False
    ) -> list[tuple[int, int]]:
        """Where each entry of the list `text[start:end]` lies, cut where the next starts as `first`
        does (with `at_line_starts`, only at the start of a line)."""
        kind = first.lastgroup
        number = int(first.group("number")) if kind == "number" else 0
        kinds = {kind} if kind in ("note", "number") else {kind, *_AFTER_FULL_STOP}
        cuts = [start]
        for match in self.entry_start.finditer(text, first.start() + 1, end):
            if match.lastgroup not in kinds:
                continue
            if at_line_starts and not _at_line_start(text, match.start()):
                continue
            if kind == "number":
                if int(match.group("number")) != number + 1:
                    continue  # "vol. 4. Oxford": a number out of sequence is part of the entry
                number += 1
            if kind != "note" and not self.entry_end_before.search(text, max(start, match.start() - _LOOK_BACK), match.start()):
                continue
            cuts.append(match.start())
        bounds = zip(cuts, [*cuts[1:], end])
        return [(low, _trim_end(text, low, high)) for low, high in bounds]

    def reads_as_entries(self, entries: list[str]) -> bool:
        """Whether lines read as a list's entries: mostly with a year, page, address or publisher,
        their long words mostly capitalised, none as long as a paragraph of prose."""
        if not entries or any(len(entry.split()) > self.max_entry_words for entry in entries):
            return False
        evidenced = sum(1 for entry in entries if self.evidence.search(entry))
        return evidenced >= self.evidenced_share * len(entries) and self._capitalised(entries)

    def _capitalised(self, lines: list[str]) -> bool:
        """Whether the long words of `lines` are mostly capitalised, as in names and titles."""
        words = [word for line in lines for word in self.long_word.findall(line)]
        return sum(1 for word in words if word[0].isupper()) >= self.capitalised_share * len(words)


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _at_line_start(text: str, position: int) -> bool:
    """Whether only spaces or tabs stand between `position` and a line break before it."""
    position -= 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    return position >= 0 and bool(_LINE_BREAK.match(text[position]))
