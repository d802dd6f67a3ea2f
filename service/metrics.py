"""Prometheus metrics at /metrics: requests, latency, analysis time, essays, batch sizes.

Under gunicorn every worker is its own process with its own counters. gunicorn's
settings point PROMETHEUS_MULTIPROC_DIR at a fresh folder before the app is imported, so
prometheus_client writes each worker's values there and /metrics adds them up, whichever
worker answers the scrape. Without that variable (tests, `flask run`) the counts live
in the app's own registry.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_smorest import Blueprint
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.multiprocess import MultiProcessCollector

from service.request_logging import record_essays

EXTENSION_KEY = "metrics"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED_ROUTE = "<unmatched>"

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
CHARACTER_BUCKETS = (500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000)


def use_multiprocess_values() -> None:
    """Write values to PROMETHEUS_MULTIPROC_DIR when it is set.

    prometheus_client picks its value store when first imported, which may be before
    gunicorn's settings set the variable (importing them imports this package); metrics
    built after this call use the right one whatever the import order.
    """
    if os.environ.get(MULTIPROC_ENV) and values.ValueClass is values.MutexValue:
        values.ValueClass = values.MultiProcessValue()


class ServiceMetrics:
    """The service's metric families, registered in one registry."""

    def __init__(self, registry: CollectorRegistry):
        use_multiprocess_values()
        self.registry = registry
        self.requests = Counter(
            "essay_feedback_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "essay_feedback_http_request_duration_seconds",
            "Time from request to response, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.analysis_time = Histogram(
            "essay_feedback_analysis_seconds",
            "Time spent analysing one essay (spaCy pipeline and feedback).",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.essays = Counter("essay_feedback_essays_analysed", "Essays analysed.", registry=registry)
        self.essay_characters = Histogram(
            "essay_feedback_essay_characters",
            "Length of analysed essays, in characters.",
            buckets=CHARACTER_BUCKETS,
            registry=registry,
        )
        self.batch_size = Histogram(
            "essay_feedback_batch_size",
            "Essays per batch analysis call.",
            buckets=BATCH_BUCKETS,
            registry=registry,
        )

    def observe_essay(self, characters: int, seconds: float) -> None:
        self.essays.inc()
        self.analysis_time.observe(seconds)
        self.essay_characters.observe(characters)
        if has_request_context():
            record_essays(characters)


class ObservedAnalyzer:
    """An EssayAnalyzer that reports every analysis to the metrics and the request log.

    The analysis package stays free of Flask and Prometheus; this wrapper is handed out by
    the Flask extension, so every endpoint that analyses essays is measured alike.
    """

    def __init__(self, analyzer, metrics: ServiceMetrics):
        self._analyzer = analyzer
        self._metrics = metrics

    def __getattr__(self, name: str):
        return getattr(self._analyzer, name)

    def analyze(self, text: str, *args, **kwargs):
        started = time.perf_counter()
        result = self._analyzer.analyze(text, *args, **kwargs)
        self._metrics.observe_essay(len(text), time.perf_counter() - started)
        return result

    def analyze_many(self, texts: Iterable[str], *args, **kwargs) -> Iterator:
        lengths: list[int] = []

        def measured(source: Iterable[str]) -> Iterator[str]:
            for text in source:
                lengths.append(len(text))
                yield text

        results = self._analyzer.analyze_many(measured(texts), *args, **kwargs)
        count = 0
        try:
            while True:
                started = time.perf_counter()
                try:
                    result = next(results)
                except StopIteration:
                    return
                self._metrics.observe_essay(lengths[count], time.perf_counter() - started)
                count += 1
                yield result
        finally:
            self._metrics.batch_size.observe(count)


def observed(analyzer):
    """Wrap `analyzer` for the current app's metrics (as is, outside an app)."""
    metrics = current_app.extensions.get(EXTENSION_KEY)
    return ObservedAnalyzer(analyzer, metrics) if metrics is not None and analyzer is not None else analyzer


def route_label() -> str:
    # The rule template, not the path: /v1/references/<id> is one series, and unknown
    # paths cannot grow the number of series.
    return request.url_rule.rule if request.url_rule else UNMATCHED_ROUTE


def count_request(response: Response) -> Response:
    metrics: ServiceMetrics = current_app.extensions[EXTENSION_KEY]
    route = route_label()
    metrics.requests.labels(request.method, route, str(response.status_code)).inc()
    started = g.get("request_started")
    if started is not None:
        metrics.latency.labels(request.method, route).observe(time.perf_counter() - started)
    return response


def exposition() -> bytes:
    """The text exposition: every worker's values in multiprocess mode, else this app's."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(current_app.extensions[EXTENSION_KEY].registry)


blp = Blueprint("metrics", __name__, description="Operational metrics for Prometheus.")


@blp.route("/metrics", methods=["GET"])
@blp.doc(
    responses={
        "200": {
            "description": "Prometheus text exposition format 0.0.4.",
            "content": {
                "text/plain": {
                    "schema": {"type": "string"},
                    "example": '# TYPE essay_feedback_essays_analysed_total counter\nessay_feedback_essays_analysed_total 3.0\n',
                }
            },
        }
    }
)
def get_metrics():
    """Report request, latency and analysis metrics for Prometheus"""
    return Response(exposition(), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask, api) -> ServiceMetrics:
    # A registry per app: tests build many apps, and a shared one would refuse the same names twice.
    metrics = ServiceMetrics(CollectorRegistry(auto_describe=True))
    app.extensions[EXTENSION_KEY] = metrics
    api.register_blueprint(blp)
    app.after_request(count_request)
    return metrics
