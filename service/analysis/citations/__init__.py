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

from service.analysis.citations.bare_parentheses import BareParentheses
from service.analysis.citations.footnotes import FootnoteFinder
from service.analysis.citations.lexicon import CitationLexicon, SignalLexicon, WorksCitedLexicon
from service.analysis.citations.parenthetical import ParentheticalFinder
from service.analysis.citations.signal_phrases import SignalPhraseFinder
from service.analysis.citations.sources import BARE_PAGE, CitationMatch, key, resolve_sources
from service.analysis.citations.tokens import TokenIndex
from service.analysis.citations.works_cited import WorksCitedEntry, WorksCitedReader
from service.analysis.lexicons import LexiconComponent
from service.analysis.paragraphs import EssayParts
from service.analysis.run_in_list import RunInList
from service.analysis.span_groups import char_offsets, covering_span, group, register_doc_getters

__all__ = ["CitationMatch", "CitationFinder", "WorksCitedEntry", "WorksCitedMatcher", "normalize_source"]


def citations_of(doc: Doc) -> list[CitationMatch] | None:
    """`doc._.citations`: the markers of doc.spans["citations"]."""
    spans = group(doc, "citations")
    if spans is None:
        return None
    return [
        CitationMatch(
            *char_offsets(span, "citations"),
            style=span._.style,
            source=span._.source,
            sources=tuple(span._.sources),
            kind=span._.kind,
            quoted=tuple((original, via) for original, via in span._.quoted),
            unresolved=tuple(span._.unresolved or ()),
        )
        for span in spans
    ]


def works_cited_of(doc: Doc) -> list[WorksCitedEntry] | None:
    """`doc._.works_cited`: the entries of doc.spans["works_cited"], each with the sources it answers for."""
    spans = group(doc, "works_cited")
    if spans is None:
        return None
    text = doc.text
    entries = []
    for span in spans:
        start, end = char_offsets(span, "works_cited")
        entry = WorksCitedEntry(start, end, text[start:end], note=span._.note, source=span._.source, cited=span._.cited)
        entry.matches = list(span._.matches)
        entries.append(entry)
    return entries


register_doc_getters({"citations": citations_of, "works_cited": works_cited_of})


def normalize_source(text: str) -> str:
    """The key of a name or title as written: '”Russian History 1905-30″' -> 'russian history 1905-30'."""
    return key(text)


def _works_cited_ranges(doc: Doc) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in doc._.paragraphs or [] if p.role == "works_cited"]


def _list_readers(lexicons: dict[str, dict]) -> tuple[CitationLexicon, WorksCitedReader, RunInList]:
    """The citation lexicon, and the readers of the works-cited list's entries, both components read."""
    citations = CitationLexicon.from_lexicon(lexicons["citations"])
    entries = WorksCitedReader(WorksCitedLexicon.from_lexicon(lexicons["works_cited"]), citations)
    return citations, entries, RunInList.from_lexicons(lexicons["run_in_list"], lexicons["essay_parts"]["works_cited_headings"])


class CitationFinder(LexiconComponent):
    """Find every citation marker of a parsed essay.

    Its word lists and patterns (LEXICONS) are read in `initialize()`, or by `from_disk` from
    a saved pipeline. The finders live as long as the pipeline and may serve several threads
    at once: what belongs to one essay is passed from call to call, never kept on them.
    """

    # The list's headings (essay_parts) and entries (run_in_list) as the paragraph finder reads them.
    LEXICONS = ("citations", "signal_phrases", "works_cited", "essay_parts", "run_in_list")

    def __init__(self, nlp: Language, name: str = "citation_finder"):
        self.nlp = nlp
        self.name = name

    def _build(self, lexicons: dict[str, dict]) -> None:
        citations, self.works_cited, self.run_in_list = _list_readers(lexicons)
        signals = SignalLexicon.from_lexicon(lexicons["signal_phrases"])
        self.citations = citations
        self.narrative_year = citations.patterns.narrative_year
        # Sources that name no work: "(p. 4)" first in an essay, "the author argues" with nothing cited before.
        self.unresolved = frozenset({citations.keys.unattributed, "ibid", *signals.anaphoric_source_nouns})
        self.footnotes = FootnoteFinder(citations)
        bare = BareParentheses(citations, signals, self.works_cited)
        self.parenthetical = ParentheticalFinder(citations, signals, bare)
        self.signal_phrases = SignalPhraseFinder(self.nlp, signals, citations)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in self.find(doc):
            span = covering_span(doc, match.start, match.end, "citations")
            span._.style, span._.source, span._.sources = match.style, match.source, list(match.sources)
            span._.kind, span._.quoted = match.kind, [list(pair) for pair in match.quoted]
            span._.unresolved = [source for source in match.sources or (match.source,) if source in self.unresolved]
            spans.append(span)
        doc.spans["citations"] = spans
        return doc

    def find(self, doc: Doc) -> list[CitationMatch]:
        """Parenthetical, footnote and signal-phrase citations outside the works-cited list, sources resolved."""
        skip = _works_cited_ranges(doc)
        paragraph_starts = sorted(p.start for p in doc._.paragraphs or [])
        tokens = TokenIndex(doc)
        # The first word of each entry of the list: "(Service, Lenin)" names an author the list has.
        entries = [entry for start, end in skip for entry in self.run_in_list.wrapped_entries(tokens.text, start, end)]
        listed = frozenset(words[0] for start, end in entries if (words := key(tokens.text[start:end]).split()))
        headings = [(p.start, p.end) for p in doc._.paragraphs or [] if p.role in ("title", "heading")]
        parsed = [self.works_cited.parse_entry(tokens.text[start:end], start) for start, end in entries]
        markers = self.parenthetical.find(tokens, skip, paragraph_starts, listed, headings, parsed)
        notes = {entry.note for entry in parsed}
        markers += self.footnotes.find(tokens.text, set(paragraph_starts), skip, frozenset(n for n in notes if n is not None))
        # A signal phrase in a sentence that also cites that author in a marker shares the marker's source.
        cited: dict[int, list[CitationMatch]] = {}
        for marker in markers:
            cited.setdefault(tokens.sentence_at(marker.start), []).append(marker)
        known = {source.split()[0] for marker in markers for source in marker.sources if source}
        for start, end in entries:
            known.update(key(tokens.text[start:end]).split()[:2])
        phrases = self.signal_phrases(doc, tokens, cited, known)
        phrases, markers = self._narrative_citations(phrases, markers, tokens.text)
        # "(45)" with no quotation before it cites a page only after a signal phrase in its sentence.
        with_phrase = {tokens.sentence_at(phrase.start) for phrase in phrases}
        markers = [m for m in markers if m.kind != BARE_PAGE or tokens.sentence_at(m.start) in with_phrase]
        return resolve_sources(markers + phrases, tokens.sentence_chars)

    def _narrative_citations(
        self, phrases: list[CitationMatch], markers: list[CitationMatch], text: str
    ) -> tuple[list[CitationMatch], list[CitationMatch]]:
        """'According to Fitzpatrick (2008)': the phrase and the year that dates its author's work are ONE marker,
        the phrase's span up to the parenthesis, the source the dated work."""
        by_start = {marker.start: marker for marker in markers if marker.style == "parenthetical"}
        joined, merged = [], set()
        for phrase in phrases:
            gap = len(text[phrase.end : phrase.end + 3]) - len(text[phrase.end : phrase.end + 3].lstrip(" \t\u00a0"))
            year = self.narrative_year.match(text, phrase.end + gap)
            names = [source for source in phrase.sources if not source.split()[-1][:4].isdigit()]
            if year is not None and len(phrase.sources) == 1:
                marker = by_start.get(year.start())
                dated = marker.sources if marker is not None else tuple(f"{name} {year.group(1)}" for name in names)
                if dated and all(source.rsplit(" ", 1)[0] in {s.rsplit(" ", 1)[0] for s in phrase.sources} for source in dated):
                    merged.add(year.start())
                    phrase = replace(phrase, end=year.end(), source="; ".join(dated), sources=tuple(dated))
            joined.append(phrase)
        return joined, [marker for marker in markers if marker.start not in merged]


@Language.factory(
    "citation_finder",
    requires=["doc._.paragraphs", "token.lemma", "token.tag", "token.dep", "doc.ents"],
    assigns=[
        "doc._.citations", "span._.style", "span._.source", "span._.sources", "span._.kind", "span._.quoted",
        "span._.unresolved",
    ],
)
def make_citation_finder(nlp: Language, name: str) -> CitationFinder:
    return CitationFinder(nlp, name)


class WorksCitedMatcher(LexiconComponent):
    """Read the works-cited or notes list into `doc._.works_cited` and mark the entries the essay cites.

    Its word lists and patterns (LEXICONS) are read in `initialize()`, or by `from_disk` from
    a saved pipeline.
    """

    # The list's headings (essay_parts) and entries (run_in_list) as the paragraph finder reads them.
    LEXICONS = ("citations", "works_cited", "essay_parts", "run_in_list")

    def __init__(self, nlp: Language, name: str = "works_cited_matcher"):
        self.name = name

    def _build(self, lexicons: dict[str, dict]) -> None:
        _, self.works_cited, self.run_in_list = _list_readers(lexicons)
        self.parts = EssayParts.from_lexicon(lexicons["essay_parts"])

    def __call__(self, doc: Doc) -> Doc:
        listed = [p for p in doc._.paragraphs or [] if p.role == "works_cited"]
        text = doc.text if listed else ""
        # A line with no word ("(", "--") names no work: it is no entry. A hard-wrapped paragraph may hold several.
        entries = [
            self.works_cited.parse_entry(text[start:end], start)
            for p in listed
            if not self.parts.is_works_cited_heading(text[p.start : p.end])
            for start, end in self.run_in_list.wrapped_entries(text, p.start, p.end)
            if key(text[start:end])
        ]
        citations = doc._.citations or []
        self.works_cited.match_entries(entries, [source for citation in citations for source in citation.sources])
        # "(Lenin qtd. in Service 45)": the list owes an entry to Service, the work read; Lenin is
        # answered for by that entry, as MLA and APA list only the work the quotation was found in.
        quoted = [pair for citation in citations for pair in citation.quoted]
        for entry in entries:
            entry.matches += [
                original for original, via in quoted if self.works_cited.matches(via, entry) and original not in entry.matches
            ]
        self._cited_through_notes(entries, [source for citation in citations for source in citation.sources])
        spans = []
        for entry in entries:
            span = covering_span(doc, entry.start, entry.end, "works_cited")
            span._.note, span._.source, span._.cited, span._.matches = entry.note, entry.source, entry.cited, list(entry.matches)
            spans.append(span)
        doc.spans["works_cited"] = spans
        return doc

    def _cited_through_notes(self, entries: list[WorksCitedEntry], sources: list[str]) -> None:
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
                    if any(self.works_cited.matches(name, work) for name in named):
                        work.matches += [source for source in note.matches if source not in work.matches]
                        work.cited = True
        elif works and not any(entry.note is not None for entry in entries):
            marked = list(dict.fromkeys(source for source in sources if source.startswith("note ")))
            for work in works if marked else []:
                work.matches += [source for source in marked if source not in work.matches]
                work.cited = True


@Language.factory(
    "works_cited_matcher",
    requires=["doc._.paragraphs", "doc._.citations"],
    assigns=["doc._.works_cited", "span._.note", "span._.source", "span._.cited", "span._.matches"],
)
def make_works_cited_matcher(nlp: Language, name: str) -> WorksCitedMatcher:
    return WorksCitedMatcher(nlp, name)
