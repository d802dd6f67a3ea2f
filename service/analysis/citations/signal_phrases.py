"""Signal phrases: a source named in the sentence itself ("According to Service", "As Kotkin notes",
"Historian Robert Conquest argues", "Document 3 shows", "In the words of Richard Pipes").

Three shapes, from spaCy's Matcher and the dependency parse:

* a source cue ("according to", "in the words of") + a name or a document label; a
  preposition + a document label ("In Source C, ...", "Based on Document 4, ...");
* "as" + a name or a document label + a reporting verb ("As Service has argued");
* a name or a document label as the subject (nsubj) of a reporting verb (the verbs are found
  by lemma over the Doc's arrays, their subjects in the parse). Names joined by "and" are one
  phrase citing each of them ("Pipes and Figes both argue": sources pipes; figes), as are
  the examples of a title noun ("Historians such as Conquest argue", "Historians like Pipes
  and Figes argue"); a scholar's work as the subject cites its author ("Fitzpatrick's
  research shows").

A name counts as the writer's source when the same sentence cites that author in a marker
("Kotkin argues that ... (Kotkin 2014)": two markers, one source), or when the phrase is in
the present or perfect ("Kotkin notes", "Service has argued"), or when the name is called a
historian, author... ("Roy Medvedev, a Soviet historian, argued") or a book of theirs is
named ("In his book ..., Pipes wrote", "Lenin wrote in State and Revolution that"), or when
the phrase quotes their words ("As Trotsky himself put it"). "Lenin said that ..." in the
past tense narrates history: it is evidence, not a citation; so is "According to Lenin's
plan" (the source is the plan) and "Stalin argued that ..." (a historical actor's act).
A capitalised word the tagger takes for a plural noun ("Pipes") is a name when it is not
the first word of its sentence, when its verb is singular ("Pipes asserts"), when it is
joined to a name ("Pipes and Figes"), or when the essay cites it. A name is a person, an organisation or a work,
not a place, a people, a policy or an event ("The New Economic Policy shows").

Forms beyond a name (tests/analysis/test_signal_phrase_forms.py):

* a work named by a common noun that makes it one work ("According to the textbook", "The author
  of the passage argues", "as the article explains"): the essay's own source in any tense, keyed
  by the noun ("textbook"); not "a book claims" or "documents show";
* a publisher's work ("A BBC Bitesize page explains": "bbc bitesize") and a title's author
  ("Trotsky's The Revolution Betrayed argues", "Figes' book A People's Tragedy shows"), in the
  present or perfect: "Khrushchev's Secret Speech claimed" is an act of the history told;
* "Fitzpatrick's argument is that ...": an argument noun as the subject of "is" + a that-clause;
* "as Figes has argued" whatever entity type spaCy guesses for the name (not "as China has shown");
* a document label anywhere in the prose ("Looking at Source C", "supported by Document 4");
* "Service argued in 2000 that ..." in the past tense when the essay cites Service's work of 2000
  (a marker or a works-cited entry): the year dates a publication; "Trotsky argued in 1923" stays history.

Nothing inside the works-cited list is a signal phrase: it names its works, it does not cite them.

Quoted and written words (issue 16):

* a person's own words quoted after a reporting verb, in any tense, when no parenthesis or other
  signal phrase in the sentence answers for the quotation ("Trotsky described him as 'the most
  organisers'", "Martov wrote:" before a block quotation); "X wrote that ..." the same
  way, unless dated as an act of the history told ("Lenin wrote in 1902 that"). Not "Lenin called
  it a 'breathing space' (Fitzpatrick 93)", "called for", "whom Lenin called", scare quotes far off;
* the subject of a joined verb ("Deutscher accepted the view and showed that"), of a relative
  clause ("Radek, who said that"), or in apposition ("its chairman, Dzerzhinsky, called");
* "he argued" / "she wrote that" right after a phrase or a named person in the sentence before;
* "agree with Isaac Deutscher that" (the writer's, not "Lenin agreed with Bukharin"); "Robert Service's
  book Comrades"; "R. Conquest" on its own line or after the closing quote;
* a reporting verb reports something (a clause, an object, "as", a quotation) or is present:
  not "Zinoviev may have agreed in the end", "When Kamenev says that, ...", a question.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

import numpy
from spacy.attrs import LEMMA, NORM
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from service.analysis.citations import sources as src
from service.analysis.citations.lexicon import CitationLexicon, SignalLexicon
from service.analysis.citations.tokens import TokenIndex
from service.analysis.sentences import trimmed

PRONOUNS = ["PRP", "PRP$", "WP", "DT", "EX"]
NAME = {"TEXT": {"REGEX": r"^[A-Z][\w'’.-]*$"}, "TAG": {"NOT_IN": PRONOUNS}}
LABEL = {"TEXT": {"REGEX": r"^(?:\d{1,3}|[A-Z]|[IVX]{1,5})$"}}
NAME_RE = re.compile(NAME["TEXT"]["REGEX"])
LABEL_RE = re.compile(LABEL["TEXT"]["REGEX"])
NAME_JOINERS = {"of", "for", "and", "on", "de", "von", "van", "&"}
# What a reporting verb reports: quoted words inside these children are the source's words.
REPORTED_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr", "parataxis", "dative")
QUOTATION_WINDOW = 600  # characters a quotation after a reporting verb is looked for in
QUOTE_SCAN = 80  # tokens after a reporting verb its quotation is looked for in
# Matcher labels whose source is a common noun ("the textbook"), not a name.
GENERIC_LABELS = ("source_cue_generic", "as_generic_says")


class SignalPhraseFinder:
    """Find signal phrases in a parsed Doc."""

    def __init__(self, nlp: Language, signals: SignalLexicon, citations: CitationLexicon):
        self.patterns = citations.patterns
        self.keys = citations.keys
        self.verbs = signals.reporting_verbs
        self.person_verbs = signals.person_verbs
        self.writing_verbs = signals.writing_verbs
        self.scholars = signals.scholar_nouns
        self.works = signals.work_nouns
        self.not_sources = signals.not_source_entities
        self.not_source_heads = signals.not_source_heads
        self.determiners = signals.subject_determiners
        self.present = signals.present_tags
        self.documents = citations.document_cues
        self.organization_words = signals.organization_words
        self.quote_marks = citations.quote_marks - {"'", "’"}
        self.opening_quotes = signals.opening_quotes
        self.closing_quotes = citations.closing_quotes
        self.cue_words = {word for cue in signals.source_cues for word in cue.split()}
        self.research_nouns = signals.research_nouns
        self.argument_nouns = signals.argument_nouns
        self.media_nouns = signals.media_nouns
        self.example_prepositions = signals.example_prepositions
        self.preposition_documents = signals.document_preposition_nouns
        self.generic_sources = signals.generic_source_nouns
        # "The author argues": the work cited before it, as "ibid." would say (sources.resolve_sources).
        self.anaphoric_sources = signals.anaphoric_source_nouns
        self.generic_determiners = signals.generic_determiners
        self.title_determiners = signals.title_determiners
        self.personal_pronouns = signals.personal_pronouns
        self.complement_deps = signals.complement_deps
        self.max_attribution_words = signals.max_attribution_words
        self.quote_reach = signals.quote_reach
        self.min_quoted_words = signals.min_quoted_words
        # The "\n" token between two words of a hard-wrapped line; a blank line does not match it.
        self.line_break = {"TEXT": {"REGEX": citations.patterns.line_break_token.pattern}, "OP": "?"}
        titles = {"LOWER": {"IN": sorted(self.scholars | {"the", "a", "an"})}, "OP": "*"}
        # "Doc. 3": the tokenizer may split the full stop off the abbreviation.
        document = [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": sorted(self.documents)}}, {"ORTH": ".", "OP": "?"}, LABEL]
        fillers = {"LOWER": {"IN": list(signals.verb_fillers)}, "OP": "*"}
        verb = {"LEMMA": {"IN": sorted(self.verbs)}}
        self.matcher = Matcher(nlp.vocab)
        # On NORM, so that a misspelt cue word ("Acording to Service") counts: spelling.py.
        cues = [[{"NORM": word} for word in cue.split()] for cue in signals.source_cues]
        self.matcher.add(
            "source_cue", [self.across_line_breaks([*cue, titles, {**NAME, "OP": "+"}]) for cue in cues], greedy="LONGEST"
        )
        self.matcher.add("source_cue_document", [self.across_line_breaks([*cue, *document]) for cue in cues], greedy="LONGEST")
        # "According to the textbook", "As stated in the article": one particular work, named by a common noun.
        generic = [{"LOWER": {"IN": sorted(self.generic_determiners)}}, {"LOWER": {"IN": sorted(self.generic_sources)}}]
        self.matcher.add("source_cue_generic", [self.across_line_breaks([*cue, *generic]) for cue in cues], greedy="LONGEST")
        # "In Source C, ...", "Based on Document 4, ...": a preposition before a document label, not a name.
        prepositions = [[{"LOWER": word} for word in cue.split()] for cue in signals.document_preposition_cues]
        labelled = [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": sorted(self.preposition_documents)}}, {"ORTH": ".", "OP": "?"}, LABEL]
        self.matcher.add(
            "source_cue_document", [self.across_line_breaks([*cue, *labelled]) for cue in prepositions], greedy="LONGEST"
        )
        # "Document A states": the small model often tags the verb as a plural noun here.
        self.matcher.add("document_says", [self.across_line_breaks([*document, fillers, verb])], greedy="LONGEST")
        self.matcher.add("as_source_says", [
            self.across_line_breaks([{"LOWER": "as"}, titles, {**NAME, "OP": "+"}, fillers, verb]),
            self.across_line_breaks([{"LOWER": "as"}, *document, fillers, verb]),
        ], greedy="LONGEST")
        self.matcher.add("as_generic_says", [self.across_line_breaks([{"LOWER": "as"}, *generic, fillers, verb])], greedy="LONGEST")
        # "Looking at Source C, we see ...", "... which Document 4 confirms": a document label anywhere in the prose;
        # at a sentence's end the tokenizer keeps the full stop on a letter ("Source B.").
        self.matcher.add("document_named", [
            self.across_line_breaks(labelled[1:]), self.across_line_breaks([labelled[1], {"TEXT": {"REGEX": r"^[A-Z]\.$"}}])
        ])
        # "I agree with Isaac Deutscher that ...": the writer sides with a named source.
        agree = {"LEMMA": {"IN": list(signals.agreement_verbs)}}
        self.matcher.add("agree_with", [self.across_line_breaks([agree, {"LOWER": "with"}, titles, {**NAME, "OP": "+"}])], greedy="LONGEST")
        # "Robert Service's book Comrades": an author's work named with its title.
        possessive = {"ORTH": {"IN": ["'s", "’s", "'", "’"]}}
        book = {"LOWER": {"IN": sorted(self.research_nouns)}}
        title_words = {"TEXT": {"REGEX": r"^[A-Z0-9]"}, "OP": "+"}  # "A People's Tragedy": a title may open with any word
        self.matcher.add(
            "author_work", [self.across_line_breaks([{**NAME, "OP": "+"}, possessive, book, title_words])], greedy="LONGEST"
        )
        strings = nlp.vocab.strings
        self.verb_hashes = numpy.array([strings.add(verb) for verb in sorted(self.verbs)], dtype="uint64")
        # A sentence with a cue has the cue's longest word ("according", "words", "pointed"): looking
        # for "in" or "by" instead would send nearly every sentence through the Matcher.
        cue_words = [max(cue.split(), key=len) for cue in signals.source_cues] + sorted(self.documents)
        cue_words += [*signals.agreement_verbs, *sorted(self.research_nouns)]
        self.cue_hashes = numpy.array([strings.add(word) for word in cue_words], dtype="uint64")
        self.as_hash = strings.add("as")
        self.argument_hashes = numpy.array([strings.add(noun) for noun in sorted(self.argument_nouns)], dtype="uint64")

    def __call__(
        self, doc: Doc, tokens: TokenIndex, cited: dict[int, list[src.CitationMatch]], known: set[str]
    ) -> list[src.CitationMatch]:
        """Signal phrases of `doc`; `cited` maps a sentence's first token to its markers, `known` holds cited surnames.

        The finder lives as long as the pipeline and may serve several threads at once: what
        belongs to one essay (`doc`, `tokens`) is passed from call to call, never kept on it.
        """
        found: dict[int, src.CitationMatch] = {}
        claimed: set[int] = set()
        sentences, verbs = self._candidates(doc, tokens)
        matches = [match for sentence in sentences for match in self.matcher(sentence, as_spans=True)]
        # The longest match first where several start together: "According to Source 2", not "... Source".
        for span in sorted(matches, key=lambda match: (match.start, -len(match))):
            label = span.label_
            span = trimmed(span)  # a repeated part of a pattern may end on a line break
            if any(token.i in claimed for token in span):
                continue  # "Source B says" inside "As Source B says"
            if label == "as_source_says" and self._word_before(doc, span.start) == "such":
                continue  # "Historians such as Conquest argue": the subject's examples, read from the parse below
            if label in GENERIC_LABELS:
                # "the textbook", "the author": the essay's own source, never an actor of the history told.
                noun = next(token for token in span if token.lower_ in self.generic_sources)
                found[span.start_char] = self.keys.match(
                    span.start_char, span.end_char, "signal_phrase", [src.key(noun.text)], self._generic_kind(noun)
                )
                claimed.update(token.i for token in span)
                continue
            if label == "document_named" and span[-1].text.endswith("."):
                end = span.end_char - 1  # "Source B.": the full stop ends the sentence
                found[span.start_char] = self.keys.match(
                    span.start_char, end, "signal_phrase", [self.keys.document(span[0].text, span[-1].text[:-1])]
                )
                claimed.update(token.i for token in span)
                continue
            if label in ("document_named", "source_cue_document") and not _stands_as_label(span[-1]):
                continue
            if label == "author_work" and span.end < len(doc) and doc[span.end].lemma_ in self.verbs:
                continue  # "Applebaum's book Red Famine shows": the subject and its verb, read from the parse below
            if label in ("agree_with", "author_work"):
                phrase = self._named_work(span, label, known)
                if phrase is not None:
                    found[span.start_char] = phrase
                    claimed.update(token.i for token in span)
                continue
            if label == "source_cue":
                span = self._extend_name(span, tokens)
            name = self._name_tokens(span, label)
            if not name:
                continue
            same_work = self._cited_work(name, cited.get(tokens.sentence_start(span.start), []), tokens.text)
            # "as Figes has argued": the scholar's idiom; the small model often takes an unknown surname for a
            # place. Not with "shown": "as China has shown" is a place.
            perfect = label == "as_source_says" and span[-1].lemma_ in self.person_verbs and any(
                token.lower_ in ("has", "have") for token in span
            )
            if not same_work and not self._is_source(name, known, perfect=perfect) and not (label == "source_cue" and self._named(name)):
                continue
            if label == "as_source_says" and not same_work and not (
                self._talks_about_source(span[-1], name, tokens) or self._quotes_after(span[-1], tokens)
            ):
                continue
            found[span.start_char] = self._match(span, name, same_work)
            claimed.update(token.i for token in span)
        dated = self._dated_works(cited, tokens.text, doc)
        pairs = [(verb, child) for verb in verbs if verb.pos_ in ("VERB", "AUX") for child in verb.children if child.dep_ == "nsubj"]
        pairs = [(verb, _antecedent(verb, subject)) for verb, subject in pairs]
        # "Deutscher accepted the view and showed that ...": a verb joined to one with a subject shares it.
        # Only when it reports quoted words: "Physics clears up and explains a lot" is no scholar's claim.
        pairs += [
            (verb, child) for verb in verbs
            if verb.dep_ == "conj" and verb.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            and self._quotes_after(verb, tokens)
            for child in verb.head.children if child.dep_ == "nsubj" and NAME_RE.match(child.text) and child.pos_ == "PROPN"
        ]
        pronouns = [(verb, subject) for verb, subject in pairs if subject.lower_ in self.personal_pronouns]
        # "Fitzpatrick's argument is that ...": the copula with a that-clause reports the argument.
        pairs += [
            (noun.head, noun) for noun in self._argument_nouns(doc)
            if noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and any(child.dep_ == "ccomp" for child in noun.head.children)
        ]
        parenthetical_starts = sorted(
            marker.start for markers in cited.values() for marker in markers if marker.style == "parenthetical"
        )

        def answered(verb: Token) -> bool:
            """A parenthesis right after the quotation the verb opens, over a sentence break inside the quotation."""
            close = self._quotation_close(tokens.text, verb.idx)
            first = bisect_left(parenthetical_starts, verb.idx)
            return close > 0 and first < len(parenthetical_starts) and parenthetical_starts[first] <= close + 3

        # The sentences that hold a phrase already: a set, kept as phrases are added (no walk over them per verb).
        phrase_sentences = {tokens.sentence_at(start) for start in found}
        for verb, subject in pairs:
            verb_i, subject_i = verb.i, subject.i
            if subject_i in claimed or verb_i in claimed:
                continue
            if not self._reports_something(verb, tokens):
                continue  # "Zinoviev may have agreed in the end", "When Kamenev says that, ...": no claim reported
            groups, kind = self._subject_source(subject)
            if not groups:
                continue
            name, others = groups[0], groups[1:]
            in_sentence = cited.get(tokens.sentence_start(subject.i), [])
            if any(name[-1].idx < marker.start < verb.idx for marker in in_sentence):
                continue  # "Service (2000) argues": the parenthesis is the marker
            # A name the sentence also cites is a source, whatever spaCy's entity guess.
            same_work = self._cited_work(name, in_sentence, tokens.text)
            # Quoted words are the subject's own to cite only when nothing else in the sentence answers for them:
            # "Lenin called it a 'breathing space' (Fitzpatrick 93)" quotes Lenin from Fitzpatrick's book.
            sentence = tokens.sentence_start(subject.i)
            quoting = (
                not answered(verb)
                and not any(marker.style == "parenthetical" for marker in in_sentence)
                and sentence not in phrase_sentences
                and _reports_words(verb)
            )
            if not same_work and not self._subject_is_source(kind, name, known, verb, others, tokens, dated, quoting):
                continue
            # The span runs through the verb, over an apposition: "Roy Medvedev, a Soviet historian, argued".
            last_name = max(token.i for group in groups for token in group)
            last = verb.i if verb.i > last_name else last_name
            if last == verb.i:
                particles = [child.i for child in verb.children if child.dep_ == "prt" and child.i == verb.i + 1]
                last = particles[0] if particles else last
            first = name[0] if kind == "work" else self._left_edge(subject, name)
            span = doc[first.i : last + 1]
            match = self._match(span, name, same_work, others)
            if kind == "generic":
                match = replace(match, kind=self._generic_kind(subject))
            found.setdefault(span.start_char, match)
            phrase_sentences.add(tokens.sentence_at(span.start_char))
            claimed.add(verb.i)  # "the historian X, a critic of the regime, wrote": one phrase, not one per subject
        self._pronoun_phrases(pronouns, found, claimed, tokens)
        for phrase in self._attribution_lines(doc):
            found.setdefault(phrase.start, phrase)
        # The works-cited list names its works ("Document A: Lenin's letter"); it cites none of them.
        listed = [(p.start, p.end) for p in doc._.paragraphs or [] if p.role == "works_cited"]
        # "Service (2000) argues", "[Source A]": the marker, not a second one around it or inside it.
        overlaps = _MarkerOverlap([marker for markers in cited.values() for marker in markers])
        return [
            phrase for phrase in found.values()
            if not overlaps(phrase) and not any(start <= phrase.start < end for start, end in listed)
        ]

    def _named_work(self, span: Span, label: str, known: set[str]) -> src.CitationMatch | None:
        """'agree with Isaac Deutscher', "Robert Service's book Comrades": the named author is the source."""
        tokens = [token for token in span if not token.is_space]
        if label == "agree_with":
            if tokens[0].tag_ in ("VBD", "VBN"):
                return None  # "Lenin agreed with Bukharin": an act of the history told
            name = [token for token in tokens[2:] if NAME_RE.match(token.text) and token.lower_ not in self.scholars]
        else:
            cut = next(index for index, token in enumerate(tokens) if token.text in ("'s", "’s", "'", "’"))
            name = tokens[:cut]
        following = span.doc[span.end] if span.end < len(span.doc) else None
        if not name or not self._is_source(name, known) or (following is not None and LABEL_RE.match(following.text)):
            return None  # "agree with Rule 2": a label, not a person
        return self.keys.match(span.start_char, span.end_char, "signal_phrase", [self.source_key(name)])

    def _pronoun_phrases(
        self, pronouns: list[tuple[Token, Token]], found: dict[int, src.CitationMatch], claimed: set[int], tokens: TokenIndex
    ) -> None:
        """'Lenin concluded that ... . Without them, he argued, the workers ...': he or she with a verb only a
        person does, right after a phrase that cites a person (in the same or the sentence before), cites
        that person again. Alone, "He argues that ..." names no one."""
        # By start, so that each pronoun looks only at the phrases of its own and the sentence before.
        ordered = sorted(found.items())
        starts = [start for start, _ in ordered]
        for verb, subject in pronouns:
            if subject.i in claimed or verb.i in claimed or verb.lemma_ not in self.person_verbs or verb.lemma_ == "put":
                continue  # "he put into effect": not "as he put it"
            sentence = tokens.sentence_start(subject.i)
            earlier = tokens.sentence_start(sentence - 1) if sentence > 0 else sentence
            window = ordered[bisect_left(starts, tokens.starts[earlier]) : bisect_left(starts, subject.idx)]
            before = [
                phrase for _, phrase in window if phrase.kind == src.NAMED and not phrase.sources[0].startswith("document")
            ]
            doc = subject.doc
            since = doc[tokens.after(before[-1].end).i : subject.i] if before and tokens.after(before[-1].end) is not None else []
            if any(token.dep_ == "nsubj" and token.pos_ == "PROPN" for token in since):
                continue  # "Trotsky claimed ..., but he said so": he is the person named since, not the source before
            if not (verb.dep_ == "parataxis" or self._quotes_after(verb, tokens) or any(c.dep_ == "ccomp" for c in verb.children)):
                continue  # "he said so": nothing reported
            if not before:
                # "Lenin's widow Nadezhda Krupskaya kept a diary. She wrote that ...": a person named as the subject before.
                named = [
                    name for token in subject.doc[earlier:sentence] if token.dep_ == "nsubj"
                    for name in [self._subject_name(token)] if name and self._person(name)
                ]
                if not named or not self._writes_that(verb) or _own_document_before(verb, subject):
                    continue  # "In his Testament he wrote that ...": the actor's own document, history told
                before = [self.keys.match(0, 0, "signal_phrase", [self.source_key(named[-1])])]
            first, last = sorted((subject.i, verb.i))
            span = subject.doc[first : last + 1]
            found[span.start_char] = self.keys.match(span.start_char, span.end_char, "signal_phrase", list(before[-1].sources))
            claimed.update(token.i for token in span)

    def _person(self, name: list[Token]) -> bool:
        """A person to spaCy, or a given name and a surname none of which is a place or a thing."""
        return any(part.ent_type_ == "PERSON" for part in name) or (
            len(name) >= 2 and all(part.pos_ == "PROPN" and part.ent_type_ not in self.not_sources for part in name)
        )

    def _attribution_lines(self, doc: Doc) -> list[src.CitationMatch]:
        """'R. Conquest' under a quotation, on a line of its own or after the closing quote: who said it, as an
        epigraph names its author. A name on its own line after prose counts with an initial ("R. Conquest"),
        the way attributions are written, not "Lenin and Stalin" as a heading."""
        found = []
        text = doc.text
        # A name on its own line reads as a heading to paragraphs.py: headings are looked at too.
        paragraphs = [p for p in doc._.paragraphs or [] if p.role not in ("works_cited", "title")]
        for previous, paragraph in zip([None, *paragraphs], paragraphs):
            line = text[paragraph.start : paragraph.end]
            closing = max((line.rfind(mark) for mark in self.closing_quotes), default=-1)
            quoted = False
            if closing > 1 and line[closing - 1] in ".!?,\u2026":
                offset = paragraph.start + closing + 1  # '"... Stalin." R. Conquest': after the quotation
            elif previous is not None:
                offset = paragraph.start
                said = text[previous.start : previous.end].rstrip(" .,\n\r\t")
                quoted = bool(said) and said[-1] in self.closing_quotes
            else:
                continue
            rest = text[offset : paragraph.end]
            stripped = rest.strip().lstrip("-\u2013\u2014~ ").rstrip(".")
            words = stripped.split()
            if not 1 <= len(words) <= self.max_attribution_words or not all(NAME_RE.match(word) for word in words):
                continue
            initial = any(len(word.rstrip(".")) == 1 and word.endswith(".") for word in words[:-1])
            if offset == paragraph.start and not (quoted or initial):
                continue
            start = offset + rest.index(stripped)
            span = doc.char_span(start, start + len(stripped), alignment_mode="expand")
            if span is not None and (initial or any(token.ent_type_ == "PERSON" for token in span)):
                found.append(self.keys.match(start, start + len(stripped), "signal_phrase", [src.key(words[-1])]))
        return found

    def _dated_works(self, cited: dict[int, list[src.CitationMatch]], text: str, doc: Doc) -> set[str]:
        """'service 2000' for each author and year the essay cites: in a marker "(Service 2000)", or a works-cited
        entry that begins with the author and gives the year."""
        dated = {source for markers in cited.values() for marker in markers for source in marker.sources}
        for paragraph in doc._.paragraphs or []:
            if paragraph.role == "works_cited" and (words := src.key(text[paragraph.start : paragraph.end]).split()):
                dated.update(f"{words[0]} {word}" for word in words if self.patterns.year.match(word))
        return dated

    def _argument_nouns(self, doc: Doc) -> list[Token]:
        """The argument nouns ("argument", "view") of `doc`, found over its NORM column."""
        return [doc[i] for i in numpy.nonzero(numpy.isin(doc.to_array(NORM), self.argument_hashes))[0].tolist()]

    def _candidates(self, doc: Doc, tokens: TokenIndex) -> tuple[list[Span], list[Token]]:
        """Sentences the Matcher must read (a source cue, or "as" with a reporting verb) and the reporting verbs.

        Found with array look-ups over the Doc's LEMMA and NORM columns, so an essay without
        a cue costs no Python loop over its tokens.
        """
        columns = doc.to_array([LEMMA, NORM])
        verbs = numpy.nonzero(numpy.isin(columns[:, 0], self.verb_hashes))[0].tolist()
        cues = numpy.nonzero(numpy.isin(columns[:, 1], self.cue_hashes))[0].tolist()
        as_words = numpy.nonzero(columns[:, 1] == self.as_hash)[0].tolist()
        with_verb = {tokens.sentence_start(i) for i in verbs}
        starts = {tokens.sentence_start(i) for i in cues} | ({tokens.sentence_start(i) for i in as_words} & with_verb)
        return [doc[start : tokens.sentence_end(start)] for start in sorted(starts)], [doc[i] for i in verbs]

    def _match(
        self,
        span: Span, name: list[Token], same_work: src.CitationMatch | None, others: list[list[Token]] = ()
    ) -> src.CitationMatch:
        sources = list(same_work.sources[:1]) if same_work is not None else [self.source_key(name)]
        # "Figes and Kolonitskii show ... (Figes and Kolonitskii, 1999)": co-authors of the one work cited.
        sources += [key for key in (self.source_key(group) for group in others) if not any(key in s.split() for s in sources)]
        return self.keys.match(span.start_char, span.end_char, "signal_phrase", sources)

    def _cited_work(self, name: list[Token], markers: list[src.CitationMatch], text: str) -> src.CitationMatch | None:
        """The marker in the same sentence that cites this author or document, if any: its first word is the name."""
        surname = self.source_key(name)
        names = {src.key(token.text) for token in name} | {surname}
        for marker in markers:
            if any(mark in text[marker.start : marker.end] for mark in self.quote_marks):
                continue  # "Lenin wrote ... (“Lenin and the Assembly”)": a title, not Lenin's own work
            for source in marker.sources:
                if source == surname or (marker.kind == src.NAMED and source.split()[0] in names):
                    return self.keys.match(marker.start, marker.end, marker.style, [source])
        return None

    def _extend_name(self, span: Span, tokens: TokenIndex) -> Span:
        """'According to the National' -> 'According to the National Safety Council of America'."""
        doc, end = span.doc, span.end
        limit = tokens.sentence_end(span.start)
        while True:
            # "of\nAmerica", "Council\nof America": hard-wrapped, the name runs over a line break.
            joiner = self._past_line_break(doc, end, limit)
            word = self._past_line_break(doc, joiner + 1, limit)
            if not (word < limit and doc[joiner].lower_ in NAME_JOINERS and doc[word].text[:1].isupper()):
                break
            end = word + 1
            while (following := self._past_line_break(doc, end, limit)) < limit and NAME_RE.match(doc[following].text):
                end = following + 1
        return doc[span.start : end]

    def _name_tokens(self, span: Span, label: str) -> list[Token]:
        """The source's name within a Matcher span: the capitalised run or the document label."""
        tokens = list(span)
        if label == "as_source_says":
            tokens = tokens[1:-1]
        # "Doc. 3" split by the tokenizer; "Document\n3" broken over two lines.
        tokens = [token for token in tokens if token.text != "." and not token.is_space]
        for index, token in enumerate(tokens):
            if token.lower_ in self.documents and index + 1 < len(tokens) and LABEL_RE.match(tokens[index + 1].text):
                return tokens[index : index + 2]
        if label == "source_cue":
            following = span.doc[span.end] if span.end < len(span.doc) else None
            if following is not None and following.lower_ in ("'s", "’s"):
                return []  # "according to Stalin's decree": the source is the decree
            while tokens and tokens[0].lower_ in self.cue_words:
                tokens = tokens[1:]
        return [token for token in tokens if NAME_RE.match(token.text) and token.lower_ not in self.scholars and token.tag_ not in PRONOUNS]

    def _subject_source(self, subject: Token) -> tuple[list[list[Token]], str]:
        """The names a subject gives and how it gives them: "generic" ("The textbook states"), "work" (a work
        whose author or publisher is named: "A BBC Bitesize page explains", "Trotsky's The Revolution Betrayed
        argues") or "name" (everything else: "Pipes and Figes argue")."""
        if subject.lower_ in self.media_nouns:
            # "A BBC Bitesize page explains": the site or broadcaster is the source.
            publisher = [
                token for child in subject.children if child.dep_ == "compound" for token in child.subtree
                if token.dep_ == "compound" and NAME_RE.match(token.text) and token.tag_ not in PRONOUNS
            ]
            if publisher and all(token.ent_type_ not in self.not_sources or token.ent_type_ == "ORG" for token in publisher):
                return [publisher], "work"
        names = self._subject_names(subject)
        if names:
            return names, "name"  # "The historian Sheila Fitzpatrick has shown": her name, not "historian"
        if subject.lower_ in self.generic_sources and subject.tag_ == "NN" and self._one_work(subject):
            return [[subject]], "generic"
        if NAME_RE.match(subject.text) and any(child.dep_ in ("poss", "det") for child in subject.children):
            # A title as the subject: "Trotsky's The Revolution Betrayed argues", "Figes' book A People's
            # Tragedy shows", "In his book Lenin: A Biography, Robert Service shows" (the parser takes the
            # author for the title's apposition).
            author = self._title_author(subject)
            if author:
                return [author], "work"
        return [], "name"

    def _one_work(self, noun: Token) -> bool:
        """'the textbook', 'this article', 'the author of the passage': one particular work, not 'a book' or 'the source of his power'."""
        if not any(child.dep_ in ("det", "poss") and child.lower_ in self.generic_determiners for child in noun.children):
            return False
        owned = [
            grandchild for child in noun.children if child.dep_ == "prep" and child.lower_ == "of"
            for grandchild in child.children if grandchild.dep_ == "pobj"
        ]
        return all(token.lower_ in self.generic_sources or NAME_RE.match(token.text) for token in owned)

    def _title_author(self, title: Token) -> list[Token]:
        """The author a title's subject names: its owner when it reads as a published work, or a person in apposition."""
        published = title.ent_type_ == "WORK_OF_ART" or any(
            child.dep_ == "det" and child.text in self.title_determiners and child.i > child.sent.start for child in title.children
        )
        for child in title.children:
            if child.dep_ == "poss" and published and NAME_RE.match(child.text) and child.tag_ not in PRONOUNS:
                return self._subject_name(child)
            if child.dep_ in ("nmod", "compound", "appos") and child.lower_ in self.research_nouns:
                owners = [grandchild for grandchild in child.children if grandchild.dep_ == "poss" and NAME_RE.match(grandchild.text)]
                if owners:
                    return self._subject_name(owners[0])
            if child.dep_ == "appos" and child.ent_type_ == "PERSON" and child.i > title.i:
                return self._subject_name(child)
        return []

    def _subject_is_source(
        self,
        kind: str,
        name: list[Token],
        known: set[str],
        verb: Token,
        others: list[list[Token]],
        tokens: TokenIndex,
        dated: set[str],
        quoting: bool = False,
    ) -> bool:
        """Whether a subject found by `_subject_source` is the writer's source rather than an actor of the history
        told; `dated` holds the "author year" keys the essay cites ("service 2000"); `quoting` whether quoted
        words after the verb may be the subject's own, cited through this phrase."""
        if kind == "generic":
            return True
        if not self._is_source(name, known, verb, others):
            return False
        if kind == "work":
            # "Khrushchev's Secret Speech claimed": a past act of the history told, not a work the writer reads.
            return verb.tag_ in self.present or _perfect(verb)
        # "Trotsky described him as 'the first of the organisers'": the source's own words, quoted, in any tense.
        # "Krupskaya wrote that ...": what a person wrote is a written source, as their quoted words are.
        return (
            self._talks_about_source(verb, name, tokens)
            or self._dated_by(verb, name, dated)
            or (quoting and (self._quotes_after(verb, tokens) or self._writes_that(verb)))
        )

    def _subject_names(self, subject: Token) -> list[list[Token]]:
        """The names a subject gives, first the subject's own: [[Robert, Conquest]], [[Pipes], [Figes]], [[Document, 3]]."""
        if subject.lower_ in self.research_nouns or subject.lower_ in self.argument_nouns:
            # "Fitzpatrick's research shows": the work's author; not "the research shows".
            owners = [child for child in subject.children if child.dep_ == "poss" and NAME_RE.match(child.text)]
            return [self._subject_name(owners[0])] if owners and self._subject_name(owners[0]) else []
        if subject.lower_ in self.scholars:
            # "Historians such as Conquest argue", "Historians like Pipes and Figes argue".
            examples = [
                grandchild for child in subject.children
                if child.dep_ == "prep" and child.lower_ in self.example_prepositions
                for grandchild in child.children if grandchild.dep_ == "pobj" and NAME_RE.match(grandchild.text)
            ]
            if examples:
                return self._with_conjuncts(examples[0])
        name = self._subject_name(subject)
        if not name or name[0].lower_ in self.documents:
            return [name] if name else []
        if subject.lower_ in self.scholars:
            return [name]  # "The historian Sheila Fitzpatrick has shown": the apposition's name
        return self._with_conjuncts(subject)

    def _with_conjuncts(self, first: Token) -> list[list[Token]]:
        """'Pipes, Figes and Conquest': each name joined to `first` by "and" or a comma, with its compounds."""
        groups, token = [], first
        seen = set()
        while token is not None and token.i not in seen:
            seen.add(token.i)
            name = self._subject_name(token)
            if not name:
                break
            groups.append(name)
            following = [child for child in token.children if child.dep_ == "conj" and NAME_RE.match(child.text)]
            token = following[0] if following else None
        return groups

    def _subject_name(self, subject: Token) -> list[Token]:
        """'Conquest' with its compounds ('Robert'), or 'Document' with its label ('3')."""
        if subject.lower_ in self.documents:
            labels = [child for child in subject.children if child.i == subject.i + 1 and LABEL_RE.match(child.text)]
            return [subject, labels[0]] if labels else []
        if subject.lower_ in self.scholars:
            # "The historian Sheila Fitzpatrick has shown": the name is the title's apposition.
            named = [child for child in subject.children if child.dep_ == "appos" and NAME_RE.match(child.text)]
            return self._subject_name(named[0]) if named else []
        if subject.tag_ == "NN":
            # "Its chairman, Dzerzhinsky, called it ...": the name in apposition to a common noun.
            named = [child for child in subject.children if child.dep_ == "appos" and NAME_RE.match(child.text) and child.pos_ == "PROPN"]
            if named:
                return self._subject_name(named[0])
        if not NAME_RE.match(subject.text) or subject.tag_ in PRONOUNS or subject.lower_ in self.scholars:
            return []  # "Historians agree", "Others disagree": no one in particular
        titled = any(child.lower_ in self.scholars for child in subject.children)
        # "the Karl Radek who wrote": a given name and a surname are a person, whatever the stray article.
        full_name = subject.pos_ == "PROPN" and subject.ent_type_ not in self.not_sources and any(
            child.dep_ == "compound" and child.pos_ == "PROPN" and child.ent_type_ not in self.not_sources for child in subject.children
        )
        if any(
            child.dep_ == "poss" or (child.dep_ == "det" and child.lower_ in self.determiners and not titled and not full_name)
            for child in subject.children
        ):
            return []  # "the Testament shows", "Khrushchev's Secret Speech blamed": a thing, not a person
        names = [
            child for child in subject.children
            if child.dep_ == "compound" and NAME_RE.match(child.text) and child.lower_ not in self.scholars
        ]
        return sorted([*names, subject], key=lambda token: token.i)

    def _left_edge(self, subject: Token, name: list[Token]) -> Token:
        """Start the span at a title noun before the name ('Historian Robert Conquest'), or at a
        possessive name ("Fitzpatrick's research")."""
        first = subject if subject.i < name[0].i else name[0]
        for child in subject.children:
            if child.i < first.i and child.lower_ in self.scholars and child.dep_ in ("compound", "amod", "nmod"):
                first = child
        return first

    def _is_source(
        self, name: list[Token], known: set[str], verb: Token | None = None, others: list[list[Token]] = (), perfect: bool = False
    ) -> bool:
        """A person, an organisation, a work or a document - not a place, a people, a date or a policy.

        spaCy's entity type is a guess: a name the essay cites elsewhere is a source whatever it says, and
        so is a "place" in "as Figes has argued" (`perfect`): places do not argue or note in the perfect.
        """
        if name[0].lower_ in self.documents:
            return True
        head = name[-1]
        if len(head.text.strip(".")) < 2:
            return False
        if name[0].tag_ == "NNS" and not self._plural_is_name(name, known, verb, others):
            return False  # "Others disagree": a plural common noun, unless the sentence cites it
        place = perfect and name[0].ent_type_ in ("GPE", "LOC")
        if (
            name[0].ent_type_ in self.not_sources and not place and src.key(head.text) not in known
            and not any(token.ent_type_ == "PERSON" for token in name)
        ):
            return False
        if any(token.lower_ in self.not_source_heads for token in name):
            return False
        if name[0].is_sent_start:
            # "Evidence shows", "History suggests": a capitalised common word opening a sentence is
            # a name only if spaCy says so, the essay cites it, or only a person could do the verb -
            # in the singular: "Somepeople think", "Opponent wrongly think" are common words.
            return (
                head.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART")
                or any(src.key(token.text) in known for token in name)
                or (verb is not None and verb.lemma_ in self.person_verbs and (verb.tag_ != "VBP" or bool(others)))
                # "Deutscher accepted the view and showed that ... “...”": a proper noun whose verb reports quoted words
                or (verb is not None and head.tag_ == "NNP" and self._quotes_after(verb, None))
            )
        return True

    def _plural_is_name(
        self, name: list[Token], known: set[str], verb: Token | None, others: list[list[Token]]
    ) -> bool:
        """'Pipes asserts', 'Pipes and Figes argue', 'as noted by Pipes': a surname the tagger took for a plural."""
        if src.key(name[-1].text) in known or any(group[-1].tag_ == "NNP" for group in others):
            return True
        if any(child.dep_ in ("nummod", "det", "amod") for child in name[-1].children):
            return False  # "Five Reasons to keep ...": a counted or described plural is a common noun
        if not name[0].is_sent_start:
            return name[0].ent_type_ not in self.not_sources
        return verb is not None and verb.tag_ == "VBZ"

    def _talks_about_source(self, verb: Token, name: list[Token], tokens: TokenIndex) -> bool:
        """Present or perfect tense, a modal, the words quoted ("as Trotsky put it"), or the name called a
        historian or author of a book.

        Not a name the essay cites elsewhere, in the past tense: "In April of 1920, Trotsky stated that ..."
        narrates an actor whose own book the essay also cites "(Trotsky)".
        """
        if name[0].lower_ in self.documents or verb.tag_ in self.present:
            return True
        if verb.lemma_ == "put" and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == "it":
            return True  # "As Trotsky himself put it": his words, quoted
        if verb.tag_ == "NNS" and verb.dep_ != "nsubj":
            return True  # "As Getty notes": the small model sometimes tags the verb as a plural noun
        if _perfect(verb) or any(child.dep_ == "aux" and child.lower_ in ("would", "might", "could", "may", "will") for child in verb.children):
            return True
        doc = verb.doc
        first, last = tokens.sentence_start(verb.i), tokens.sentence_end(verb.i)
        around = doc[max(first, name[0].i - 3) : name[-1].i + 1]
        described = [token for child in name[-1].children if child.dep_ == "appos" for token in child.subtree]
        if any(token.lower_ in self.scholars for token in [*around, *described]):
            return True
        if any(_names_a_work(child) for child in name[-1].children) or any(
            child.i > verb.i and _names_a_title(child, self.not_sources) for child in verb.children
        ):
            # "Trotsky, in The Revolution Betrayed, claimed ...", "Lenin wrote in State and Revolution
            # that ...". Not "In his April Theses, Lenin called for ...": a work before the sentence's
            # subject may be the actor's own document.
            return True
        return any(
            token.lower_ in self.works and token.i < verb.i and any(child.dep_ == "poss" for child in token.children)
            for token in doc[first:last]
        )

    def across_line_breaks(self, pattern: list[dict]) -> list[dict]:
        """The Matcher pattern with a line break allowed between any two of its words, also inside a
        repeated part: "As Figes\npoints out", "According to Robert\nService".

        Hard-wrapped text breaks a line wherever the width runs out, so any gap of a phrase may
        hold spaCy's "\n" token. A paragraph break never does: the patterns are matched sentence
        by sentence, and every paragraph starts a sentence (paragraphs.py).
        """
        spread: list[dict] = []
        for spec in pattern:
            if spread:
                spread.append(self.line_break)
            if spec.get("OP") in ("+", "*"):
                spread += [spec, self.line_break, {**spec, "OP": "*"}]
            else:
                spread.append(spec)
        return spread

    def _past_line_break(self, doc: Doc, i: int, limit: int) -> int:
        """The index of token i, or of the word after it when token i is a line break inside the paragraph."""
        return i + 1 if i < limit and self.patterns.line_break_token.search(doc[i].text) else i

    def _word_before(self, doc: Doc, i: int) -> str:
        """The lower-cased word before token i, over a line break; '' at the start."""
        i -= 2 if i > 1 and self.patterns.line_break_token.search(doc[i - 1].text) else 1
        return doc[i].lower_ if i >= 0 else ""

    def source_key(self, name: list[Token]) -> str:
        """'Robert Service' -> 'service'; 'National Safety Council' -> 'national safety council'; 'Document', '3' -> 'document 3'."""
        if len(name) == 2 and LABEL_RE.match(name[1].text) and name[0].lower_ in self.documents:
            return self.keys.document(name[0].text, name[1].text)
        words = [token for token in name if len(token.text.strip(".")) > 1] or name[-1:]
        if any(token.lower_ in self.organization_words for token in words):
            return src.key(" ".join(token.text for token in words))
        return src.key(words[-1].text)

    def _quotes_after(self, verb: Token, tokens: TokenIndex | None) -> bool:
        """Quoted words are what the verb reports - in its clause, "as" phrase or object, not a title in
        parentheses nor a word quoted in a phrase of manner ("put the plan into effect by introducing 'quotas'") -
        or a colon after the verb opens a quotation."""
        doc = verb.doc
        end = min((tokens.sentence_end(verb.i) if tokens is not None else verb.sent.end) + 1, len(doc), verb.i + 1 + QUOTE_SCAN)
        following = [token for token in doc[verb.i + 1 : end] if not token.is_space]
        if following and following[0].text == ":":
            return True
        if verb.lemma_ == "put" and not (following and following[0].lower_ == "it"):
            return False  # "put" reports only in "as he put it"
        heads = [child for child in verb.children if child.dep_ in REPORTED_DEPS or (child.dep_ == "prep" and child.lower_ == "as")]
        if verb.dep_ == "parataxis":
            heads.append(verb.head)  # "..., he argued, the workers could only ...": the clause around it

        def reported(token: Token) -> bool:
            # Up the token's heads, not down each subtree: a long sentence costs its depth, not its length.
            return any(head == token or head.is_ancestor(token) for head in heads)

        depth, inside = 0, False
        for token in following:
            if token.text in ("(", "["):
                depth += 1
            elif token.text in (")", "]"):
                depth = max(0, depth - 1)
            elif inside and (token.tag_ == "\'\'" or token.text in self.closing_quotes):
                inside = False  # the closing mark of a quotation: no new one opens here
            elif not inside and token.text in (".", "!", "?"):
                return False  # 'stay home," Ana said. "Fine, ...': the next sentence's quotation is not what was said
            elif depth == 0 and (token.tag_ == "``" or token.text[:1] in self.opening_quotes):
                inside = True
                if token.i - verb.i <= self.quote_reach:
                    return True
                # Farther on, a quotation of a few words at least: "some 'wise men' doubted it" quotes no one.
                nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
                if (reported(token) or reported(nxt)) and self._quoted_words(token) >= self.min_quoted_words:
                    return True
        return False

    def _quoted_words(self, opening: Token) -> int:
        """How many words the quotation opened at `opening` holds, up to its closing mark or its sentence's end."""
        words = 0
        for token in opening.doc[opening.i + 1 : opening.i + 1 + self.min_quoted_words * 4]:
            if token.tag_ == "\'\'" or token.text in self.closing_quotes or token.tag_ == "``":
                break
            words += token.is_alpha
        return words

    def _quotation_close(self, text: str, start: int) -> int:
        """The offset of the closing mark of the first quotation opening after `start` (within a few hundred
        characters), or -1."""
        window = text[start : start + QUOTATION_WINDOW]
        opening = next((index for index, char in enumerate(window) if char in self.opening_quotes), -1)
        if opening < 0:
            return -1
        closing = next((index for index in range(opening + 1, len(window)) if window[index] in "\"\u201d\u00bb"), -1)
        return start + closing if closing >= 0 else -1

    def _writes_that(self, verb: Token) -> bool:
        """'wrote that ...': a verb of writing with the clause it reports; not 'Lenin wrote in 1902 that ...',
        dated as an act of the history told (a year of a work the essay cites is `_dated_by`'s)."""
        dated = any(
            child.dep_ == "prep" and any(grand.dep_ == "pobj" and self.patterns.year.match(grand.text) for grand in child.children)
            for child in verb.children
        )
        return verb.lemma_ in self.writing_verbs and not dated and any(child.dep_ == "ccomp" for child in verb.children)

    def _reports_something(self, verb: Token, tokens: TokenIndex) -> bool:
        """The verb reports a claim: a clause, an object, "as" ('described him as'), or quoted words after it.

        Not "Zinoviev may have agreed in the end", nor "When Kamenev says that, ..." (a pronoun "that")."""
        doc = verb.doc
        after = [token for token in doc[verb.i + 1 : verb.i + 3] if not token.is_space]
        if len(after) == 2 and after[0].lower_ == "that" and after[1].text in (",", ".", ";", "!", "?"):
            return False
        question = doc[tokens.sentence_end(verb.i) - 1].text == "?" if tokens.sentence_end(verb.i) > 0 else False
        if question and any(child.dep_ == "dobj" and child.tag_ in ("WP", "WDT") for child in verb.children):
            return False  # "What did Lenin think of Stalin?": a question, not a claim reported
        if verb.dep_ == "parataxis":
            return True  # "..., he argued, the workers could only ...": the clause around it is what he argued
        if verb.lemma_ == "be" or verb.tag_ in ("VBZ", "VBP") or self._quotes_after(verb, tokens):
            return True  # "as Kotkin notes in his second volume": the present tense reports a scholar's point as it is
        return any(
            child.dep_ in self.complement_deps or (child.dep_ == "prep" and child.lower_ == "as") or child.dep_ == "prt"
            for child in verb.children
        ) or verb.dep_ in ("advcl", "relcl") and verb.i < verb.head.i

    def _dated_by(self, verb: Token, name: list[Token], dated: set[str]) -> bool:
        """'Service argued in 2000 that ...' where the essay cites Service's work of 2000: the year of a publication,
        not of an act of the history told ('Trotsky argued in 1923 that ...')."""
        surname = self.source_key(name)
        return any(
            f"{surname} {year.text}" in dated
            for child in verb.children if child.dep_ == "prep" and child.lower_ == "in"
            for year in child.children if year.dep_ == "pobj" and self.patterns.year.match(year.text)
        )

    def _named(self, name: list[Token]) -> bool:
        """A proper name standing on its own ("according to Trotsky"), not a modifier ("Marxist theory");
        "Pipes" the tagger calls a plural noun is a name too, mid-sentence."""
        head = name[-1]
        proper = head.pos_ == "PROPN" or (head.tag_ in ("NNS", "NNPS") and not head.is_sent_start and head.ent_type_ != "NORP")
        return proper and head.dep_ not in ("amod", "compound") and name[0].lower_ not in self.documents

    def _generic_kind(self, noun: Token) -> str:
        """'the author' points back to the work cited before it; 'the textbook' names a work of its own."""
        return src.IBID if noun.lower_ in self.anaphoric_sources else src.NAMED


class _MarkerOverlap:
    """Whether a phrase overlaps one of the markers, by bisection: an essay of a thousand bracketed
    "[Source A]" labels must not cost a thousand times a thousand comparisons."""

    def __init__(self, markers: list[src.CitationMatch]):
        self.markers = sorted(markers, key=lambda marker: marker.start)
        self.starts = [marker.start for marker in self.markers]
        self.longest = max((marker.end - marker.start for marker in self.markers), default=0)

    def __call__(self, phrase: src.CitationMatch) -> bool:
        first = bisect_left(self.starts, phrase.start - self.longest)
        last = bisect_left(self.starts, phrase.end)
        return any(marker.end > phrase.start for marker in self.markers[first:last])


def _antecedent(verb: Token, subject: Token) -> Token:
    """'Radek, who said that ...': the noun a relative pronoun subject stands for."""
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        if NAME_RE.match(verb.head.text) and verb.head.pos_ == "PROPN":
            return verb.head
        # "the letters of Radek, who said": the parser may hang the clause on "letters"; the name is right before.
        before = subject.doc[subject.i - 2] if subject.i > 1 and subject.doc[subject.i - 1].text == "," else subject.doc[subject.i - 1]
        if subject.i > 0 and before.pos_ == "PROPN" and NAME_RE.match(before.text):
            return before
    return subject


def _own_document_before(verb: Token, subject: Token) -> bool:
    """'In his Testament, he wrote': a phrase before the subject naming the actor's own document."""
    return any(
        child.dep_ == "prep" and child.i < subject.i
        and any(grand.dep_ == "pobj" and any(g.dep_ == "poss" and g.tag_ == "PRP$" for g in grand.children) for grand in child.children)
        for child in verb.children
    )


def _reports_words(verb: Token) -> bool:
    """Not "Lenin called for a 'merciless war'" (a demand) nor "whom Lenin called 'bloodsuckers'" (a name given
    in a relative clause): the verb reports what was said."""
    if any(child.dep_ == "prep" and child.lower_ == "for" for child in verb.children) and verb.lemma_ == "call":
        return False
    return not (verb.dep_ == "relcl" and any(child.tag_ in ("WP", "WDT") and child.dep_ != "nsubj" for child in verb.children))


def _perfect(verb: Token) -> bool:
    """'has shown', 'have argued': the present perfect."""
    return any(child.dep_ == "aux" and child.lower_ in ("has", "have") for child in verb.children)


def _stands_as_label(label: Token) -> bool:
    """'Source C', 'Document 4' name a document; not 'reading 3 books' (a count) nor 'the passage I read' (a pronoun)."""
    if label.tag_ == "PRP":
        return False
    following = label.doc[label.i + 1] if label.i + 1 < len(label.doc) else None
    return following is None or following.pos_ not in ("NOUN", "PROPN", "NUM")


def _names_a_work(child: Token) -> bool:
    """An "in ..." phrase whose object spaCy takes for the title of a work."""
    return child.dep_ == "prep" and child.lower_ == "in" and any(
        token.ent_type_ == "WORK_OF_ART" for token in child.subtree
    )


def _names_a_title(child: Token, not_sources: set[str]) -> bool:
    """'in State and Revolution' after the verb: an "in" phrase whose object is a title - capitalised, not a
    place or a date, and without a determiner ("in his Testament", "in the Kremlin": a document or a
    place of the events, not a published work)."""
    objects = [token for token in child.children if token.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ == "in" else []
    return any(
        NAME_RE.match(token.text)
        and token.ent_type_ not in not_sources
        and token.tag_ not in PRONOUNS
        and not any(grandchild.dep_ in ("poss", "det") and grandchild.is_lower for grandchild in token.children)
        for token in objects
    )
