"""Comparison with a reference essay: structure side by side, argument coverage, copying,
topic, and the rubric scores. Pure analysis code: spaCy and dataclasses, no Flask."""

from service.analysis.comparison.compare import compare_to_reference
from service.analysis.comparison.profile import ReferenceProfile, build_profile
from service.analysis.comparison.scores import parse_score_weights, score_essay

__all__ = ["ReferenceProfile", "build_profile", "compare_to_reference", "parse_score_weights", "score_essay"]
