"""Citations: parenthetical references, footnote markers and signal phrases, each with a source key.

Modules, one per idea:

* `patterns` - the regular expressions over raw text (markers spaCy's tokenizer does not split);
* `parenthetical` - (Trotsky), (Wood, p. 23-26), (Service, 2000, p. 45), (”How Lenin Led to Stalin”);
* `bare_parentheses` - (NOAA), (11 Facts About Veterans), (Cina, Angie): a bare name or title,
  decided with what the essay shows (it cites that way elsewhere; an acronym glossing its words is not);
* `footnotes` - [1], [12], ¹²; digits a plain-text copy glued to a word or quote; inline notes [0: ...];
* `signal_phrases` - "According to Service", "As Kotkin notes", "Document 3 shows";
* `sources` - source keys shared by every variant of one work, ibid and page-only resolution;
* `works_cited` - the list at the end and which of its entries are cited.

Two pipeline components: `citation_finder` puts the markers on `doc._.citations`;
`works_cited_matcher` puts the list's entries on `doc._.works_cited`, each marked cited or not
(a work cited through a note is cited). "According to Fitzpatrick (2008)" is one marker.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.citations.footnotes import find_footnote_markers
from service.analysis.citations.parenthetical import find_parenthetical
from service.analysis.citations.patterns import NARRATIVE_YEAR
from service.analysis.citations.signal_phrases import SignalPhraseFinder
from service.analysis.citations.sources import BARE_PAGE, CitationMatch, key, resolve_sources
from service.analysis.citations.tokens import TokenIndex
from service.analysis.citations.works_cited import WorksCitedEntry, match_entries, matches, parse_entry
from service.analysis.paragraphs import is_works_cited_heading
from service.analysis.run_in_list import wrapped_entries

__all__ = ["CitationMatch", "CitationFinder", "WorksCitedEntry", "find_citations", "normalize_source"]

for _name in ("citations", "works_cited"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def normalize_source(text: str) -> str:
    """The key of a name or title as written: '”Russian History 1905-30″' -> 'russian history 1905-30'."""
    return key(text)


def _works_cited_ranges(doc: Doc) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in doc._.paragraphs or [] if p.role == "works_cited"]


class CitationFinder:
    """Find every citation marker of a parsed essay."""

    def __init__(self, nlp: Language, name: str = "citation_finder"):
        self.name = name
        self.signal_phrases = SignalPhraseFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.citations = find_citations(doc, self.signal_phrases)
        return doc


def find_citations(doc: Doc, signal_phrases: SignalPhraseFinder) -> list[CitationMatch]:
    """Parenthetical, footnote and signal-phrase citations outside the works-cited list, sources resolved."""
    skip = _works_cited_ranges(doc)
    paragraph_starts = sorted(p.start for p in doc._.paragraphs or [])
    tokens = TokenIndex(doc)
    # The first word of each entry of the list: "(Service, Lenin)" names an author the list has.
    entries = [entry for start, end in skip for entry in wrapped_entries(tokens.text, start, end)]
    listed = frozenset(words[0] for start, end in entries if (words := key(tokens.text[start:end]).split()))
    headings = [(p.start, p.end) for p in doc._.paragraphs or [] if p.role in ("title", "heading")]
    parsed = [parse_entry(tokens.text[start:end], start) for start, end in entries]
    markers = find_parenthetical(tokens, skip, paragraph_starts, listed, headings, parsed)
    notes = {entry.note for entry in parsed}
    markers += find_footnote_markers(tokens.text, set(paragraph_starts), skip, frozenset(n for n in notes if n is not None))
    # A signal phrase in a sentence that also cites that author in a marker shares the marker's source.
    cited: dict[int, list[CitationMatch]] = {}
    for marker in markers:
        cited.setdefault(tokens.sentence_at(marker.start), []).append(marker)
    known = {source.split()[0] for marker in markers for source in marker.sources if source}
    for start, end in entries:
        known.update(key(tokens.text[start:end]).split()[:2])
    phrases = signal_phrases(doc, tokens, cited, known)
    phrases, markers = _narrative_citations(phrases, markers, tokens.text)
    # "(45)" with no quotation before it cites a page only after a signal phrase in its sentence.
    with_phrase = {tokens.sentence_at(phrase.start) for phrase in phrases}
    markers = [m for m in markers if m.kind != BARE_PAGE or tokens.sentence_at(m.start) in with_phrase]
    return resolve_sources(markers + phrases, tokens.sentence_chars)


def _narrative_citations(
    phrases: list[CitationMatch], markers: list[CitationMatch], text: str
) -> tuple[list[CitationMatch], list[CitationMatch]]:
    """'According to Fitzpatrick (2008)': the phrase and the year that dates its author's work are ONE marker,
    the phrase's span up to the parenthesis, the source the dated work."""
    by_start = {marker.start: marker for marker in markers if marker.style == "parenthetical"}
    joined, merged = [], set()
    for phrase in phrases:
        gap = len(text[phrase.end : phrase.end + 3]) - len(text[phrase.end : phrase.end + 3].lstrip(" \t\u00a0"))
        year = NARRATIVE_YEAR.match(text, phrase.end + gap)
        names = [source for source in phrase.sources if not source.split()[-1][:4].isdigit()]
        if year is not None and len(phrase.sources) == 1:
            marker = by_start.get(year.start())
            dated = marker.sources if marker is not None else tuple(f"{name} {year.group(1)}" for name in names)
            if dated and all(source.rsplit(" ", 1)[0] in {s.rsplit(" ", 1)[0] for s in phrase.sources} for source in dated):
                merged.add(year.start())
                phrase = replace(phrase, end=year.end(), source="; ".join(dated), sources=tuple(dated))
        joined.append(phrase)
    return joined, [marker for marker in markers if marker.start not in merged]


@Language.factory("citation_finder")
def make_citation_finder(nlp: Language, name: str) -> CitationFinder:
    return CitationFinder(nlp, name)


@Language.component("works_cited_matcher")
def works_cited_matcher(doc: Doc) -> Doc:
    """Read the works-cited or notes list into `doc._.works_cited` and mark the entries the essay cites."""
    listed = [p for p in doc._.paragraphs or [] if p.role == "works_cited"]
    text = doc.text if listed else ""
    # A line with no word ("(", "--") names no work: it is no entry. A hard-wrapped paragraph may hold several.
    entries = [
        parse_entry(text[start:end], start)
        for p in listed
        if not is_works_cited_heading(text[p.start : p.end])
        for start, end in wrapped_entries(text, p.start, p.end)
        if key(text[start:end])
    ]
    citations = doc._.citations or []
    match_entries(entries, [source for citation in citations for source in citation.sources])
    # "(Lenin qtd. in Service 45)": the list owes an entry to Service, the work read; Lenin is
    # answered for by that entry, as MLA and APA list only the work the quotation was found in.
    quoted = [pair for citation in citations for pair in citation.quoted]
    for entry in entries:
        entry.matches += [original for original, via in quoted if matches(via, entry) and original not in entry.matches]
    _cited_through_notes(entries, [source for citation in citations for source in citation.sources])
    doc._.works_cited = entries
    return doc


def _cited_through_notes(entries: list[WorksCitedEntry], sources: list[str]) -> None:
    """A work cited through a note is cited: the bibliography after the notes is not a list of unread works.

    With a numbered notes list, a bibliography entry is cited when a cited note names its author or
    title. With note markers and no numbered list (the notes were lost on the way: a word
    processor's footnotes pasted as plain text), the bibliography answers for every note marker:
    which entry each note cites cannot be known, and none is shown as uncited.
    """
    notes = [entry for entry in entries if entry.note is not None and entry.cited and not entry.ibid]
    works = [entry for entry in entries if entry.note is None]
    if notes:
        for work in works:
            for note in notes:
                named = [*note.surnames, *([note.title] if note.title else [])]
                if any(matches(key, work) for key in named):
                    work.matches += [source for source in note.matches if source not in work.matches]
                    work.cited = True
    elif works and not any(entry.note is not None for entry in entries):
        marked = list(dict.fromkeys(source for source in sources if source.startswith("note ")))
        for work in works if marked else []:
            work.matches += [source for source in marked if source not in work.matches]
            work.cited = True
