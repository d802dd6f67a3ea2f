"""Fixtures every layer of the tests shares: the pipeline, the analyzer, the app, the CLI runner.

The tests are split by layer (`analysis/`, `api/`, `cli/`, `ops/`), each with a conftest of its
own; `service_apps.ready_app` is the one way a test builds the app.
"""

import os
import secrets

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from locations import REFERENCE_PATH
from service.analysis import EssayAnalyzer
from service.analysis.pipeline import load_pipeline
from service.config import DEFAULT_PIPELINE
from service.jobs.store import JobStore
from service_apps import ready_app


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(DEFAULT_PIPELINE)


@pytest.fixture(scope="session")
def essay_paragraphs(nlp):
    """The pipeline's paragraph finder, with the word lists it was initialized with."""
    return nlp.get_pipe("essay_paragraphs")


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


POSTGRES = os.environ.get("ESSAY_FEEDBACK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A job store on SQLite, then on PostgreSQL (skipped without a server, except under CI)."""
    if request.param == "sqlite":
        yield JobStore(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
        return
    # A schema of its own per test, so that runs sharing the server never see each other's jobs.
    schema = "ef_test_" + secrets.token_hex(4)
    admin = create_engine(POSTGRES)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as error:  # noqa: BLE001 - no server here
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES}: {error}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES}")
    separator = "&" if "?" in POSTGRES else "?"
    job_store = JobStore(f"{POSTGRES}{separator}options=-csearch_path%3D{schema}")
    try:
        yield job_store
    finally:
        job_store.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
