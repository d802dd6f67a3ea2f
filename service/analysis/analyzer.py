"""Text in, EssayAnalysis out: the one function every front end calls."""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol
from weakref import WeakKeyDictionary

import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.comparison import ReferenceProfile, build_profile, compare_to_reference, parse_score_weights, score_essay
from service.analysis.comparison.features import extract_features
from service.analysis.comparison.structure import summarize
from service.analysis.deadline import Deadline, run_pipeline, within
from service.analysis.feedback import build_feedback, comparison_feedback, order_feedback
from service.analysis.model import AnalyzerInfo, Citation, EssayAnalysis, Paragraph, Sentence, Stats, Thesis
from service.analysis.model import WorksCitedEntry
from service.analysis.question import Question, assignment_question
from service.analysis.pipeline import LEMMA_CACHE_LIMIT, bound_lemma_cache, describe, load_pipeline
from service.config import Settings


def package_version() -> str:
    try:
        return version("essay-feedback")
    except PackageNotFoundError:
        return "0+unknown"


def build_analysis(doc: Doc, info: AnalyzerInfo) -> EssayAnalysis:
    """Copy what the components found on `doc` into plain dataclasses."""
    # `Doc.text` and `Span.text` join every token's text anew on each call: join once.
    text = doc.text
    sentences = [
        Sentence(
            index=index,
            paragraph=span._.paragraph,
            start=span.start_char,
            end=span.end_char,
            text=text[span.start_char : span.end_char],
            roles=list(span._.roles or []),
        )
        for index, span in enumerate(doc._.sentences)
    ]
    sentence_starts = [sentence.start for sentence in sentences]
    paragraphs = [
        Paragraph(index=index, start=paragraph.start, end=paragraph.end, role=paragraph.role)
        for index, paragraph in enumerate(doc._.paragraphs)
    ]
    citations = [
        Citation(
            start=match.start,
            end=match.end,
            text=text[match.start : match.end],
            sentence=_sentence_at(sentences, sentence_starts, match.start),
            style=match.style,
            source=match.source,
            sources=list(match.sources),
            unresolved=list(match.unresolved),
        )
        for match in doc._.citations
    ]
    works_cited = [
        WorksCitedEntry(entry.start, entry.end, entry.text, entry.source, entry.cited, list(entry.matches))
        for entry in doc._.works_cited or []
    ]
    thesis = None
    if doc._.thesis is not None:
        span = doc._.thesis
        index = sentence_starts.index(span.start_char)
        thesis = Thesis(
            sentence=index,
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            stance=doc._.stance,
            confidence=round(doc._.thesis_confidence, 3),
            unclear=doc._.thesis_unclear,
        )
    words = sum(1 for is_space, is_punct in doc.to_array([IS_SPACE, IS_PUNCT]).tolist() if not is_space and not is_punct)
    analysis = EssayAnalysis(
        analyzer=info,
        stats=Stats(words=words, sentences=len(sentences), paragraphs=len(paragraphs)),
        paragraphs=paragraphs,
        sentences=sentences,
        thesis=thesis,
        citations=citations,
        works_cited=works_cited,
        narrative=list(doc._.narrative or []),
    )
    analysis.feedback = build_feedback(analysis, doc._.question)
    return analysis


def release(doc: Doc) -> None:
    """Drop what the components stored on `doc`, once the analysis has copied it out.

    Those values are Spans pointing back at the Doc: left in place, every Doc is a
    reference cycle that only Python's occasional full garbage collection frees, so a
    worker would carry the Docs of its last several requests (docs/performance.md, Load).
    """
    doc.user_data.clear()


def _sentence_at(sentences: list[Sentence], starts: list[int], offset: int) -> int | None:
    position = bisect_right(starts, offset) - 1
    if position >= 0 and sentences[position].start <= offset < sentences[position].end:
        return sentences[position].index
    return None


class SharedZone:
    """One spaCy memory zone for every thread using a pipeline: opened by the first to enter, closed by the last to leave.

    spaCy's zone belongs to the vocabulary, which every thread shares: a zone per thread
    would free, when the first one ends, the strings and lexemes another thread's essay is
    still using. Under overlapping requests the zone stays open until no analysis runs.
    """

    def __init__(self) -> None:
        # No reference to the pipeline: it is this object's key in _SHARED_ZONES, held weakly.
        self._lock = threading.Lock()
        self._users = 0
        self._zone: ExitStack | None = None

    def enter(self, nlp: Language) -> None:
        with self._lock:
            if self._users == 0:
                zone = ExitStack()
                zone.enter_context(nlp.memory_zone())
                self._zone = zone
            self._users += 1

    def leave(self, nlp: Language, lemma_cache_limit: int) -> None:
        with self._lock:
            self._users -= 1
            if self._users:
                return
            zone, self._zone = self._zone, None
            try:
                zone.close()
            finally:
                # The zone leaves the lemmatizer's cache alone: bound it here.
                bound_lemma_cache(nlp, lemma_cache_limit)


_SHARED_ZONES: WeakKeyDictionary[Language, SharedZone] = WeakKeyDictionary()
_SHARED_ZONES_LOCK = threading.Lock()


def shared_zone(nlp: Language) -> SharedZone:
    """The memory zone every user of `nlp` shares."""
    with _SHARED_ZONES_LOCK:
        if nlp not in _SHARED_ZONES:
            _SHARED_ZONES[nlp] = SharedZone()
        return _SHARED_ZONES[nlp]


class ComparedReference(Protocol):
    id: str
    title: str
    question: str
    profile: ReferenceProfile | None
    # The assignment's question with its key terms and stance poles (optional).
    assignment: Question | None


class EssayAnalyzer:
    """A loaded pipeline and the function that turns essays into analyses."""

    def __init__(
        self,
        nlp: Language,
        copy_threshold: float = Settings.copy_threshold,
        score_weights: dict[str, float] | None = None,
        time_limit: float | None = None,
    ):
        self.nlp = nlp
        self.info = AnalyzerInfo(version=package_version(), spacy_version=spacy.__version__, pipeline=describe(nlp))
        self.copy_threshold = copy_threshold
        self.score_weights = dict(score_weights or {})
        # Seconds one analysis (or one analyze_many call) may take; None: no limit.
        self.time_limit = time_limit
        self.lemma_cache_limit = LEMMA_CACHE_LIMIT
        self._zone = shared_zone(nlp)

    @classmethod
    def load(cls, pipeline_name: str) -> "EssayAnalyzer":
        return cls(load_pipeline(pipeline_name))

    @classmethod
    def from_settings(cls, settings: Settings, *, timed: bool = True) -> "EssayAnalyzer":
        """The analyzer the settings describe: their pipeline, copy threshold, score weights and,
        unless `timed` is False (a job or a command has no client waiting), their analysis timeout."""
        return cls(
            load_pipeline(settings.spacy_pipeline),
            copy_threshold=settings.copy_threshold,
            score_weights=parse_score_weights(settings.score_weights),
            time_limit=(settings.analysis_timeout or None) if timed else None,
        )

    @contextmanager
    def memory_zone(self) -> Iterator[None]:
        """spaCy's `nlp.memory_zone()`, opened by the first of nested or concurrent blocks and closed by the last.

        The strings and lexemes spaCy makes inside are freed when that block ends, and so is
        its tokenizer cache: a caller grading many essays holds one zone over several
        batches, since rebuilding them for every batch of 16 costs about a tenth more.
        Threads (and analyzers) using the same pipeline share one zone (`SharedZone`).
        """
        self._zone.enter(self.nlp)
        try:
            yield
        finally:
            self._zone.leave(self.nlp, self.lemma_cache_limit)

    def analyze(self, text: str, reference: "ComparedReference | None" = None) -> EssayAnalysis:
        """Analyse one essay, compared with `reference` if given; spaCy's strings for it are freed afterwards."""
        deadline = Deadline(self.time_limit)
        with self.memory_zone():
            deadline.check("tokenizer")
            doc = run_pipeline(self.nlp, self.make_doc(text, reference), deadline)
            try:
                deadline.check("feedback")
                analysis = build_analysis(doc, self.info)
                deadline.check("comparison")
                return self.complete(doc, analysis, reference)
            finally:
                release(doc)

    def analyze_many(
        self,
        texts: Iterable[str],
        batch_size: int = 16,
        reference: "ComparedReference | None" = None,
        deadline: Deadline | None = None,
    ) -> Iterator[EssayAnalysis]:
        """Analyse essays through `nlp.pipe`, yielding results in input order.

        The time limit covers the whole call (or `deadline`, shared by several calls), checked between essays.
        """
        deadline = deadline or Deadline(self.time_limit)
        with self.memory_zone():
            docs = (self.make_doc(text, reference) for text in texts)
            for doc in within(deadline, self.nlp.pipe(docs, batch_size=batch_size)):
                try:
                    analysis = self.complete(doc, build_analysis(doc, self.info), reference)
                finally:
                    release(doc)
                yield analysis

    def make_doc(self, text: str, reference: "ComparedReference | None" = None) -> Doc:
        """The tokenized essay, told the question of `reference`'s assignment (`doc._.question`)."""
        doc = self.nlp.make_doc(text)
        doc._.question = getattr(reference, "assignment", None)
        return doc

    def complete(self, doc: Doc, analysis: EssayAnalysis, reference: "ComparedReference | None") -> EssayAnalysis:
        """Add the comparison with `reference` (any object with id, title, question, profile) and the scores."""
        profile = getattr(reference, "profile", None)
        if reference is not None and profile is not None:
            analysis.comparison = compare_to_reference(
                analysis, extract_features(doc, analysis), reference.id, reference.title, profile, self.copy_threshold
            )
            structure = analysis.comparison.structure.student
        else:
            structure = summarize(analysis, {})
        unsupported = sum(1 for entry in analysis.feedback if entry.code == "QUOTATION_WITHOUT_CITATION")
        analysis.scores = score_essay(analysis, structure, analysis.comparison, self.score_weights, unsupported)
        extra = comparison_feedback(analysis, getattr(reference, "question", ""))
        analysis.feedback = order_feedback([*extra, *analysis.feedback])
        return analysis

    def analyze_reference(self, text: str, metadata: dict, question: str = "") -> tuple[EssayAnalysis, ReferenceProfile]:
        """Analyse a reference essay once and keep what comparisons need (plain strings, no Doc)."""
        with self.memory_zone():
            doc = self.nlp.make_doc(text)
            doc._.question = assignment_question(self.nlp, question, metadata)
            doc = self.nlp(doc)
            analysis = build_analysis(doc, self.info)
            profile = build_profile(self.nlp, doc, analysis, metadata, question)
            release(doc)
            analysis.scores = score_essay(analysis, profile.structure, None, self.score_weights)
            return analysis, profile
