"""Parentheses that name a source by its bare name or title, with no year, page or quote marks.

School essays cite web articles, organisations and authors that way (MLA with no page):
"(11 Facts About Veterans)", "(NOAA)", "(Sugar Glider Academy)", "(Cina, Angie)",
"(Girls Return to School, Hadley, 2)", "(cdv. org)". The same shapes are also asides and
glosses: "the secret police (Cheka) arrested", "post-traumatic stress disorder (PTSD) is",
"(Trotsky, Zinoviev)" listing people. So the shape is read with what the essay itself shows:

* a title - three or more words in title case, with a function word or a number or four
  words at least ("Is 18 Too Young to Join the Army") - at the end of a sentence is a citation;
* a name or a shorter title at the end of a sentence is one when the essay cites that way
  more than once (two such parentheses at least), when an entry of the essay's works-cited
  list has it (its author, corporate author, title or opening words), or when the same
  parenthesis is a citation elsewhere in the essay;
* anywhere in a sentence, a parenthesis whose content recurs as a citation ("(CDC)
  determined" where "(CDC)." cites) is one too;
* an acronym right after the words it abbreviates is a gloss, "Post-Traumatic Stress
  Disorder (PTSD)", and so is every other parenthesis of that acronym in the essay - unless
  a source cue introduces the words: "According to the National Weather Service (NWS)".

The end of a sentence is a full stop, question or exclamation mark after the parenthesis,
the end of the paragraph, or a parenthesis standing after the sentence's full stop
("... the ship. (Sinking of the Ship) After that ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from service.analysis.citations import sources as src
from service.analysis.citations.lexicon import CitationLexicon, SignalLexicon
from service.analysis.citations.tokens import TokenIndex
from service.analysis.citations.works_cited import WorksCitedEntry, WorksCitedReader

SENTENCE_ENDS = ".!?\u2026"
LINE_BREAKS = "\r\n\u2028\u2029"
_WORD = re.compile(r"[^\s]+")


@dataclass(frozen=True)
class BareParenthesis:
    """A parenthesis that may name a source by its bare name or title."""

    start: int
    end: int
    keys: tuple[str, ...]
    title: bool  # a title long enough to count on its own
    at_end: bool  # stands at the end of a sentence
    acronym: str = ""  # "PTSD" for an acronym alone
    content: str = ""  # the key of the whole content: the same parenthesis elsewhere has the same
    host: bool = False  # a web site, "(cdv. org)"


def _is_word(word: str) -> bool:
    return any(char.isalpha() for char in word)


def _capitalised(word: str) -> bool:
    """'Facts', '18', "What's", 'asapSCIENCE' (a brand's own capitals)."""
    return word[:1].isupper() or word[:1].isdigit() or bool(re.match(r"^[a-z]+[A-Z]", word))



class BareParentheses:
    """Find and decide the parentheses that name a source bare, with the citation and signal-phrase
    lexicons and the works-cited list's reader."""

    def __init__(self, citations: CitationLexicon, signals: SignalLexicon, works_cited: WorksCitedReader):
        self.patterns = citations.patterns
        self.works_cited = works_cited
        self.minor_words = citations.title_function_words | citations.title_minor_words | citations.et_al
        self.not_source_openers = citations.not_source_openers
        self.no_page = citations.no_page_marks
        self.et_al = {word.strip(".") for word in citations.et_al}
        self.months = citations.month_words
        self.role_nouns = citations.role_nouns
        self.not_title_entities = citations.not_title_entities
        self.naming_words = citations.naming_words_before
        self.min_habit = citations.min_parentheses_for_habit
        self.max_words = citations.max_title_words
        self.max_sentence_case_words = citations.max_sentence_case_words
        self.source_cues = tuple(cue for cue in signals.source_cues if cue.split()[-1] in ("to", "of", "by"))
        # "The Centers for Disease Control (CDC) found that ...": the verbs of a source's own findings.
        self.source_verbs = signals.reporting_verbs | citations.finding_verbs
        self.organisation_words = signals.organization_words | citations.publisher_words

    def _web_host(self, part: str) -> str | None:
        """'cdv. org' -> 'cdv.org'; in 'Safe Roads-RoadFacts. org.' the last word is the host."""
        joined = self.patterns.spaced_dot.sub(".", part.strip()).rstrip(". ")
        words = joined.split()
        if not words or "." not in words[-1]:
            return None
        address = self.patterns.web_address.match(words[-1].split("-")[-1])
        return src.host_key(address.group(1)) if address else None

    def _part_shape(self, part: str) -> tuple[str, bool] | None:
        """(key, title) of one work named bare, or None if the words are not a name or a title."""
        host = self._web_host(part)
        if host:
            return host, True
        segments = [segment.strip() for segment in part.split(",")]
        # "Hadley, 2", "Brandt np": a page or "no page" after the name says nothing of the shape.
        while len(segments) > 1 and (
            self.patterns.page_number.match(segments[-1]) or segments[-1].lower() in self.no_page or not segments[-1]
            or all(word.strip(".") in self.et_al for word in segments[-1].lower().split())
        ):
            segments.pop()  # "Haller, Dana F., et al,": the co-authors unnamed say nothing of the shape either
        words = [word.strip(".;:!?") for word in " ".join(segments).split()]
        if words and words[-1].lower() in self.no_page:
            words.pop()
        words = [word for word in words if word]
        if not words or len(words) > self.max_words or not _capitalised(words[0]):
            return None
        acronym = words[0].isupper() and len(words[0]) > 1  # "US Department of ...", not the pronoun "us"
        opener = words[0].lower()
        if (opener in self.not_source_openers and not acronym) or opener in self.months or not any(_is_word(word) for word in words):
            return None
        if any(self.patterns.year_range.search(word) or "%" in word or "$" in word for word in words):
            return None
        if len(segments) > 1 and any(word in self.role_nouns for segment in segments[1:] for word in segment.lower().split()):
            return None  # (Lenin, Chairman of Sovnarkom): an apposition
        if len(segments) == 2 and len(segments[0].split()) == 1 and re.fullmatch(r"(?:[A-Z][\w'’-]*\.?\s*)+(?:et al\.?)?", segments[1]):
            return src.key(segments[0]), False  # "Cina, Angie", "Haller, Dana F.": the surname first
        if len(segments) >= 2 and len(segments[-1].split()) <= 2 and all(_capitalised(word) for word in segments[-1].split()):
            title, key = segments[0], src.key(segments[-1])  # "Girls Return to School, Hadley": title, then author
        elif len(segments) == 1:
            title = segments[0]
            key = src.key(title)
        else:
            return None  # "Stalin fell ill in March, 1953, and ...": a clause, not a work
        title_words = [word.strip(".;:!?") for word in title.split() if word.strip(".;:!?")]
        content = [word for word in title_words if word.lower() not in self.minor_words]
        if not any(word[:1].isalpha() for word in content):
            return None  # "(from 1917 to 1921)": numbers, no name
        if all(_capitalised(word) for word in content):
            # Long enough to be a title on its own: three words with a function word or a number, or four.
            minor = len(content) < len(title_words) or any(word[:1].isdigit() for word in title_words)
            return key, len(title_words) >= 4 or (len(title_words) == 3 and minor)
        # "Veteran benefits and claims", "The City paper": a title in sentence case, short and with no clause in it;
        # "Girls return to school, Hadley": the same before its author.
        if len(title_words) <= self.max_sentence_case_words and not self.patterns.year.match(title_words[-1]):
            return key, False
        return None

    def candidate(
        self, content: str, start: int, end: int, tokens: TokenIndex, paragraph_starts: list[int]
    ) -> BareParenthesis | None:
        """The parenthesis at `start`-`end` (its `content` inside) as a bare name or title, or None."""
        before = tokens.text[max(0, start - 30) : start].split()
        if before and before[-1].lower().strip(",:") in self.naming_words:
            return None  # "known by its name (The Big Storm)": the name of the thing told
        parts = content.split(";")
        shapes = [self._part_shape(part) for part in parts]
        if not shapes or not all(shapes):
            return None
        if content.count(",") and self._entity_name(content, start, tokens):
            return None  # "(Petrograd, Moscow)": a list of places or peoples, not an author and a given name
        stripped = content.strip().rstrip(".")
        acronym = stripped if self.patterns.acronym.match(stripped) else ""
        title = all(shape[1] for shape in shapes) and not self._entity_name(content, start, tokens)
        at_end = ends_sentence(tokens, start, end, paragraph_starts)
        keys = tuple(shape[0] for shape in shapes)
        host = len(parts) == 1 and self._web_host(parts[0]) is not None
        return BareParenthesis(start, end, keys, title, at_end, acronym, src.key(content), host)

    def _entity_name(self, content: str, start: int, tokens: TokenIndex) -> bool:
        """'(Battle of Stalingrad)', '(Union of Soviet Socialist Republics)': a place or an event to spaCy, not a title."""
        offset = start + 1
        found = [tokens.at(offset + m.start()) for m in _WORD.finditer(content) if m.group()[:1].isupper()]
        return bool(found) and all(token is not None and token.ent_type_ in self.not_title_entities for token in found)

    def glossed_acronym(self, text: str, start: int, acronym: str) -> str:
        """'Post-Traumatic Stress Disorder (PTSD)': the words right before that hold the acronym's initials, or "".

        The letters may come in another order (a writer's slip: "chronic fatigue syndrome (CSF)")."""
        letters = sorted(acronym.replace(".", "").rstrip("s").upper())
        window = text[max(0, start - 120) : start]
        words = list(re.finditer(r"[A-Za-z][\w'’]*", window.replace("-", " ")))
        initials: list[str] = []
        first = len(window)
        for word in reversed(words[-12:]):
            if word.group().lower() in self.minor_words:
                continue
            initials.append(word.group()[0].upper())
            first = word.start()
            if len(initials) >= len(letters):
                break
        return window[first:].strip() if len(initials) == len(letters) and sorted(initials) == letters else ""

    def introduced_as_source(self, tokens: TokenIndex, start: int, end: int) -> bool:
        """'According to the National Weather Service (NWS)', 'The Centers for Disease
        Control (CDC) found': the name is the source a cue opens, or the subject of a verb of reporting."""
        window = tokens.text[max(0, start - 160) : start].lower()
        opened = r"\s+(?:the\s+)?(?:[A-Za-z][\w.'’-]*\s+){1,8}$"
        if any(re.search(r"\b" + re.escape(cue) + opened, window) for cue in self.source_cues):
            return True
        # Only an organisation reports its findings so: "the New Economic Policy (NEP) shows" is a policy.
        words = re.findall(r"[A-Za-z]+", window[-80:])
        organisation = any(word in self.organisation_words or word.rstrip("s") in self.organisation_words for word in words[-8:])
        following = tokens.after(end)
        return organisation and following is not None and following.pos_ == "VERB" and following.lemma_ in self.source_verbs

    def accept(
        self,
        candidates: list[BareParenthesis],
        cited: set[str],
        bare_cited: int,
        listed: frozenset[str],
        tokens: TokenIndex,
        entries: list[WorksCitedEntry] = (),
    ) -> list[BareParenthesis]:
        """The candidates that cite a source, by the rules of the module docstring.

        `cited` holds the content keys of the parentheses found as citations by their own shape,
        `bare_cited` how many of them are bare names at a sentence's end ("(Trotsky).").
        """
        glosses = set()
        sourced: dict[int, str] = {}  # "(EPA)" after "According to the Environmental Protection Agency": that name's key
        for candidate in candidates:
            words = self.glossed_acronym(tokens.text, candidate.start, candidate.acronym) if candidate.acronym else ""
            if words and self.introduced_as_source(tokens, candidate.start, candidate.end):
                sourced[candidate.start] = src.key(words)
            elif words:
                glosses.add(candidate.acronym.replace(".", ""))
        usable = [c for c in candidates if c.start in sourced or c.acronym.replace(".", "") not in glosses]
        at_end = [c for c in usable if c.at_end]
        habit = len(at_end) + bare_cited >= self.min_habit
        accepted = {
            c.start for c in at_end
            if c.title or habit or any(key.split()[:1] and key.split()[0] in listed for key in c.keys)
            # "(Red Famine)" where the list has "Applebaum, Anne. Red Famine ...": an entry's author, title or opening
            or any(self.works_cited.matches(key, entry) for key in c.keys for entry in entries)
        } | set(sourced) | {c.start for c in usable if c.host}  # "(android. com)": a site, wherever it stands
        contents = cited | {c.content for c in usable if c.start in accepted}
        accepted |= {c.start for c in usable if c.content in contents}
        # The acronym a source cue introduced cites the organisation by its full name, as the list would give it.
        return [replace(c, keys=(sourced[c.start],)) if c.start in sourced else c for c in usable if c.start in accepted]


def ends_sentence(tokens: TokenIndex, start: int, end: int, paragraph_starts: list[int]) -> bool:
    """Whether the parenthesis ends its sentence, or stands after the sentence's full stop."""
    text = tokens.text
    after = text[end : end + 4].lstrip(" \t\u00a0")
    if not after or after[0] in SENTENCE_ENDS:
        return True
    if after[0] in LINE_BREAKS:
        return True
    before = text[max(0, start - 4) : start].rstrip(" \t\u00a0\"'\u201d\u2019")
    if before[-1:] in tuple(SENTENCE_ENDS) and after[0].isupper():
        return True
    following = tokens.after(end)
    return after[0].isupper() and following is not None and following.is_sent_start
