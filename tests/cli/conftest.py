"""The `essay-feedback` commands, run in process with click's runner."""

import pytest

from service.cli import main


@pytest.fixture
def invoke(runner):
    """Run `essay-feedback ARGS...` and return click's result."""
    return lambda *args, **kwargs: runner.invoke(main, [str(arg) for arg in args], **kwargs)
