"""Fixtures every layer of the tests shares: the pipeline, the analyzer, the app, the CLI runner.

The tests are split by layer (`analysis/`, `api/`, `cli/`, `ops/`), each with a conftest of its
own; `service_apps.ready_app` is the one way a test builds the app.
"""

import pytest
from click.testing import CliRunner

from locations import REFERENCE_PATH
from service.analysis import EssayAnalyzer
from service.analysis.pipeline import load_pipeline
from service.config import DEFAULT_PIPELINE
from service_apps import ready_app


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
    """The app as the service builds it from the settings: its analyzer and the reference essays."""
    return ready_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()
