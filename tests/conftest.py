from pathlib import Path

import pytest
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
