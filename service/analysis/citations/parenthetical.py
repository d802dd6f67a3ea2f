"""Parenthetical citations: MLA (Wood, p. 23-26), APA/Harvard (Service, 2000, p. 45), titles, documents.

A parenthesis is a citation when every work in it (works are separated by ";" or "qtd. in")
is one of: a quoted title (an opening or a closing mark is enough: (Russian History 1905-30″));
a document label (Source 2), (Doc. B), (Doc #3), (Documents 2 and 3); a locator alone (p. 77),
(paragraph 3); ibid.; a web address (https://www.history.com/...), (history.com); or author
names, capitalised, with an optional year and page, and an optional title after a comma
(Lenin, State and Revolution). An organisation that publishes sources is an author too:
(U.S. Library of Congress), (BBC). It is not a citation when it is an aside or an apposition
(lower-case words, "the ...", "e.g.", (Lenin, Chairman of Sovnarkom)), a date or date range,
an acronym (NEP), a place or a month, a bare number, or a pointer inside the essay
(see Appendix 2). A bare name with neither year nor page only counts at the end of a clause
("... (Trotsky).", not "the police (Cheka) arrested").

Several works in one parenthesis, "(Service 2000; Fitzpatrick 2008)", are one marker whose
`sources` lists every work, as a reader sees one citation there; "(Documents 2 and 3)" too.
A lower-case author is a typo the finder forgives only where nothing else fits: before a
comma and a year "(service, 2000)", or when the essay's list starts an entry with that name.

What this module rejects may still name a source bare, "(NOAA)", "(11 Facts About Veterans)":
bare_parentheses.py decides those with the whole essay. "(see Lenin, Complete Works (5th
edition), vol. 45)" is one citation, its inner parentheses none; "(2000, p. 191)" after a
narrative citation "Fitzpatrick (2008)" is the narrated author's work of 2000.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from service.analysis.citations import sources as src
from service.analysis.citations.bare_parentheses import BareParentheses, BareParenthesis
from service.analysis.citations.lexicon import CitationLexicon, SignalLexicon
from service.analysis.citations.tokens import TokenIndex

_WORD = re.compile(r"[^\s,]+")
# Works in one parenthesis: "(Pipes, 1990; Figes, 1996)", "(Lenin, 1918, as cited in Pipes, 1990)".
_WORK_SEPARATOR = re.compile(r";|,?\s*(?:as\s+)?(?:cited|quoted|qtd\.?)\s+in\s+", re.IGNORECASE)


def _strip_prefix(text: str, prefixes: dict[str, list[str]]) -> tuple[str, str | None]:
    lowered = text.lower()
    for prefix in prefixes.get(lowered[:1], ()):
        if lowered.startswith(prefix):
            rest = text[len(prefix) :]
            if len(prefix) == 2 and prefix[1] == "." and not rest.lstrip()[:1].isdigit():
                continue  # "r. 1924-53", "c. 1920" are dates; "(R. Service, 2000)" is an initial
            if not rest or not (rest[0].isalnum()) or not prefix[-1].isalnum():
                return rest.lstrip(" ,:"), prefix
    return text, None


class _Author:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.name_offsets: list[int] = []
        self.year: str | None = None
        self.page = False
        self.titled = False
        self.corporate = False
        self.more_years: list[str] = []
        self.last_kind = ""


def _names_people(words: str, offset: int, tokens: TokenIndex) -> bool:
    """Whether the capitalised words of `words` (starting at `offset`) are all people to spaCy."""
    found = [tokens.at(offset + match.start()) for match in _WORD.finditer(words) if match.group()[:1].isupper()]
    return bool(found) and all(token is not None and token.ent_type_ == "PERSON" for token in found)


def _surname_only(author: _Author, tokens: TokenIndex) -> list[str]:
    """(Robert Service, 2000), (R. Service 45) -> ['Service']: a person's given names and initials are not the key."""
    names = [name for name in author.names if len(name.strip(".")) > 1 or not name[:1].isupper()] or author.names
    if author.corporate:
        return [name.replace(".", "") for name in author.names]  # "U.S." -> "us"
    if len(names) < 2 or any(name in ("and", "&") for name in names):
        return names
    if any(not name[:1].isupper() for name in names):
        return names  # "de", "of": a particle or a title word
    people = [tokens.at(offset) for offset in author.name_offsets]
    if len(names) <= 3 and all(token is not None and token.ent_type_ == "PERSON" for token in people):
        return names[-1:]
    return names


class _Inside:
    """Whether an offset falls inside one of some non-overlapping spans, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def __call__(self, offset: int) -> bool:
        index = bisect_left(self.starts, offset) - 1
        return index >= 0 and self.spans[index][0] < offset < self.spans[index][1]


def _quoted_in(results: list, separators: list[re.Match | None]) -> tuple[tuple[str, str], ...]:
    """(original, work it is quoted in) of "(Lenin qtd. in Service 45)": ("lenin", "service")."""
    pairs = []
    for index, separator in enumerate(separators[:-1]):
        if separator is not None and separator.group().strip() != ";":
            pairs += [(original, via) for original in results[index][0] if original for via in results[index + 1][0][:1] if via]
    return tuple(pairs)


def _expands_acronym(text: str, start: int, inner: str) -> bool:
    """'NEP (New Economic Policy)', 'UNRRA ( United Nations Relief and Rehabilitation Administration)'."""
    before = text[max(0, start - 12) : start].split()
    if not before:
        return False
    acronym = before[-1].strip(".,;:’'s")
    initials = "".join(word[0] for word in inner.split() if word[:1].isupper())
    return len(acronym) >= 2 and acronym.isupper() and initials == acronym


class ParentheticalFinder:
    """Find the parenthetical citations of an essay with the citation and signal-phrase lexicons;
    a bare name or title goes to `bare` (bare_parentheses.py)."""

    def __init__(self, citations: CitationLexicon, signals: SignalLexicon, bare: BareParentheses):
        self.patterns = citations.patterns
        self.keys = citations.keys
        self.bare = bare
        self.quote_marks = citations.quote_marks
        self.quote_chars = "".join(citations.quote_marks)
        self.closing_quotes = citations.closing_quotes
        self.clause_end_after = citations.clause_end_after
        self.ibid_words = citations.ibid_words
        self.source_prefixes = citations.source_prefixes
        self.non_citation_prefixes = citations.non_citation_prefixes
        self.document_cues = citations.document_cues
        self.particles = citations.name_particles
        self.function_words = citations.title_function_words
        self.joiners = citations.author_joiners
        self.et_al = citations.et_al
        self.articles = citations.leading_articles
        self.months = citations.month_words
        self.not_author_entities = citations.not_author_entities
        self.max_name_words = citations.max_name_words
        self.max_title_words = citations.max_title_words
        self.role_nouns = citations.role_nouns
        self.publisher_words = citations.publisher_words
        self.source_acronyms = citations.source_acronyms
        self.internal_parts = citations.internal_parts
        self.reporting_verbs = signals.reporting_verbs

    def find(
        self,
        tokens: TokenIndex,
        skip: list[tuple[int, int]],
        paragraph_starts: list[int],
        listed: frozenset[str] = frozenset(),
        headings: list[tuple[int, int]] = (),
        entries: list = (),
    ) -> list[src.CitationMatch]:
        """Every parenthetical citation outside the `skip` ranges (the works-cited list).

        `paragraph_starts` are the paragraphs' start offsets, in order; `listed` holds the first
        words (keys) of the list's entries and `entries` the entries read (works_cited.py); in
        `headings` (the title and headings) only a parenthesis with a year, page, quoted title or
        document label is a citation.
        """
        text = tokens.text
        found = []
        # Bare names and titles, "(NOAA)", "(11 Facts About Veterans)": decided with the whole essay (bare_parentheses.py).
        candidates: list[BareParenthesis] = []
        bare_cited = 0  # bare names found at a sentence's end: "(Trotsky)."
        narrator = ""  # the author of the last narrative citation, "Fitzpatrick (2008)"
        # "[Service, 2000]" counts only with a year, page or document label: "[sic]", "[12]" and
        # "[to be taken]" are not references (footnotes.py reads "[12]").
        nested = self._see_works(text, skip, paragraph_starts)
        found += [match for match, _ in nested if match is not None]
        inside = _Inside([span for _, span in nested])
        enclosed = [(match, False) for match in self.patterns.parenthesis.finditer(text) if not inside(match.start())]
        enclosed += [(match, True) for match in self.patterns.bracketed_reference.finditer(text)]
        for match, bracketed in enclosed:
            start, end = match.span()
            if any(low <= start < high for low, high in skip) or (bracketed and self.patterns.inline_note.fullmatch(match.group())):
                continue  # the list, or a note exported inline "[2: Service, Lenin, 45]" (footnotes.py)
            if bisect_left(paragraph_starts, end) - bisect_right(paragraph_starts, start):
                # Over a line break inside a paragraph (hard-wrapped text: "(Fitzpatrick\n2008:165)"),
                # never into the next paragraph.
                continue
            inner = match.group(1)
            if _expands_acronym(text, start, inner):
                continue
            # "(e.g. the Kronstadt rebellion)" is an aside; "(e.g., Service, 2000; Figes, 1996)" is APA's
            # way of citing examples: after such a prefix only dated authors, documents or titles count.
            content, non_citation = _strip_prefix(inner.strip(), self.non_citation_prefixes)
            content, prefix = _strip_prefix(content, self.source_prefixes)
            if content.split(None, 1)[:1] and content.split(None, 1)[0].lower() in self.internal_parts:
                continue  # "(see Appendix 2)": a part of the essay itself
            offset = start + 1 + inner.find(content) if content else start + 1
            results, position = [], offset
            separators = [*_WORK_SEPARATOR.finditer(content), None]
            for separator in separators:
                part_end = separator.start() if separator else len(content)
                part = content[position - offset : part_end]
                results.append(self._part_sources(part, position, tokens, listed) or self._another_year(part, results))
                position = offset + (separator.end() if separator else len(content))
            if non_citation and not (results and all(result and result[2] for result in results)):
                continue
            if prefix and prefix.endswith(":") and not all(results) and content[:1].isupper():
                results = [([src.key(content)], src.NAMED, True)]  # "(Source: BBC)": named a source outright
            if bracketed:
                if all(results) and all(result[2] and all(result[0]) for result in results):
                    found.append(self.keys.match(start, end, "parenthetical", [k for r in results for k in r[0]], src.NAMED))
                continue
            in_heading = any(low <= start < high for low, high in headings)
            if all(results) and results:
                strong = all(result[2] for result in results)
                if not strong and (in_heading or not (self._at_clause_end(text, end, paragraph_starts) or self._after_quote(text, start))):
                    candidate = None if in_heading else self.bare.candidate(content, start, end, tokens, paragraph_starts)
                    candidates += [candidate] if candidate else []
                    continue
                bare_cited += not strong
                kinds = {result[1] for result in results}
                kind = src.NAMED if src.NAMED in kinds else kinds.pop()
                match = self.keys.match(start, end, "parenthetical", [k for r in results for k in r[0] if k], kind)
                found.append(replace(match, quoted=_quoted_in(results, separators)))
                continue
            narrative = self._narrative_year(text, start, end, tokens)
            if narrative:
                found.append(self.keys.match(start, end, "parenthetical", [narrative]))
                narrator = narrative.rsplit(" ", 1)[0]
            elif narrator and self._year_and_page(content):
                # "Fitzpatrick (2008) ... later (2000, p. 191)": another work of the author named before.
                found.append(self.keys.match(start, end, "parenthetical", [f"{narrator} {content.split(',')[0].strip()}"]))
            elif self._bare_page(content) and self._at_clause_end(text, end, paragraph_starts):
                # "(45)" cites a page after a quotation, or after a signal phrase (checked by the caller).
                kind = src.LOCATOR if self._after_quote(text, start) else src.BARE_PAGE
                found.append(self.keys.match(start, end, "parenthetical", [], kind))
            elif not in_heading and not non_citation:
                candidate = self.bare.candidate(content, start, end, tokens, paragraph_starts)
                candidates += [candidate] if candidate else []
        cited = {src.key(text[match.start + 1 : match.end - 1]) for match in found}
        accepted = self.bare.accept(candidates, cited, bare_cited, listed, tokens, entries)
        found += [self.keys.match(c.start, c.end, "parenthetical", list(c.keys)) for c in accepted]
        return sorted(found, key=lambda match: match.start)

    def _is_quote_mark(self, text: str, index: int) -> bool:
        """A quote mark, not an apostrophe inside a word (Lenin's, o'clock)."""
        char = text[index]
        if char not in self.quote_marks:
            return False
        if char in ("'", "’"):
            before = text[index - 1] if index > 0 else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            return not (before.isalnum() and after.isalnum()) and not (before.isalpha() and after in " s")
        return True

    def _quoted_title(self, part: str) -> str | None:
        """The title of '”How Lenin Led to Stalin”', 'Russian History 1905-30″' or '"Lenin," 12'."""
        marks = [index for index in range(len(part)) if self._is_quote_mark(part, index)]
        if not marks:
            return None
        last = marks[-1]
        title, rest = part[:last], part[last + 1 :]
        if len(marks) == 1 and last == 0:
            title, rest = part[1:], ""
        title = title.strip().lstrip(self.quote_chars).strip().rstrip(",.")
        rest = rest.strip(" ,.")
        if rest and not (self.patterns.locator.fullmatch(rest) or self.patterns.page_number.match(rest) or self.patterns.year.match(rest)):
            return None
        if not title or not (title[0].isupper() or title[0].isdigit()) or len(title.split()) > self.max_title_words:
            return None
        return src.key(title)

    def _document(self, part: str) -> list[str]:
        """'Source 2', 'Doc. B, para. 3' -> ['document b']; 'Doc #3' -> ['document 3']; 'Documents 2 and 3' -> two keys."""
        words = self.patterns.locator.sub(" ", part).strip(" ,.;:").split(None, 1)
        if len(words) != 2 or words[0].lower() not in self.document_cues:
            return []
        labels = [self.patterns.document_label.match(label) for label in self.patterns.label_separator.split(words[1].strip(" ,"))]
        if not labels or not all(labels):
            # "Document A: Lenin's Testament", "Source 3 - Stalin's speech": a label, then the document's title.
            label, *title = self.patterns.document_title_separator.split(words[1], 1)
            labels = [self.patterns.document_label.match(label.strip())]
            if not title or not labels[0]:
                return []
        return [self.keys.document(words[0], label.group(1)) for label in labels]

    def _author(self, part: str, offset: int, tokens: TokenIndex, listed: frozenset[str] = frozenset()) -> _Author | None:
        """Author names, year and page of 'Figes and Kolonitskii, 1999' or 'Wood, p. 23-26'.

        `listed` holds the first words of the essay's works-cited entries: a name there is an author.
        """
        located = self.patterns.locator.search(part) is not None or self.patterns.colon_page.search(part) is not None
        cleaned = self.patterns.colon_page.sub(" ", self.patterns.locator.sub(lambda m: " " * len(m.group()), part))
        author = _Author()
        author.page = located
        title_follows = False
        for match in _WORD.finditer(cleaned):
            if title_follows:
                break
            word = match.group().strip(".;:")
            lowered = match.group().lower()
            if not word:
                continue
            if (self.patterns.year.match(word) or self.patterns.reprint_year.match(word)) and author.year is None:
                author.year, author.last_kind = word.split("/")[0], "year"
            elif self.patterns.year.match(word) and author.last_kind == "year":
                author.more_years.append(word)  # "(Service 2000, 2004)": two works of one author
            elif lowered in ("n.d.", "n.d", "nd"):
                author.year, author.last_kind = "nd", "year"
            elif self.patterns.page_number.match(word) and author.names:
                author.page, author.last_kind = True, "page"
            elif lowered in self.et_al or lowered.rstrip(".") in self.et_al:
                author.last_kind = "et_al"
            elif author.names and author.last_kind != "year" and (lowered in self.joiners or lowered in self.function_words):
                author.names.append("and" if lowered in self.joiners else lowered)
                author.last_kind = "joiner"
            elif lowered in self.particles and author.last_kind not in ("year", "page"):
                author.names.append(lowered)
                author.name_offsets.append(offset + match.start())
                author.last_kind = "particle"
            elif word[0].isupper() and author.last_kind not in ("year", "page"):
                author.names.append(word)
                author.name_offsets.append(offset + match.start())
                author.last_kind = "name"
                comma = cleaned[match.end() : match.end() + 2].startswith(",")
                rest = cleaned[match.end() + 1 :].strip()
                # (Service, Lenin 367): MLA's author and short title; the work is the author's.
                title_follows = comma and rest[:1].isupper() and not self.patterns.year.match(rest.split()[0].strip(".,")) and not author.year
                if title_follows and self.patterns.page_number.match(rest.split()[-1].strip(".,")):
                    author.page = True
                if title_follows:
                    rest_start = offset + cleaned.index(rest, match.end())
                    author.titled = self._is_title(rest, rest_start, tokens, src.key(word) in listed)
                    last = rest.split()[-1].strip(".,;:")
                    if author.titled and self.patterns.year.match(last):
                        author.year = last  # (Kotkin, Stalin: Paradoxes of Power, 2014): the work's year
            else:
                return None
        if not author.name_offsets or author.last_kind in ("joiner", "particle"):
            return None
        if author.names[-1] in self.function_words or author.names[-1] == "and":
            return None
        capitalised = [name for name in author.names if name[:1].isupper()]
        if len(capitalised) > self.max_name_words or not capitalised:
            return None
        first = capitalised[0]
        if first.lower() in self.months:
            return None
        if first.lower() in self.articles and (len(capitalised) < 3 or author.year):
            return None
        # (U.S. Library of Congress), (BBC News), (BBC): an organisation that publishes sources;
        # or a name the essay's list opens an entry with.
        author.corporate = (
            any(name.lower() in self.publisher_words for name in capitalised)
            or (len(capitalised) == 1 and first.lower() in self.source_acronyms)
            or src.key(first) in listed
        )
        if author.corporate:
            return author
        if all(name.isupper() and len(name) > 1 for name in capitalised) and not author.page:
            return None  # (NEP), (USSR 1922): an acronym
        token = tokens.at(author.name_offsets[0])
        if token is not None and token.ent_type_ in self.not_author_entities and not (author.page or author.year):
            return None  # (Russia), (Kronstadt); with a year or page spaCy's small model is too unsure of names
        return author

    def _is_title(self, rest: str, offset: int, tokens: TokenIndex, author_listed: bool) -> bool:
        """Whether `rest`, after "Author," in a parenthesis, is the title of a work.

        (Lenin, State and Revolution), (Applebaum, Red Famine), (Trotsky, The Revolution Betrayed)
        are titles; (Stalin, Zinoviev and Kamenev) and (Lenin, Trotsky) list people, one word each;
        (Lenin, Chairman of Sovnarkom) and (Trotsky, Red Army) are appositions (a role or a body).
        A one-word title (Service, Lenin) counts when the essay's list has an entry by that author.
        """
        words = [word.strip(".,:;!?") for word in rest.split()]
        words = [word for word in words if word and not self.patterns.page_number.match(word) and not self.patterns.year.match(word)]
        content = [word for word in words if word.lower() not in self.articles]
        if not content or content[0].lower() in self.role_nouns or content[-1].lower() in self.role_nouns:
            return False
        if author_listed:
            return True
        items = [
            [word for word in item.split() if word.strip(".,:;!?") in words] for item in self.patterns.label_separator.split(rest)
        ]
        items = [item for item in items if item]
        if all(len(item) == 1 for item in items) and not any(word.lower() in self.function_words - self.joiners for word in words):
            # (Stalin, Zinoviev and Kamenev), (Lenin, Trotsky): people, one name each - unless
            # spaCy reads "State and Revolution" as one name, its "and" inside the entity.
            joiners = [tokens.at(offset + match.start()) for match in _WORD.finditer(rest) if match.group().lower() in self.joiners]
            if not joiners or not all(token is not None and token.ent_iob_ == "I" for token in joiners):
                return False
        places = [tokens.at(offset + match.start()) for match in _WORD.finditer(rest) if match.group()[:1].isupper()]
        if places and all(token is not None and token.ent_type_ in ("GPE", "LOC") for token in places):
            return False  # a place named after the author, not a title
        return not _names_people(rest, offset, tokens)

    def _at_clause_end(self, text: str, end: int, paragraph_starts: list[int]) -> bool:
        rest = text[end : end + 3].lstrip(" \t\u00a0")
        if not rest or rest[0] in self.clause_end_after:
            return True
        if rest[0] not in "\r\n\u2028\u2029":
            return False
        # A line break ends the clause where its paragraph ends, not inside a hard-wrapped one:
        # "the Communist International (Comintern)\nin 1919".
        visible = end
        while visible < len(text) and text[visible].isspace():
            visible += 1
        following = bisect_right(paragraph_starts, end)
        return visible == len(text) or (following < len(paragraph_starts) and visible >= paragraph_starts[following])

    def _after_quote(self, text: str, start: int) -> bool:
        before = text[max(0, start - 3) : start].rstrip(" \t\u00a0")
        return bool(before) and before[-1] in self.closing_quotes

    def _part_sources(
        self, part: str, offset: int, tokens: TokenIndex, listed: frozenset[str]
    ) -> tuple[list[str], str, bool] | None:
        """(source keys, kind, strong) of one work in a parenthesis, or None if it is not a citation."""
        text = part.strip()
        offset += len(part) - len(part.lstrip())
        if not text:
            return None
        lowered = text.lower().rstrip(".,")
        if lowered.startswith(self.ibid_words):
            return [""], src.IBID, True
        address = self.patterns.web_address.match(text.rstrip(".,;:"))
        if address:
            return [src.host_key(address.group(1))], src.NAMED, True
        title = self._quoted_title(text)
        if title:
            # (Lenin, "Letter to Congress"): the author's work, keyed by the author as (Lenin, Letter to Congress).
            head = text[: next(index for index in range(len(text)) if self._is_quote_mark(text, index))].rstrip()
            author = self._author(head[:-1], offset, tokens, listed) if head.endswith(",") else None
            if author is not None and not author.year and not author.page:
                return [src.author_key(_surname_only(author, tokens))], src.NAMED, True
            return [title], src.NAMED, True
        documents = self._document(text)
        if documents:
            return documents, src.NAMED, True
        if self.patterns.locator.search(text) and not self.patterns.locator.sub("", text).strip(" ,.;:"):
            return [""], src.LOCATOR, True
        if self.patterns.year_range.search(" ".join(word for word in text.split() if not self.patterns.reprint_year.match(word.strip(",.;:")))):
            return None
        author = self._author(self._forgive_lower_case(text, listed), offset, tokens, listed)
        if author is None:
            return None
        strong = bool(author.year or author.page)
        capitalised = [name for name in author.names if name[:1].isupper()]
        if not author.corporate:
            capitals = sum(word[:1].isupper() for word in text.split())
            if not strong and not author.titled and (text.count(",") >= 2 or (text.count(",") == 1 and capitals > 1)):
                return None  # (Stalingrad, Stalino, Stalinabad): a list of names, not an author
            if not strong and len(capitalised) > 1 and "and" not in author.names:
                # (New Economic Policy), (War Communism): a name of a thing, unless spaCy sees a person or a work.
                last = tokens.at(author.name_offsets[-1])
                if last is None or last.ent_type_ not in ("PERSON", "WORK_OF_ART"):
                    return None
        names = _surname_only(author, tokens)
        keys = [src.author_key(names, author.year)] + [src.author_key(names, year) for year in author.more_years]
        return keys, src.NAMED, strong

    def _forgive_lower_case(self, text: str, listed: frozenset[str]) -> str:
        """'service, 2000' -> 'Service, 2000' (same length, so offsets hold); other text as it is."""
        if not text[:1].islower():
            return text
        head, _, rest = text.partition(",")
        word = head.strip().rstrip(".")
        dated = bool(rest.split()) and self.patterns.year.match(rest.split()[0].strip(".,;:")) is not None
        if " " in head.strip() or not word.isalpha() or word in STOP_WORDS or word in self.months or len(word) < 3:
            return text
        if dated or src.key(word) in listed:
            return text[0].upper() + text[1:]
        return text

    def _another_year(self, part: str, before: list[tuple[list[str], str, bool] | None]) -> tuple[list[str], str, bool] | None:
        """'2004' in "(Service, 2000; 2004)": another work by the author just named."""
        year = part.strip().split(",")[0].strip()
        if not before or before[-1] is None or before[-1][1] != src.NAMED or not self.patterns.year.match(year):
            return None
        last = before[-1][0][-1]
        author = last.rsplit(" ", 1)[0] if self.patterns.year.match(last.rsplit(" ", 1)[-1]) else last
        return [f"{author} {year}"], src.NAMED, True

    def _narrative_year(self, text: str, start: int, end: int, tokens: TokenIndex) -> str | None:
        """'Service (2000) argues': the author named right before a parenthesised year."""
        inner = text[start + 1 : end - 1].strip()
        year = inner.split(",")[0].strip()
        if not self.patterns.year.match(year) and year.lower() not in ("n.d.", "n.d"):
            return None
        rest = inner[len(inner.split(",")[0]) :].strip(" ,")
        if rest and not self.patterns.locator.fullmatch(rest):
            return None
        before = text[:start].rstrip()
        token = tokens.at(len(before) - 1) if before else None
        if token is None or not token.text[:1].isupper() or token.text.lower() in self.months:
            return None
        following = tokens.after(end)
        says = following is not None and following.lemma_ in self.reporting_verbs
        person = token.ent_type_ == "PERSON" and (not token.is_sent_start or (following is not None and following.pos_ == "VERB"))
        if not (says or person):
            return None
        return f"{src.key(token.text)} {src.key(year) or year}"

    def _see_works(
        self, text: str, skip: list[tuple[int, int]], paragraph_starts: list[int]
    ) -> list[tuple[src.CitationMatch | None, tuple[int, int]]]:
        """'(see Lenin, Complete Works (5th edition), vol. 45)': "see" and a capitalised name or title, in one
        paragraph; the marker (None for "see below (...)") and the span, whose inner parentheses are no markers."""
        works = []
        for match in self.patterns.see_parenthesis.finditer(text):
            start, end = match.span()
            if any(low <= start < high for low, high in skip) or bisect_left(paragraph_starts, end) - bisect_right(paragraph_starts, start):
                continue
            content, _ = _strip_prefix(match.group(1).strip(), self.source_prefixes)
            opening = content.lstrip(self.quote_chars)
            first = opening.split(None, 1)[0].strip(",.;:") if opening.split() else ""
            if not opening[:1].isupper() or first.lower() in self.internal_parts:
                works.append((None, (start, end)))  # "(see below (section 3))": an aside, the inner parenthesis too
                continue
            name = content.split(",", 1)[0] if "," in content[:40] else content[:60]
            works.append((self.keys.match(start, end, "parenthetical", [src.key(name)]), (start, end)))
        return works

    def _year_and_page(self, content: str) -> bool:
        """'2000, p. 191', '2000: 45': a year and a page, no name."""
        year, _, rest = content.strip().partition(",") if "," in content else content.strip().partition(":")
        rest = rest.strip()
        page = self.patterns.locator.fullmatch(rest) or self.patterns.page_number.match(rest)
        return bool(self.patterns.year.match(year.strip())) and bool(rest) and bool(page)

    def _bare_page(self, content: str) -> bool:
        """'45', '23-26': a page number, not a year or a list number like (1)."""
        content = content.strip()
        patterns = self.patterns
        return bool(patterns.page_number.match(content)) and not patterns.year.match(content) and not patterns.year_range.search(content)
