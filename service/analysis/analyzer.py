"""Text in, EssayAnalysis out: the one function every front end calls."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.feedback import build_feedback
from service.analysis.model import AnalyzerInfo, Citation, EssayAnalysis, Paragraph, Sentence, Stats, Thesis
from service.analysis.model import WorksCitedEntry
from service.analysis.pipeline import describe, load_pipeline


def package_version() -> str:
    try:
        return version("essay-feedback")
    except PackageNotFoundError:
        return "0+unknown"


def build_analysis(doc: Doc, info: AnalyzerInfo) -> EssayAnalysis:
    """Copy what the components found on `doc` into plain dataclasses."""
    sentences = [
        Sentence(
            index=index,
            paragraph=span._.paragraph,
            start=span.start_char,
            end=span.end_char,
            text=span.text,
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
            text=doc.text[match.start : match.end],
            sentence=_sentence_at(sentences, sentence_starts, match.start),
            style=match.style,
            source=match.source,
            sources=list(match.sources),
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
        thesis = Thesis(sentence=index, start=span.start_char, end=span.end_char, text=span.text, stance=doc._.stance)
    words = sum(1 for token in doc if not token.is_space and not token.is_punct)
    analysis = EssayAnalysis(
        analyzer=info,
        stats=Stats(words=words, sentences=len(sentences), paragraphs=len(paragraphs)),
        paragraphs=paragraphs,
        sentences=sentences,
        thesis=thesis,
        citations=citations,
        works_cited=works_cited,
    )
    analysis.feedback = build_feedback(analysis)
    return analysis


def _sentence_at(sentences: list[Sentence], starts: list[int], offset: int) -> int | None:
    position = bisect_right(starts, offset) - 1
    if position >= 0 and sentences[position].start <= offset < sentences[position].end:
        return sentences[position].index
    return None


class EssayAnalyzer:
    """A loaded pipeline and the function that turns essays into analyses."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.info = AnalyzerInfo(version=package_version(), spacy_version=spacy.__version__, pipeline=describe(nlp))

    @classmethod
    def load(cls, pipeline_name: str) -> "EssayAnalyzer":
        return cls(load_pipeline(pipeline_name))

    def analyze(self, text: str) -> EssayAnalysis:
        """Analyse one essay; strings spaCy interns for it are freed afterwards."""
        with self.nlp.memory_zone():
            return build_analysis(self.nlp(text), self.info)

    def analyze_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[EssayAnalysis]:
        """Analyse essays through `nlp.pipe`, yielding results in input order."""
        with self.nlp.memory_zone():
            for doc in self.nlp.pipe(texts, batch_size=batch_size):
                yield build_analysis(doc, self.info)
