"""The analysis layer: the spaCy pipeline, the detectors, the comparison and the scores, without Flask."""

import pytest
import spacy

from locations import REFERENCE_PATH
from service.analysis.references import read_reference
from service.config import DEFAULT_PIPELINE


@pytest.fixture(scope="session")
def stock_nlp():
    """The trained pipeline exactly as spaCy loads it: what the pipeline's own components must match."""
    return spacy.load(DEFAULT_PIPELINE)


@pytest.fixture(scope="session")
def reference(analyzer):
    """The shipped reference essay, analysed: what the comparison tests compare with."""
    return read_reference(REFERENCE_PATH, analyzer)
