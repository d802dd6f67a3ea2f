"""Prometheus metrics at /metrics: requests by route and status, latency, analysis, batches."""

import json
import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from service.metrics import ObservedAnalyzer, ServiceMetrics
from service_apps import ESSAY, ready_app

ROOT = Path(__file__).resolve().parents[2]


def samples(client) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found, name, **labels):
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_route_and_status(analyzer):
    client = ready_app(analyzer).test_client()
    for _ in range(3):
        assert client.post("/v1/feedback", json={"text": ESSAY}).status_code == 200
    client.post("/v1/feedback", json={"text": ""})
    client.get("/healthz")
    client.get("/no/such/page/1")
    client.get("/no/such/page/2")
    found = samples(client)
    requests = "essay_feedback_http_requests_total"
    assert value(found, requests, method="POST", route="/v1/feedback", status="200") == 3
    assert value(found, requests, method="POST", route="/v1/feedback", status="422") == 1
    assert value(found, requests, method="GET", route="/healthz", status="200") == 1
    # Unknown paths share one series, so scanners cannot multiply the series.
    assert value(found, requests, method="GET", route="<unmatched>", status="404") == 2


def test_latency_and_analysis_are_measured(analyzer):
    client = ready_app(analyzer).test_client()
    for _ in range(2):
        client.post("/v1/feedback", json={"text": ESSAY})
    found = samples(client)
    latency = "essay_feedback_http_request_duration_seconds"
    assert value(found, latency + "_count", method="POST", route="/v1/feedback") == 2
    assert value(found, latency + "_sum", method="POST", route="/v1/feedback") > 0
    assert value(found, "essay_feedback_essays_analysed_total") == 2
    assert value(found, "essay_feedback_analysis_seconds_count") == 2
    assert 0 < value(found, "essay_feedback_analysis_seconds_sum") < value(found, latency + "_sum", method="POST", route="/v1/feedback")
    assert value(found, "essay_feedback_essay_characters_sum") == 2 * len(ESSAY)


def test_a_rejected_essay_is_not_counted_as_analysed(analyzer):
    client = ready_app(analyzer, MAX_TEXT_CHARS=10).test_client()
    assert client.post("/v1/feedback", json={"text": ESSAY}).status_code == 413
    assert value(samples(client), "essay_feedback_essays_analysed_total") == 0


def test_batches_are_measured_one_essay_at_a_time(analyzer):
    metrics = ServiceMetrics(CollectorRegistry())
    observed = ObservedAnalyzer(analyzer, metrics)
    essays = (text for text in [ESSAY, "Lenin founded the Cheka.", "Stalin ruled alone."])
    results = list(observed.analyze_many(essays, batch_size=2))
    assert [result.stats.sentences for result in results] == [2, 1, 1]
    assert metrics.registry.get_sample_value("essay_feedback_essays_analysed_total") == 3
    assert metrics.registry.get_sample_value("essay_feedback_batch_size_count") == 1
    assert metrics.registry.get_sample_value("essay_feedback_batch_size_sum") == 3
    assert metrics.registry.get_sample_value("essay_feedback_batch_size_bucket", {"le": "2.0"}) == 0
    assert metrics.registry.get_sample_value("essay_feedback_batch_size_bucket", {"le": "5.0"}) == 1
    assert metrics.registry.get_sample_value("essay_feedback_essay_characters_sum") == len(ESSAY) + 24 + 19


def test_an_abandoned_batch_still_records_its_size(analyzer):
    metrics = ServiceMetrics(CollectorRegistry())
    stream = ObservedAnalyzer(analyzer, metrics).analyze_many(["Lenin died.", "Stalin rose.", "Trotsky fled."])
    next(stream)
    stream.close()
    assert metrics.registry.get_sample_value("essay_feedback_batch_size_sum") == 1


def test_the_wrapper_passes_other_attributes_through(analyzer):
    observed = ObservedAnalyzer(analyzer, ServiceMetrics(CollectorRegistry()))
    assert observed.info is analyzer.info
    assert observed.nlp is analyzer.nlp


WORKER = """
import json, sys
from service import create_app
app = create_app({"LOAD_PIPELINE": False, "TESTING": True, "LOG_LEVEL": "warning"})
client = app.test_client()
for _ in range(int(sys.argv[1])):
    client.get("/healthz")
if len(sys.argv) > 2:
    print(client.get("/metrics").get_data(as_text=True))
"""


def test_counts_from_several_worker_processes_add_up(tmp_path):
    # What gunicorn's workers do: separate processes writing to PROMETHEUS_MULTIPROC_DIR,
    # and whichever answers the scrape reports the sum.
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for count in ("2", "3"):
        subprocess.run([sys.executable, "-c", WORKER, count], cwd=ROOT, env=env, check=True, capture_output=True)
    scrape = subprocess.run(
        [sys.executable, "-c", WORKER, "1", "scrape"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    found = {}
    for family in text_string_to_metric_families(scrape.stdout):
        for sample in family.samples:
            found[(sample.name, json.dumps(sample.labels, sort_keys=True))] = sample.value
    key = json.dumps({"method": "GET", "route": "/healthz", "status": "200"}, sort_keys=True)
    assert found[("essay_feedback_http_requests_total", key)] == 6
