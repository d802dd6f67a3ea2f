"""A pathological essay cannot hold a worker: the analysis stops at its time limit with a 503."""

import pytest

from service.analysis import EssayAnalyzer
from service.analysis.deadline import AnalysisTimeout, Deadline, run_pipeline
from service.config import Settings
from service_apps import ready_app

PROBLEM = "application/problem+json"
ESSAY = "Stalinism was a logical continuation of Leninism.\nIn 1921 Lenin banned factions (Service, p. 45)."
# About 95,000 characters in one paragraph: seconds of parsing, under the text limit.
PATHOLOGICAL = "word " * 19_000


def test_a_past_deadline_stops_the_pipeline_before_its_first_component(nlp):
    deadline = Deadline(0.5, started=0.0)
    with pytest.raises(AnalysisTimeout) as raised:
        run_pipeline(nlp, ESSAY, deadline)
    assert raised.value.step == "tokenizer"


def test_without_a_limit_the_pipeline_is_nlp_itself(nlp):
    doc = run_pipeline(nlp, ESSAY, Deadline(None))
    assert [token.text for token in doc] == [token.text for token in nlp(ESSAY)]
    assert [span.text for span in doc._.sentences] == [span.text for span in nlp(ESSAY)._.sentences]


def test_an_analyzer_with_a_limit_raises_and_then_analyses_again(nlp):
    analyzer = EssayAnalyzer(nlp)
    analyzer.time_limit = 1e-9
    with pytest.raises(AnalysisTimeout):
        analyzer.analyze(ESSAY)
    analyzer.time_limit = None
    assert analyzer.analyze(ESSAY).thesis is not None


@pytest.fixture
def limited_app():
    # One second: tens of times what ESSAY needs, a fraction of what PATHOLOGICAL needs.
    return ready_app(RATE_LIMIT_ENABLED=False, ANALYSIS_TIMEOUT=1.0)


def test_pathological_essay_gets_503_and_the_next_request_is_served(limited_app):
    client = limited_app.test_client()
    response = client.post("/v1/feedback", data=PATHOLOGICAL, content_type="text/plain")
    assert response.status_code == 503
    assert response.mimetype == PROBLEM
    assert response.json["type"] == "/problems/analysis-timeout"
    assert "1 s" in response.json["detail"]
    assert int(response.headers["Retry-After"]) > 0
    normal = client.post("/v1/feedback", json={"text": ESSAY})
    assert normal.status_code == 200
    assert normal.json["thesis"]["text"] == "Stalinism was a logical continuation of Leninism."
    assert client.get("/readyz").status_code == 200


def test_a_batch_past_its_limit_reports_the_rest_as_503_items(limited_app):
    client = limited_app.test_client()
    essays = [{"id": "long", "text": PATHOLOGICAL}, {"id": "short", "text": ESSAY}]
    response = client.post("/v1/feedback/batch", json={"essays": essays})
    assert response.status_code == 200
    results = response.json["results"]
    assert [result["id"] for result in results] == ["long", "short"]
    for result in results:
        assert result["error"]["status"] == 503
        assert result["error"]["type"] == "/problems/analysis-timeout"
    again = client.post("/v1/feedback/batch", json={"essays": [{"id": "short", "text": ESSAY}]})
    assert "feedback" in again.json["results"][0]


def test_the_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ESSAY_FEEDBACK_ANALYSIS_TIMEOUT", "2.5")
    assert Settings.from_env().analysis_timeout == 2.5
    monkeypatch.setenv("ESSAY_FEEDBACK_ANALYSIS_TIMEOUT", "0")
    assert EssayAnalyzer.from_settings(Settings.from_env()).time_limit is None
