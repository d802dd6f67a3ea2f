"""What an operator relies on: settings, deploy files, workers, logs, metrics, memory, limits, layering."""

import pytest
import yaml

from locations import ROOT


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
