from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from service import create_app
from service.analysis import EssayAnalyzer
from service.analysis.pipeline import load_pipeline
from service.config import DEFAULT_PIPELINE

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PATH = ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.txt"
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(DEFAULT_PIPELINE)


@pytest.fixture(scope="session")
def analyzer(nlp):
    return EssayAnalyzer(nlp)


@pytest.fixture(scope="session")
def reference_text():
    with REFERENCE_PATH.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def stock_nlp():
    """The trained pipeline exactly as spaCy loads it: what the pipeline's own components must match."""
    return spacy.load(DEFAULT_PIPELINE)


def sample_texts() -> list[str]:
    """Every essay in essay_samples/, as sent (for tests comparing pipelines on real essays)."""
    return [path.read_text(encoding="utf-8") for path in sorted((ROOT / "essay_samples").rglob("*.txt"))]
