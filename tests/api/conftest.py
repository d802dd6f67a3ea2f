"""The HTTP layer: each endpoint as a client sees it, errors, the OpenAPI document, jobs."""

import pytest

from service_apps import ready_app


@pytest.fixture
def jobs_app(analyzer, tmp_path):
    """An app whose jobs run at once, in the request, on a job store of their own."""
    return ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True)
