"""The analysis pipeline: text -> spaCy Doc -> EssayAnalysis. Imports nothing from Flask."""

from service.analysis.analyzer import EssayAnalyzer, build_analysis
from service.analysis.model import EssayAnalysis

__all__ = ["EssayAnalysis", "EssayAnalyzer", "build_analysis"]
