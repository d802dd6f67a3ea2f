"""The comparison from the CLI, and the settings that tune it."""

import json
from pathlib import Path

from service.cli import main
from service.config import Settings
from service_apps import ready_app

ESSAYS = Path(__file__).resolve().parents[1] / "data" / "essays"


def test_cli_compares_with_the_named_reference(runner):
    result = runner.invoke(main, ["analyze", "--reference", "lenin_stalin_continuity", str(ESSAYS / "copies_reference.txt")])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["comparison"]["reference"]["id"] == "lenin_stalin_continuity"
    assert "REFERENCE_COPIED" in [item["code"] for item in document["feedback"]]


def test_cli_rejects_an_unknown_reference(runner):
    result = runner.invoke(main, ["analyze", "--reference", "nope", str(ESSAYS / "weak_short.txt")])
    assert result.exit_code != 0
    assert "nope" in result.output


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("ESSAY_FEEDBACK_COPY_THRESHOLD", "0.6")
    monkeypatch.setenv("ESSAY_FEEDBACK_SCORE_WEIGHTS", "evidence=2")
    settings = Settings.from_env()
    assert settings.copy_threshold == 0.6
    assert settings.score_weights == "evidence=2"


def test_copy_threshold_and_weights_reach_the_analysis():
    app = ready_app(COPY_THRESHOLD=0.95, SCORE_WEIGHTS="counterargument=0")
    client = app.test_client()
    text = (ESSAYS / "copies_reference.txt").read_text(encoding="utf-8")
    document = client.post("/v1/feedback", json={"text": text}).json
    # 87% of its sentences are copied: below a threshold of 95%, so no REFERENCE_COPIED item.
    assert 0.8 < document["comparison"]["overlap"]["share"] < 0.95
    assert document["comparison"]["overlap"]["copied"] is False
    assert "REFERENCE_COPIED" not in [item["code"] for item in document["feedback"]]
    assert document["scores"]["weights"]["counterargument"] == 0
