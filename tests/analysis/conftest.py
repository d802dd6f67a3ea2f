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
def patterns(nlp):
    """The citation finder's regular expressions (citations/patterns.py), as the pipeline compiled them."""
    return nlp.get_pipe("citation_finder").citations.patterns


@pytest.fixture(scope="session")
def works_cited_reader(nlp):
    """The works-cited matcher's reader of the list's entries (citations/works_cited.py)."""
    return nlp.get_pipe("works_cited_matcher").works_cited


@pytest.fixture(scope="session")
def reference(analyzer):
    """The shipped reference essay, analysed: what the comparison tests compare with."""
    return read_reference(REFERENCE_PATH, analyzer)
