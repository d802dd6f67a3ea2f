"""compare_to_reference: a student's analysed essay against a reference's profile."""

from __future__ import annotations

from service.analysis.comparison.coverage import argument_coverage, sentence_arguments
from service.analysis.comparison.features import EssayFeatures
from service.analysis.comparison.model import (
    ArgumentCoverage,
    Comparison,
    CoveringSentence,
    Overlap,
    OverlapPair,
    ReferenceLink,
    StructureComparison,
    StudentArgument,
    Topic,
)
from service.analysis.comparison.overlap import find_overlap
from service.analysis.comparison.profile import ReferenceProfile
from service.analysis.comparison.structure import align_paragraphs, summarize
from service.analysis.comparison.topic import is_on_topic, topic_share
from service.analysis.model import EssayAnalysis


def compare_to_reference(
    analysis: EssayAnalysis,
    features: EssayFeatures,
    reference_id: str,
    reference_title: str,
    profile: ReferenceProfile,
    copy_threshold: float,
) -> Comparison:
    """Structure side by side, argument coverage, copying and topic of one essay against one reference.

    The essay counts as copied when at least `copy_threshold` of its sentences come from the reference.
    """
    share, hits = topic_share(features, profile.vocabulary)
    on_topic = is_on_topic(share, hits, len(features.sentences))
    by_sentence = sentence_arguments(features, profile.arguments)
    structure = summarize(analysis, by_sentence)
    body_sentences = {
        sentence.index
        for sentence in analysis.sentences
        if analysis.paragraphs[sentence.paragraph].role in {"introduction", "body", "conclusion", "other"}
    }
    if on_topic:
        arguments = []
        coverage = argument_coverage(
            analysis, features, profile.features, profile.arguments, profile.argument_meanings, by_sentence, body_sentences
        )
        for argument in profile.arguments:
            found = coverage[argument.id]
            covered_by = None
            if found.covering is not None:
                sentence = analysis.sentences[found.covering]
                covered_by = CoveringSentence(sentence.index, sentence.start, sentence.end, found.similarity)
            arguments.append(ArgumentCoverage(argument.id, argument.label, covered_by is not None, found.sentences, covered_by))
        topic = Topic(True, round(share, 3), "The essay addresses the reference's question.")
    else:
        arguments = []
        topic = Topic(
            False,
            round(share, 3),
            "The essay does not address the reference's question, so argument coverage is not assessed.",
        )
    pairs = [
        OverlapPair(sentence.index, match.reference_sentence, match.kind, match.similarity, sentence.start, sentence.end)
        for sentence, match in find_overlap(features, profile.features, by_meaning=on_topic)
    ]
    overlap_share = len(pairs) / len(features.sentences) if features.sentences else 0.0
    return Comparison(
        reference=ReferenceLink(reference_id, reference_title),
        topic=topic,
        structure=StructureComparison(
            student=structure,
            reference=profile.structure,
            paragraphs=align_paragraphs(structure, features, profile.structure, profile.features, profile.arguments),
        ),
        arguments=arguments,
        student_arguments=_student_only_arguments(analysis, structure) if on_topic else [],
        overlap=Overlap(share=round(overlap_share, 3), copied=overlap_share >= copy_threshold, pairs=pairs),
    )


def _student_only_arguments(analysis: EssayAnalysis, structure) -> list[StudentArgument]:
    """Body paragraphs that make none of the reference's arguments, told by their opening sentence."""
    found = []
    grouped = analysis.sentences_by_paragraph()
    for paragraph in structure.body:
        if paragraph.arguments:
            continue
        members = grouped[paragraph.paragraph]
        claim = next((sentence for sentence in members if "claim" in sentence.roles), members[0])
        found.append(StudentArgument(paragraph.paragraph, claim.index, claim.text))
    return found
