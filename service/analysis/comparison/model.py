"""The comparison with a reference essay and the rubric scores, as plain dataclasses.

Standalone on purpose: `service.analysis.model` refers to these types without importing
the comparison code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReferenceLink:
    id: str
    title: str


@dataclass
class BodyParagraphSummary:
    paragraph: int
    opens_with_claim: bool
    evidence: int
    citations: int
    arguments: list[str] = field(default_factory=list)


@dataclass
class StructureSummary:
    paragraphs: int
    roles: list[str]
    thesis_paragraph: int | None
    thesis_in_introduction: bool
    stance: str
    conclusion_restates_thesis: bool
    body: list[BodyParagraphSummary]
    counterarguments: int
    rebuttals: int
    sources: int
    citations: int
    works_cited: bool
    works_cited_entries: int
    # Every sentence on a line of its own: the "paragraphs" are no paragraphs (not serialized).
    one_sentence_paragraphs: bool = False


@dataclass
class ParagraphAlignment:
    student: int | None
    reference: int | None
    similarity: float
    note: str
    arguments: list[str] = field(default_factory=list)


@dataclass
class StructureComparison:
    student: StructureSummary
    reference: StructureSummary
    paragraphs: list[ParagraphAlignment]


@dataclass
class CoveringSentence:
    """The student sentence that makes a reference argument."""

    sentence: int
    start: int
    end: int
    similarity: float


@dataclass
class ArgumentCoverage:
    id: str
    label: str
    covered: bool
    sentences: list[int] = field(default_factory=list)
    covered_by: CoveringSentence | None = None


@dataclass
class StudentArgument:
    paragraph: int
    sentence: int | None
    text: str


@dataclass
class OverlapPair:
    sentence: int
    reference_sentence: int
    kind: str
    similarity: float
    start: int = 0
    end: int = 0


@dataclass
class Overlap:
    share: float
    copied: bool
    pairs: list[OverlapPair] = field(default_factory=list)


@dataclass
class Topic:
    on_topic: bool
    share: float
    note: str


@dataclass
class Comparison:
    reference: ReferenceLink
    topic: Topic
    structure: StructureComparison
    arguments: list[ArgumentCoverage]
    student_arguments: list[StudentArgument]
    overlap: Overlap


@dataclass
class CriterionScore:
    score: int
    max: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class Scores:
    criteria: dict[str, CriterionScore]
    overall: float
    max: int = 4
    weights: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
