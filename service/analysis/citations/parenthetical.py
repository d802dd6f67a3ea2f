"""Parenthetical citations: MLA (Wood, p. 23-26), APA/Harvard (Service, 2000, p. 45), titles, documents.

A parenthesis is a citation when every work in it (works are separated by ";") is one of:
a quoted title (an opening or a closing mark is enough: (Russian History 1905-30″)); a
document label (Source 2), (Doc. B); a locator alone (p. 77), (paragraph 3); ibid.; or
author names, capitalised, with an optional year and page. It is not a citation when it
is an aside or an apposition (lower-case words, "the ...", "e.g."), a date or date range,
an acronym (NEP), a place or a month, or a bare number. A bare name with neither year nor
page only counts at the end of a clause ("... (Trotsky).", not "the police (Cheka) arrested").
"""

from __future__ import annotations

import re
from spacy.tokens import Doc

from service.analysis.citations import sources as src
from service.analysis.citations.signal_phrases import LEXICON as SIGNAL_LEXICON
from service.analysis.citations.tokens import TokenIndex
from service.analysis.citations.patterns import (
    BRACKETED_REFERENCE,
    COLON_PAGE,
    LEXICON,
    LOCATOR,
    PAGE_NUMBER,
    PARENTHESIS,
    REPRINT_YEAR,
    YEAR,
    YEAR_RANGE,
)

QUOTE_MARKS = set(LEXICON["quote_marks"])
CLOSING_QUOTES = set(LEXICON["closing_quotes"])
CLAUSE_END_AFTER = set(LEXICON["clause_end_after"])
IBID = tuple(LEXICON["ibid_words"])
SOURCE_PREFIXES = sorted(LEXICON["source_prefixes"], key=len, reverse=True)
NON_CITATION_PREFIXES = sorted(LEXICON["non_citation_prefixes"], key=len, reverse=True)
DOCUMENT_CUES = set(LEXICON["document_cues"])
PARTICLES = set(LEXICON["name_particles"])
FUNCTION_WORDS = set(LEXICON["title_function_words"])
JOINERS = set(LEXICON["author_joiners"])
ET_AL = set(LEXICON["et_al"])
ARTICLES = set(LEXICON["leading_articles"])
MONTHS = set(LEXICON["month_words"])
NOT_AUTHOR_ENTITIES = set(LEXICON["not_author_entities"])
MAX_NAME_WORDS = LEXICON["max_name_words"]
MAX_TITLE_WORDS = LEXICON["max_title_words"]
REPORTING_VERBS = set(SIGNAL_LEXICON["reporting_verbs"])
_WORD = re.compile(r"[^\s,]+")
_LABEL = re.compile(r"^(?:\d{1,3}|[A-Za-z]|[IVXivx]{1,5})[.:,]?$")
# Works in one parenthesis: "(Pipes, 1990; Figes, 1996)", "(Lenin, 1918, as cited in Pipes, 1990)".
_WORK_SEPARATOR = re.compile(r";|,\s*(?:as\s+)?(?:cited|quoted|qtd\.?)\s+in\s+", re.IGNORECASE)


def _strip_prefix(text: str, prefixes: list[str]) -> tuple[str, str | None]:
    lowered = text.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            rest = text[len(prefix) :]
            if not rest or not (rest[0].isalnum()) or not prefix[-1].isalnum():
                return rest.lstrip(" ,:"), prefix
    return text, None


def _is_quote_mark(text: str, index: int) -> bool:
    """A quote mark, not an apostrophe inside a word (Lenin's, o'clock)."""
    char = text[index]
    if char not in QUOTE_MARKS:
        return False
    if char in ("'", "’"):
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        return not (before.isalnum() and after.isalnum()) and not (before.isalpha() and after in " s")
    return True


def _quoted_title(part: str) -> str | None:
    """The title of '”How Lenin Led to Stalin”', 'Russian History 1905-30″' or '"Lenin," 12'."""
    marks = [index for index in range(len(part)) if _is_quote_mark(part, index)]
    if not marks:
        return None
    last = marks[-1]
    title, rest = part[:last], part[last + 1 :]
    if len(marks) == 1 and last == 0:
        title, rest = part[1:], ""
    title = title.strip().lstrip("".join(QUOTE_MARKS)).strip().rstrip(",.")
    rest = rest.strip(" ,.")
    if rest and not (LOCATOR.fullmatch(rest) or PAGE_NUMBER.match(rest) or YEAR.match(rest)):
        return None
    if not title or not (title[0].isupper() or title[0].isdigit()) or len(title.split()) > MAX_TITLE_WORDS:
        return None
    return src.key(title)


def _document(part: str) -> str | None:
    """'Source 2', 'Doc. B, para. 3' -> 'document b'."""
    words = LOCATOR.sub(" ", part).replace(",", " ").split()
    if len(words) == 2 and words[0].lower() in DOCUMENT_CUES and _LABEL.match(words[1]):
        return src.document_key(words[0], words[1].rstrip(".:,"))
    return None


class _Author:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.name_offsets: list[int] = []
        self.year: str | None = None
        self.page = False
        self.titled = False
        self.last_kind = ""


def _author(part: str, offset: int, tokens: TokenIndex) -> _Author | None:
    """Author names, year and page of 'Figes and Kolonitskii, 1999' or 'Wood, p. 23-26'."""
    located = LOCATOR.search(part) is not None or COLON_PAGE.search(part) is not None
    cleaned = COLON_PAGE.sub(" ", LOCATOR.sub(lambda m: " " * len(m.group()), part))
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
        if (YEAR.match(word) or REPRINT_YEAR.match(word)) and author.year is None:
            author.year, author.last_kind = word.split("/")[0], "year"
        elif lowered in ("n.d.", "n.d", "nd"):
            author.year, author.last_kind = "nd", "year"
        elif PAGE_NUMBER.match(word) and author.names:
            author.page, author.last_kind = True, "page"
        elif lowered in ET_AL or lowered.rstrip(".") in ET_AL:
            author.last_kind = "et_al"
        elif author.names and author.last_kind != "year" and (lowered in JOINERS or lowered in FUNCTION_WORDS):
            author.names.append("and" if lowered in JOINERS else lowered)
            author.last_kind = "joiner"
        elif lowered in PARTICLES and author.last_kind not in ("year", "page"):
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
            title_follows = comma and rest[:1].isupper() and not YEAR.match(rest.split()[0].strip(".,")) and not author.year
            if title_follows and PAGE_NUMBER.match(rest.split()[-1].strip(".,")):
                author.page = True
            # (Trotsky, The Revolution Betrayed): a title with words a list of names lacks
            # ("the", "of", "to"; not "and": (Stalin, Zinoviev and Kamenev) is a list).
            if title_follows and any(word.lower() in FUNCTION_WORDS - JOINERS for word in rest.split()):
                rest_start = offset + cleaned.index(rest, match.end())
                author.titled = not _names_people(rest, rest_start, tokens)
        else:
            return None
    if not author.name_offsets or author.last_kind in ("joiner", "particle"):
        return None
    if author.names[-1] in FUNCTION_WORDS or author.names[-1] == "and":
        return None
    capitalised = [name for name in author.names if name[:1].isupper()]
    if len(capitalised) > MAX_NAME_WORDS or not capitalised:
        return None
    first = capitalised[0]
    if first.lower() in MONTHS:
        return None
    if first.lower() in ARTICLES and (len(capitalised) < 3 or author.year):
        return None
    if all(name.isupper() and len(name) > 1 for name in capitalised) and not author.page:
        return None  # (NEP), (USSR 1922): an acronym
    token = tokens.at(author.name_offsets[0])
    if token is not None and token.ent_type_ in NOT_AUTHOR_ENTITIES and not (author.page or author.year):
        return None  # (Russia), (Kronstadt); with a year or page spaCy's small model is too unsure of names
    return author


def _names_people(words: str, offset: int, tokens: TokenIndex) -> bool:
    """Whether the capitalised words of `words` (starting at `offset`) are all people to spaCy."""
    found = [tokens.at(offset + match.start()) for match in _WORD.finditer(words) if match.group()[:1].isupper()]
    return bool(found) and all(token is not None and token.ent_type_ == "PERSON" for token in found)


def _at_clause_end(text: str, end: int) -> bool:
    rest = text[end : end + 3].lstrip(" \t\u00a0")
    return not rest or rest[0] in CLAUSE_END_AFTER or rest[0] in "\r\n\u2028\u2029"


def _after_quote(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\u00a0")
    return bool(before) and before[-1] in CLOSING_QUOTES


def _part_sources(part: str, offset: int, tokens: TokenIndex) -> tuple[str, str, bool] | None:
    """(source key, kind, strong) of one work in a parenthesis, or None if it is not a citation."""
    text = part.strip()
    offset += len(part) - len(part.lstrip())
    if not text:
        return None
    lowered = text.lower().rstrip(".,")
    if lowered.startswith(IBID):
        return "", src.IBID, True
    title = _quoted_title(text)
    if title:
        return title, src.NAMED, True
    document = _document(text)
    if document:
        return document, src.NAMED, True
    if LOCATOR.search(text) and not LOCATOR.sub("", text).strip(" ,.;:"):
        return "", src.LOCATOR, True
    if YEAR_RANGE.search(" ".join(word for word in text.split() if not REPRINT_YEAR.match(word.strip(",.;:")))):
        return None
    author = _author(text, offset, tokens)
    if author is None:
        return None
    strong = bool(author.year or author.page)
    capitalised = [name for name in author.names if name[:1].isupper()]
    if not strong and not author.titled and (text.count(",") >= 2 or (text.count(",") == 1 and sum(word[:1].isupper() for word in text.split()) > 1)):
        return None  # (Stalingrad, Stalino, Stalinabad): a list of names, not an author
    if not strong and len(capitalised) > 1 and "and" not in author.names:
        # (New Economic Policy), (War Communism): a name of a thing, unless spaCy sees a person or a work.
        last = tokens.at(author.name_offsets[-1])
        if last is None or last.ent_type_ not in ("PERSON", "WORK_OF_ART"):
            return None
    return src.author_key(author.names, author.year), src.NAMED, strong


def _another_year(part: str, before: list[tuple[str, str, bool] | None]) -> tuple[str, str, bool] | None:
    """'2004' in "(Service, 2000; 2004)": another work by the author just named."""
    year = part.strip().split(",")[0].strip()
    if not before or before[-1] is None or before[-1][1] != src.NAMED or not YEAR.match(year):
        return None
    author = before[-1][0].rsplit(" ", 1)[0] if YEAR.match(before[-1][0].rsplit(" ", 1)[-1]) else before[-1][0]
    return f"{author} {year}", src.NAMED, True


def _narrative_year(text: str, start: int, end: int, tokens: TokenIndex) -> str | None:
    """'Service (2000) argues': the author named right before a parenthesised year."""
    inner = text[start + 1 : end - 1].strip()
    year = inner.split(",")[0].strip()
    if not YEAR.match(year) and year.lower() not in ("n.d.", "n.d"):
        return None
    rest = inner[len(inner.split(",")[0]) :].strip(" ,")
    if rest and not LOCATOR.fullmatch(rest):
        return None
    before = text[:start].rstrip()
    token = tokens.at(len(before) - 1) if before else None
    if token is None or not token.text[:1].isupper() or token.text.lower() in MONTHS:
        return None
    following = tokens.after(end)
    says = following is not None and following.lemma_ in REPORTING_VERBS
    person = token.ent_type_ == "PERSON" and (not token.is_sent_start or (following is not None and following.pos_ == "VERB"))
    if not (says or person):
        return None
    return f"{src.key(token.text)} {src.key(year) or year}"


def find_parenthetical(doc: Doc, tokens: TokenIndex, skip: list[tuple[int, int]]) -> list[src.CitationMatch]:
    """Every parenthetical citation outside the `skip` ranges (the works-cited list)."""
    text = tokens.text
    found = []
    # "[Service, 2000]" counts only with a year, page or document label: "[sic]", "[12]" and
    # "[to be taken]" are not references (footnotes.py reads "[12]").
    enclosed = [(match, False) for match in PARENTHESIS.finditer(text)]
    enclosed += [(match, True) for match in BRACKETED_REFERENCE.finditer(text)]
    for match, bracketed in enclosed:
        start, end = match.span()
        if any(low <= start < high for low, high in skip):
            continue
        inner = match.group(1)
        if _expands_acronym(text, start, inner):
            continue
        content, non_citation = _strip_prefix(inner.strip(), NON_CITATION_PREFIXES)
        if non_citation:
            continue
        content, prefix = _strip_prefix(content, SOURCE_PREFIXES)
        offset = start + 1 + inner.find(content) if content else start + 1
        results, position = [], offset
        for separator in [*_WORK_SEPARATOR.finditer(content), None]:
            part_end = separator.start() if separator else len(content)
            part = content[position - offset : part_end]
            results.append(_part_sources(part, position, tokens) or _another_year(part, results))
            position = offset + (separator.end() if separator else len(content))
        if prefix and prefix.endswith(":") and not all(results) and content[:1].isupper():
            results = [(src.key(content), src.NAMED, True)]  # "(Source: BBC)": named a source outright
        if bracketed:
            if all(results) and all(result[2] and result[0] for result in results):
                found.append(src.make_match(start, end, "parenthetical", [r[0] for r in results], src.NAMED))
            continue
        if all(results) and results:
            strong = all(result[2] for result in results)
            if not strong and not (_at_clause_end(text, end) or _after_quote(text, start)):
                continue
            kinds = {result[1] for result in results}
            kind = src.NAMED if src.NAMED in kinds else kinds.pop()
            found.append(src.make_match(start, end, "parenthetical", [r[0] for r in results if r[0]], kind))
            continue
        narrative = _narrative_year(text, start, end, tokens)
        if narrative:
            found.append(src.make_match(start, end, "parenthetical", [narrative]))
        elif _bare_page(content) and _at_clause_end(text, end):
            # "(45)" cites a page after a quotation, or after a signal phrase (checked by the caller).
            kind = src.LOCATOR if _after_quote(text, start) else src.BARE_PAGE
            found.append(src.make_match(start, end, "parenthetical", [], kind))
    return found


def _expands_acronym(text: str, start: int, inner: str) -> bool:
    """'NEP (New Economic Policy)', 'UNRRA ( United Nations Relief and Rehabilitation Administration)'."""
    before = text[max(0, start - 12) : start].split()
    if not before:
        return False
    acronym = before[-1].strip(".,;:’'s")
    initials = "".join(word[0] for word in inner.split() if word[:1].isupper())
    return len(acronym) >= 2 and acronym.isupper() and initials == acronym


def _bare_page(content: str) -> bool:
    """'45', '23-26': a page number, not a year or a list number like (1)."""
    content = content.strip()
    return bool(PAGE_NUMBER.match(content)) and not YEAR.match(content) and not YEAR_RANGE.search(content)
