"""Everything the comparison needs from a reference, computed once when the reference loads."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.comparison.coverage import ArgumentMeanings, argument_meanings, sentence_arguments
from service.analysis.comparison.features import EssayFeatures, extract_features
from service.analysis.comparison.model import StructureSummary
from service.analysis.comparison.reference_arguments import (
    ReferenceArgument,
    derive_arguments,
    lemmatize_phrases,
    load_arguments,
)
from service.analysis.comparison.structure import summarize
from service.analysis.comparison.topic import TopicVocabulary, topic_vocabulary
from service.analysis.model import EssayAnalysis
from service.analysis.question import question_terms


@dataclass
class ReferenceProfile:
    features: EssayFeatures
    arguments: list[ReferenceArgument]
    arguments_by_sentence: dict[int, list[str]]
    structure: StructureSummary
    vocabulary: TopicVocabulary
    argument_meanings: ArgumentMeanings


def build_profile(nlp: Language, doc: Doc, analysis: EssayAnalysis, metadata: dict, question: str) -> ReferenceProfile:
    features = extract_features(doc, analysis)
    if question:
        asked = nlp(question)
        features.common_lemmas = frozenset(token.lemma_.lower() for token in asked if token.is_alpha and not token.is_stop)
        features.common_words = frozenset(token.lower_ for token in asked if token.is_alpha)
    features.common_words = features.common_words | frozenset(nlp.Defaults.stop_words)
    arguments = load_arguments(metadata, nlp) or derive_arguments(analysis, features)
    by_sentence = sentence_arguments(features, arguments)
    curated = lemmatize_phrases(nlp, metadata.get("topic_lemmas", []))
    asked = question_terms(nlp, question) if question else []
    vocabulary = topic_vocabulary([*asked, *curated], features)
    # Load the meaning model and compute the reference's vectors now, once, not in the first request.
    features.meanings, features.lexicon
    return ReferenceProfile(
        features=features,
        arguments=arguments,
        arguments_by_sentence=by_sentence,
        structure=summarize(analysis, by_sentence),
        vocabulary=vocabulary,
        argument_meanings=argument_meanings(nlp, arguments, analysis, features),
    )
