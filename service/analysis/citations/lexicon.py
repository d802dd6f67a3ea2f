"""The citation components' word lists, one immutable object per data file.

`CitationLexicon` is data/citations.json, `SignalLexicon` data/signal_phrases.json and
`WorksCitedLexicon` data/works_cited.json, each read once when a component is initialized
(`initialize()`) or loaded from a saved pipeline (`from_disk`): their sets, tuples and
compiled expressions are what the finders read. Each file explains its entries in its
`_comment`s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from service.analysis.citations.patterns import CitationPatterns
from service.analysis.citations.sources import SourceKeys


def _word_sets(lexicon: dict, *names: str) -> dict[str, frozenset[str]]:
    """The lists `names` of `lexicon` as sets, by name."""
    return {name: frozenset(lexicon[name]) for name in names}


def _by_first_letter(prefixes: list[str]) -> dict[str, list[str]]:
    """Prefixes grouped by their first letter, longest first: a parenthesis tries only its own letter's."""
    grouped: dict[str, list[str]] = {}
    for prefix in sorted(prefixes, key=len, reverse=True):
        grouped.setdefault(prefix[0], []).append(prefix)
    return grouped


@dataclass(frozen=True)
class CitationLexicon:
    """data/citations.json: the markers' patterns and the words that tell a citation from an aside."""

    patterns: CitationPatterns
    keys: SourceKeys
    quote_marks: frozenset[str]
    closing_quotes: frozenset[str]
    clause_end_after: frozenset[str]
    ibid_words: tuple[str, ...]
    # "see", "cf." and "e.g." grouped by their first letter (`_by_first_letter`).
    source_prefixes: Mapping[str, list[str]]
    non_citation_prefixes: Mapping[str, list[str]]
    document_cues: frozenset[str]
    name_particles: frozenset[str]
    title_function_words: frozenset[str]
    author_joiners: frozenset[str]
    et_al: frozenset[str]
    leading_articles: frozenset[str]
    month_words: frozenset[str]
    not_author_entities: frozenset[str]
    max_name_words: int
    max_title_words: int
    role_nouns: frozenset[str]
    publisher_words: frozenset[str]
    source_acronyms: frozenset[str]
    internal_parts: frozenset[str]
    number_abbreviations: frozenset[str]
    # Its `bare_sources` entries: a source named by its bare name or title (bare_parentheses.py).
    title_minor_words: frozenset[str]
    not_source_openers: frozenset[str]
    no_page_marks: frozenset[str]
    not_title_entities: frozenset[str]
    naming_words_before: frozenset[str]
    finding_verbs: frozenset[str]
    min_parentheses_for_habit: int
    max_sentence_case_words: int

    @classmethod
    def from_lexicon(cls, lexicon: dict) -> CitationLexicon:
        bare = lexicon["bare_sources"]
        return cls(
            **_word_sets(
                lexicon,
                "quote_marks", "closing_quotes", "clause_end_after", "document_cues", "name_particles",
                "title_function_words", "author_joiners", "et_al", "leading_articles", "month_words",
                "not_author_entities", "role_nouns", "publisher_words", "source_acronyms", "internal_parts",
                "number_abbreviations",
            ),
            patterns=CitationPatterns.from_lexicon(lexicon["patterns"]),
            keys=SourceKeys.from_lexicon(lexicon),
            ibid_words=tuple(lexicon["ibid_words"]),
            source_prefixes=_by_first_letter(lexicon["source_prefixes"]),
            non_citation_prefixes=_by_first_letter(lexicon["non_citation_prefixes"]),
            max_name_words=lexicon["max_name_words"],
            max_title_words=lexicon["max_title_words"],
            **_word_sets(
                bare,
                "title_minor_words", "not_source_openers", "no_page_marks", "not_title_entities", "naming_words_before",
                "finding_verbs",
            ),
            min_parentheses_for_habit=bare["min_parentheses_for_habit"],
            max_sentence_case_words=bare["max_sentence_case_words"],
        )


@dataclass(frozen=True)
class SignalLexicon:
    """data/signal_phrases.json: the cues, verbs and nouns of a source named in the prose."""

    reporting_verbs: frozenset[str]
    person_verbs: frozenset[str]
    writing_verbs: frozenset[str]
    agreement_verbs: tuple[str, ...]
    verb_fillers: tuple[str, ...]
    source_cues: tuple[str, ...]
    document_preposition_cues: tuple[str, ...]
    document_preposition_nouns: frozenset[str]
    scholar_nouns: frozenset[str]
    work_nouns: frozenset[str]
    research_nouns: frozenset[str]
    argument_nouns: frozenset[str]
    media_nouns: frozenset[str]
    generic_source_nouns: frozenset[str]
    # "The author argues": the work cited before it, as "ibid." would say (sources.resolve_sources).
    anaphoric_source_nouns: frozenset[str]
    organization_words: frozenset[str]
    not_source_entities: frozenset[str]
    not_source_heads: frozenset[str]
    subject_determiners: frozenset[str]
    generic_determiners: frozenset[str]
    title_determiners: frozenset[str]
    example_prepositions: frozenset[str]
    personal_pronouns: frozenset[str]
    present_tags: frozenset[str]
    complement_deps: frozenset[str]
    opening_quotes: frozenset[str]
    max_attribution_words: int
    quote_reach: int
    min_quoted_words: int

    @classmethod
    def from_lexicon(cls, lexicon: dict) -> SignalLexicon:
        return cls(
            **_word_sets(
                lexicon,
                "reporting_verbs", "person_verbs", "writing_verbs", "document_preposition_nouns", "scholar_nouns",
                "work_nouns", "research_nouns", "argument_nouns", "media_nouns", "generic_source_nouns",
                "anaphoric_source_nouns", "organization_words", "not_source_entities", "not_source_heads",
                "subject_determiners", "generic_determiners", "title_determiners", "example_prepositions",
                "personal_pronouns", "present_tags", "complement_deps", "opening_quotes",
            ),
            agreement_verbs=tuple(lexicon["agreement_verbs"]),
            verb_fillers=tuple(lexicon["verb_fillers"]),
            source_cues=tuple(lexicon["source_cues"]),
            document_preposition_cues=tuple(lexicon["document_preposition_cues"]),
            max_attribution_words=lexicon["max_attribution_words"],
            quote_reach=lexicon["quote_reach"],
            min_quoted_words=lexicon["min_quoted_words"],
        )


@dataclass(frozen=True)
class WorksCitedLexicon:
    """data/works_cited.json: how an entry of the list gives its note number, year, title and document."""

    note_number: re.Pattern
    apa_year: re.Pattern
    year: re.Pattern
    quoted_title: re.Pattern
    document: re.Pattern
    ibid_words: tuple[str, ...]
    given_name_joiners: frozenset[str]

    @classmethod
    def from_lexicon(cls, lexicon: dict) -> WorksCitedLexicon:
        return cls(
            note_number=re.compile(lexicon["note_number_pattern"]),
            apa_year=re.compile(lexicon["apa_year_pattern"]),
            year=re.compile(lexicon["year_pattern"]),
            quoted_title=re.compile(lexicon["quoted_title_pattern"]),
            document=re.compile(lexicon["document_pattern"], re.IGNORECASE),
            ibid_words=tuple(lexicon["ibid_words"]),
            given_name_joiners=frozenset(lexicon["given_name_joiners"]),
        )
