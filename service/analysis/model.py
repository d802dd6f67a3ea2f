"""The analysis result as plain dataclasses: what every front end (HTTP, CLI, batch) serializes.

Offsets are Python string indices, i.e. Unicode code points, into the text exactly as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from service.analysis.comparison.model import Comparison, Scores


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    role: str


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    roles: list[str] = field(default_factory=list)


@dataclass
class Thesis:
    sentence: int
    start: int
    end: int
    text: str
    stance: str = "unclear"
    # How sure the detector is that this sentence states the writer's answer (0 to 1).
    confidence: float = 1.0
    # Too weak a candidate to call the thesis: the feedback asks whether it is (THESIS_UNCLEAR).
    unclear: bool = False


@dataclass
class Citation:
    start: int
    end: int
    text: str
    sentence: int | None
    style: str
    source: str
    # Every work the marker cites: "(Service 2000; Kotkin 2014)" -> ["service 2000", "kotkin 2014"].
    sources: list[str] = field(default_factory=list)
    # Those of `sources` that name no work and could not be tied to one: "(p. 4)" as the first
    # citation, "the author argues" with nothing cited before it (not part of the feedback document).
    unresolved: list[str] = field(default_factory=list)


@dataclass
class WorksCitedEntry:
    """One entry of the works-cited, references or notes list at the end of the essay."""

    start: int
    end: int
    text: str
    source: str
    cited: bool
    # Citation source keys the entry answers for; used for feedback, not serialized.
    matches: list[str] = field(default_factory=list)


@dataclass
class FeedbackItem:
    code: str
    severity: str
    message: str
    sentence: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Stats:
    words: int
    sentences: int
    paragraphs: int


@dataclass
class AnalyzerInfo:
    version: str
    spacy_version: str
    pipeline: str


@dataclass
class EssayAnalysis:
    analyzer: AnalyzerInfo
    stats: Stats
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    thesis: Thesis | None
    citations: list[Citation]
    feedback: list[FeedbackItem] = field(default_factory=list)
    works_cited: list[WorksCitedEntry] = field(default_factory=list)
    api_version: str = "1"
    comparison: Comparison | None = None
    scores: Scores | None = None
    # Sentences that tell a dated event ("In 1924 Stalin took power."); used by the feedback, not serialized.
    narrative: list[int] = field(default_factory=list)

    def sentences_with_role(self, role: str) -> list[Sentence]:
        return [sentence for sentence in self.sentences if role in sentence.roles]

    def sentences_by_paragraph(self) -> dict[int, list[Sentence]]:
        """Each paragraph's sentences, in one pass (an essay may have thousands of paragraphs)."""
        found: dict[int, list[Sentence]] = {}
        for sentence in self.sentences:
            found.setdefault(sentence.paragraph, []).append(sentence)
        return found
