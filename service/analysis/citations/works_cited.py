"""The works-cited, references, bibliography or notes list, and which of its entries the essay cites.

Each line of the list (paragraph role `works_cited`, headings aside) is an entry. An entry
is read for its note number ("[1]", "1.", "¹"), its authors' surnames ("Service, Robert.",
"Robert Service, ...", "Figes, O., & Kolonitskii, B."), its year, its title (quoted, or the
part after the authors) and a document label ("Document 3: ..."). A citation matches an
entry when a footnote marker has the entry's number, when a surname of the citation is one
of the entry's surnames (and the years agree when both give one), when its title begins the
entry's title (or the other way round), when it names the entry's document, when it
names the site of a web address in the entry ("(history.com)" and "... www.history.com/..."),
or when the entry opens with the cited name, as MLA's list is ordered by the name a
parenthesis gives ("(U.S. Library of Congress)" and "U.S. Library of Congress. ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.analysis.citations import sources as src
from service.analysis.citations.lexicon import CitationLexicon, WorksCitedLexicon
from service.analysis.citations.patterns import SUPERSCRIPT_DIGITS

_CO_AUTHOR = re.compile(r"(?:\band\b|&)\s+([A-Z][\w'’-]+(?:[ ,]+[A-Z][\w'’.-]*)*)")
_NAME_WORD = re.compile(r"^[A-Z][\w'’-]*\.?$")
# The full stop that ends the authors: not the one after an initial ("Getty, J. Arch. Origins").
_AUTHOR_END = re.compile(r"(?<![\s.][A-Z])\.(?:\s|$)|\(")
_TITLE_END = re.compile(r"\.\s|\.$|\(|,\s*\d|,\s*(?:vol|no|pp?)\.")


@dataclass
class WorksCitedEntry:
    """One entry of the list as read from its line."""

    start: int
    end: int
    text: str
    note: int | None = None
    ibid: bool = False
    surnames: tuple[str, ...] = ()
    year: str | None = None
    title: str = ""
    document: str = ""
    source: str = ""
    cited: bool = False
    year_in_parentheses: bool = False
    # Sites of the entry's web addresses ("history.com") and the key of its opening words.
    hosts: tuple[str, ...] = ()
    opening: str = ""
    # Citation source keys this entry answers for (not part of the feedback document).
    matches: list[str] = field(default_factory=list)

    def own_key(self) -> str:
        if self.note is not None:
            return f"note {self.note}"
        if self.document:
            return self.document
        if self.surnames:
            return " and ".join(self.surnames[:2]) + (f" {self.year}" if self.year and self.year_in_parentheses else "")
        return self.title or src.key(self.text)[:60]


def _strip_article(words: list[str]) -> list[str]:
    return words[1:] if words and words[0] in ("the", "a", "an") else words


class WorksCitedReader:
    """Read the entries of the list and match citations to them, with data/works_cited.json and the
    citation lexicon's keys and web addresses."""

    def __init__(self, lexicon: WorksCitedLexicon, citations: CitationLexicon):
        self.lexicon = lexicon
        self.keys = citations.keys
        self.web_address = citations.patterns.web_address_in_text

    def _surname(self, segment: str) -> str | None:
        """'Service' from 'Service', 'Robert Service', 'Lenin, V. I.'; None for a title or a sentence."""
        joiners = self.lexicon.given_name_joiners
        words = [word for word in segment.replace(",", " ").split() if word.lower().strip(".") not in joiners]
        if not words or len(words) > 4 or not all(_NAME_WORD.match(word) for word in words):
            return None
        if words[0].lower() in ("the", "a", "an"):
            return None
        names = [word for word in words if len(word.rstrip(".")) > 1]
        return src.key(names[-1]) if names else None

    def parse_entry(self, text: str, start: int) -> WorksCitedEntry:
        """Read one entry line; `start` is its offset in the essay."""
        entry = WorksCitedEntry(start=start, end=start + len(text), text=text)
        number = self.lexicon.note_number.match(text)
        body = text
        if number:
            digits = next(group for group in number.groups() if group)
            entry.note = int(digits.translate(SUPERSCRIPT_DIGITS))
            body = text[number.end() :]
        if src.key(body).startswith(self.lexicon.ibid_words):
            entry.ibid = True
            return entry
        entry.hosts = tuple(dict.fromkeys(src.host_key(match.group(1)) for match in self.web_address.finditer(body)))
        entry.opening = src.key(body.replace(".", ""))  # "U.S. Library of Congress." -> "us library of congress"
        document = self.lexicon.document.match(body)
        if document:
            entry.document = self.keys.document(document.group(1), document.group(2))
        apa_year = self.lexicon.apa_year.search(body)
        if apa_year:
            entry.year, entry.year_in_parentheses = src.key(apa_year.group(1)).replace(" ", ""), True
        else:
            years = self.lexicon.year.findall(body)
            entry.year = years[0] if years else None
        entry.surnames, entry.title = self._authors_and_title(body, apa_year, bool(document))
        return entry

    def _authors_and_title(
        self, body: str, apa_year: re.Match | None, is_document: bool
    ) -> tuple[tuple[str, ...], str]:
        """Surnames and title key of 'Service, Robert. Lenin. 2000.', 'Service, R. (2000). Lenin.',
        'Robert Service, Lenin (London, 2000), 45.', 'Service, Lenin, 45.' or '“Lenin.” Journal, 1998.'."""
        quoted = self.lexicon.quoted_title.search(body)
        surnames: list[str] = []
        rest = body
        if body.lstrip()[:1].isalpha() and not is_document:
            first_comma = body.find(",")
            first_stop = _AUTHOR_END.search(body)
            stop = first_stop.start() if first_stop else len(body)
            head = body[: first_comma if 0 <= first_comma < stop else stop]
            surname = self._surname(head)
            if surname:
                surnames.append(surname)
                after_comma = body[len(head) + 1 :] if first_comma == len(head) else ""
                given = re.match(r"[^.,(]*[.,(]?", after_comma).group() if after_comma else ""
                if len(head.split()) == 1 and given.endswith("."):
                    # "Service, Robert." / "Getty, J. Arch." - given names run to the first full stop after a word.
                    rest = body[stop:]
                else:
                    # "Robert Service, Lenin ..." or "Service, Lenin, 45.": the title follows the comma.
                    rest = after_comma
                authors_text = body[: len(body) - len(rest)] + rest[:60]
                surnames += [
                    name for name in (self._surname(m.group(1).split(",")[0]) for m in _CO_AUTHOR.finditer(authors_text))
                    if name and name not in surnames
                ][:3]
        if quoted:
            return tuple(surnames), src.key(quoted.group(1))
        if apa_year:
            rest = body[apa_year.end() :]
        rest = rest.lstrip(" .,;)")
        segment = _TITLE_END.split(rest, maxsplit=1)[0]
        return tuple(surnames), src.key(segment)

    def matches(self, source: str, entry: WorksCitedEntry) -> bool:
        """Whether a citation's source key names this entry."""
        words = source.split()
        if not words:
            return False
        if words[0] == "note" and len(words) == 2 and words[1].isdigit():
            return entry.note == int(words[1])
        if entry.ibid:
            return False
        if entry.document and (source == entry.document or source.startswith(entry.document + " ")):
            return True
        if len(words) == 1 and "." in source:
            return source in entry.hosts  # a web site: "history.com"
        year = words[-1] if words[-1][:4].isdigit() or words[-1] == "nd" else None
        names = words[:-1] if year else words
        if entry.surnames and set(names) & set(entry.surnames) - {"and"}:
            if year is None or entry.year is None or year[:4] == entry.year[:4] or year == entry.year:
                return True
            if not entry.year_in_parentheses and year[:4] in self.lexicon.year.findall(entry.text):
                return True  # MLA: "Stalin: Paradoxes of Power, 1878-1928. Penguin, 2014." - a year of the title first
        if year is None and entry.opening and (entry.opening == source or entry.opening.startswith(source + " ")):
            return True  # MLA: the entry opens with the name the parenthesis gives
        title = _strip_article(entry.title.split())
        cited = _strip_article(names)
        if title and cited:
            shorter = min(len(title), len(cited))
            return title[:shorter] == cited[:shorter] and (shorter >= 2 or len(cited) == len(title))
        return False

    def match_entries(self, entries: list[WorksCitedEntry], citation_sources: list[str]) -> None:
        """Mark each entry `cited` and give it a source key, in place."""
        previous_note: WorksCitedEntry | None = None
        for entry in entries:
            entry.matches = []
            for source in dict.fromkeys(citation_sources):
                if self.matches(source, entry):
                    entry.matches.append(source)
            entry.cited = bool(entry.matches)
            named = [source for source in entry.matches if not source.startswith("note ")]
            entry.source = entry.own_key() if entry.note is not None or not named else named[0]
            if entry.ibid and previous_note is not None:
                entry.surnames, entry.title = previous_note.surnames, previous_note.title
            if entry.note is not None and not entry.ibid:
                previous_note = entry
