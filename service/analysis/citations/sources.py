"""Source keys: one key for every variant of one work, e.g. (Wood, p. 23-26) and (Wood 30) -> "wood".

Keys are lower-case words without accents or punctuation (hyphens inside words stay:
"russian history 1905-30"). Author keys are the surnames, without "and", plus the year
when the citation gives one ("service 2000", "figes kolonitskii 1999"); title keys are the
title's words, apostrophes straightened ("lenin's hanging order"); document
keys are "document 3", "source b". Markers that name no work ("(ibid.)", "(p. 77)") take
their source from the citations around them (`resolve_sources`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace

_PUNCTUATION = re.compile(r"[^\w\s'-]+|(?<!\w)['-]|['-](?!\w)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

# How a marker names its work: decides how its source is resolved.
NAMED = "named"  # author, title or document in the marker itself
LOCATOR = "locator"  # "(p. 77)", "(paragraph 3)": the work named nearby
IBID = "ibid"  # the previous citation's work
NOTE = "note"  # footnote marker: the note of that number
BARE_PAGE = "bare_page"  # "(45)" with no quotation before it: a citation only after a signal phrase


@dataclass(frozen=True)
class CitationMatch:
    """A citation marker's exact character offsets, style and source key(s)."""

    start: int
    end: int
    style: str
    source: str
    sources: tuple[str, ...] = ()
    kind: str = NAMED
    sentence_start: int = -1
    # (original, work it is quoted in) for "(Lenin qtd. in Service 45)": ("lenin", "service").
    quoted: tuple[tuple[str, str], ...] = ()
    # The sources that name no work: "unattributed", "author" in "the author argues" with nothing cited before.
    unresolved: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceKeys:
    """The keys that come from data/citations.json: a marker naming no work, a document cue's alias."""

    # The source of a marker that names no work and could not be tied to one: "(p. 4)" first in an essay.
    unattributed: str
    # "doc." -> "document": cues that name the same kind of document.
    aliases: Mapping[str, str]

    @classmethod
    def from_lexicon(cls, lexicon: dict) -> SourceKeys:
        return cls(lexicon["unattributed_source"], dict(lexicon["document_cue_aliases"]))

    def match(self, start: int, end: int, style: str, sources: list[str], kind: str = NAMED) -> CitationMatch:
        """A marker citing `sources` (the unattributed key when it names none)."""
        sources = [source for source in sources if source] or [self.unattributed]
        return CitationMatch(start, end, style, "; ".join(sources), tuple(sources), kind)

    def document(self, cue: str, label: str) -> str:
        """'Doc.', 'B' -> 'document b'."""
        cue = cue.lower()
        return f"{self.aliases.get(cue, cue)} {key(label)}"


def key(text: str) -> str:
    """Lower-case words of `text`, accents and punctuation dropped, apostrophes straight: 'Émile’s “Book”' -> "emile's book"."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def author_key(names: list[str], year: str | None = None) -> str:
    """'Figes', '&', 'Kolonitskii', year '1999' -> 'figes kolonitskii 1999': surnames without joiners."""
    words = [word for word in key(" ".join(names)).split() if word not in ("and", "&")]
    return " ".join(words + ([year] if year else []))


def host_key(host: str) -> str:
    """'WWW.History.com.' -> 'history.com': a web source is known by its site."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _with_year(keys: set[str]) -> dict[str, str]:
    """Map a bare author key to its dated variant when the essay cites exactly one: 'service' -> 'service 2000'."""
    dated: dict[str, set[str]] = {}
    for value in keys:
        words = value.split()
        if len(words) > 1 and (words[-1][:4].isdigit() or words[-1] == "nd"):
            dated.setdefault(" ".join(words[:-1]), set()).add(value)
    return {bare: next(iter(variants)) for bare, variants in dated.items() if len(variants) == 1 and bare in keys}


def _longer_title(keys: set[str]) -> dict[str, str]:
    """Map a shortened title to the one full title it begins: 'how lenin led' -> 'how lenin led to stalin'."""
    mapping = {}
    for short in keys:
        longer = [other for other in keys if other != short and other.startswith(short + " ") and len(short.split()) >= 2]
        if len(longer) == 1:
            mapping[short] = longer[0]
    return mapping


def resolve_sources(matches: list[CitationMatch], sentence_starts: list[int]) -> list[CitationMatch]:
    """Give locator-only and ibid markers a source, and merge variants of one work within the essay.

    A locator ("(p. 77)") takes the work named by a signal phrase earlier in its sentence,
    else the previous citation's work; "(ibid.)" takes the previous citation's work.
    """
    matches = sorted(matches, key=lambda match: match.start)
    named = {source for match in matches if match.kind == NAMED for source in match.sources}
    merge = _with_year(named)
    merge.update({short: merge.get(full, full) for short, full in _longer_title(named).items()})

    resolved: list[CitationMatch] = []
    # The last citation that is not a footnote marker, and the last signal phrase of each sentence:
    # kept as the loop goes, so a run of "(ibid.)" costs no walk back over the essay.
    previous: CitationMatch | None = None
    phrases: dict[int, CitationMatch] = {}
    for match in matches:
        sentence = sentence_starts[bisect_right(sentence_starts, match.start) - 1] if sentence_starts else 0
        match = replace(match, sentence_start=sentence)
        sources = [merge.get(source, source) for source in match.sources]
        if match.kind == BARE_PAGE:
            match = replace(match, kind=LOCATOR)
        if match.kind in (LOCATOR, IBID):
            if match.kind == LOCATOR and sentence in phrases:
                sources = list(phrases[sentence].sources)
            elif previous is not None:
                sources = list(previous.sources)
        match = replace(match, source="; ".join(sources), sources=tuple(sources))
        resolved.append(match)
        if match.kind != NOTE:
            previous = match
            if match.style == "signal_phrase":
                phrases[sentence] = match
    return resolved
